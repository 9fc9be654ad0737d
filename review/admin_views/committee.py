"""The committee: the finalist round, decisions and publishing the results."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from wagtail.admin import messages
from wagtail.images import get_image_model
from wagtail.images.widgets import AdminImageChooser

from awards.queries import candidate_responses
from portal.permissions import (
    can_assign,
    can_choose_finalists,
    can_decide,
)

from ..domain.assignment import (
    commit_assignment,
    plan_assignment,
)
from ..domain.certificates import request_certificates
from ..domain.decisions import (
    approve_publication,
    is_plain_name,
    nominations_close_at,
    record_decision,
    request_publication,
    unpublish_results,
    withdraw_publication_request,
)
from ..domain.finalists import (
    FinalistsRefused,
    finalist_candidates,
    finalist_results,
    select_finalists,
)
from ..domain.notifications import announcement_preview
from ..domain.packets import request_committee_packet
from ..domain.ranking import (
    RankingPages,
    raw_positions,
    reviews_required,
)
from ..forms import (
    ApprovePublicationForm,
    CycleActionForm,
    DecisionForm,
    FinalistsForm,
    RequestPublicationForm,
)
from ..models import (
    Decision,
    Finalist,
    Publication,
    Review,
    ReviewerEnrolment,
    Stage,
)
from ..queries import candidate_labels
from .base import CycleActionView, CycleScreenView, paged


def finalist_rows(cycle) -> list[dict]:
    """The finalists with their first-stage place and the committee's scores, best first, for
    the finalist and committee screens; a finalist withdrawn since (no longer up for review,
    so the committee no longer sees it) is marked. A constant number of queries."""
    results = finalist_results(cycle)
    ids = [result.dossier_id for result in results]
    labels = candidate_labels(ids)
    still_up = set(finalist_candidates(cycle).filter(pk__in=ids).values_list("pk", flat=True))
    decisions = dict(
        Decision.objects.filter(dossier_id__in=[r.dossier_id for r in results]).values_list(
            "dossier_id", "outcome"
        )
    )
    outcomes = dict(Decision.Outcome.choices)
    return [
        {
            "result": result,
            "label": labels.get(result.dossier_id, ""),
            "decision": outcomes.get(decisions.get(result.dossier_id), ""),
            "withdrawn": result.dossier_id not in still_up,
        }
        for result in results
    ]


class FinalistsView(CycleScreenView):
    """The finalist round: pick the finalists from the top of the first stage's ranking, give
    them to the committee (every active member scores every finalist), and read the committee's
    scores."""

    template_name = "review/admin/finalists.html"
    page_title = "Finalist round"
    header_icon = "trophy"
    allowed = staticmethod(can_choose_finalists)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=FinalistsForm(self.cycle)))

    def post(self, request, *args, **kwargs):
        form = FinalistsForm(self.cycle, request.POST, user=request.user)
        if form.is_valid():
            try:
                picked = select_finalists(self.cycle, form.cleaned_data["finalists"], request.user)
            except FinalistsRefused as exc:
                messages.error(request, f"The finalists did not change. {exc}")
            else:
                messages.success(
                    request,
                    f"{len(picked)} finalist{'s' if len(picked) != 1 else ''} selected. "
                    "Nobody is told until the results are published.",
                )
                return redirect("review_admin:finalists", cycle_id=self.cycle.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        plan = plan_assignment(self.cycle, stage=Stage.FINALIST)
        return super().get_context_data(
            rows=finalist_rows(self.cycle),
            plan=plan,
            new_count=len(plan.result.new_pairs),
            members=ReviewerEnrolment.objects.filter(cycle=self.cycle, stage=Stage.FINALIST)
            .select_related("reviewer")
            .order_by("reviewer__email"),
            **kwargs,
        )


class AssignFinalistsView(CycleActionView):
    """Give every finalist to every active committee member not in conflict with it."""

    allowed = staticmethod(can_assign)
    screen_url_name = "review_admin:finalists"

    def form_valid(self, form):
        plan = plan_assignment(self.cycle, stage=Stage.FINALIST)
        written = commit_assignment(plan, self.request.user, allow_partial=True)
        messages.success(
            self.request,
            f"{written} finalist assignment{'s' if written != 1 else ''} written: committee "
            "members see their finalists in the reviewer portal now.",
        )


class DecisionPhotoForm(forms.Form):
    """The photo beside a winner's name on the results page, chosen from the image library."""

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["photo"] = forms.ModelChoiceField(
            queryset=get_image_model().objects.none(),
            required=False,
            label="Photo (shown only where the nominee may be named)",
            widget=AdminImageChooser(),
        )


class CommitteeView(CycleScreenView):
    """The committee's screen: the finalist round's scores (where the cycle has one), the
    ranking with flags and reviewers' comments, a decision per candidate, and publishing under
    the two-person rule."""

    template_name = "review/admin/committee.html"
    page_title = "Committee decisions"
    header_icon = "trophy"
    allowed = staticmethod(can_decide)
    action_forms = {
        "decide": DecisionForm,
        "request": RequestPublicationForm,
        "approve": ApprovePublicationForm,
        "withdraw": CycleActionForm,
        "unpublish": CycleActionForm,
        "packet": CycleActionForm,
        "certificates": CycleActionForm,
    }

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except PermissionDenied as exc:  # the two-person rule, among others
            messages.error(request, str(exc) or "You may not do that.")
            return redirect(self.get_success_url())

    def action_decide(self, form):
        record_decision(
            self.cycle, form.cleaned_data["dossier"], self.request.user, **form.decision()
        )
        messages.success(self.request, "Decision saved.")

    def action_request(self, form):
        request_publication(
            self.cycle,
            self.request.user,
            form.cleaned_data["publish_at"],
            early_reason=form.cleaned_data["early_reason"],
        )
        messages.success(self.request, "Publishing requested: another staff member must approve.")

    def action_approve(self, form):
        approve_publication(
            self.cycle, self.request.user, requested_at=form.cleaned_data["request"]
        )
        messages.success(
            self.request, "Approved. The results page is live; winners show from the set time."
        )

    def action_withdraw(self, form):
        withdraw_publication_request(self.cycle, self.request.user)
        messages.success(self.request, "Publishing request withdrawn: decisions can change again.")

    def action_unpublish(self, form):
        unpublish_results(self.cycle, self.request.user)
        messages.success(self.request, "Results unpublished; decisions can change again.")

    def action_packet(self, form):
        request_committee_packet(self.cycle, self.request.user)
        messages.success(
            self.request, "The committee packet is being built; this page shows its progress."
        )

    def action_certificates(self, form):
        job = request_certificates(self.cycle.dossiers.all(), self.request.user)
        messages.success(self.request, "The winners' certificates are being built.")
        return redirect("review_admin:certificate_job", job.pk)

    def get_context_data(self, **kwargs):
        cycle = self.cycle
        page = paged(self.request, RankingPages(cycle, unranked=True), 50)
        required = reviews_required(cycle)
        dossier_ids = [entry.dossier_id for entry in page]
        labels = candidate_labels(dossier_ids)
        raw = raw_positions(cycle, [entry.dossier_id for entry in page if entry.rank is not None])
        decisions = {
            d.dossier_id: d
            for d in Decision.objects.filter(dossier_id__in=dossier_ids).select_related("photo")
        }
        responses = candidate_responses(dossier_ids)
        comments: dict[int, list[str]] = {pk: [] for pk in dossier_ids}
        for dossier_id, comment in (
            Review.objects.filter(
                dossier_id__in=dossier_ids, counted=True, enrolment__stage=Stage.FIRST
            )
            .exclude(comment="")
            .values_list("dossier_id", "comment")
        ):
            comments[dossier_id].append(comment)
        picked = set(
            Finalist.objects.filter(dossier_id__in=dossier_ids).values_list("dossier_id", flat=True)
        )
        rows = [
            {
                "entry": entry,
                "label": labels.get(entry.dossier_id, ""),
                "finalist": entry.dossier_id in picked,
                "decision": decisions.get(entry.dossier_id),
                "raw_rank": raw.get(entry.dossier_id),
                "too_few_reviews": entry.rank is not None and entry.reviews < required,
                "comments": comments[entry.dossier_id],
                "responses": responses.get(entry.dossier_id),
                # A name as typed that is not a plain name must not reach the results as it is.
                "name_needs_public_name": entry.dossier_id in responses
                and not is_plain_name(responses[entry.dossier_id].name or "x")
                and not getattr(decisions.get(entry.dossier_id), "public_name", ""),
                "photo_form": DecisionPhotoForm(
                    prefix=f"decision-{entry.dossier_id}",
                    initial={"photo": getattr(decisions.get(entry.dossier_id), "photo", None)},
                ),
            }
            for entry in page
        ]
        publication = (
            Publication.objects.filter(cycle=cycle)
            .select_related("requested_by", "approved_by", "results_page")
            .first()
        )
        nominations_close = nominations_close_at(cycle)
        return super().get_context_data(
            rows=rows,
            page=page,
            publication=publication,
            locked=bool(publication and publication.locks_decisions),
            awaiting=bool(
                publication and publication.status == Publication.Status.AWAITING_APPROVAL
            ),
            time_zone=settings.TIME_ZONE,
            announcements=announcement_preview(cycle),
            finalist_rows=finalist_rows(cycle),
            nominations_close=nominations_close,
            nominations_open=timezone.now() < nominations_close,
            # The approval names the request it was read with (see approve_publication).
            request_token=publication.requested_at.isoformat() if publication else "",
            can_approve=bool(
                publication
                and publication.status == Publication.Status.AWAITING_APPROVAL
                and publication.requested_by_id != self.request.user.pk
            ),
            required=required,
            outcomes=Decision.Outcome.choices,
            photo_media=DecisionPhotoForm().media,
            student_displays=Decision.StudentDisplay.choices,
            packet=cycle.packets.first(),
            decided=Decision.objects.filter(cycle=cycle)
            .exclude(outcome=Decision.Outcome.NOT_SELECTED)
            .count(),
            **kwargs,
        )
