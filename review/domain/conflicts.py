"""Conflicts of interest: detected from the data, declared by reviewers, recorded by staff.

Detected: the reviewer works at (or is tied to) the candidate's school, nominated the candidate,
or wrote a letter of support for them; a principal reviewing someone at their own school. A
shared e-mail domain is not a conflict: everyone in a district shares one. A letter a nominator
only asked of a reviewer is not one either (any nominator could take any reviewer off that way):
staff see it flagged (`letters_asked_of_reviewers`) and decide.

A review submitted before its conflict arose is never voided by the rules: the reviewer loses
access, the review keeps counting, and staff decide (end the assignment, or dismiss the
conflict), each decision audited.

Detected conflicts are computed from the data whenever they are needed, never stored: a cycle of
10,000 candidates and 1,000 reviewers tied to schools has half a million of them. Only what people
decide is stored as a Conflict row: a reviewer's declaration, a staff record, or staff dismissing
a detected conflict (a row with source "detected" and `dismissed_at` set). Each rule is written
once (`review.conflict_rules`) and applied two ways: here to a whole cycle, and by the reviewer
portal to one pair on every request (`review.queries.detected_conflict`), so a new letter or a
new school tie cuts access at once.
"""

from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone

from awards.models import Dossier, LetterRequest
from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_record_conflicts, require

from ..conflict_rules import RULES, Reason
from ..models import Assignment, Conflict, Review, ReviewerEnrolment
from ..queries import detected_conflict, recorded_conflict
from .aggregates import refresh_scores


class ConflictRefused(DomainError):
    """The conflict cannot be recorded or changed as asked; the message says why."""


REASON_TEXT = {
    Reason.PRINCIPAL: "Principal of the candidate's school",
    Reason.SCHOOL: "Works at or is tied to the candidate's school",
    Reason.NOMINATOR: "Nominated the candidate",
    Reason.LETTER: "Wrote a letter of support for the candidate",
}
REASON_SCHOOL = REASON_TEXT[Reason.SCHOOL]
REASON_PRINCIPAL = REASON_TEXT[Reason.PRINCIPAL]
REASON_NOMINATOR = REASON_TEXT[Reason.NOMINATOR]
REASON_LETTER = REASON_TEXT[Reason.LETTER]


@dataclass(frozen=True)
class DetectedConflicts:
    """Detected (dossier, enrolment) pairs, one row per pair, with the reason that applies."""

    dossier_ids: np.ndarray
    enrolment_ids: np.ndarray
    reasons: np.ndarray

    def __len__(self) -> int:
        return len(self.dossier_ids)

    def pairs(self) -> np.ndarray:
        return np.column_stack([self.dossier_ids, self.enrolment_ids]).reshape(-1, 2)

    def as_dict(self) -> dict[tuple[int, int], str]:
        return {
            (int(d), int(e)): REASON_TEXT[Reason(int(r))]
            for d, e, r in zip(self.dossier_ids, self.enrolment_ids, self.reasons, strict=True)
        }


def detect_conflicts(cycle, enrolment_ids=None) -> DetectedConflicts:
    """Every detectable conflict in `cycle` (optionally only for some enrolments), dismissed or
    not, by the rules of `review.conflict_rules`. Six queries whatever the size; pairs are formed
    by joins in numpy, not pair by pair.
    """
    ids = None if enrolment_ids is None else list(enrolment_ids)
    found = [rule.pairs(cycle.pk, ids) for rule in RULES]
    dossier_ids, enrolment_ids, reasons = (
        np.concatenate(part) for part in zip(*found, strict=True)
    )
    # One row per pair, the reason of highest precedence winning.
    order = np.lexsort((reasons, enrolment_ids, dossier_ids))
    dossier_ids, enrolment_ids, reasons = dossier_ids[order], enrolment_ids[order], reasons[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (dossier_ids[1:] != dossier_ids[:-1]) | (enrolment_ids[1:] != enrolment_ids[:-1])
    return DetectedConflicts(dossier_ids[first], enrolment_ids[first], reasons[first])


def find_conflicts(cycle) -> dict[tuple[int, int], str]:
    """Every detectable (dossier id, enrolment id) conflict in `cycle`, with its reason."""
    return detect_conflicts(cycle).as_dict()


def _recorded(cycle):
    return Conflict.objects.filter(enrolment__cycle=cycle)


def _keys(pairs: np.ndarray) -> np.ndarray:
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return (pairs[:, 0] << 32) | pairs[:, 1]


def active_conflict_pairs(cycle) -> np.ndarray:
    """(dossier id, enrolment id) rows that must never be assigned: detected and not dismissed,
    plus declared and staff-recorded ones still standing. Sorted, one row per pair."""
    detected = detect_conflicts(cycle).pairs()
    recorded = _recorded(cycle)
    dismissed = np.array(
        list(
            recorded.filter(
                source=Conflict.Source.DETECTED, dismissed_at__isnull=False
            ).values_list("dossier_id", "enrolment_id")
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    standing = np.array(
        list(
            recorded.exclude(source=Conflict.Source.DETECTED)
            .filter(dismissed_at__isnull=True)
            .values_list("dossier_id", "enrolment_id")
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    detected = detected[~pairs_in(detected, dismissed)]
    pairs = np.concatenate([detected, standing])
    keys = _keys(pairs)
    order = np.argsort(keys, kind="stable")
    first = np.ones(len(order), dtype=bool)
    first[1:] = keys[order][1:] != keys[order][:-1]
    return pairs[order[first]]


def pairs_in(pairs, among: np.ndarray) -> np.ndarray:
    """For each (dossier id, enrolment id) row of `pairs`, whether it is one of `among`'s rows.

    Sorts and binary-searches: at half a million rows this is several times faster than
    np.isin's hashing.
    """
    keys = _keys(pairs)
    among_keys = np.sort(_keys(among))
    if not len(among_keys):
        return np.zeros(len(keys), dtype=bool)
    slot = np.searchsorted(among_keys, keys).clip(max=len(among_keys) - 1)
    return among_keys[slot] == keys


def end_assignments(assignment_ids) -> int:
    """End assignments (the reviewer loses access at once); their reviews stop counting in
    rankings. The one place assignments end. Returns how many were live."""

    ids = [int(pk) for pk in assignment_ids]
    now = timezone.now()
    ended = 0
    reviewers = set()
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        ended += Assignment.objects.filter(pk__in=chunk, removed_at__isnull=True).update(
            removed_at=now
        )
        counted = Review.objects.filter(assignment_id__in=chunk, counted=True)
        reviewers |= set(counted.values_list("enrolment_id", flat=True))
        counted.update(counted=False)
    if reviewers:
        refresh_scores(reviewers)
    return ended


def live_assignment_rows(cycle, *fields: str) -> np.ndarray:
    """`fields` of the cycle's live (not removed) assignments as an int array, unordered: the
    model's default ordering would join and sort by cycle and reviewer e-mail."""
    rows = Assignment.objects.filter(enrolment__cycle=cycle, removed_at__isnull=True)
    return np.array(list(rows.order_by().values_list(*fields)), dtype=np.int64).reshape(
        -1, len(fields)
    )


def end_conflicted_assignments(cycle, conflicts: np.ndarray | None = None, user=None) -> int:
    """End every live assignment of `cycle` whose pair is now in conflict (a letter written or a
    school tie added after assigning) and whose review is not submitted. Access was already cut
    by the reviewer portal's own check; this keeps counts and re-assignment honest. A submitted
    review is left counting for staff to decide (`submitted_in_conflict`).

    Side effects: assignments ended; an audit event.
    """

    conflicts = active_conflict_pairs(cycle) if conflicts is None else conflicts
    live = live_assignment_rows(cycle, "pk", "dossier_id", "enrolment_id")
    conflicted = [int(pk) for pk in live[pairs_in(live[:, 1:], conflicts), 0]]
    submitted = set(
        Review.objects.filter(
            assignment_id__in=conflicted, status=Review.Status.SUBMITTED
        ).values_list("assignment_id", flat=True)
    )
    ending = [pk for pk in conflicted if pk not in submitted]
    end_assignments(ending)
    if ending:
        audit(user, "review.assignments_ended_by_conflict", cycle, ended=len(ending))
    return len(ending)


def submitted_in_conflict(cycle, dossier_ids=None) -> dict[tuple[int, int], int]:
    """Live assignments whose review was submitted and whose pair is now in conflict, as
    {(dossier id, enrolment id): assignment id}: reviews that still count until staff decide."""

    assignments = Assignment.objects.filter(
        enrolment__cycle=cycle,
        removed_at__isnull=True,
        review__status=Review.Status.SUBMITTED,
    ).filter(detected_conflict() | recorded_conflict())
    if dossier_ids is not None:
        assignments = assignments.filter(dossier_id__in=list(dossier_ids))
    return {
        (dossier_id, enrolment_id): pk
        for pk, dossier_id, enrolment_id in assignments.values_list(
            "pk", "dossier_id", "enrolment_id"
        )
    }


def letters_asked_of_reviewers(cycle, dossier_ids=None) -> dict[tuple[int, int], LetterRequest]:
    """Letters a nominator has asked of a reviewer enrolled in `cycle` and not yet received, as
    {(dossier id, enrolment id): the request}: not a conflict (the reviewer did nothing), but
    staff should know. Two queries."""
    # One person may be enrolled twice in a cycle (to review, and on the finalists' committee).
    by_email: dict[str, list[int]] = {}
    for pk, email in ReviewerEnrolment.objects.filter(cycle=cycle).values_list(
        "pk", "reviewer__email"
    ):
        by_email.setdefault(email.lower(), []).append(pk)
    letters = (
        LetterRequest.objects.filter(
            nomination__cycle=cycle,
            nomination__dossier__isnull=False,
            status=LetterRequest.Status.REQUESTED,
        )
        .select_related("nomination")
        .only("writer_email", "requested_at", "nomination__dossier_id")
        .order_by("requested_at", "pk")
    )
    if dossier_ids is not None:
        letters = letters.filter(nomination__dossier_id__in=list(dossier_ids))
    asked: dict[tuple[int, int], LetterRequest] = {}
    for letter in letters:
        dossier_id = letter.nomination.dossier_id
        if dossier_id is None:  # filtered out above; says so to the type checker
            continue
        for enrolment_id in by_email.get(letter.writer_email.lower(), ()):
            asked.setdefault((dossier_id, enrolment_id), letter)
    return asked


def declare_conflict(enrolment: ReviewerEnrolment, dossier: Dossier, reason: str, user):
    """A reviewer (for themselves) or staff record a conflict; the reviewer loses access at once.

    Recorded by staff, any live assignment of the pair ends (their decision). Declared by the
    reviewer, it ends too, unless their review was already submitted: that review keeps
    counting until staff decide. Side effects: a Conflict row, the assignment ended (or kept),
    an audit event saying which. Raises PermissionDenied, or ConflictRefused without a reason.
    """

    is_self = enrolment.reviewer_id == getattr(user, "pk", None)
    require(is_self or can_record_conflicts(user))
    if not reason.strip():
        raise ConflictRefused("Give a reason for the conflict.")
    with transaction.atomic():
        live = Assignment.objects.filter(
            enrolment=enrolment, dossier=dossier, removed_at__isnull=True
        )
        keep = is_self and live.filter(review__status=Review.Status.SUBMITTED).exists()
        ended = [] if keep else list(live.values_list("pk", flat=True))
        end_assignments(ended)
        conflict = Conflict.objects.create(
            enrolment=enrolment,
            dossier=dossier,
            source=Conflict.Source.DECLARED if is_self else Conflict.Source.STAFF,
            reason=reason.strip()[:300],
            created_by=user,
            ended_assignment_id=ended[0] if ended else None,
        )
        audit(
            user,
            "review.conflict_recorded",
            dossier,
            enrolment=enrolment.pk,
            source=conflict.source,
            submitted_review_kept=keep,
        )
    return conflict


class ConflictUndoRefused(ConflictRefused):
    """Why staff cannot give a candidate back to a reviewer; nothing was changed."""


def _ended_assignment(conflict: Conflict) -> Assignment | None:
    if conflict.ended_assignment_id:
        return Assignment.objects.filter(pk=conflict.ended_assignment_id).first()
    # Declared before the conflict kept the assignment it ended: the pair's assignment that
    # ended when (or after) the declaration was made.
    return (
        Assignment.objects.filter(
            enrolment_id=conflict.enrolment_id,
            dossier_id=conflict.dossier_id,
            removed_at__gte=conflict.created_at,
        )
        .order_by("removed_at")
        .first()
    )


def undo_declared_conflict(conflict: Conflict, user) -> Assignment | None:
    """Staff take back a conflict a reviewer declared by mistake: the reviewer gets the candidate
    back, with the draft they had.

    Refuses (ConflictUndoRefused) when the pair could not be reviewed anyway: another conflict
    stands for it (detected or recorded), the reviewer has withdrawn, or the pair has another live
    assignment. Side effects: the declaration dismissed; the assignment it ended live again (its
    review counting again if it was submitted); an audit event. Returns the restored assignment,
    or None when the declaration had ended none (a submitted review kept its assignment).
    """

    require(can_record_conflicts(user))
    with transaction.atomic():
        conflict = (
            Conflict.objects.select_for_update()
            .select_related("enrolment", "dossier")
            .get(pk=conflict.pk)
        )
        if conflict.source != Conflict.Source.DECLARED or conflict.dismissed_at is not None:
            raise ConflictUndoRefused("Only a declared conflict still in force can be undone.")
        if conflict.enrolment.status == ReviewerEnrolment.Status.WITHDRAWN:
            raise ConflictUndoRefused("The reviewer has withdrawn from this cycle.")
        pair = Assignment.objects.filter(
            enrolment_id=conflict.enrolment_id, dossier_id=conflict.dossier_id
        )
        other_recorded = (
            Conflict.objects.filter(
                enrolment_id=conflict.enrolment_id,
                dossier_id=conflict.dossier_id,
                dismissed_at__isnull=True,
            )
            .exclude(source=Conflict.Source.DETECTED)
            .exclude(pk=conflict.pk)
        )
        found = detect_conflicts(conflict.enrolment.cycle, enrolment_ids=[conflict.enrolment_id])
        detected = (conflict.dossier_id, conflict.enrolment_id) in found.as_dict()
        dismissed = Conflict.objects.filter(
            enrolment_id=conflict.enrolment_id,
            dossier_id=conflict.dossier_id,
            source=Conflict.Source.DETECTED,
            dismissed_at__isnull=False,
        ).exists()
        if other_recorded.exists() or (detected and not dismissed):
            raise ConflictUndoRefused(
                "Another conflict stands for this reviewer and candidate: deal with it first."
            )
        assignment = _ended_assignment(conflict)
        restored = None
        if assignment is not None and assignment.removed_at is not None:
            if pair.filter(removed_at__isnull=True).exists():
                raise ConflictUndoRefused("The reviewer is already assigned this candidate.")
            assignment.removed_at = None
            assignment.save(update_fields=["removed_at"])
            restored = assignment
            counted = Review.objects.filter(
                assignment=assignment, status=Review.Status.SUBMITTED, total__isnull=False
            ).update(counted=True)
            if counted:
                refresh_scores({conflict.enrolment_id})
        conflict.dismissed_at = timezone.now()
        conflict.dismissed_by = user
        conflict.save(update_fields=["dismissed_at", "dismissed_by"])
        audit(
            user,
            "review.conflict_undone",
            conflict.dossier,
            conflict=conflict.pk,
            enrolment=conflict.enrolment_id,
            assignment_restored=restored.pk if restored else None,
        )
    return restored


def dismiss_conflict(conflict: Conflict, user) -> None:
    """Staff dismiss a recorded conflict; the pair may then be assigned."""

    require(can_record_conflicts(user))
    with transaction.atomic():
        conflict.dismissed_at = timezone.now()
        conflict.dismissed_by = user
        conflict.save(update_fields=["dismissed_at", "dismissed_by"])
        audit(user, "review.conflict_dismissed", conflict.dossier, conflict=conflict.pk)


def dismiss_detected_conflict(enrolment: ReviewerEnrolment, dossier: Dossier, user) -> Conflict:
    """Staff judge a detected conflict false: the pair may be assigned and reviewed.

    Side effects: a dismissal row (source "detected", with the reason it was detected for);
    an audit event. Refuses (ConflictRefused) a pair that has no detected conflict.
    """

    require(can_record_conflicts(user))
    found = detect_conflicts(enrolment.cycle, enrolment_ids=[enrolment.pk]).as_dict()
    reason = found.get((dossier.pk, enrolment.pk))
    if reason is None:
        raise ConflictRefused("No conflict is detected for this reviewer and candidate.")
    with transaction.atomic():
        conflict, _ = Conflict.objects.update_or_create(
            enrolment=enrolment,
            dossier=dossier,
            source=Conflict.Source.DETECTED,
            defaults={
                "reason": reason,
                "created_by": user,
                "dismissed_at": timezone.now(),
                "dismissed_by": user,
            },
        )
        audit(user, "review.conflict_dismissed", dossier, enrolment=enrolment.pk, detected=reason)
    return conflict


def restore_detected_conflict(conflict: Conflict, user) -> None:
    """Staff take back a dismissal: the detected conflict applies again and any live assignment
    of the pair ends. Side effects: the dismissal row removed; an audit event."""

    require(can_record_conflicts(user) and conflict.source == Conflict.Source.DETECTED)
    found = detect_conflicts(conflict.enrolment.cycle, enrolment_ids=[conflict.enrolment_id])
    still_detected = (conflict.dossier_id, conflict.enrolment_id) in found.as_dict()
    with transaction.atomic():
        if still_detected:
            end_assignments(
                Assignment.objects.filter(
                    enrolment_id=conflict.enrolment_id,
                    dossier_id=conflict.dossier_id,
                    removed_at__isnull=True,
                ).values_list("pk", flat=True)
            )
        audit(
            user,
            "review.conflict_restored",
            conflict.dossier,
            enrolment=conflict.enrolment_id,
            reason=conflict.reason,
        )
        conflict.delete()
