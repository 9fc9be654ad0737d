"""Aggregating scores into a ranking: raw mean, normalised score, disagreement, tie-breaks.

Running aggregates are kept as reviews change (`aggregates.refresh_scores`: each reviewer's
count, sum and sum of squares, each review's z, each candidate's sums), so a ranking is one
query over one row per candidate, in the database, portable between SQLite and PostgreSQL, plus
two small ones for the settings and the rubric. Python never loads the scores.
"""

from dataclasses import asdict, dataclass
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.tasks import task

from awards.models import Cycle, Nomination
from portal.models import audit
from portal.permissions import can_assign, can_read_ranking, require

from ..models import (
    Assignment,
    CandidateScore,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
    Stage,
)
from ..models import Ranking as RankingRecord
from .aggregates import MIN_REVIEWS_TO_NORMALISE
from .assignment import candidates_for_review
from .conflicts import active_conflict_pairs, end_conflicted_assignments

METHOD = (
    "Each reviewer's weighted totals are turned into z-scores (how far above or below their own "
    "average a score lies, in units of their own spread), then put back on the rubric's scale "
    "with the average and spread of all scores in the cycle. "
    "A harsh reviewer's 6 and a lenient reviewer's 9 can so mean the same. Reviewers "
    f"with fewer than {MIN_REVIEWS_TO_NORMALISE} submitted reviews are used as scored; a "
    "reviewer who gave every candidate the same total is only shifted, not stretched. The "
    "normalised score of a candidate is the mean of their normalised reviews, kept within the "
    "rubric's range."
)


@dataclass(slots=True)
class RankedCandidate:
    dossier_id: int
    rank: int
    reviews: int
    mean: float
    normalised: float
    low: float
    high: float
    flagged: bool

    @property
    def spread(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Ranking:
    """A ranking, or the part of it asked for: `entries` start at rank `offset + 1`, `total`
    counts every ranked candidate."""

    cycle_id: int
    tie_break: str
    scale: tuple[float, float]
    entries: list[RankedCandidate]
    total: int
    offset: int = 0
    method: str = METHOD


def rubric_terms(cycle) -> tuple[str, float, float]:
    """The current rubric's tie-break and its lowest and highest possible weighted total, in one
    query."""
    row = (
        Rubric.objects.filter(cycle=cycle, stage=Stage.FIRST)
        .order_by("-version")
        .annotate(
            low=Sum(F("criteria__weight") * F("criteria__scale_min")),
            high=Sum(F("criteria__weight") * F("criteria__scale_max")),
        )
        .values("tie_break", "low", "high")
        .first()
    )
    if row is None:
        return Rubric.TieBreak.RAW_MEAN, 0.0, 0.0
    return row["tie_break"], float(row["low"] or 0), float(row["high"] or 0)


def _tie_break_order(tie_break: str) -> str:
    mean, reviews = "mean DESC", "reviews DESC"
    if tie_break == Rubric.TieBreak.MORE_REVIEWS:
        return f"{reviews}, {mean}"
    if tie_break == Rubric.TieBreak.SUBMITTED_FIRST:
        return f"first_submitted ASC, {mean}"
    return f"{mean}, {reviews}"


def _ranking_sql(tie_break: str, *, paged: bool) -> str:
    table = connection.ops.quote_name
    scores = table(CandidateScore._meta.db_table)
    enrolment = table(ReviewerEnrolment._meta.db_table)
    nomination = table(Nomination._meta.db_table)
    first_submitted = (
        f"(SELECT MIN(n.submitted_at) FROM {nomination} n "  # noqa: S608
        "WHERE n.dossier_id = c.dossier_id AND n.status = 'submitted')"
        if tie_break == Rubric.TieBreak.SUBMITTED_FIRST
        else "NULL"
    )
    # One row per candidate (running aggregates kept by refresh_scores) and the pool's mean and
    # spread from the reviewers' running statistics: no score is read here. Each review's
    # normalised value is g + s * z, so a candidate's mean is (g * m + s * sum(z) + sum of the
    # totals used as given) / reviews, kept within the rubric's range.
    normalised = "(p.g * c.normalised_count + p.s * c.z_sum + c.unnormalised_sum) / c.reviews"
    # A page of the ranking need not order every candidate. Where all of a candidate's reviews
    # are normalised, its score is g + s * z_mean, increasing in the indexed z_mean; so the
    # candidates at or above the page's last z_mean (less a margin for rounding, and all that
    # reach the rubric's maximum, which tie there) plus those with some review used as given
    # hold the whole page. A whole ranking, or a pool without spread, reads every row.
    if paged:
        boundary = f"""(
        SELECT CASE
            WHEN cut.z IS NULL OR p.s <= 0 OR p.g + p.s * cut.z <= %(low)s THEN NULL
            WHEN p.g + p.s * cut.z >= %(high)s THEN (%(high)s - p.g) / p.s - 2e-6 / p.s
            ELSE cut.z - 2e-6 / p.s END
        FROM pool p CROSS JOIN (
            SELECT (SELECT z_mean FROM {scores}
                    WHERE cycle_id = %(cycle)s AND z_mean IS NOT NULL
                    ORDER BY z_mean DESC LIMIT 1 OFFSET %(last)s) AS z
        ) cut
    )"""  # noqa: S608
        rows = f"""
    SELECT * FROM {scores}
    WHERE cycle_id = %(cycle)s AND z_mean >= COALESCE({boundary}, -1e308)
    UNION ALL
    SELECT * FROM {scores} WHERE cycle_id = %(cycle)s AND z_mean IS NULL"""  # noqa: S608
    else:
        rows = f"SELECT * FROM {scores} WHERE cycle_id = %(cycle)s"  # noqa: S608
    return f"""
WITH pool AS (
    SELECT g, CASE WHEN sq - g * g > 1e-12 THEN SQRT(sq - g * g) ELSE 0.0 END AS s
    FROM (
        SELECT SUM(score_sum) / SUM(scored_count) AS g, SUM(score_sumsq) / SUM(scored_count) AS sq
        FROM {enrolment}
        WHERE cycle_id = %(cycle)s AND stage = %(stage)s AND scored_count > 0
    ) totals
),
candidate AS (
    SELECT c.dossier_id, c.reviews, c.total_sum / c.reviews AS mean, c.low, c.high,
           CASE WHEN {normalised} < %(low)s THEN %(low)s
                WHEN {normalised} > %(high)s THEN %(high)s
                ELSE {normalised} END AS normalised,
           {first_submitted} AS first_submitted
    FROM ({rows}
    ) c CROSS JOIN pool p
)
SELECT dossier_id, reviews, mean, ROUND(CAST(normalised AS NUMERIC), 6) AS norm, low, high,
       first_submitted, (SELECT COUNT(*) FROM {scores} WHERE cycle_id = %(cycle)s) AS ranked
FROM candidate
ORDER BY norm DESC, {_tie_break_order(tie_break)}, dossier_id
{{limit}}
"""  # noqa: S608 (table names come from the models; every value is a bound parameter)


def reviews_required(cycle) -> int:
    """How many reviews the cycle asks of each candidate (its review settings, or their default
    before any are saved). Read once per cycle object, like the disagreement threshold."""
    try:
        return cycle.review_settings.reviewers_per_candidate
    except ReviewSettings.DoesNotExist:
        return ReviewSettings._meta.get_field("reviewers_per_candidate").default


def disagreement_threshold(cycle, scale: tuple[float, float] | None = None) -> float:
    """How far apart a candidate's review totals may be before they are flagged: the cycle's
    fixed number of points if staff set one, otherwise its percentage (25 by default) of the
    rubric's range, so a wide rubric is not flagged for ordinary spread. `scale` is the
    rubric's (lowest, highest) total when the caller has read it; otherwise it is read here.
    Review settings are read once per cycle object."""
    try:
        review_settings = cycle.review_settings  # kept on the cycle after the first read
    except ReviewSettings.DoesNotExist:
        review_settings = ReviewSettings()  # the defaults
    if review_settings.disagreement_threshold is not None:
        return float(review_settings.disagreement_threshold)
    if scale is None:
        _, low, high = rubric_terms(cycle)
    else:
        low, high = scale
    return review_settings.disagreement_percent / 100 * (high - low)


def compute_ranking(cycle, *, limit: int | None = None, offset: int = 0) -> Ranking:
    """The cycle's ranking by normalised score, ties broken by the rubric's rule: all of it, or
    `limit` candidates from rank `offset + 1` (the database still ranks every candidate).

    Three queries (review settings, the rubric's terms, the aggregate), whatever the number of
    scores. Only submitted reviews of live assignments count. Side effects: none.
    """
    tie_break, low, high = rubric_terms(cycle)
    threshold = disagreement_threshold(cycle, (low, high))
    page = "LIMIT %(limit)s OFFSET %(offset)s" if limit is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(
            _ranking_sql(tie_break, paged=limit is not None).replace("{limit}", page),
            {
                "cycle": cycle.pk,
                "stage": Stage.FIRST.value,
                "low": low,
                "high": high,
                "limit": limit,
                "offset": offset,
                "last": max(offset + (limit or 0) - 1, 0),
            },
        )
        rows = cursor.fetchall()
    entries = [
        RankedCandidate(
            dossier_id=dossier_id,
            rank=rank,
            reviews=reviews,
            mean=round(float(mean), 4),
            normalised=round(float(normalised), 4),
            low=float(low_total),
            high=float(high_total),
            flagged=reviews > 1 and float(high_total) - float(low_total) > threshold,
        )
        for rank, (dossier_id, reviews, mean, normalised, low_total, high_total, *_) in enumerate(
            rows, start=offset + 1
        )
    ]
    if rows:
        total = rows[0][-1]
    else:  # a page past the end still says how many are ranked
        total = CandidateScore.objects.filter(cycle=cycle).count() if offset else 0
    return Ranking(cycle.pk, tie_break, (low, high), entries, total, offset)


def record_ranking(cycle, user) -> RankingRecord:
    """Store the ranking as it stands, with its tie-break and method, for the committee.

    Side effects: live assignments now in conflict end first (their scores stop counting); a
    Ranking row; an audit event.
    """
    require(can_read_ranking(user))
    with transaction.atomic():
        end_conflicted_assignments(cycle, user=user)
        ranking = compute_ranking(cycle)
        record = RankingRecord.objects.create(
            cycle=cycle,
            created_by=user,
            tie_break=ranking.tie_break,
            method=ranking.method,
            entries=[asdict(entry) for entry in ranking.entries],
        )
        audit(user, "review.ranking_recorded", cycle, ranking=record.pk, size=len(ranking.entries))
    return record


def near_cutoff(cycle, places: int, margin: int) -> list[RankedCandidate]:
    """Flagged candidates ranked within `margin` of the cutoff at `places` (either side): the
    only ones where one more opinion could change who the committee considers. The database
    ranks every candidate; only the ranks around the cutoff come back."""
    start = max(places - margin, 0)
    window = compute_ranking(cycle, limit=max(places + margin - start, 0), offset=start)
    return [
        entry
        for entry in window.entries
        if entry.flagged and places - margin < entry.rank <= places + margin
    ]


def flagged_count(cycle) -> int:
    """How many ranked candidates are flagged for disagreement: more than one review, and
    totals further apart than the cycle's threshold. One count, in the database."""
    threshold = disagreement_threshold(cycle)
    return (
        CandidateScore.objects.filter(cycle=cycle, reviews__gt=1)
        .alias(spread=F("high") - F("low"))
        .filter(spread__gt=threshold)
        .count()
    )


def raw_positions(cycle, dossier_ids) -> dict[int, int]:
    """Each of these candidates' place by raw mean among all the cycle's ranked candidates
    (means equal to the 4 decimals shown in candidate order). One query: the database orders
    every mean and returns only the rows asked for; candidates without a ranked score are left
    out."""
    dossier_ids = [int(pk) for pk in dossier_ids]
    if not dossier_ids:
        return {}
    scores = connection.ops.quote_name(CandidateScore._meta.db_table)
    placeholders = ", ".join(["%s"] * len(dossier_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT dossier_id, position FROM (
                SELECT dossier_id,
                       ROW_NUMBER() OVER (
                           ORDER BY ROUND(CAST(total_sum / reviews AS NUMERIC), 4) DESC, dossier_id
                       ) AS position
                FROM {scores} WHERE cycle_id = %s
            ) ordered WHERE dossier_id IN ({placeholders})""",  # noqa: S608 - names from the model
            [cycle.pk, *dossier_ids],
        )
        return {int(dossier_id): int(position) for dossier_id, position in cursor.fetchall()}


class RankingPages:
    """A cycle's ranking as a sequence a paginator pages through, one page from the database
    at a time (the whole ranking never comes into Python): the ranked candidates in order and,
    with `unranked=True`, then those without submitted reviews (in candidate order), so every
    candidate can be decided. `ranking` is the last page's `Ranking` (tie-break, scale, total).
    """

    def __init__(self, cycle, *, unranked: bool = False):
        self.cycle = cycle
        self.ranked = CandidateScore.objects.filter(cycle=cycle).count()
        self.unranked = (
            candidates_for_review(cycle)
            .exclude(pk__in=CandidateScore.objects.filter(cycle=cycle).values("dossier_id"))
            .order_by("pk")
            if unranked
            else None
        )
        self.unranked_count = self.unranked.count() if self.unranked is not None else 0
        self.ranking: Ranking | None = None

    def __len__(self) -> int:
        return self.ranked + self.unranked_count

    def __getitem__(self, bounds: slice) -> list:
        start, stop = bounds.start or 0, min(bounds.stop, len(self))
        if start < self.ranked:
            self.ranking = compute_ranking(
                self.cycle, limit=min(stop, self.ranked) - start, offset=start
            )
        else:  # a page of unreviewed candidates only: the ranking's terms, no ranking
            tie_break, low, high = rubric_terms(self.cycle)
            self.ranking = Ranking(self.cycle.pk, tie_break, (low, high), [], self.ranked, start)
        items: list = list(self.ranking.entries)
        if self.unranked is not None and stop > self.ranked:
            first = max(start - self.ranked, 0)
            items += [
                SimpleNamespace(dossier_id=pk, rank=None, flagged=False)
                for pk in self.unranked.values_list("pk", flat=True)[first : stop - self.ranked]
            ]
        return items


def add_reviewers_near_cutoff(cycle, user=None) -> list[Assignment]:
    """Give each flagged candidate near the cutoff one more reviewer, once.

    The reviewer is the least loaded active one with room left who may review the category, is
    not in conflict and has not reviewed the candidate. Side effects: Assignment rows (source
    "extra"); an audit event per addition. Returns the new assignments.
    """
    if user is not None:
        require(can_assign(user))
    review_settings, _ = ReviewSettings.objects.get_or_create(cycle=cycle)
    cycle.review_settings = review_settings  # read once for every count below
    wanted = near_cutoff(cycle, review_settings.places, review_settings.cutoff_margin)
    if not wanted:
        return []
    conflicts = {(int(d), int(e)) for d, e in active_conflict_pairs(cycle)}
    added = []
    with transaction.atomic():
        active = ReviewerEnrolment.objects.filter(
            cycle=cycle, stage=Stage.FIRST, status=ReviewerEnrolment.Status.ACTIVE
        ).order_by("pk")
        list(active.select_for_update().values_list("pk"))  # serialise concurrent additions
        live = Q(assignments__removed_at__isnull=True)
        enrolments = list(active.annotate(load=Count("assignments", filter=live)))
        category = cycle.award.category
        already = set(
            Assignment.objects.filter(dossier_id__in=[e.dossier_id for e in wanted]).values_list(
                "dossier_id", "enrolment_id"
            )
        )
        has_extra = set(
            Assignment.objects.filter(
                dossier_id__in=[e.dossier_id for e in wanted], source=Assignment.Source.EXTRA
            ).values_list("dossier_id", flat=True)
        )
        for entry in wanted:
            if entry.dossier_id in has_extra:
                continue
            options = [
                e
                for e in enrolments
                if e.load < e.capacity
                and (not e.categories or category in e.categories)
                and (entry.dossier_id, e.pk) not in conflicts
                and (entry.dossier_id, e.pk) not in already
            ]
            if not options:
                audit(user, "review.extra_reviewer_unavailable", cycle, dossier=entry.dossier_id)
                continue
            chosen = min(options, key=lambda e: (e.load, e.pk))
            chosen.load += 1
            assignment = Assignment.objects.create(
                dossier_id=entry.dossier_id,
                enrolment=chosen,
                source=Assignment.Source.EXTRA,
                created_by=user,
            )
            audit(
                user,
                "review.extra_reviewer_added",
                assignment.dossier,
                enrolment=chosen.pk,
                rank=entry.rank,
                spread=entry.spread,
            )
            added.append(assignment)
    return added


@task
def add_extra_reviewers(cycle_id: int) -> None:
    """After a review is submitted: where scores disagree near the cutoff, add one reviewer."""
    cycle = Cycle.objects.select_related("award").get(pk=cycle_id)
    if cycle.review_settings.extra_reviewer_near_cutoff:
        add_reviewers_near_cutoff(cycle)
