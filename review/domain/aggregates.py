"""The running score aggregates a ranking reads: each reviewer's count, sum and sum of squares,
each counted review's z and each candidate's sums, kept as reviews change (`refresh_scores`)
so that ranking is one query over one row per candidate."""

import math

from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import Coalesce

from ..models import CandidateScore, Review, ReviewerEnrolment, Stage

# A reviewer's leniency can only be estimated from a few reviews; below this, their scores are
# used as given.
MIN_REVIEWS_TO_NORMALISE = 3


def refresh_scores(enrolment_ids, dossier_ids=()) -> None:
    """Bring the running aggregates up to date after reviews of these reviewers changed (or
    stopped counting): each reviewer's statistics, the z of their counted reviews, and the
    aggregates of every candidate they reviewed. A few queries per reviewer.
    """
    enrolment_ids = {int(pk) for pk in enrolment_ids}
    stats = {
        row["enrolment_id"]: row
        for row in Review.objects.filter(enrolment_id__in=enrolment_ids, counted=True)
        .values("enrolment_id")
        .annotate(n=Count("pk"), total_sum=Sum("total"), square_sum=Sum(F("total") * F("total")))
        .order_by()
    }
    for enrolment_id in enrolment_ids:
        row = stats.get(enrolment_id) or {"n": 0, "total_sum": 0.0, "square_sum": 0.0}
        n, total, squares = row["n"], row["total_sum"] or 0.0, row["square_sum"] or 0.0
        ReviewerEnrolment.objects.filter(pk=enrolment_id).update(
            scored_count=n, score_sum=total, score_sumsq=squares
        )
        reviews = Review.objects.filter(enrolment_id=enrolment_id)
        reviews.filter(counted=False).exclude(z=None).update(z=None)
        counted = reviews.filter(counted=True)
        if n < MIN_REVIEWS_TO_NORMALISE:
            counted.update(z=None)
            continue
        mean = total / n
        spread = math.sqrt(max(squares / n - mean * mean, 0.0))
        if spread < 1e-6:
            counted.update(z=0.0)  # every total the same: shifted onto the pool's mean
        else:
            counted.update(z=(F("total") - mean) / spread)
    touched = set(
        Review.objects.filter(enrolment_id__in=enrolment_ids).values_list("dossier_id", flat=True)
    ) | {int(pk) for pk in dossier_ids}
    _refresh_candidates(sorted(pk for pk in touched if pk is not None))


def _refresh_candidates(dossier_ids: list[int]) -> None:
    for start in range(0, len(dossier_ids), 2000):
        chunk = dossier_ids[start : start + 2000]
        rows = (
            # The finalist round's scores are the committee's own: never in this ranking.
            Review.objects.filter(dossier_id__in=chunk, counted=True, enrolment__stage=Stage.FIRST)
            .values("dossier_id", "cycle_id")
            .annotate(
                reviews=Count("pk"),
                total_sum=Sum("total"),
                low=Min("total"),
                high=Max("total"),
                normalised_count=Count("pk", filter=Q(z__isnull=False)),
                z_sum=Coalesce(Sum("z"), 0.0),
                unnormalised_sum=Coalesce(Sum("total", filter=Q(z__isnull=True)), 0.0),
            )
            .order_by()
        )
        CandidateScore.objects.filter(dossier_id__in=chunk).delete()
        CandidateScore.objects.bulk_create(
            [
                CandidateScore(
                    **row,
                    z_mean=row["z_sum"] / row["reviews"]
                    if row["normalised_count"] == row["reviews"]
                    else None,
                )
                for row in rows
            ]
        )


def rebuild_scores(cycle) -> None:
    """Recompute every running aggregate of a cycle from its reviews (after an import, or to
    check them)."""
    with transaction.atomic():
        CandidateScore.objects.filter(cycle=cycle).delete()
        refresh_scores(ReviewerEnrolment.objects.filter(cycle=cycle).values_list("pk", flat=True))
