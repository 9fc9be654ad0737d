"""Staff screens of the review side that are more than model lists."""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.images import get_image_model
from wagtail.images.widgets import AdminImageChooser

from awards.admin_views.base import AdminIndexView
from awards.exports import FORMATS, export_filename, export_response
from awards.models import Cycle, Dossier
from awards.queries import candidate_responses
from portal.models import audit
from portal.permissions import (
    can_assign,
    can_choose_finalists,
    can_decide,
    can_invite_reviewers,
    can_manage_assignments,
    can_preview_emails,
    can_read_message_log,
    can_read_ranking,
    can_record_conflicts,
    can_see_decisions,
    can_send_messages,
    require,
)
from portal.storage import private_content_response, private_file_response

from .domain.assignment import (
    AssignmentRefused,
    assign_replacements,
    commit_assignment,
    plan_assignment,
)
from .domain.broadcasts import PLACEHOLDERS as BROADCAST_PLACEHOLDERS
from .domain.broadcasts import send_message_to, write
from .domain.certificates import request_certificates
from .domain.conflicts import (
    REASON_TEXT,
    ConflictRefused,
    ConflictUndoRefused,
    Reason,
    declare_conflict,
    detect_conflicts,
    dismiss_conflict,
    dismiss_detected_conflict,
    letters_asked_of_reviewers,
    restore_detected_conflict,
    submitted_in_conflict,
    undo_declared_conflict,
)
from .domain.decisions import (
    approve_publication,
    is_plain_name,
    nominations_close_at,
    record_decision,
    request_publication,
    unpublish_results,
    withdraw_publication_request,
)
from .domain.enrolment import InvitationRefused, invite_reviewers, send_pending_invitations
from .domain.finalists import (
    FinalistsRefused,
    finalist_candidates,
    finalist_results,
    select_finalists,
)
from .domain.notifications import announcement_preview, retry_messages
from .domain.outbox import resend_message
from .domain.packets import request_committee_packet
from .domain.previews import email_previews
from .domain.progress import (
    AssignmentChangeRefused,
    add_assignment,
    candidate_progress,
    remove_assignment,
    review_coverage,
    reviewer_progress,
    send_reminders,
    short_of_reviewers,
    swap_assignment,
)
from .domain.ranking import (
    RankingPages,
    add_reviewers_near_cutoff,
    disagreement_threshold,
    flagged_count,
    near_cutoff,
    raw_positions,
    record_ranking,
    reviews_required,
)
from .exports import candidate_rows, reviewer_rows
from .forms import (
    AddAssignmentForm,
    ApprovePublicationForm,
    AssignForm,
    BroadcastForm,
    CycleActionForm,
    DecisionForm,
    DeclaredConflictForm,
    DismissDetectedConflictForm,
    FinalistsForm,
    InviteForm,
    PreviewChoiceForm,
    RecordConflictForm,
    RecordedConflictForm,
    RemoveAssignmentForm,
    ReplacementForm,
    RequestPublicationForm,
    RowField,
    SwapAssignmentForm,
)
from .models import (
    Assignment,
    CertificateJob,
    Conflict,
    Decision,
    Finalist,
    OutgoingMessage,
    PacketJob,
    Publication,
    Review,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
    Stage,
)
from .pdf import certificate_pdf
from .queries import candidate_labels, messages_visible_to


class CycleScreenView(WagtailAdminTemplateMixin, TemplateView):
    """A staff screen about one cycle (`self.cycle`, named under the title), for staff the
    predicate `allowed` lets in; anyone else is refused before the cycle is looked up.

    Each button posts its `action` and the fields of its form (`action_forms`, one form per
    action, given the cycle and the user); a valid form is handed to the view's method
    `action_<action>`, which answers a response or nothing (then back to `success_url`, by
    default the screen as it was). A form naming a row that is not the cycle's answers 404,
    as a missing row does; its other errors are shown as a message."""

    allowed: Callable[..., bool]
    action_forms: dict[str, type[CycleActionForm]] = {}
    # The screens keep their own header (title, cycle, icon) rather than breadcrumbs.
    breadcrumbs_items: list[dict] = []
    success_url = None

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        require(self.allowed(request.user))
        self.cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=kwargs["cycle_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.cycle)

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=self.cycle, **kwargs)

    def get_success_url(self):
        return self.success_url or self.request.get_full_path()

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        form_class = self.action_forms.get(action)
        if form_class is None:
            return redirect(self.get_success_url())
        form = form_class(self.cycle, request.POST, user=request.user)
        if not form.is_valid():
            return self.refuse_form(form)
        return getattr(self, f"action_{action}")(form) or redirect(self.get_success_url())

    def refuse_form(self, form):
        for name, errors in form.errors.as_data().items():
            if isinstance(form.fields.get(name), RowField) and any(
                error.code in RowField.MISSING for error in errors
            ):
                raise Http404
        messages.error(self.request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(self.get_success_url())


class AssignView(CycleScreenView):
    """Preview the automatic assignment of a cycle, then commit it on confirmation."""

    template_name = "review/admin/assign.html"
    page_title = "Assign reviewers"
    header_icon = "glasses"
    allowed = staticmethod(can_assign)

    def get(self, request, *args, **kwargs):
        return self.render_plan(AssignForm(self.cycle, request.GET))

    def post(self, request, *args, **kwargs):
        return self.render_plan(AssignForm(self.cycle, request.POST), commit=True)

    def render_plan(self, form, commit=False):
        form.is_valid()  # every value is accepted; one out of range leaves the cycle's setting
        plan = plan_assignment(self.cycle, form.cleaned_data["reviewers_per_candidate"])
        if commit:
            try:
                written = commit_assignment(
                    plan, self.request.user, allow_partial=form.cleaned_data["allow_partial"]
                )
            except AssignmentRefused as exc:
                messages.error(self.request, f"Nothing was assigned. {exc}")
            else:
                messages.success(self.request, f"{written} assignments written for {self.cycle}.")
                return redirect("review_admin:assign", cycle_id=self.cycle.pk)
        return self.render_to_response(self.get_context_data(plan=plan))

    def get_context_data(self, plan, **kwargs):
        reviewers = dict(
            ReviewerEnrolment.objects.filter(
                pk__in=[int(e) for e in plan.enrolment_ids]
            ).values_list("pk", "reviewer__email")
        )
        loads = [
            {"reviewer": reviewers.get(int(enrolment_id), "?"), "load": int(load)}
            for enrolment_id, load in zip(plan.enrolment_ids, plan.result.loads, strict=True)
        ]
        return super().get_context_data(
            plan=plan, new_count=len(plan.result.new_pairs), loads=loads, **kwargs
        )


# Who may download each export (who may use the screen it is downloaded from), and what
# builds its rows for a user (the committee's decisions only for those who may see them).
EXPORTS = {
    "candidates": (
        can_read_ranking,
        lambda cycle, user: candidate_rows(cycle, decisions=can_see_decisions(user)),
    ),
    "reviewers": (can_manage_assignments, lambda cycle, user: reviewer_rows(cycle)),
}


class ReviewExportView(View):
    """A cycle's candidates (from the ranking screen) or reviewers' progress (from the progress
    screen) as CSV or XLSX, for staff who may use that screen; anyone else, and an unknown
    cycle, export or format, 404. Side effect: an audit event."""

    http_method_names = ["get", "head"]

    def get(self, request, cycle_id: int, what: str, export_format: str):
        allowed, build = EXPORTS.get(what, (None, None))
        if build is None or export_format not in FORMATS or not allowed(request.user):
            raise Http404
        cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=cycle_id)
        header, rows = build(cycle, request.user)
        audit(request.user, f"review.{what}_exported", cycle, format=export_format)
        filename = export_filename(cycle, what, export_format)
        return export_response(export_format, filename, header, rows)


def paged(request, items, per_page: int):
    """One page of `items`; `page.query` keeps the screen's other query parameters."""
    page = Paginator(items, per_page).get_page(request.GET.get("p"))
    params = request.GET.copy()
    params.pop("p", None)
    page.query = params.urlencode()
    return page


class ConflictsView(CycleScreenView):
    """Every conflict of a cycle: detected ones (computed now, with their reasons) and recorded
    ones (declared by reviewers, recorded by staff, dismissals), with dismiss, restore and record.
    """

    template_name = "review/admin/conflicts.html"
    page_title = "Conflicts of interest"
    header_icon = "warning"
    allowed = staticmethod(can_record_conflicts)
    action_forms = {
        "dismiss": DismissDetectedConflictForm,
        "undo_declared": DeclaredConflictForm,
        "restore": RecordedConflictForm,
        "dismiss_recorded": RecordedConflictForm,
        "end_assignment": RemoveAssignmentForm,
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.candidate_query = request.GET.get("candidate_q", "").strip()[:100]

    def get(self, request, *args, **kwargs):
        form = RecordConflictForm(self.cycle, query=self.candidate_query)
        return self.render_to_response(self.get_context_data(record_form=form))

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "record":
            return self.record_conflict()
        try:
            return super().post(request, *args, **kwargs)
        except ConflictUndoRefused as exc:
            messages.error(request, f"Nothing changed. {exc}")
        except ConflictRefused as exc:
            messages.error(request, str(exc))
        return redirect(self.get_success_url())

    def record_conflict(self):
        form = RecordConflictForm(self.cycle, self.request.POST, query=self.candidate_query)
        if form.is_valid():
            try:
                declare_conflict(
                    form.cleaned_data["enrolment"],
                    form.cleaned_data["candidate"],
                    form.cleaned_data["reason"],
                    self.request.user,
                )
            except ConflictRefused as exc:
                form.add_error("reason", str(exc))
            else:
                messages.success(
                    self.request, "Conflict recorded; any assignment of the pair has ended."
                )
                return redirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(record_form=form), status=422)

    def action_dismiss(self, form):
        dismiss_detected_conflict(
            form.cleaned_data["enrolment"], form.cleaned_data["dossier"], self.request.user
        )
        messages.success(self.request, "Conflict dismissed: the pair may now be assigned.")

    def action_undo_declared(self, form):
        restored = undo_declared_conflict(form.cleaned_data["conflict"], self.request.user)
        messages.success(
            self.request,
            "Conflict undone: the candidate is back on the reviewer's list."
            if restored
            else "Conflict undone: the reviewer can open the candidate again.",
        )

    def action_restore(self, form):
        restore_detected_conflict(form.cleaned_data["conflict"], self.request.user)
        messages.success(self.request, "The detected conflict applies again.")

    def action_dismiss_recorded(self, form):
        dismiss_conflict(form.cleaned_data["conflict"], self.request.user)
        messages.success(self.request, "Conflict dismissed: the pair may now be assigned.")

    def action_end_assignment(self, form):
        remove_assignment(form.cleaned_data["assignment"], self.request.user)
        messages.success(self.request, "Assignment ended: the review no longer counts.")

    def get_context_data(self, **kwargs):
        cycle = self.cycle
        enrolments = ReviewerEnrolment.objects.filter(cycle=cycle).select_related("reviewer")
        query = self.request.GET.get("q", "").strip()
        if query:
            enrolments = enrolments.filter(reviewer__email__icontains=query)
        emails = {e.pk: e.reviewer.email for e in enrolments}
        detected = detect_conflicts(cycle, enrolment_ids=list(emails))
        recorded = list(
            Conflict.objects.filter(enrolment__in=list(emails)).select_related(
                "created_by", "dismissed_by"
            )
        )
        dismissals = {
            (c.dossier_id, c.enrolment_id): c
            for c in recorded
            if c.source == Conflict.Source.DETECTED
        }
        rows = [
            {
                "dossier_id": int(d),
                "enrolment_id": int(e),
                "source": "Detected automatically",
                "reason": REASON_TEXT[Reason(int(r))],
                "dismissal": dismissals.get((int(d), int(e))),
                "dismissed": (int(d), int(e)) in dismissals,
            }
            for d, e, r in zip(
                detected.dossier_ids, detected.enrolment_ids, detected.reasons, strict=True
            )
        ]
        rows += [
            {
                "dossier_id": c.dossier_id,
                "enrolment_id": c.enrolment_id,
                "source": c.get_source_display(),
                "reason": c.reason,
                "conflict": c,
                "dismissed": c.dismissed_at is not None,
            }
            for c in recorded
            if c.source != Conflict.Source.DETECTED
        ]
        show = self.request.GET.get("show", "active")
        if show in ("active", "dismissed"):
            rows = [row for row in rows if row["dismissed"] == (show == "dismissed")]
        page = paged(self.request, rows, 50)
        labels = candidate_labels({row["dossier_id"] for row in page})
        codes = dict(
            Dossier.objects.filter(pk__in=[row["dossier_id"] for row in page]).values_list(
                "pk", "code"
            )
        )
        kept = submitted_in_conflict(cycle, dossier_ids={row["dossier_id"] for row in page})
        for row in page:
            row["candidate"] = labels.get(row["dossier_id"], "")
            row["code"] = codes.get(row["dossier_id"], "")
            row["reviewer"] = emails.get(row["enrolment_id"], "")
            if not row["dismissed"]:
                row["kept_assignment"] = kept.get((row["dossier_id"], row["enrolment_id"]))
        asked = letters_asked_of_reviewers(cycle)
        asked_labels = candidate_labels({dossier_id for dossier_id, _ in asked})
        asked_codes = dict(
            Dossier.objects.filter(pk__in={dossier_id for dossier_id, _ in asked}).values_list(
                "pk", "code"
            )
        )
        letters_asked = [
            {
                "candidate": asked_labels.get(dossier_id, ""),
                "code": asked_codes.get(dossier_id, ""),
                "reviewer": emails.get(enrolment_id, ""),
                "requested_at": letter.requested_at,
            }
            for (dossier_id, enrolment_id), letter in asked.items()
            if enrolment_id in emails
        ]
        return super().get_context_data(
            page=page,
            letters_asked=letters_asked,
            total=len(rows),
            query=query,
            show=show,
            candidate_query=self.candidate_query,
            **kwargs,
        )


class ProgressView(CycleScreenView):
    """Completion per reviewer and per candidate; reminders; assignments changed by hand."""

    template_name = "review/admin/progress.html"
    page_title = "Review progress"
    header_icon = "glasses"
    allowed = staticmethod(can_manage_assignments)
    action_forms = {
        "remind": CycleActionForm,
        "remove": RemoveAssignmentForm,
        "swap": SwapAssignmentForm,
        "add": AddAssignmentForm,
    }

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except AssignmentChangeRefused as exc:
            messages.error(request, f"Nothing changed. {exc}")
            return redirect(self.get_success_url())

    def action_remind(self, form):
        count = send_reminders(self.cycle, self.request.user)
        messages.success(self.request, f"{count} reminder{'s' if count != 1 else ''} queued.")

    def action_remove(self, form):
        remove_assignment(form.cleaned_data["assignment"], self.request.user)
        messages.success(self.request, "Reviewer removed; they lose access at once.")

    def action_swap(self, form):
        replacement = form.cleaned_data["reviewer"]
        swap_assignment(form.cleaned_data["assignment"], replacement, self.request.user)
        messages.success(self.request, f"Swapped in {replacement.reviewer}.")

    def action_add(self, form):
        enrolment = form.cleaned_data["reviewer"]
        add_assignment(form.cleaned_data["dossier"], enrolment, self.request.user)
        messages.success(self.request, f"{enrolment.reviewer} added.")

    def get_context_data(self, **kwargs):
        cycle = self.cycle
        reviewers = list(reviewer_progress(cycle))
        for reviewer in reviewers:
            reviewer.outstanding = reviewer.assigned - reviewer.submitted
        page = paged(self.request, candidate_progress(cycle), 50)
        dossier_ids = [dossier.pk for dossier in page]
        labels = candidate_labels(dossier_ids)
        by_dossier: dict[int, list] = {pk: [] for pk in dossier_ids}
        asked = letters_asked_of_reviewers(cycle, dossier_ids)
        kept = submitted_in_conflict(cycle, dossier_ids)
        for assignment in (
            Assignment.objects.filter(dossier_id__in=dossier_ids, removed_at__isnull=True)
            .select_related("enrolment__reviewer", "review")
            .order_by("enrolment__reviewer__email")
        ):
            review = getattr(assignment, "review", None)
            assignment.state = review.get_status_display() if review else "Not started"
            pair = (assignment.dossier_id, assignment.enrolment_id)
            assignment.letter_asked = asked.get(pair)
            assignment.kept_in_conflict = pair in kept
            by_dossier[assignment.dossier_id].append(assignment)
        candidates = [
            {"dossier": d, "label": labels.get(d.pk, ""), "assignments": by_dossier[d.pk]}
            for d in page
        ]
        short = list(short_of_reviewers(cycle)[:SHORT_SHOWN])
        short_labels = candidate_labels([dossier.pk for dossier in short])
        return super().get_context_data(
            reviewers=reviewers,
            candidates=candidates,
            page=page,
            coverage=review_coverage(cycle),
            short=[
                {"dossier": dossier, "label": short_labels.get(dossier.pk, "")} for dossier in short
            ],
            can_replace=can_assign(self.request.user),
            active_emails=[r.reviewer.email for r in reviewers if r.status == "active"],
            time_zone=settings.TIME_ZONE,
            **kwargs,
        )


SHORT_SHOWN = 50  # candidates short of reviewers listed on the progress screen


class CycleActionView(CycleScreenView):
    """One button of a cycle's screen with its own address: its form (`form_class`, given the
    cycle) is posted here, and staff go back to the screen (`screen_url_name`)."""

    http_method_names = ["post"]
    form_class = CycleActionForm
    screen_url_name = ""

    def get_success_url(self):
        return reverse(self.screen_url_name, args=(self.cycle.pk,))

    def post(self, request, *args, **kwargs):
        form = self.form_class(self.cycle, request.POST, user=request.user)
        if form.is_valid():
            self.form_valid(form)
        else:
            self.form_invalid(form)
        return redirect(self.get_success_url())

    def form_valid(self, form):
        raise NotImplementedError

    def form_invalid(self, form):
        self.refuse_form(form)


class AssignReplacementView(CycleActionView):
    """Assign the reviewers one candidate lacks (the solver, for that candidate alone), then
    back to the progress screen with what happened."""

    allowed = staticmethod(can_assign)
    form_class = ReplacementForm
    screen_url_name = "review_admin:progress"

    def form_invalid(self, form):
        messages.error(self.request, gettext("Choose a candidate of this cycle."))

    def form_valid(self, form):
        dossier = form.cleaned_data["dossier"]
        try:
            emails = assign_replacements(dossier, self.request.user)
        except AssignmentRefused as exc:
            messages.error(
                self.request, gettext("Nobody was assigned. %(reason)s") % {"reason": exc}
            )
        else:
            messages.success(
                self.request,
                gettext("Assigned to %(candidate)s: %(reviewers)s.")
                % {
                    "candidate": candidate_labels([dossier.pk]).get(dossier.pk, dossier.code),
                    "reviewers": ", ".join(emails),
                },
            )


class RankingView(CycleScreenView):
    """Raw and normalised results side by side, the method explained, disagreements flagged."""

    template_name = "review/admin/ranking.html"
    page_title = "Ranking"
    header_icon = "list-ol"
    allowed = staticmethod(can_read_ranking)
    action_forms = {"record": CycleActionForm, "extra": CycleActionForm}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.success_url = reverse("review_admin:ranking", args=(kwargs["cycle_id"],))

    def action_record(self, form):
        record = record_ranking(self.cycle, self.request.user)
        messages.success(
            self.request,
            f"Ranking recorded at {record.created_at:%Y-%m-%d %H:%M} with its tie-break.",
        )

    def action_extra(self, form):
        added = add_reviewers_near_cutoff(self.cycle, self.request.user)
        messages.success(
            self.request,
            f"{len(added)} extra reviewer{'s' if len(added) != 1 else ''} assigned "
            "to flagged candidates near the cutoff.",
        )

    def get_context_data(self, **kwargs):
        cycle = self.cycle
        # The defaults until staff save settings: reading the ranking writes nothing.
        review_settings = ReviewSettings.objects.filter(cycle=cycle).first() or ReviewSettings(
            cycle=cycle
        )
        cycle.review_settings = review_settings  # read once for every count below
        ranked = RankingPages(cycle)
        page = paged(self.request, ranked, 100)
        required = reviews_required(cycle)
        raw = raw_positions(cycle, [entry.dossier_id for entry in page])  # one page, all ranked
        labels = candidate_labels([entry.dossier_id for entry in page])
        rows = [
            {
                "entry": entry,
                "label": labels.get(entry.dossier_id, ""),
                # A candidate whose score changed since the page was read may have no raw place.
                "raw_rank": raw.get(entry.dossier_id),
                "moved": raw[entry.dossier_id] - entry.rank if entry.dossier_id in raw else 0,
                "above_cutoff": entry.rank <= review_settings.places,
                "too_few_reviews": entry.reviews < required,
            }
            for entry in page
        ]
        return super().get_context_data(
            ranking=ranked.ranking,
            rows=rows,
            page=page,
            settings=review_settings,
            required=required,
            threshold=disagreement_threshold(cycle, ranked.ranking.scale),
            tie_break=Rubric.TieBreak(ranked.ranking.tie_break).label,
            flagged=flagged_count(cycle),
            near_cutoff=len(
                near_cutoff(cycle, review_settings.places, review_settings.cutoff_margin)
            ),
            recorded=cycle.rankings.select_related("created_by").first(),
            **kwargs,
        )


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
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
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


class MessagesView(CycleScreenView):
    """Every announcement e-mail of a cycle and its delivery state; failed ones can be retried."""

    template_name = "review/admin/messages.html"
    page_title = "Message log"
    header_icon = "mail"
    allowed = staticmethod(can_read_message_log)
    action_forms = {"retry": CycleActionForm}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.success_url = reverse("review_admin:messages", args=(kwargs["cycle_id"],))

    def action_retry(self, form):
        failed = list(
            OutgoingMessage.objects.filter(
                cycle=self.cycle, status=OutgoingMessage.Status.FAILED
            ).values_list("pk", flat=True)
        )
        retry_messages(failed, self.request.user, self.cycle)
        messages.success(self.request, f"{len(failed)} failed message(s) queued again.")

    def get_context_data(self, **kwargs):
        messages_of_cycle = OutgoingMessage.objects.filter(cycle=self.cycle)
        status = self.request.GET.get("status", "")
        shown = messages_of_cycle.filter(status=status) if status else messages_of_cycle
        page = paged(self.request, shown.order_by("-created_at"), 100)
        counts = dict(
            messages_of_cycle.values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        return super().get_context_data(
            page=page,
            status=status,
            counts=[
                (value, label, counts.get(value, 0))
                for value, label in OutgoingMessage.Status.choices
            ],
            **kwargs,
        )


class StaffOnlyMixin:
    """For staff whom the predicate `allowed` lets in, by GET (or HEAD); anyone else is refused
    before anything is looked up: sent away as from any staff screen, or, where
    `refused_as_missing`, answered 404 as for something that does not exist."""

    http_method_names = ["get", "head"]
    allowed: Callable[..., bool]
    refused_as_missing = False

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        if not self.allowed(request.user):
            if self.refused_as_missing:
                raise Http404
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PacketDownloadView(StaffOnlyMixin, View):
    """A finished committee packet, for staff only; every download is audited."""

    allowed = staticmethod(can_see_decisions)

    def get(self, request, job_id: int):
        job = get_object_or_404(
            PacketJob.objects.select_related("cycle__award"),
            pk=job_id,
            status=PacketJob.Status.DONE,
        )
        audit(request.user, "results.packet_downloaded", job.cycle, job=job.pk)
        name = f"committee-packet-{job.cycle.award.slug}.pdf"
        return private_file_response(job.storage_key, name)


class CertificateDownloadView(StaffOnlyMixin, View):
    """A winner's certificate, for staff; audited."""

    allowed = staticmethod(can_see_decisions)

    def get(self, request, decision_id: int):
        decision = get_object_or_404(
            Decision.objects.select_related("dossier", "cycle"),
            pk=decision_id,
            outcome=Decision.Outcome.WINNER,
        )
        audit(request.user, "results.certificate_downloaded", decision.dossier)
        return private_content_response(
            certificate_pdf(decision),
            f"certificate-{decision.dossier.code}.pdf",
            "application/pdf",
        )


class CertificateJobView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Winners' certificates being built (a ZIP or one PDF): the progress, then the download
    link. Anyone but staff gets 404, as for a job that does not exist."""

    template_name = "review/admin/certificate_job.html"
    page_title = "Winners' certificates"
    header_icon = "download"
    breadcrumbs_items: list[dict] = []
    allowed = staticmethod(can_see_decisions)
    refused_as_missing = True

    def get_context_data(self, **kwargs):
        job = get_object_or_404(CertificateJob, pk=self.kwargs["job_id"])
        return super().get_context_data(job=job, count=job.decisions.count(), **kwargs)


class CertificateJobDownloadView(StaffOnlyMixin, View):
    """Finished winners' certificates (the ZIP or the one PDF), for staff only (404 for anyone
    else); every download is audited."""

    allowed = staticmethod(can_see_decisions)
    refused_as_missing = True

    def get(self, request, job_id: int):
        job = get_object_or_404(CertificateJob, pk=job_id, status=CertificateJob.Status.DONE)
        audit(request.user, "results.certificates_downloaded", job)
        return private_file_response(job.storage_key, f"certificates-{job.pk}.{job.format}")


# The message log ---------------------------------------------------------------------------------


class MessageLogAccess:
    """Missing and forbidden answer the same: 404 for anyone in the admin who is not staff
    allowed to read the message log (Wagtail would otherwise redirect with a message)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_read_message_log(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class MessageIndexView(MessageLogAccess, AdminIndexView):
    """Every e-mail the portal sent or is sending (sign-in codes aside), newest first: search
    by recipient, filter by kind, status and cycle. Three queries whatever the number shown."""

    page_title = "Message log"
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return messages_visible_to(self.request.user)

    def get_inspect_url(self, instance):
        # The whole list is for staff only (MessageLogAccess): no permission check per row,
        # which cost a query each.
        return reverse("message_log:inspect", args=(instance.pk,))


class MessageInspectView(MessageLogAccess, InspectView):
    """One e-mail as it was written, its delivery state, and (for staff who may) a button to
    send it again."""

    template_name = "review/admin/message_inspect.html"
    page_title = "E-mail"

    def get_object(self, queryset=None):
        return get_object_or_404(messages_visible_to(self.request.user), pk=self.pk)

    def get_page_subtitle(self):
        return self.object.subject

    def get_fields(self):
        return [
            "created_at",
            "cycle",
            "kind",
            "to",
            "subject",
            "status",
            "attempts",
            "last_error",
            "sent_at",
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_send_messages"] = can_send_messages(self.request.user)
        context["being_sent"] = self.object.status == OutgoingMessage.Status.SENDING
        return context


@require_POST
def resend(request, pk: int):
    """Staff send one e-mail of the log again (audited by resend_message)."""
    if not can_send_messages(request.user):
        raise Http404
    message = get_object_or_404(messages_visible_to(request.user), pk=pk)
    if message.status == OutgoingMessage.Status.SENDING:
        messages.error(request, "This e-mail is being handed to the mail server right now.")
    else:
        resend_message(message, request.user)
        messages.success(request, f"The e-mail to {message.to} is queued to be sent again.")
    return redirect("message_log:inspect", pk)


class EmailPreviewView(WagtailAdminTemplateMixin, TemplateView):
    """Every e-mail the intake and the review send, as each would be written now for a real
    person of a cycle (the current one unless staff choose), in a chosen language: from staff's
    text where they wrote one (Message templates), else the portal's own wording."""

    template_name = "review/admin/email_preview.html"
    page_title = "E-mail preview"
    header_icon = "mail"
    breadcrumbs_items: list[dict] = []
    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        require(can_preview_emails(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = PreviewChoiceForm(request.GET or None)
        cycle = language = None
        if form.is_valid():
            cycle, language = form.cleaned_data["cycle"], form.cleaned_data["language"]
        self.cycle = cycle or form.fields["cycle"].queryset.first()
        language = language or settings.LANGUAGE_CODE
        return self.render_to_response(
            self.get_context_data(
                form=form,
                cycle=self.cycle,
                language=language,
                previews=email_previews(self.cycle, language) if self.cycle else [],
            )
        )

    def get_page_subtitle(self):
        return str(self.cycle or "")

    def get_header_title(self):
        return self.page_title


class BroadcastView(CycleScreenView):
    """Staff write one message to a selection of a cycle: "Preview" shows who gets it and how
    the first reads it; "Send" queues it (review.domain.broadcasts.send_message_to). A form
    with errors is shown again with them."""

    template_name = "review/admin/broadcast.html"
    page_title = "Write a message"
    header_icon = "mail"
    allowed = staticmethod(can_send_messages)

    def get_header_title(self):
        return f"Write to people of {self.cycle}"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=BroadcastForm(self.cycle)))

    def post(self, request, *args, **kwargs):
        form = BroadcastForm(self.cycle, request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        # Any button but "Send" previews.
        if request.POST.get("action") == "send":
            return self.action_send(form)
        return self.action_preview(form)

    def action_send(self, form):
        data = form.cleaned_data
        queued = send_message_to(
            form.audience(), data["subject"], data["body"], self.request.user, data["sending_key"]
        )
        messages.success(self.request, f"{queued} message(s) queued. They show in the message log.")
        return redirect("review_admin:messages", cycle_id=self.cycle.pk)

    def action_preview(self, form):
        people = form.audience().people
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        preview = {
            "count": len(people),
            "first": people[0] if people else None,
            "written": write(self.cycle, subject, body, people[0]) if people else None,
        }
        return self.render_to_response(self.get_context_data(form=form, preview=preview))

    def get_context_data(self, **kwargs):
        return super().get_context_data(placeholders=BROADCAST_PLACEHOLDERS, **kwargs)
