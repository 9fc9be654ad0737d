"""Assigning reviewers: the automatic assignment's preview, conflicts of interest, progress and
reminders, and changes by hand."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils.translation import gettext
from wagtail.admin import messages

from awards.models import Dossier
from portal.permissions import (
    can_assign,
    can_manage_assignments,
    can_record_conflicts,
)

from ..domain.assignment import (
    AssignmentRefused,
    assign_replacements,
    commit_assignment,
    plan_assignment,
)
from ..domain.conflicts import (
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
from ..domain.progress import (
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
from ..forms import (
    AddAssignmentForm,
    AssignForm,
    CycleActionForm,
    DeclaredConflictForm,
    DismissDetectedConflictForm,
    RecordConflictForm,
    RecordedConflictForm,
    RemoveAssignmentForm,
    ReplacementForm,
    SwapAssignmentForm,
)
from ..models import (
    Assignment,
    Conflict,
    ReviewerEnrolment,
)
from ..queries import candidate_labels
from .base import CycleActionView, CycleScreenView, paged


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
        return super().post(request, *args, **kwargs)

    def refusal_message(self, exc):
        if isinstance(exc, ConflictUndoRefused):
            return f"Nothing changed. {exc}"
        return str(exc)

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

    def refusal_message(self, exc):
        if isinstance(exc, AssignmentChangeRefused):
            return f"Nothing changed. {exc}"
        return str(exc)

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
