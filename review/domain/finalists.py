"""The finalist round: staff pick finalists from the first stage's ranking; committee members
(enrolled for the finalist stage) score them against the round's own rubric."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Avg, Count, Max, Min, Q, QuerySet

from awards.models import Cycle, Dossier
from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_choose_finalists, require

from ..models import Assignment, Finalist, Publication, Stage
from .assignment import candidates_for_review
from .conflicts import end_assignments
from .ranking import compute_ranking


class FinalistsRefused(DomainError):
    """The selection cannot be made as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class FinalistResult:
    """A finalist's scores in the finalist round (only submitted reviews of live assignments)."""

    dossier_id: int
    rank_at_selection: int | None
    reviews: int
    mean: float | None
    low: float | None
    high: float | None


def finalist_candidates(cycle) -> QuerySet[Dossier]:
    """The cycle's finalists still up for review, in candidate order."""
    return candidates_for_review(cycle).filter(finalist__cycle=cycle)


def select_finalists(cycle, candidates, by) -> list[Finalist]:
    """Make `candidates` (dossiers of `cycle`, picked from the first stage's ranking) the
    cycle's finalists: the selection becomes exactly these, so picking again corrects it.

    Refuses (FinalistsRefused), changing nothing, a candidate not up for review in the cycle,
    and any change while the results wait for approval or are published. Nobody is told: no
    e-mail goes out (a surprise award's nominee hears nothing before the results).

    Side effects, in one transaction: Finalist rows added (with their rank in the first stage's
    ranking now) and removed; the live finalist-round assignments of a removed finalist end (the
    committee no longer sees it; reviews already given are kept, not counted); one audit event
    naming who was added and removed. Returns the finalists, in rank order.
    """
    require(can_choose_finalists(by))
    wanted = {int(getattr(candidate, "pk", candidate)) for candidate in candidates}
    with transaction.atomic():
        Cycle.objects.select_for_update().filter(pk=cycle.pk).first()  # one selection at a time
        publication = Publication.objects.filter(cycle=cycle).first()
        if publication is not None and publication.locks_decisions:
            raise FinalistsRefused(
                "The results are awaiting approval or published: finalists can no longer change."
            )
        reviewable = set(
            candidates_for_review(cycle).filter(pk__in=wanted).values_list("pk", flat=True)
        )
        if wanted - reviewable:
            raise FinalistsRefused(
                f"{len(wanted - reviewable)} of the chosen candidates are not up for review in "
                "this cycle. Nobody was selected."
            )
        current = set(Finalist.objects.filter(cycle=cycle).values_list("dossier_id", flat=True))
        added, removed = sorted(wanted - current), sorted(current - wanted)
        if removed:
            end_assignments(
                Assignment.objects.filter(
                    dossier_id__in=removed,
                    enrolment__stage=Stage.FINALIST,
                    removed_at__isnull=True,
                ).values_list("pk", flat=True)
            )
            Finalist.objects.filter(cycle=cycle, dossier_id__in=removed).delete()
        if added:
            ranks = {entry.dossier_id: entry.rank for entry in compute_ranking(cycle).entries}
            Finalist.objects.bulk_create(
                Finalist(
                    cycle=cycle, dossier_id=pk, rank_at_selection=ranks.get(pk), selected_by=by
                )
                for pk in added
            )
        audit(by, "review.finalists_selected", cycle, added=added, removed=removed)
    return list(Finalist.objects.filter(cycle=cycle).order_by("rank_at_selection", "pk"))


def finalist_results(cycle) -> list[FinalistResult]:
    """The finalists with their finalist-round scores, best mean first (finalists without a
    score last, in rank order). One query."""
    review = "dossier__assignments__review"
    counted = Q(
        dossier__assignments__enrolment__stage=Stage.FINALIST,
        dossier__assignments__enrolment__cycle=cycle,
        **{f"{review}__counted": True},
    )
    rows = (
        Finalist.objects.filter(cycle=cycle)
        .annotate(
            reviews=Count(review, filter=counted),
            mean=Avg(f"{review}__total", filter=counted),
            low=Min(f"{review}__total", filter=counted),
            high=Max(f"{review}__total", filter=counted),
        )
        .values_list("dossier_id", "rank_at_selection", "reviews", "mean", "low", "high")
    )
    results = [FinalistResult(*row) for row in rows]
    return sorted(
        results,
        key=lambda r: (
            r.mean is None,
            -(r.mean or 0),
            r.rank_at_selection is None,
            r.rank_at_selection or 0,
            r.dossier_id,
        ),
    )
