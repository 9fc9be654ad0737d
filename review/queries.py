"""What a reviewer may see: only live, released, conflict-free assignments of their own."""

import operator
from functools import cache, reduce

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from awards.models import Cycle, Nomination
from portal.permissions import can_read_message_log

from .conflict_rules import RULES
from .models import Assignment, Conflict, OutgoingMessage, ReviewerEnrolment, Stage


@cache
def detected_conflict(enrolment_ref: str = "enrolment", dossier_ref: str = "dossier") -> Q:
    """Whether any rule of `review.conflict_rules` detects a conflict for the (enrolment,
    dossier) pair, less the pairs staff dismissed.

    Built once per pair of references (it is asked on every reviewer request): a query copies
    the condition's subqueries when it uses them, so one condition serves every query."""
    detected = reduce(operator.or_, (rule.holds(enrolment_ref, dossier_ref) for rule in RULES))
    dismissed = Conflict.objects.filter(
        enrolment=OuterRef(enrolment_ref),
        dossier=OuterRef(dossier_ref),
        source=Conflict.Source.DETECTED,
        dismissed_at__isnull=False,
    )
    return Q(detected, ~Exists(dismissed))


def recorded_conflict(enrolment_ref: str = "enrolment", dossier_ref: str = "dossier") -> Q:
    """A declared or staff-recorded conflict still standing for the pair."""
    return Q(
        Exists(
            Conflict.objects.filter(
                enrolment=OuterRef(enrolment_ref),
                dossier=OuterRef(dossier_ref),
                dismissed_at__isnull=True,
            ).exclude(source=Conflict.Source.DETECTED)
        )
    )


def assignments_for(user, now=None) -> QuerySet[Assignment]:
    """The user's assignments a reviewer may open now; none for anyone else (deny by default).

    Removed assignments, enrolments not active (withdrawn), assignments not yet released and any
    pair with a conflict (detected from the data now, declared or recorded) are excluded, so
    taking a reviewer off, or a letter they write, cuts access on the next request. The first
    stage is released at the review settings' release time; a committee member's finalist is
    released by assigning it.
    """
    if not user.is_authenticated or not user.is_active:
        return Assignment.objects.none()
    now = now or timezone.now()
    return (
        Assignment.objects.filter(
            enrolment__reviewer=user,
            enrolment__status=ReviewerEnrolment.Status.ACTIVE,
            removed_at__isnull=True,
        )
        .filter(
            Q(enrolment__stage=Stage.FINALIST)
            | Q(enrolment__cycle__review_settings__release_at__lte=now)
        )
        .exclude(detected_conflict())
        .exclude(recorded_conflict())
        .select_related("dossier", "enrolment__cycle__award", "enrolment__cycle__review_settings")
    )


def live_enrolments(user) -> QuerySet[ReviewerEnrolment]:
    """The user's reviewer enrolments still in force: invited or active, in a cycle not closed.
    None for anyone signed out or deactivated."""
    if not user.is_authenticated or not user.is_active:
        return ReviewerEnrolment.objects.none()
    return (
        ReviewerEnrolment.objects.filter(reviewer=user)
        .exclude(status=ReviewerEnrolment.Status.WITHDRAWN)
        .exclude(cycle__status=Cycle.Status.CLOSED)
    )


def reviews_now(user) -> bool:
    """Whether the user has any live reviewer enrolment (their reviews are where they work)."""
    return live_enrolments(user).exists()


def candidate_labels(dossier_ids) -> dict[int, str]:
    """Staff-facing names of candidates: nominee, role and school of the first nomination."""
    labels: dict[int, str] = {}
    for dossier_id, first, last, school in (
        Nomination.objects.filter(dossier_id__in=list(dossier_ids))
        .order_by("dossier_id", "submitted_at", "pk")
        .values_list("dossier_id", "nominee_first_name", "nominee_last_name", "school__name")
    ):
        labels.setdefault(dossier_id, f"{first} {last} ({school or 'no school'})")
    return labels


def messages_visible_to(user) -> QuerySet[OutgoingMessage]:
    """The message log: every e-mail for staff who may view it, nothing for anyone else."""
    if not can_read_message_log(user):
        return OutgoingMessage.objects.none()
    return OutgoingMessage.objects.select_related("cycle__award")
