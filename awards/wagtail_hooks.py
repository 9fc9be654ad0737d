"""Registers the awards side's admin screens (`viewsets.py`), URLs, bulk actions and menu
items with Wagtail."""

from django.urls import path, reverse
from wagtail import hooks

from portal.viewsets import StaffMenuItem

from .admin_views.nominations import nominations_export
from .admin_views.reach import reach_report
from .bulk_actions import NOMINATION_BULK_ACTIONS
from .viewsets import AwardsViewSetGroup


@hooks.register("register_admin_urls")
def register_awards_urls():
    return [
        path(
            "exports/cycles/<int:cycle_id>/nominations/<str:export_format>/",
            nominations_export,
            name="nominations_export",
        )
    ]


for bulk_action in NOMINATION_BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_admin_viewset")
def register_awards_viewsets():
    return AwardsViewSetGroup()


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/reach/", reach_report, name="reach_report")]


@hooks.register("register_reports_menu_item")
def register_reach_report_menu_item():
    return StaffMenuItem("Reach", reverse("reach_report"), icon_name="table", order=50)
