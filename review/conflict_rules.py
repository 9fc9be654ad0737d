"""The rules that detect a conflict of interest, each written once.

A reviewer's enrolment (not withdrawn) conflicts with a candidate of the same cycle when the
reviewer is tied to the school of one of the candidate's submitted nominations (a principal for a
reason of their own), nominated the candidate, or wrote one of their letters of support (the
e-mail addresses compared without regard to case).

Each rule is a key that rows on both sides share: a school, a user, an e-mail address. It is
written as two querysets, the candidate's rows and the reviewer's rows, each with its key; a
candidate and a reviewer conflict when they have rows with the same key. From those two
querysets the rule is applied two ways:

- `Rule.pairs`: every pair of a cycle, for the assignment planner. The database reads each side's
  rows (thousands) and numpy forms the pairs: a cycle of 10,000 candidates and 1,000 reviewers tied
  to schools has half a million of them, which take several times longer to form in SQL and read
  back than their keys do.
- `Rule.holds`: a SQL condition on one (enrolment, dossier) pair, for the reviewer portal, so a
  new letter or a new school tie cuts access on the next request.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from django.db.models import (
    Case,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Lower

from awards.models import LetterRequest, Nomination

from .models import ReviewerEnrolment


class Reason(IntEnum):
    """Detected reasons, in order of precedence when a pair has several."""

    PRINCIPAL = 1
    SCHOOL = 2
    NOMINATOR = 3
    LETTER = 4


def _join(left_keys: np.ndarray, right_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (left index, right index) whose keys are equal: a sort-merge join in numpy."""
    order = np.argsort(right_keys, kind="stable")
    sorted_keys = right_keys[order]
    low = np.searchsorted(sorted_keys, left_keys, side="left")
    counts = np.searchsorted(sorted_keys, left_keys, side="right") - low
    total = int(counts.sum())
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    within = np.arange(total, dtype=np.int64) - offsets
    left = np.repeat(np.arange(len(left_keys), dtype=np.int64), counts)
    return left, order[np.repeat(low, counts) + within]


@dataclass(frozen=True)
class Rule:
    """A candidate and a reviewer of one cycle conflict when they have rows with the same key.

    `candidate_rows` are annotated `conflict_dossier`, `conflict_cycle` and `conflict_key`,
    `reviewer_rows` `conflict_enrolment`, `conflict_cycle` and `conflict_key`; `reason` is the
    reason of a pair, an expression over the reviewer's row.
    """

    candidate_rows: Callable[[], QuerySet]
    reviewer_rows: Callable[[], QuerySet]
    reason: Callable[[], Expression]

    def pairs(
        self, cycle_id: int, enrolment_ids: Iterable[int] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(dossier ids, enrolment ids, reasons) of the rule's pairs in a cycle, optionally only
        for some enrolments; a pair may repeat. Two queries, whatever the size."""
        candidates = self.candidate_rows().filter(conflict_cycle=cycle_id).order_by()
        reviewers = self.reviewer_rows().filter(conflict_cycle=cycle_id).order_by()
        if enrolment_ids is not None:
            reviewers = reviewers.filter(conflict_enrolment__in=list(enrolment_ids))
        candidate_rows = list(candidates.values_list("conflict_dossier", "conflict_key"))
        reviewer_rows = list(
            reviewers.annotate(conflict_reason=self.reason()).values_list(
                "conflict_enrolment", "conflict_key", "conflict_reason"
            )
        )
        if not candidate_rows or not reviewer_rows:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty, empty.astype(np.int8)
        dossier_ids, candidate_keys = zip(*candidate_rows, strict=True)
        enrolment_ids, reviewer_keys, reasons = zip(*reviewer_rows, strict=True)
        # Keys (ids or e-mail addresses) numbered in order of appearance, so any kind joins alike.
        numbers: dict = {}
        codes = np.fromiter(
            (numbers.setdefault(key, len(numbers)) for key in candidate_keys + reviewer_keys),
            dtype=np.int64,
            count=len(candidate_keys) + len(reviewer_keys),
        )
        left, right = _join(codes[: len(candidate_keys)], codes[len(candidate_keys) :])
        return (
            np.array(dossier_ids, dtype=np.int64)[left],
            np.array(enrolment_ids, dtype=np.int64)[right],
            np.array(reasons, dtype=np.int8)[right],
        )

    def holds(self, enrolment_ref: str, dossier_ref: str) -> Exists:
        """Whether the rule holds for the outer query's (enrolment, dossier) pair, in SQL."""
        reviewer_row = self.reviewer_rows().filter(
            conflict_enrolment=OuterRef(OuterRef(enrolment_ref)),
            conflict_cycle=OuterRef("conflict_cycle"),
            conflict_key=OuterRef("conflict_key"),
        )
        return Exists(
            self.candidate_rows().filter(
                Exists(reviewer_row), conflict_dossier=OuterRef(dossier_ref)
            )
        )


def _submitted_nominations(key: str) -> Callable[[], QuerySet]:
    def rows() -> QuerySet:
        return Nomination.objects.filter(
            status=Nomination.Status.SUBMITTED, dossier__isnull=False, **{f"{key}__isnull": False}
        ).annotate(
            conflict_dossier=F("dossier"), conflict_cycle=F("dossier__cycle"), conflict_key=F(key)
        )

    return rows


def _reviewer_schools() -> QuerySet:
    return ReviewerEnrolment.schools.through.objects.exclude(
        reviewerenrolment__status=ReviewerEnrolment.Status.WITHDRAWN
    ).annotate(
        conflict_enrolment=F("reviewerenrolment"),
        conflict_cycle=F("reviewerenrolment__cycle"),
        conflict_key=F("school"),
    )


def _enrolments(key: F | Func) -> Callable[[], QuerySet]:
    def rows() -> QuerySet:
        return ReviewerEnrolment.objects.exclude(
            status=ReviewerEnrolment.Status.WITHDRAWN
        ).annotate(conflict_enrolment=F("pk"), conflict_cycle=F("cycle"), conflict_key=key)

    return rows


def _letters_received() -> QuerySet:
    # A letter the reviewer wrote, not one a nominator only asked of them (that is flagged to
    # staff instead): asking costs a nominator nothing and would take any reviewer off.
    return LetterRequest.objects.filter(
        status=LetterRequest.Status.RECEIVED, nomination__dossier__isnull=False
    ).annotate(
        conflict_dossier=F("nomination__dossier"),
        conflict_cycle=F("nomination__dossier__cycle"),
        conflict_key=Lower("writer_email"),
    )


def _reason(reason: Reason) -> Callable[[], Expression]:
    return lambda: Value(int(reason), output_field=IntegerField())


def _principal_or_school() -> Expression:
    return Case(
        When(reviewerenrolment__is_principal=True, then=Value(int(Reason.PRINCIPAL))),
        default=Value(int(Reason.SCHOOL)),
        output_field=IntegerField(),
    )


# The reviewer works at or is tied to the school of one of the candidate's submitted nominations.
TIED_TO_SCHOOL = Rule(_submitted_nominations("school"), _reviewer_schools, _principal_or_school)
# The reviewer nominated the candidate (one of its submitted nominations).
NOMINATED = Rule(
    _submitted_nominations("nominator"), _enrolments(F("reviewer")), _reason(Reason.NOMINATOR)
)
# The reviewer wrote a letter of support for the candidate (received, on any of its nominations).
WROTE_LETTER = Rule(
    _letters_received, _enrolments(Lower("reviewer__email")), _reason(Reason.LETTER)
)
RULES = (TIED_TO_SCHOOL, NOMINATED, WROTE_LETTER)
