"""Staff screens of the review side that are more than model lists."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from awards.models import Cycle, Dossier, Nomination
from awards.queries import is_staff

from .domain.assignment import AssignmentRefused, commit_assignment, plan_assignment
from .domain.conflicts import (
    REASON_TEXT,
    Reason,
    declare_conflict,
    detect_conflicts,
    dismiss_conflict,
    dismiss_detected_conflict,
    restore_detected_conflict,
)
from .models import Conflict, ReviewerEnrolment


def assign(request, cycle_id: int):
    """Preview the automatic assignment of a cycle, then commit it on confirmation."""
    _staff_for(request, "review.add_assignment")
    cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=cycle_id)
    k = request.POST.get("k") or request.GET.get("k")
    k = int(k) if k and k.isdigit() and 1 <= int(k) <= 10 else None
    plan = plan_assignment(cycle, k)
    if request.method == "POST":
        try:
            written = commit_assignment(
                plan, request.user, allow_partial=request.POST.get("allow_partial") == "on"
            )
        except AssignmentRefused as exc:
            messages.error(request, f"Nothing was assigned. {exc}")
        else:
            messages.success(request, f"{written} assignments written for {cycle}.")
            return redirect("review_assign", cycle_id=cycle.pk)
    reviewers = dict(
        ReviewerEnrolment.objects.filter(pk__in=[int(e) for e in plan.enrolment_ids]).values_list(
            "pk", "reviewer__email"
        )
    )
    loads = [
        {"reviewer": reviewers.get(int(enrolment_id), "?"), "load": int(load)}
        for enrolment_id, load in zip(plan.enrolment_ids, plan.result.loads, strict=True)
    ]
    return TemplateResponse(
        request,
        "review/admin/assign.html",
        {
            "cycle": cycle,
            "plan": plan,
            "new_count": len(plan.result.new_pairs),
            "loads": loads,
            "header_title": f"Assign reviewers: {cycle}",
            "page_title": "Assign reviewers",
            "page_subtitle": str(cycle),
            "header_icon": "glasses",
        },
    )


def _staff_for(request, permission: str):
    if not is_staff(request.user) or not request.user.has_perm(permission):
        raise PermissionDenied


def candidate_labels(dossier_ids) -> dict[int, str]:
    """Staff-facing names of candidates: nominee, role and school of the first nomination."""
    labels = {}
    for dossier_id, first, last, school in (
        Nomination.objects.filter(dossier_id__in=list(dossier_ids))
        .order_by("dossier_id", "submitted_at", "pk")
        .values_list("dossier_id", "nominee_first_name", "nominee_last_name", "school__name")
    ):
        labels.setdefault(dossier_id, f"{first} {last} ({school or 'no school'})")
    return labels


def conflicts(request, cycle_id: int):
    """Every conflict of a cycle: detected ones (computed now, with their reasons) and recorded
    ones (declared by reviewers, recorded by staff, dismissals), with dismiss, restore and record.
    """
    _staff_for(request, "review.change_conflict")
    cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=cycle_id)
    if request.method == "POST":
        _conflict_action(request, cycle)
        return redirect(request.get_full_path())

    enrolments = ReviewerEnrolment.objects.filter(cycle=cycle).select_related("reviewer")
    query = request.GET.get("q", "").strip()
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
        (c.dossier_id, c.enrolment_id): c for c in recorded if c.source == Conflict.Source.DETECTED
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
    show = request.GET.get("show", "active")
    if show in ("active", "dismissed"):
        rows = [row for row in rows if row["dismissed"] == (show == "dismissed")]
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    labels = candidate_labels({row["dossier_id"] for row in page})
    codes = dict(
        Dossier.objects.filter(pk__in=[row["dossier_id"] for row in page]).values_list("pk", "code")
    )
    for row in page:
        row["candidate"] = labels.get(row["dossier_id"], "")
        row["code"] = codes.get(row["dossier_id"], "")
        row["reviewer"] = emails.get(row["enrolment_id"], "")
    return TemplateResponse(
        request,
        "review/admin/conflicts.html",
        {
            "cycle": cycle,
            "page": page,
            "total": len(rows),
            "query": query,
            "show": show,
            "enrolments": enrolments.filter(status=ReviewerEnrolment.Status.ACTIVE),
            "header_title": f"Conflicts of interest: {cycle}",
            "page_title": "Conflicts of interest",
            "page_subtitle": str(cycle),
            "header_icon": "warning",
        },
    )


def _conflict_action(request, cycle) -> None:
    action = request.POST.get("action")
    enrolments = ReviewerEnrolment.objects.filter(cycle=cycle)
    try:
        if action == "dismiss":
            enrolment = get_object_or_404(enrolments, pk=request.POST.get("enrolment"))
            dossier = get_object_or_404(cycle.dossiers, pk=request.POST.get("dossier"))
            dismiss_detected_conflict(enrolment, dossier, request.user)
            messages.success(request, "Conflict dismissed: the pair may now be assigned.")
        elif action in ("restore", "dismiss_recorded"):
            conflict = get_object_or_404(
                Conflict.objects.filter(enrolment__cycle=cycle), pk=request.POST.get("conflict")
            )
            if action == "restore":
                restore_detected_conflict(conflict, request.user)
                messages.success(request, "The detected conflict applies again.")
            else:
                dismiss_conflict(conflict, request.user)
                messages.success(request, "Conflict dismissed: the pair may now be assigned.")
        elif action == "record":
            enrolment = get_object_or_404(enrolments, pk=request.POST.get("enrolment"))
            code = request.POST.get("candidate", "").strip().lower()
            dossier = cycle.dossiers.filter(code=code).first()
            if dossier is None:
                messages.error(request, f"No candidate in this cycle has the code “{code}”.")
                return
            declare_conflict(enrolment, dossier, request.POST.get("reason", ""), request.user)
            messages.success(request, "Conflict recorded; any assignment of the pair has ended.")
    except ValueError as exc:
        messages.error(request, str(exc))
