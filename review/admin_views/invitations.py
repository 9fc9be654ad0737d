"""Inviting reviewers to a cycle."""

from django.shortcuts import redirect
from wagtail.admin import messages

from portal.permissions import (
    can_invite_reviewers,
)

from ..domain.enrolment import InvitationRefused, invite_reviewers, send_pending_invitations
from ..forms import (
    InviteForm,
)
from ..models import (
    ReviewerEnrolment,
    Stage,
)
from .base import CycleActionView, CycleScreenView


class SendInvitationsAgainView(CycleActionView):
    """E-mail every reviewer of the cycle who has not yet accepted (`send_pending_invitations`)."""

    allowed = staticmethod(can_invite_reviewers)
    screen_url_name = "review_admin:invite"

    def form_valid(self, form):
        sent = send_pending_invitations(self.cycle, self.request.user)
        messages.success(self.request, f"{sent} invitation{'s' if sent != 1 else ''} sent again.")


class InviteView(CycleScreenView):
    """Invite reviewers to a cycle by e-mail: one address per line (or separated by commas)."""

    template_name = "review/admin/invite.html"
    page_title = "Invite reviewers"
    header_icon = "user"
    allowed = staticmethod(can_invite_reviewers)

    def post(self, request, *args, **kwargs):
        form = InviteForm(self.cycle, request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["capacity"]))
            return self.render_to_response(self.get_context_data(form=form))
        try:
            invited = invite_reviewers(
                self.cycle,
                form.addresses(),
                request.user,
                capacity=form.cleaned_data["capacity"],
                stage=form.cleaned_data["stage"],
            )
        except InvitationRefused as exc:
            messages.error(request, f"Nobody was invited. {exc}")
            return self.render_to_response(self.get_context_data(form=form))
        asked = {e.strip().lower() for e in form.addresses()}
        skipped = len(asked - {""}) - len(invited)
        note = f" {skipped} already enrolled, so skipped." if skipped else ""
        if form.cleaned_data["stage"] == Stage.FINALIST:
            note += " They join the committee of the finalist round."
        messages.success(
            request, f"{len(invited)} invitation{'s' if len(invited) != 1 else ''} sent.{note}"
        )
        return redirect("review_admin:invite", cycle_id=self.cycle.pk)

    def get_context_data(self, form=None, **kwargs):
        enrolments = ReviewerEnrolment.objects.filter(cycle=self.cycle).select_related("reviewer")
        typed = form.data if form else {}
        cleaned = form.cleaned_data if form else {}
        return super().get_context_data(
            enrolments=enrolments.order_by("status", "reviewer__email"),
            pending=enrolments.filter(status=ReviewerEnrolment.Status.INVITED).count(),
            emails=typed.get("emails", ""),
            capacity=cleaned.get("capacity") or typed.get("capacity", 10),
            stage=cleaned.get("stage", Stage.FIRST),
            stages=Stage.choices,
            **kwargs,
        )
