"""Assigning reviewers to candidates: load the cycle into the solver's arrays, show staff the
plan, and write it once they confirm. `manage.py assign_reviewers` and the admin preview both
use these two functions."""

from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from awards.models import Cycle, Dossier, Nomination, NomineeCategory
from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_assign, require

from ..models import Assignment, ReviewerEnrolment, ReviewSettings, Stage
from .conflicts import (
    active_conflict_pairs,
    end_conflicted_assignments,
    live_assignment_rows,
    pairs_in,
)
from .solver import AssignmentProblem, AssignmentResult, solve_assignment

CATEGORIES = list(NomineeCategory.values)


class AssignmentRefused(DomainError):
    """The plan cannot be written as it stands; the message says why."""


@dataclass
class AssignmentPlan:
    cycle_id: int
    reviewers_per_candidate: int
    dossier_ids: np.ndarray
    enrolment_ids: np.ndarray
    result: AssignmentResult
    stage: str = Stage.FIRST

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
            f"{len(self.dossier_ids)} candidates, {len(self.enrolment_ids)} reviewers, "
            f"{self.reviewers_per_candidate} per candidate: "
            f"{len(self.result.new_pairs)} new assignments, loads {spread}, "
            f"affinity {self.result.total_affinity:g}"
        )


def reviewable_candidates():
    """Dossiers with at least one submitted nomination not judged ineligible, of any cycle."""
    reviewable = Nomination.objects.filter(
        dossier=OuterRef("pk"), status=Nomination.Status.SUBMITTED
    ).exclude(eligibility=Nomination.Eligibility.INELIGIBLE)
    return Dossier.objects.filter(Exists(reviewable))


def candidates_for_review(cycle):
    """The cycle's reviewable candidates (`reviewable_candidates`), in candidate order."""
    return reviewable_candidates().filter(cycle=cycle).order_by("pk")


def _categories_matrix(lists: list[list[str]], *, empty_means_all: bool) -> np.ndarray:
    matrix = np.zeros((len(lists), len(CATEGORIES)), dtype=bool)
    for row, categories in enumerate(lists):
        for category in categories or (CATEGORIES if empty_means_all else []):
            if category in CATEGORIES:
                matrix[row, CATEGORIES.index(category)] = True
    return matrix


def plan_assignment(
    cycle, reviewers_per_candidate: int | None = None, *, only=None, stage: str = Stage.FIRST
) -> AssignmentPlan:
    """Compute (and do not write) the best assignment for `cycle`, or for the candidates with
    the dossier ids `only` (the others' assignments still count toward reviewers' capacity).

    `stage` chooses whom: the first stage assigns the cycle's reviewable candidates to its
    reviewers, `reviewers_per_candidate` each (the review settings' number by default); the
    finalist round assigns the finalists to the committee members, every member to every
    finalist by default.

    Conflicts are detected afresh; an existing assignment now in conflict is not kept (the
    commit ends it). For `only`, a reviewer once taken off one of those candidates is not
    offered again. Side effects: the cycle's ReviewSettings row is created if missing.
    """
    review_settings, _ = ReviewSettings.objects.get_or_create(cycle=cycle)
    conflicts = active_conflict_pairs(cycle)
    candidates = candidates_for_review(cycle)
    if stage == Stage.FINALIST:
        candidates = candidates.filter(finalist__cycle=cycle)
    if only is not None:
        candidates = candidates.filter(pk__in=list(only))
        removed = Assignment.objects.filter(dossier__in=candidates, removed_at__isnull=False)
        conflicts = np.concatenate(
            [
                conflicts.reshape(-1, 2),
                np.array(
                    list(removed.order_by().values_list("dossier_id", "enrolment_id")),
                    dtype=np.int64,
                ).reshape(-1, 2),
            ]
        )
    dossier_ids = np.fromiter(candidates.values_list("pk", flat=True), dtype=np.int64)
    enrolments = list(
        ReviewerEnrolment.objects.filter(
            cycle=cycle, stage=stage, status=ReviewerEnrolment.Status.ACTIVE
        )
        .order_by("pk")
        .values_list("pk", "capacity", "categories", "preferred_categories")
    )
    enrolment_ids = np.array([row[0] for row in enrolments], dtype=np.int64)
    if not reviewers_per_candidate:
        reviewers_per_candidate = (
            len(enrolments) if stage == Stage.FINALIST else review_settings.reviewers_per_candidate
        )

    def to_index(pairs: np.ndarray) -> np.ndarray:
        """Database ids to the solver's row numbers, dropping pairs outside the problem."""
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        rows = np.searchsorted(dossier_ids, pairs[:, 0]).clip(max=max(len(dossier_ids) - 1, 0))
        cols = np.searchsorted(enrolment_ids, pairs[:, 1]).clip(max=max(len(enrolment_ids) - 1, 0))
        if not len(dossier_ids) or not len(enrolment_ids):
            return np.empty((0, 2), dtype=np.int64)
        inside = (dossier_ids[rows] == pairs[:, 0]) & (enrolment_ids[cols] == pairs[:, 1])
        return np.column_stack([rows[inside], cols[inside]]).reshape(-1, 2)

    existing = live_assignment_rows(cycle, "dossier_id", "enrolment_id")
    existing = existing[~pairs_in(existing, conflicts)]
    capacity = np.array([row[1] for row in enrolments], dtype=np.int64)
    if only is not None and len(enrolment_ids):  # other candidates' load takes capacity too
        outside = existing[~np.isin(existing[:, 0], dossier_ids)]
        outside = outside[np.isin(outside[:, 1], enrolment_ids)]
        load = np.bincount(
            np.searchsorted(enrolment_ids, outside[:, 1]), minlength=len(enrolment_ids)
        )
        capacity = (capacity - load).clip(min=0)
    category = CATEGORIES.index(cycle.award.category)
    problem = AssignmentProblem(
        candidate_category=np.full(len(dossier_ids), category, dtype=np.int64),
        reviewer_capacity=capacity,
        reviewer_categories=_categories_matrix(
            [row[2] for row in enrolments], empty_means_all=True
        ),
        reviewer_preferred_categories=_categories_matrix(
            [row[3] for row in enrolments], empty_means_all=False
        ),
        category_names=[NomineeCategory(value).label.lower() for value in CATEGORIES],
        reviewers_per_candidate=reviewers_per_candidate,
        conflicts=to_index(conflicts),
        existing=to_index(existing),
    )
    result = solve_assignment(problem)
    return AssignmentPlan(
        cycle.pk, reviewers_per_candidate, dossier_ids, enrolment_ids, result, stage
    )


def commit_assignment(plan: AssignmentPlan, user, *, allow_partial: bool = False) -> int:
    """Write the plan's new assignments. Refuses an incomplete plan unless staff accept it.

    Pairs that became conflicted since planning are skipped, and live assignments now in conflict
    end. Side effects: Assignment rows in one transaction; audit events. Returns how many were
    written.
    """
    if user is not None:
        require(can_assign(user))
    if not plan.result.feasible and not allow_partial:
        raise AssignmentRefused(" ".join(plan.result.messages) or "The plan is incomplete.")
    cycle = Cycle.objects.get(pk=plan.cycle_id)
    with transaction.atomic():
        conflicts = active_conflict_pairs(cycle)
        end_conflicted_assignments(cycle, conflicts, user)
        live = live_assignment_rows(cycle, "dossier_id", "enrolment_id")
        new = np.array(plan.new_pairs, dtype=np.int64).reshape(-1, 2)
        new = new[~pairs_in(new, conflicts) & ~pairs_in(new, live)]
        _insert_assignments(new, user)
        audit(
            user,
            "review.assigned",
            cycle,
            added=len(new),
            reviewers_per_candidate=plan.reviewers_per_candidate,
            complete=bool(plan.result.feasible),
            **({"stage": plan.stage} if plan.stage != Stage.FIRST else {}),
        )
    return len(new)


def assign_replacements(dossier: Dossier, user) -> list[str]:
    """Give one candidate left short of reviewers (a conflict declared, a reviewer removed) the
    reviewers it lacks, chosen by the assignment solver for that candidate alone: categories,
    conflicts and capacity hold as for the whole cycle, and nobody taken off it comes back.

    Raises AssignmentRefused when no eligible reviewer has room. Side effects: Assignment rows
    and the audit events of `commit_assignment`; an audit event on the candidate naming the new
    reviewers. Returns their e-mail addresses.
    """
    require(can_assign(user))
    plan = plan_assignment(dossier.cycle, only=[dossier.pk])
    if not plan.new_pairs:
        if not len(plan.dossier_ids):
            raise AssignmentRefused("This candidate is not up for review.")
        if not plan.result.missing.any():
            raise AssignmentRefused("This candidate already has the reviewers it needs.")
        raise AssignmentRefused(
            "No eligible reviewer is free for this candidate: every active reviewer of its "
            "category is in conflict with it, already reviews it or is at capacity. Enrol "
            "another reviewer or raise a reviewer's capacity, then try again."
        )
    enrolment_ids = [enrolment_id for _, enrolment_id in plan.new_pairs]
    with transaction.atomic():
        commit_assignment(plan, user, allow_partial=True)
        audit(user, "review.replacement_assigned", dossier, enrolments=enrolment_ids)
    return list(
        ReviewerEnrolment.objects.filter(pk__in=enrolment_ids)
        .order_by("reviewer__email")
        .values_list("reviewer__email", flat=True)
    )


def _insert_assignments(pairs: np.ndarray, user) -> None:
    """Insert automatic assignments for (dossier id, enrolment id) rows in one statement.

    Raw SQL rather than bulk_create: building 30,000 model instances and their SQL costs seconds,
    and these rows need nothing from the model layer (no signals, no other defaults). PostgreSQL
    takes the ids as two arrays (one round trip); SQLite, in process, takes an executemany.
    """
    if not len(pairs):
        return
    table = connection.ops.quote_name(Assignment._meta.db_table)
    columns = "(dossier_id, enrolment_id, source, created_at, created_by_id)"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    source = Assignment.Source.AUTOMATIC.value
    created_by = getattr(user, "pk", None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} {columns} "  # noqa: S608 (names from the model, values bound)
                "SELECT d, e, %s, %s, %s FROM unnest(%s::bigint[], %s::bigint[]) AS u(d, e)",
                [source, now, created_by, pairs[:, 0].tolist(), pairs[:, 1].tolist()],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                [(int(d), int(e), source, now, created_by) for d, e in pairs],
            )
