"""Conflicts of interest: detected from the data, declared by reviewers, recorded by staff.

Detected: the reviewer works at (or is tied to) the candidate's school, nominated the candidate,
or wrote a letter of support for them; a principal reviewing someone at their own school. A
shared e-mail domain is not a conflict: everyone in a district shares one.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from awards.models import Dossier, LetterRequest, Nomination
from portal.models import audit

from ..models import Conflict, ReviewerEnrolment

REASON_SCHOOL = "Works at or is tied to the candidate's school"
REASON_PRINCIPAL = "Principal of the candidate's school"
REASON_NOMINATOR = "Nominated the candidate"
REASON_LETTER = "Wrote a letter of support for the candidate"


def find_conflicts(cycle) -> dict[tuple[int, int], str]:
    """Every detectable (dossier id, enrolment id) conflict in `cycle`, with its reason.

    A handful of queries whatever the size: rows are grouped in Python by school, nominator
    and letter writer rather than compared pair by pair.
    """
    enrolments = ReviewerEnrolment.objects.filter(cycle=cycle).exclude(
        status=ReviewerEnrolment.Status.WITHDRAWN
    )
    by_school = defaultdict(list)
    for enrolment_id, school_id, is_principal in enrolments.filter(
        schools__isnull=False
    ).values_list("pk", "schools", "is_principal"):
        by_school[school_id].append((enrolment_id, is_principal))
    by_user = dict(enrolments.values_list("reviewer_id", "pk"))
    by_email = {email.lower(): pk for pk, email in enrolments.values_list("pk", "reviewer__email")}

    found: dict[tuple[int, int], str] = {}
    nominations = Nomination.objects.filter(
        cycle=cycle, status=Nomination.Status.SUBMITTED, dossier__isnull=False
    ).values_list("dossier_id", "school_id", "nominator_id")
    for dossier_id, school_id, nominator_id in nominations:
        for enrolment_id, is_principal in by_school.get(school_id, ()):
            found.setdefault(
                (dossier_id, enrolment_id), REASON_PRINCIPAL if is_principal else REASON_SCHOOL
            )
        if nominator_id in by_user:
            found.setdefault((dossier_id, by_user[nominator_id]), REASON_NOMINATOR)
    letters = LetterRequest.objects.filter(
        nomination__cycle=cycle,
        nomination__dossier__isnull=False,
    ).exclude(status=LetterRequest.Status.CANCELLED)
    for dossier_id, email in letters.values_list("nomination__dossier_id", "writer_email"):
        enrolment_id = by_email.get(email.lower())
        if enrolment_id:
            found.setdefault((dossier_id, enrolment_id), REASON_LETTER)
    return found


def sync_detected_conflicts(cycle) -> int:
    """Record newly detected conflicts; dismissed ones stay dismissed. Returns how many were
    added. Side effects: Conflict rows; one audit event for the batch."""
    found = find_conflicts(cycle)
    existing = set(
        Conflict.objects.filter(
            enrolment__cycle=cycle, source=Conflict.Source.DETECTED
        ).values_list("dossier_id", "enrolment_id")
    )
    new = [
        Conflict(dossier_id=d, enrolment_id=e, source=Conflict.Source.DETECTED, reason=reason)
        for (d, e), reason in sorted(found.items())
        if (d, e) not in existing
    ]
    with transaction.atomic():
        Conflict.objects.bulk_create(new, batch_size=2000)
        _end_assignments({(c.dossier_id, c.enrolment_id) for c in new})
        if new:
            audit(None, "review.conflicts_detected", cycle, added=len(new))
    return len(new)


def _end_assignments(pairs: set[tuple[int, int]]) -> None:
    """A conflicted reviewer loses the candidate at once (their next request sees nothing).

    Compares with the live assignments of the reviewers concerned rather than building one
    condition per pair, so a large batch of new conflicts costs two queries.
    """
    from ..models import Assignment

    if not pairs:
        return
    enrolment_ids = {enrolment_id for _, enrolment_id in pairs}
    live = Assignment.objects.filter(
        enrolment_id__in=enrolment_ids, removed_at__isnull=True
    ).values_list("pk", "dossier_id", "enrolment_id")
    ending = [pk for pk, dossier_id, enrolment_id in live if (dossier_id, enrolment_id) in pairs]
    for start in range(0, len(ending), 5000):
        Assignment.objects.filter(pk__in=ending[start : start + 5000]).update(
            removed_at=timezone.now()
        )


def active_conflict_pairs(cycle) -> set[tuple[int, int]]:
    """(dossier id, enrolment id) pairs that must never be assigned."""
    return set(
        Conflict.objects.filter(enrolment__cycle=cycle, dismissed_at__isnull=True).values_list(
            "dossier_id", "enrolment_id"
        )
    )


def declare_conflict(enrolment: ReviewerEnrolment, dossier: Dossier, reason: str, user):
    """A reviewer (for themselves) or staff record a conflict. Any live assignment of the pair
    ends at once. Side effects: a Conflict row, assignment removed, an audit event."""
    from awards.queries import is_staff

    is_self = enrolment.reviewer_id == getattr(user, "pk", None)
    if not (is_self or is_staff(user)):
        raise PermissionDenied
    if not reason.strip():
        raise ValueError("Give a reason for the conflict.")
    with transaction.atomic():
        conflict = Conflict.objects.create(
            enrolment=enrolment,
            dossier=dossier,
            source=Conflict.Source.DECLARED if is_self else Conflict.Source.STAFF,
            reason=reason.strip()[:300],
            created_by=user,
        )
        _end_assignments({(dossier.pk, enrolment.pk)})
        audit(
            user,
            "review.conflict_recorded",
            dossier,
            enrolment=enrolment.pk,
            source=conflict.source,
        )
    return conflict


def dismiss_conflict(conflict: Conflict, user) -> None:
    """Staff dismiss a false detected conflict; the pair may then be assigned."""
    from awards.queries import is_staff

    if not is_staff(user):
        raise PermissionDenied
    with transaction.atomic():
        conflict.dismissed_at = timezone.now()
        conflict.dismissed_by = user
        conflict.save(update_fields=["dismissed_at", "dismissed_by"])
        audit(user, "review.conflict_dismissed", conflict.dossier, conflict=conflict.pk)


def is_conflicted(enrolment: ReviewerEnrolment, dossier: Dossier) -> bool:
    return Conflict.objects.filter(
        enrolment=enrolment, dossier=dossier, dismissed_at__isnull=True
    ).exists()
