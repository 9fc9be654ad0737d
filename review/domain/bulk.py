"""Operations on a selection of candidates, each all-or-nothing: staff act on many at once
from the candidates list, through the same single-candidate operations."""

from collections.abc import Iterable

from django.db import transaction

from awards.models import Dossier
from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_decide, require

from ..models import Decision
from .decisions import record_decision


class CandidateSelectionRefused(DomainError):
    """Nothing of the selection was changed: it is empty or the outcome is not one; the message
    says which, for staff."""


def set_outcome_for_selection(dossiers: Iterable[Dossier], user, outcome: str) -> int:
    """Move every candidate of a selection to one committee outcome (winner, finalist,
    honourable mention, not selected); returns how many.

    Each goes through `record_decision`, keeping what its decision already says (amount,
    citation, how a student is shown, photo, place on the results page), all in one
    transaction: a refusal on any (DecisionRefused: a cycle whose publishing waits for
    approval or whose results are published) leaves every one as it was. An empty selection or
    an unknown outcome is refused first (CandidateSelectionRefused).

    Side effects: each candidate's Decision row (created where it had none); its
    `results.decision` audit event; one `results.bulk_decision` audit event per cycle touched.
    """
    require(can_decide(user))
    chosen = list(dossiers)
    if not chosen:
        raise CandidateSelectionRefused("Select at least one candidate.")
    if outcome not in Decision.Outcome.values:
        raise CandidateSelectionRefused("Choose an outcome.")
    existing = {
        decision.dossier_id: decision
        for decision in Decision.objects.filter(dossier__in=[d.pk for d in chosen])
    }
    by_cycle: dict[int, list[Dossier]] = {}
    with transaction.atomic():
        for dossier in chosen:
            kept = existing.get(dossier.pk)
            record_decision(
                dossier.cycle,
                dossier,
                user,
                outcome=outcome,
                amount=kept.amount if kept else None,
                citation=kept.citation if kept else "",
                student_display=kept.student_display if kept else Decision.StudentDisplay.ANONYMOUS,
                photo=kept.photo if kept else None,
            )
            by_cycle.setdefault(dossier.cycle_id, []).append(dossier)
        for in_cycle in by_cycle.values():
            audit(
                user,
                "results.bulk_decision",
                in_cycle[0].cycle,
                outcome=outcome,
                count=len(in_cycle),
                codes=sorted(d.code for d in in_cycle),
            )
    return len(chosen)
