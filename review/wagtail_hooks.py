from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy

from awards.queries import current_cycles, nomination_counts
from portal.permissions import is_staff
from portal.viewsets import ReadOnlyPermissionPolicy, StaffMenuItem

from .bulk_actions import CANDIDATE_BULK_ACTIONS, NOMINATION_MESSAGE_BULK_ACTIONS
from .domain.progress import coverage_by_cycle
from .models import OutgoingMessage
from .viewsets import CycleReviewViewSet, ReviewViewSetGroup

register_permission_policy(OutgoingMessage, ReadOnlyPermissionPolicy(OutgoingMessage))


class CurrentCyclesPanel(Component):
    """The staff home's first panel: each award's current cycle at a glance (nominations,
    letters, review coverage, publication). Three queries (the cycles with their settings and
    publication, the nomination counts, the coverage) whatever the number of awards."""

    name = "current_cycles"
    template_name = "review/admin/home_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        cycles = list(
            current_cycles()
            .select_related("award", "review_settings", "publication")
            .order_by("award__name")
        )
        counts = nomination_counts([cycle.pk for cycle in cycles])
        coverage = coverage_by_cycle(cycles)
        empty = {"submitted": 0, "drafts": 0, "letters_outstanding": 0}
        context["cycles"] = [
            {
                "cycle": cycle,
                "nominations": counts.get(cycle.pk, empty),
                "coverage": coverage[cycle.pk],
                "publication": getattr(cycle, "publication", None),
            }
            for cycle in cycles
        ]
        return context


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
