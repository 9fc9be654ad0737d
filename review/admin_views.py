"""Staff screens of the review side that are more than model lists."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from awards.models import Cycle
from awards.queries import is_staff

from .domain.assignment import AssignmentRefused, commit_assignment, plan_assignment
from .models import ReviewerEnrolment


def assign(request, cycle_id: int):
    """Preview the automatic assignment of a cycle, then commit it on confirmation."""
    if not is_staff(request.user) or not request.user.has_perm("review.add_assignment"):
        raise PermissionDenied
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
