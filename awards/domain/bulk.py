"""Operations on a selection of nominations, each all-or-nothing: staff act on many at once
from the nominations list, through the same single-nomination operations."""

from collections.abc import Iterable

from django.db import transaction

from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_change_nominations, require

from ..models import Nomination
from .nominations import record_eligibility, withdraw_nomination


class NominationSelectionRefused(DomainError):
    """Nothing of the selection was changed: it is empty, holds nominations the action is not
    for, or lacks what the action needs; the message says which, for staff."""


def _refuse_unless_submitted(nominations: list[Nomination], doing: str) -> None:
    others = [n.code for n in nominations if n.status != Nomination.Status.SUBMITTED]
    if others:
        raise NominationSelectionRefused(
            f"Only submitted nominations can be {doing}; nothing was changed. Leave out: "
            + ", ".join(sorted(others))
            + "."
        )


def _audit_selection(user, action: str, nominations: list[Nomination], **data) -> None:
    """One event per cycle touched, naming the nominations' codes (never personal data)."""
    by_cycle: dict[int, list[Nomination]] = {}
    for nomination in nominations:
        by_cycle.setdefault(nomination.cycle_id, []).append(nomination)
    for chosen in by_cycle.values():
        audit(
            user,
            action,
            chosen[0].cycle,
            count=len(chosen),
            codes=sorted(n.code for n in chosen),
            **data,
        )


def record_eligibility_for_selection(
    nominations: Iterable[Nomination], user, decision: str, reason: str = ""
) -> int:
    """Record one eligibility decision on every nomination of a selection; returns how many.

    Each nomination goes through `record_eligibility` (staff only; submitted nominations only;
    an ineligible decision needs a reason, else EligibilityRefused), all in one transaction: a
    refusal or a failure on any of them leaves every one as it was. An empty selection, or one
    holding a draft or withdrawn nomination, is refused before anything is written
    (NominationSelectionRefused, naming their codes).

    Side effects: the decision and reason on each nomination; its `nomination.eligibility`
    audit event; one `nomination.bulk_eligibility` audit event per cycle touched.
    """
    require(can_change_nominations(user))
    chosen = list(nominations)
    if not chosen:
        raise NominationSelectionRefused("Select at least one nomination.")
    _refuse_unless_submitted(chosen, "checked for eligibility")
    with transaction.atomic():
        for nomination in chosen:
            record_eligibility(nomination, user, decision, reason)
        _audit_selection(user, "nomination.bulk_eligibility", chosen, decision=decision)
    return len(chosen)


def withdraw_selection(nominations: Iterable[Nomination], user, reason: str) -> int:
    """Staff move every nomination of a selection to "withdrawn", saying why; returns how many.

    Each goes through `withdraw_nomination` (with its side effects: a candidate left with no
    submitted nomination ends its review assignments and, if announced, leaves the past-winner
    roster), all in one transaction: a failure on any leaves every one as it was. Only
    submitted nominations can be withdrawn here, and only with a reason
    (NominationSelectionRefused, naming the others).

    Side effects: status withdrawn on each; its `nomination.withdrawn` audit event; one
    `nomination.bulk_withdrawn` audit event per cycle touched.
    """
    require(can_change_nominations(user))
    chosen = list(nominations)
    if not chosen:
        raise NominationSelectionRefused("Select at least one nomination.")
    if not reason.strip():
        raise NominationSelectionRefused("Say why the nominations are withdrawn.")
    _refuse_unless_submitted(chosen, "withdrawn")
    with transaction.atomic():
        for nomination in chosen:
            withdraw_nomination(nomination, user, reason)
        _audit_selection(user, "nomination.bulk_withdrawn", chosen)
    return len(chosen)
