"""Staff oversight of a cycle's review: completion per reviewer and per candidate, reminders, and
assignments changed by hand."""

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet

from awards.models import Dossier
from awards.queries import require_staff
from portal.models import audit

from ..models import Assignment, Review, ReviewerEnrolment, ReviewReminder
from .conflicts import active_conflict_pairs, end_assignments, pairs_in

SUBMITTED = Q(assignments__removed_at__isnull=True) & Q(
    assignments__review__status=Review.Status.SUBMITTED
)


class AssignmentChangeRefused(Exception):
    """A manual change that would break a rule; the message says which."""


def reviewer_progress(cycle) -> QuerySet[ReviewerEnrolment]:
    """Enrolments with `assigned`, `submitted`, `drafts` and `last_reminded` (one query)."""
    live = Q(assignments__removed_at__isnull=True)
    return (
        ReviewerEnrolment.objects.filter(cycle=cycle)
        .select_related("reviewer")
        .annotate(
            assigned=Count("assignments", filter=live, distinct=True),
            submitted=Count("assignments", filter=SUBMITTED, distinct=True),
            drafts=Count(
                "assignments",
                filter=live & Q(assignments__review__status=Review.Status.DRAFT),
                distinct=True,
            ),
            last_reminded=Max("reminders__sent_at"),
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


def send_reminders(cycle, user) -> int:
    """Remind every active reviewer with outstanding reviews, once per reminder.

    Side effects: a ReviewReminder row per reviewer; e-mails through the task queue after the
    transaction commits; an audit event. Returns how many reminders were queued.
    """
    from ..tasks import send_review_reminder

    require_staff(user)
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
    require_staff(user)
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
    require_staff(user)
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
    require_staff(user)
    with transaction.atomic():
        remove_assignment(assignment, user)
        return add_assignment(assignment.dossier, replacement, user)
