from django.urls import reverse
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from portal.permissions import is_staff
from portal.viewsets import ReadOnlyPermissionPolicy, StaffMenuItem

from .bulk_actions import CANDIDATE_BULK_ACTIONS, NOMINATION_MESSAGE_BULK_ACTIONS
from .components import CurrentCyclesPanel
from .models import OutgoingMessage
from .viewsets import CycleReviewViewSet, ReviewViewSetGroup

register_permission_policy(OutgoingMessage, ReadOnlyPermissionPolicy(OutgoingMessage))


@hooks.register("construct_homepage_panels")
def add_current_cycles_panel(request, panels):
    if is_staff(request.user):
        panels.insert(0, CurrentCyclesPanel())


for bulk_action in [*CANDIDATE_BULK_ACTIONS, *NOMINATION_MESSAGE_BULK_ACTIONS]:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_admin_viewset")
def register_review_viewsets():
    return ReviewViewSetGroup()


@hooks.register("register_admin_viewset")
def register_cycle_review_viewset():
    return CycleReviewViewSet()


@hooks.register("register_reports_menu_item")
def register_email_preview_menu_item():
    return StaffMenuItem(
        "E-mail preview", reverse("review_admin:email_preview"), icon_name="mail", order=60
    )
