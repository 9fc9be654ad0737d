"""Registers the awards side's admin screens and menu items (`viewsets.py`) and bulk actions
with Wagtail."""

from wagtail import hooks

from .bulk_actions import NOMINATION_BULK_ACTIONS
from .viewsets import AwardsViewSetGroup, ReachReportViewSet

for bulk_action in NOMINATION_BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_admin_viewset")
def register_awards_viewsets():
    return AwardsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_reach_report():
    return ReachReportViewSet()
