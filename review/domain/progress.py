"""Staff oversight of a cycle's review: completion per reviewer and per candidate, reminders, and
assignments changed by hand."""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from awards.models import Dossier
from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_assign, can_manage_assignments, require

from ..models import (
    Assignment,
    OutgoingMessage,
    Review,
    ReviewerEnrolment,
    ReviewReminder,
    ReviewSettings,
    Stage,
)
from .assignment import candidates_for_review, reviewable_candidates
from .conflicts import active_conflict_pairs, end_assignments, pairs_in
from .ranking import reviews_required
from .reminders import REVIEW, send_review_reminder

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

SUBMITTED = Q(assignments__removed_at__isnull=True) & Q(
    assignments__review__status=Review.Status.SUBMITTED
)


class AssignmentChangeRefused(DomainError):
    """A manual change that would break a rule; the message says which."""


class ReviewerCounts(TypedDict):
    assigned: int
    submitted: int
    drafts: int
    by_staff: datetime | None
    by_itself: datetime | None
    last_reminded: datetime | None


def reviewer_progress(cycle) -> "QuerySet[WithAnnotations[ReviewerEnrolment, ReviewerCounts]]":
    """Enrolments with `assigned`, `submitted`, `drafts` and `last_reminded` (one query): the
    later of staff's last reminder and the last reminder that went out by itself (one e-mail
    to a reviewer covers every cycle they have work left in, so it counts for each)."""
    live = Q(assignments__removed_at__isnull=True)
    automatic = (
        OutgoingMessage.objects.filter(
            kind=REVIEW, to=OuterRef("reviewer__email"), status=OutgoingMessage.Status.SENT
        )
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    return (
        ReviewerEnrolment.objects.filter(cycle=cycle, stage=Stage.FIRST)
        .select_related("reviewer")
        .annotate(
            assigned=Count("assignments", filter=live, distinct=True),
            submitted=Count("assignments", filter=SUBMITTED, distinct=True),
            drafts=Count(
                "assignments",
                filter=live & Q(assignments__review__status=Review.Status.DRAFT),
                distinct=True,
            ),
            by_staff=Max("reminders__sent_at"),
            by_itself=Subquery(automatic),
            # Greatest() is NULL on SQLite when either is: the later of the two, or the one.
            last_reminded=Case(
                When(by_itself__isnull=True, then=F("by_staff")),
                When(by_staff__isnull=True, then=F("by_itself")),
                When(by_itself__gt=F("by_staff"), then=F("by_itself")),
                default=F("by_staff"),
            ),
        )
        .order_by("reviewer__email")
    )


def candidate_progress(cycle) -> QuerySet[Dossier]:
    """Candidates with `assigned` and `submitted` counts, least complete first."""
    live = Q(assignments__removed_at__isnull=True)
    return (
        Dossier.objects.filter(cycle=cycle, assignments__isnull=False)
        .annotate(
            assigned=Count("assignments", filter=live, distinct=True),
            submitted=Count(
                "assignments",
                filter=live & Q(assignments__review__status=Review.Status.SUBMITTED),
                distinct=True,
            ),
        )
        .distinct()
        .order_by("submitted", "pk")
    )


@dataclass(frozen=True)
class Coverage:
    """How far a cycle's review has come, counted against what each candidate needs: `needed`
    is candidates x reviews required; `done` counts each candidate's submitted reviews up to
    what it needs (a fourth review does not make up for another candidate's missing one)."""

    candidates: int
    required: int
    done: int
    short: int

    @property
    def needed(self) -> int:
        return self.candidates * self.required

    @property
    def percent(self) -> int:
        """Whole percent, rounded down: 100 only when every review needed is in."""
        return 100 * self.done // self.needed if self.needed else 0


def _count_of(assignments: QuerySet[Assignment]) -> Coalesce:
    """A candidate's count of these assignments, as a subquery (no join multiplies rows)."""
    counted = (
        assignments.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class CandidateCounts(TypedDict):
    reviewers: int
    submitted: int


def _with_review_counts(
    dossiers: QuerySet[Dossier],
) -> "QuerySet[WithAnnotations[Dossier, CandidateCounts]]":
    live = Assignment.objects.filter(removed_at__isnull=True, enrolment__stage=Stage.FIRST)
    return dossiers.alias(
        reviewers=_count_of(live),
        submitted=_count_of(live.filter(review__status=Review.Status.SUBMITTED)),
    )


def short_of_reviewers(cycle) -> "QuerySet[WithAnnotations[Dossier, CandidateCounts]]":
    """Reviewable candidates with fewer live reviewers than the cycle asks for (a reviewer
    declared a conflict or was removed, or assignment has not run), in candidate order, with
    `reviewers` and `submitted` (their submitted reviews)."""
    return (
        # Selecting the aliases by their own names is Django's way to promote an alias, which
        # django-stubs reads as annotating a name twice (typeddjango/django-stubs#2818).
        _with_review_counts(candidates_for_review(cycle))  # type: ignore[no-redef]
        .filter(reviewers__lt=reviews_required(cycle))
        .annotate(reviewers=F("reviewers"), submitted=F("submitted"))
    )


def coverage_by_cycle(cycles) -> dict[int, Coverage]:
    """The review coverage (see `Coverage`) of each of `cycles` (Cycle objects, their review
    settings best read with them), in one query whatever their number. Side effects: none."""
    cycles = list(cycles)
    required = Coalesce(
        F("cycle__review_settings__reviewers_per_candidate"),
        Value(ReviewSettings._meta.get_field("reviewers_per_candidate").default),
        output_field=IntegerField(),
    )
    totals = {
        row["cycle"]: row
        for row in _with_review_counts(
            reviewable_candidates().filter(cycle__in=[cycle.pk for cycle in cycles])
        )
        .alias(required=required)
        .values("cycle")
        .annotate(
            candidates=Count("pk"),
            done=Coalesce(Sum(Least("submitted", "required")), 0),
            short=Count("pk", filter=Q(reviewers__lt=F("required"))),
        )
        .order_by()
    }
    coverage = {}
    for cycle in cycles:
        row = totals.get(cycle.pk, {"candidates": 0, "done": 0, "short": 0})
        coverage[cycle.pk] = Coverage(
            row["candidates"], reviews_required(cycle), row["done"], row["short"]
        )
    return coverage


def review_coverage(cycle) -> Coverage:
    """One cycle's review coverage (see `Coverage`)."""
    return coverage_by_cycle([cycle])[cycle.pk]


def send_reminders(cycle, user) -> int:
    """Remind every active reviewer with outstanding reviews, once per reminder.

    Side effects: a ReviewReminder row per reviewer; e-mails through the task queue after the
    transaction commits; an audit event. Returns how many reminders were queued.
    """
    require(can_manage_assignments(user))
    with transaction.atomic():
        reminders = [
            ReviewReminder(
                enrolment=enrolment,
                outstanding=enrolment.assigned - enrolment.submitted,
                created_by=user,
            )
            for enrolment in reviewer_progress(cycle).filter(status=ReviewerEnrolment.Status.ACTIVE)
            if enrolment.assigned > enrolment.submitted
        ]
        ReviewReminder.objects.bulk_create(reminders)
        ids = [reminder.pk for reminder in reminders]
        transaction.on_commit(lambda: [send_review_reminder.enqueue(pk) for pk in ids])
        audit(user, "review.reminders_sent", cycle, reminders=len(ids))
    return len(ids)


def _check_pair(enrolment: ReviewerEnrolment, dossier: Dossier) -> None:
    if enrolment.cycle_id != dossier.cycle_id:
        raise AssignmentChangeRefused("The reviewer is not enrolled in this candidate's cycle.")
    if enrolment.status != ReviewerEnrolment.Status.ACTIVE:
        raise AssignmentChangeRefused(f"{enrolment.reviewer} is not an active reviewer.")
    category = enrolment.cycle.award.category
    if enrolment.categories and category not in enrolment.categories:
        raise AssignmentChangeRefused(f"{enrolment.reviewer} does not review this category.")
    if pairs_in([(dossier.pk, enrolment.pk)], active_conflict_pairs(enrolment.cycle))[0]:
        raise AssignmentChangeRefused(
            f"{enrolment.reviewer} has a conflict of interest with this candidate."
        )
    if Assignment.objects.filter(
        dossier=dossier, enrolment=enrolment, removed_at__isnull=True
    ).exists():
        raise AssignmentChangeRefused(f"{enrolment.reviewer} already reviews this candidate.")


def add_assignment(dossier: Dossier, enrolment: ReviewerEnrolment, user) -> Assignment:
    """Staff assign a reviewer by hand. Conflicts, categories and status are enforced; going
    over capacity is allowed (staff decide) and noted in the audit event.

    Side effects: an Assignment row (source "manual"); an audit event.
    """
    require(can_assign(user))
    with transaction.atomic():
        enrolment = ReviewerEnrolment.objects.select_for_update().get(pk=enrolment.pk)
        _check_pair(enrolment, dossier)
        load = enrolment.assignments.filter(removed_at__isnull=True).count()
        assignment = Assignment.objects.create(
            dossier=dossier, enrolment=enrolment, source=Assignment.Source.MANUAL, created_by=user
        )
        audit(
            user,
            "review.assignment_added",
            dossier,
            enrolment=enrolment.pk,
            over_capacity=load >= enrolment.capacity,
        )
    return assignment


def remove_assignment(assignment: Assignment, user) -> None:
    """Staff take a reviewer off a candidate; the reviewer loses access on their next request.
    A review already written is kept (and stops counting). Side effects: the assignment ends;
    an audit event."""
    require(can_manage_assignments(user))
    with transaction.atomic():
        updated = end_assignments([assignment.pk])
        if updated:
            audit(
                user,
                "review.assignment_removed",
                assignment.dossier,
                enrolment=assignment.enrolment_id,
            )


def swap_assignment(assignment: Assignment, replacement: ReviewerEnrolment, user) -> Assignment:
    """Staff replace one reviewer of a candidate with another, all or nothing."""
    require(can_assign(user))
    with transaction.atomic():
        remove_assignment(assignment, user)
        return add_assignment(assignment.dossier, replacement, user)
