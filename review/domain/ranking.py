"""Aggregating scores into a ranking: raw mean, normalised score, disagreement, tie-breaks.

Everything is computed in the database in one aggregate query (window-free, portable between
SQLite and PostgreSQL), plus one query for the rubric's range. Python never loads the scores.
"""

from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum

from portal.models import audit

from ..models import Assignment, Review, ReviewerEnrolment, ReviewSettings, Rubric
from ..models import Ranking as RankingRecord

# A reviewer's leniency can only be estimated from a few reviews; below this, their scores are
# used as given.
MIN_REVIEWS_TO_NORMALISE = 3

METHOD = (
    "Each reviewer's weighted totals are turned into z-scores (how far above or below their own "
    "average a score lies, in units of their own spread), then put back on the rubric's scale "
    "with the average and spread of all scores in the cycle, and kept within the rubric's "
    "range. A harsh reviewer's 6 and a lenient reviewer's 9 can so mean the same. Reviewers "
    f"with fewer than {MIN_REVIEWS_TO_NORMALISE} submitted reviews are used as scored; a "
    "reviewer who gave every candidate the same total is only shifted, not stretched. The "
    "normalised score of a candidate is the mean of their normalised reviews."
)


@dataclass(frozen=True)
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
    cycle_id: int
    tie_break: str
    scale: tuple[float, float]
    entries: list[RankedCandidate]
    method: str = METHOD


def rubric_terms(cycle) -> tuple[str, float, float]:
    """The current rubric's tie-break and its lowest and highest possible weighted total, in one
    query."""
    row = (
        Rubric.objects.filter(cycle=cycle)
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


def _ranking_sql(tie_break: str) -> str:
    from awards.models import Nomination

    table = connection.ops.quote_name
    review = table(Review._meta.db_table)

    nomination = table(Nomination._meta.db_table)
    first_submitted = (
        f"(SELECT MIN(n.submitted_at) FROM {nomination} n "  # noqa: S608
        "WHERE n.dossier_id = s.dossier_id AND n.status = 'submitted')"
        if tie_break == Rubric.TieBreak.SUBMITTED_FIRST
        else "NULL"
    )
    # Reviews carry their cycle, candidate, reviewer and a `counted` flag (submitted, complete,
    # assignment in force), so this reads one covering index and joins nothing. Reviewer and
    # pool statistics come from grouped subqueries joined back: the same result as window
    # functions, and it runs unchanged on SQLite and PostgreSQL.
    return f"""
WITH reviewer AS MATERIALIZED (
    SELECT enrolment_id, COUNT(*) AS n,
           AVG(total) AS mu,
           AVG(total * total) AS sq
    FROM {review}
    WHERE cycle_id = %(cycle)s AND counted = %(counted)s
    GROUP BY enrolment_id
),
pool AS MATERIALIZED (
    SELECT SUM(n * mu) / SUM(n) AS g,
           SUM(n * sq) / SUM(n) - (SUM(n * mu) / SUM(n)) * (SUM(n * mu) / SUM(n)) AS gvar
    FROM reviewer
),
coefficient AS MATERIALIZED (
    -- Each reviewer's normalisation as a straight line z = a * x + b.
    SELECT rv.enrolment_id,
           CASE
             WHEN rv.n < %(min_reviews)s THEN 1.0
             WHEN rv.sq - rv.mu * rv.mu <= 1e-9 OR p.gvar <= 1e-9 THEN 1.0
             ELSE SQRT(p.gvar) / SQRT(rv.sq - rv.mu * rv.mu)
           END AS a,
           rv.mu, p.g, rv.n
    FROM reviewer rv CROSS JOIN pool p
),
line AS MATERIALIZED (
    SELECT enrolment_id, a, CASE WHEN n < %(min_reviews)s THEN 0.0 ELSE g - a * mu END AS b
    FROM coefficient
),
normalised AS (
    SELECT s.dossier_id, s.total AS x, l.a * s.total + l.b AS z
    FROM line l
    CROSS JOIN {review} s
    WHERE s.cycle_id = %(cycle)s AND s.counted = %(counted)s AND s.enrolment_id = l.enrolment_id
),
candidate AS (
    SELECT dossier_id, COUNT(*) AS reviews, AVG(x) AS mean, MIN(x) AS low, MAX(x) AS high,
           AVG(CASE WHEN z < %(low)s THEN %(low)s WHEN z > %(high)s THEN %(high)s ELSE z END)
             AS normalised
    FROM normalised GROUP BY dossier_id
)
SELECT s.dossier_id, s.reviews, s.mean, ROUND(CAST(s.normalised AS NUMERIC), 6) AS norm,
       s.low, s.high, {first_submitted} AS first_submitted
FROM candidate s
ORDER BY norm DESC, {_tie_break_order(tie_break)}, s.dossier_id
"""  # noqa: S608 (table names come from the models; every value is a bound parameter)


def compute_ranking(cycle) -> Ranking:
    """The cycle's ranking by normalised score, ties broken by the rubric's rule.

    Three queries (review settings, the rubric's terms, the aggregate), whatever the number of
    scores. Only submitted reviews of live assignments count. Side effects: none.
    """
    review_settings = ReviewSettings.objects.filter(cycle=cycle).first()
    threshold = float(review_settings.disagreement_threshold if review_settings else 3)
    tie_break, low, high = rubric_terms(cycle)
    with connection.cursor() as cursor:
        cursor.execute(
            _ranking_sql(tie_break),
            {
                "cycle": cycle.pk,
                "counted": True,
                "min_reviews": MIN_REVIEWS_TO_NORMALISE,
                "low": low,
                "high": high,
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
        for rank, (dossier_id, reviews, mean, normalised, low_total, high_total, _) in enumerate(
            rows, start=1
        )
    ]
    return Ranking(cycle.pk, tie_break, (low, high), entries)


def record_ranking(cycle, user) -> RankingRecord:
    """Store the ranking as it stands, with its tie-break and method, for the committee.

    Side effects: live assignments now in conflict end first (their scores stop counting); a
    Ranking row; an audit event.
    """
    from awards.queries import is_staff

    from .conflicts import end_conflicted_assignments

    if not is_staff(user):
        raise PermissionDenied
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


def near_cutoff(ranking: Ranking, places: int, margin: int) -> list[RankedCandidate]:
    """Flagged candidates ranked within `margin` of the cutoff at `places` (either side): the
    only ones where one more opinion could change who the committee considers."""
    return [
        entry
        for entry in ranking.entries
        if entry.flagged and places - margin < entry.rank <= places + margin
    ]


def add_reviewers_near_cutoff(cycle, user=None) -> list[Assignment]:
    """Give each flagged candidate near the cutoff one more reviewer, once.

    The reviewer is the least loaded active one with room left who may review the category, is
    not in conflict and has not reviewed the candidate. Side effects: Assignment rows (source
    "extra"); an audit event per addition. Returns the new assignments.
    """
    from awards.queries import is_staff

    from .conflicts import active_conflict_pairs

    if user is not None and not is_staff(user):
        raise PermissionDenied
    review_settings, _ = ReviewSettings.objects.get_or_create(cycle=cycle)
    ranking = compute_ranking(cycle)
    wanted = near_cutoff(ranking, review_settings.places, review_settings.cutoff_margin)
    if not wanted:
        return []
    conflicts = {(int(d), int(e)) for d, e in active_conflict_pairs(cycle)}
    added = []
    with transaction.atomic():
        active = ReviewerEnrolment.objects.filter(
            cycle=cycle, status=ReviewerEnrolment.Status.ACTIVE
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
