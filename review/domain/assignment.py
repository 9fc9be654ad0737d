"""Assigning reviewers to candidates: load the cycle into the solver's arrays, show staff the
plan, and write it once they confirm. `manage.py assign_reviewers` and the admin preview both
use these two functions."""

from dataclasses import dataclass

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef

from awards.models import Dossier, Nomination, NomineeCategory
from portal.models import audit

from ..models import Assignment, ReviewerEnrolment, ReviewSettings
from .conflicts import active_conflict_pairs, sync_detected_conflicts
from .solver import AssignmentProblem, AssignmentResult, solve_assignment

CATEGORIES = list(NomineeCategory.values)


class AssignmentRefused(Exception):
    """The plan cannot be written as it stands; the message says why."""


@dataclass
class AssignmentPlan:
    cycle_id: int
    k: int
    dossier_ids: np.ndarray
    enrolment_ids: np.ndarray
    result: AssignmentResult

    @property
    def new_pairs(self) -> list[tuple[int, int]]:
        """(dossier id, enrolment id) of every assignment the plan would add."""
        return [
            (int(self.dossier_ids[c]), int(self.enrolment_ids[r])) for c, r in self.result.new_pairs
        ]

    def summary(self) -> str:
        loads = self.result.loads
        spread = f"{loads.min()}-{loads.max()}" if loads.size else "none"
        return (
            f"{len(self.dossier_ids)} candidates, {len(self.enrolment_ids)} reviewers, k={self.k}: "
            f"{len(self.result.new_pairs)} new assignments, loads {spread}, "
            f"affinity {self.result.total_affinity:g}"
        )


def candidates_for_review(cycle):
    """Dossiers with at least one submitted nomination not judged ineligible."""
    reviewable = Nomination.objects.filter(
        dossier=OuterRef("pk"), status=Nomination.Status.SUBMITTED
    ).exclude(eligibility=Nomination.Eligibility.INELIGIBLE)
    return Dossier.objects.filter(cycle=cycle).filter(Exists(reviewable)).order_by("pk")


def _categories_matrix(lists: list[list[str]], *, empty_means_all: bool) -> np.ndarray:
    matrix = np.zeros((len(lists), len(CATEGORIES)), dtype=bool)
    for row, categories in enumerate(lists):
        for category in categories or (CATEGORIES if empty_means_all else []):
            if category in CATEGORIES:
                matrix[row, CATEGORIES.index(category)] = True
    return matrix


def plan_assignment(cycle, k: int | None = None) -> AssignmentPlan:
    """Compute (and do not write) the best assignment for `cycle`.

    Side effects: newly detected conflicts are recorded first, so the plan respects them.
    """
    review_settings, _ = ReviewSettings.objects.get_or_create(cycle=cycle)
    k = k or review_settings.reviewers_per_candidate
    sync_detected_conflicts(cycle)
    dossier_ids = np.fromiter(
        candidates_for_review(cycle).values_list("pk", flat=True), dtype=np.int64
    )
    enrolments = list(
        ReviewerEnrolment.objects.filter(cycle=cycle, status=ReviewerEnrolment.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", "capacity", "categories", "preferred_categories")
    )
    enrolment_ids = np.array([row[0] for row in enrolments], dtype=np.int64)
    dossier_index = {int(d): i for i, d in enumerate(dossier_ids)}
    enrolment_index = {int(e): i for i, e in enumerate(enrolment_ids)}

    def to_index(pairs) -> np.ndarray:
        rows = [
            (dossier_index[d], enrolment_index[e])
            for d, e in pairs
            if d in dossier_index and e in enrolment_index
        ]
        return np.array(rows, dtype=np.int64).reshape(-1, 2)

    existing = Assignment.objects.filter(
        enrolment__cycle=cycle, removed_at__isnull=True
    ).values_list("dossier_id", "enrolment_id")
    category = CATEGORIES.index(cycle.award.category)
    problem = AssignmentProblem(
        candidate_category=np.full(len(dossier_ids), category, dtype=np.int64),
        reviewer_capacity=np.array([row[1] for row in enrolments], dtype=np.int64),
        reviewer_categories=_categories_matrix(
            [row[2] for row in enrolments], empty_means_all=True
        ),
        reviewer_preferred_categories=_categories_matrix(
            [row[3] for row in enrolments], empty_means_all=False
        ),
        category_names=[NomineeCategory(value).label.lower() for value in CATEGORIES],
        k=k,
        conflicts=to_index(active_conflict_pairs(cycle)),
        existing=to_index(existing),
    )
    result = solve_assignment(problem)
    return AssignmentPlan(cycle.pk, k, dossier_ids, enrolment_ids, result)


def commit_assignment(plan: AssignmentPlan, user, *, allow_partial: bool = False) -> int:
    """Write the plan's new assignments. Refuses an incomplete plan unless staff accept it.

    Pairs that became conflicted since planning are skipped. Side effects: Assignment rows in one
    transaction; one audit event. Returns how many were written.
    """
    from awards.models import Cycle
    from awards.queries import is_staff

    if user is not None and not is_staff(user):
        raise PermissionDenied
    if not plan.result.feasible and not allow_partial:
        raise AssignmentRefused(" ".join(plan.result.messages) or "The plan is incomplete.")
    cycle = Cycle.objects.get(pk=plan.cycle_id)
    with transaction.atomic():
        conflicted = active_conflict_pairs(cycle)
        live = set(
            Assignment.objects.filter(enrolment__cycle=cycle, removed_at__isnull=True).values_list(
                "dossier_id", "enrolment_id"
            )
        )
        rows = [
            Assignment(
                dossier_id=d, enrolment_id=e, source=Assignment.Source.AUTOMATIC, created_by=user
            )
            for d, e in plan.new_pairs
            if (d, e) not in conflicted and (d, e) not in live
        ]
        Assignment.objects.bulk_create(rows, batch_size=5000)
        audit(
            user,
            "review.assigned",
            cycle,
            added=len(rows),
            k=plan.k,
            complete=bool(plan.result.feasible),
        )
    return len(rows)
