"""A cycle's review as spreadsheets for staff: the candidates with their scores, rank, flags and
decision, and the reviewers' progress. Rows are read a chunk at a time, so the number of
queries does not grow with the rows (see `awards.exports` for the writing)."""

from collections.abc import Iterator

from django.db.models import Avg, Count

from awards.exports import CHUNK_SIZE
from awards.models import Dossier

from .domain.progress import reviewer_progress
from .domain.ranking import RankingPages, raw_positions, reviews_required
from .models import Criterion, Decision, Rubric, Score, Stage
from .queries import candidate_labels

CANDIDATE_COLUMNS_BEFORE_SCORES = ["Rank", "Candidate code", "Candidate", "Nominations", "Reviews"]
CANDIDATE_COLUMNS_AFTER_SCORES = [
    "Raw score (mean total)",
    "Normalised score",
    "Raw rank",
    "Lowest total",
    "Highest total",
    "Flagged: reviewers disagree",
    "Too few reviews",
]
DECISION_COLUMNS = ["Decision", "Amount"]


def current_criteria(cycle) -> list[str]:
    """The names of the criteria of the cycle's current rubric, in the rubric's order."""
    rubric = Rubric.objects.filter(cycle=cycle, stage=Stage.FIRST).order_by("-version").first()
    if rubric is None:
        return []
    return list(
        Criterion.objects.filter(rubric=rubric)
        .order_by("sort_order", "pk")
        .values_list("name", flat=True)
    )


def candidate_rows(cycle, *, decisions: bool) -> tuple[list[str], Iterator[list]]:
    """The header and rows of the candidates export: every candidate of the ranking in rank
    order, then those without submitted reviews, with the mean score they were given on each
    criterion of the current rubric (counted reviews, criteria matched by name across rubric
    versions), raw and normalised score, flags and, with `decisions` (for those who may see
    them), the committee's decision. A few queries per chunk of candidates, whatever their
    number."""
    criteria = current_criteria(cycle)
    header = [
        *CANDIDATE_COLUMNS_BEFORE_SCORES,
        *(f"{name} (mean score)" for name in criteria),
        *CANDIDATE_COLUMNS_AFTER_SCORES,
        *(DECISION_COLUMNS if decisions else ()),
    ]
    required = reviews_required(cycle)
    pages = RankingPages(cycle, unranked=True)
    outcomes = dict(Decision.Outcome.choices)

    def rows():
        for start in range(0, len(pages), CHUNK_SIZE):
            entries = pages[start : start + CHUNK_SIZE]
            ids = [entry.dossier_id for entry in entries]
            labels = candidate_labels(ids)
            raw = raw_positions(cycle, [entry.dossier_id for entry in entries if entry.rank])
            dossiers = {
                pk: (code, count)
                for pk, code, count in Dossier.objects.filter(pk__in=ids)
                .annotate(count=Count("nominations"))
                .values_list("pk", "code", "count")
            }
            means: dict[tuple[int, str], float] = {
                (row["review__dossier_id"], row["criterion__name"]): row["mean"]
                for row in Score.objects.filter(review__dossier_id__in=ids, review__counted=True)
                .values("review__dossier_id", "criterion__name")
                .annotate(mean=Avg("value"))
                .order_by()
            }
            decided = (
                {
                    dossier_id: (outcome, amount)
                    for dossier_id, outcome, amount in Decision.objects.filter(
                        dossier_id__in=ids
                    ).values_list("dossier_id", "outcome", "amount")
                }
                if decisions
                else {}
            )
            for entry in entries:
                pk = entry.dossier_id
                ranked = entry.rank is not None
                outcome, amount = decided.get(pk, ("", None))
                code, nominations = dossiers.get(pk, ("", 0))
                yield [
                    entry.rank,
                    code,
                    labels.get(pk, ""),
                    nominations,
                    entry.reviews if ranked else 0,
                    *(
                        round(means[pk, name], 2) if (pk, name) in means else None
                        for name in criteria
                    ),
                    entry.mean if ranked else None,
                    entry.normalised if ranked else None,
                    raw.get(pk),
                    entry.low if ranked else None,
                    entry.high if ranked else None,
                    entry.flagged,
                    (entry.reviews if ranked else 0) < required,
                    *((outcomes.get(outcome, outcome), amount) if decisions else ()),
                ]

    return header, rows()


REVIEWER_COLUMNS = [
    "Reviewer",
    "E-mail",
    "Status",
    "Capacity",
    "Assigned",
    "Submitted",
    "Drafts",
    "Not yet submitted",
    "Invited",
    "Accepted",
    "Last reminded",
]


def reviewer_rows(cycle) -> tuple[list[str], Iterator[list]]:
    """The header and rows of the reviewers' progress export: one row per enrolled reviewer,
    by e-mail, with their counts as the progress screen shows them. One query."""

    def rows():
        for enrolment in reviewer_progress(cycle).iterator(chunk_size=CHUNK_SIZE):
            yield [
                str(enrolment.reviewer),
                enrolment.reviewer.email,
                enrolment.get_status_display(),
                enrolment.capacity,
                enrolment.assigned,
                enrolment.submitted,
                enrolment.drafts,
                enrolment.assigned - enrolment.submitted,
                enrolment.invited_at,
                enrolment.accepted_at,
                enrolment.last_reminded,
            ]

    return REVIEWER_COLUMNS, rows()
