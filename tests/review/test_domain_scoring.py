"""Scoring (review/domain/scoring.py): a reviewer's scores against the cycle's rubric, checked
on the scale, totalled by weight, editable until the window closes or the others' scores are
shown, and locking the rubric at the first score."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.models import AuditEvent
from review.domain.scoring import (
    ReviewClosed,
    ScoresFinal,
    ScoresRefused,
    mark_others_seen,
    save_review,
    weighted_total,
)
from review.models import Review, Rubric, Score
from tests.review.factories import (
    AssignmentFactory,
    CriterionFactory,
    ReviewSettingsFactory,
    RubricFactory,
)


@pytest.fixture
def rubric(cycle):
    """Impact (weight 2, 0 to 10) and Reach (weight 1, 1 to 5, a comment required)."""
    ReviewSettingsFactory(cycle=cycle)
    rubric = RubricFactory(cycle=cycle)
    CriterionFactory(rubric=rubric, name="Impact", weight=Decimal("2"), scale_max=10)
    CriterionFactory(rubric=rubric, name="Reach", scale_min=1, scale_max=5, comment_required=True)
    return rubric


@pytest.fixture
def assignment(rubric, make_candidate, enrol):
    return AssignmentFactory(dossier=make_candidate().dossier, enrolment=enrol())


def criteria(rubric):
    return rubric.criteria.order_by("sort_order")


def score(assignment, *, impact=None, reach=None, reach_comment="", submit=False, user=None):
    impact_criterion, reach_criterion = criteria(current(assignment))
    return save_review(
        assignment,
        user or assignment.enrolment.reviewer,
        values={impact_criterion.pk: impact, reach_criterion.pk: reach},
        comments={reach_criterion.pk: reach_comment},
        comment="",
        submit=submit,
    )


def current(assignment) -> Rubric:
    return assignment.enrolment.cycle.rubrics.order_by("-version").first()


def test_weighted_total_is_the_sum_of_weight_times_score(rubric):
    impact, reach = criteria(rubric)
    assert weighted_total(rubric, {impact.pk: 7, reach.pk: 3}) == Decimal("17")


def test_weighted_total_waits_for_every_criterion(rubric):
    impact, _ = criteria(rubric)
    assert weighted_total(rubric, {impact.pk: 7}) is None


def test_draft_keeps_partial_scores_and_counts_in_no_ranking(assignment):
    review = score(assignment, impact=7)

    assert review.status == Review.Status.DRAFT
    assert (review.weighted_total, review.counted) == (None, False)
    assert list(review.scores.values_list("value", flat=True)) == [7]


def test_submitted_review_is_totalled_and_counted(assignment):
    review = score(assignment, impact=7, reach=3, reach_comment="Whole district", submit=True)

    assert review.status == Review.Status.SUBMITTED
    assert review.submitted_at is not None
    assert (review.weighted_total, review.total, review.counted) == (Decimal("17"), 17.0, True)
    assert AuditEvent.objects.filter(action="review.scored").count() == 1


def test_submit_refuses_a_missing_score_and_a_missing_required_comment(assignment, rubric):
    impact, reach = criteria(rubric)
    with pytest.raises(ScoresRefused) as refused:
        score(assignment, reach=3, submit=True)

    assert refused.value.errors == {
        impact.pk: "Give a score.",
        reach.pk: "This criterion needs a comment.",
    }
    assert str(refused.value) == "Give a score. This criterion needs a comment."
    assert Review.objects.count() == 0


@pytest.mark.parametrize("impact", [-1, 11])
def test_out_of_scale_score_is_refused_even_in_a_draft(assignment, rubric, impact):
    with pytest.raises(ScoresRefused, match="Choose a score from 0 to 10"):
        score(assignment, impact=impact)
    assert Score.objects.count() == 0


def test_first_score_locks_the_rubric(assignment, rubric):
    score(assignment, impact=7)

    rubric.refresh_from_db()
    assert rubric.locked is True


def test_only_the_assigned_reviewer_may_score(assignment, enrol):
    other = enrol().reviewer
    with pytest.raises(PermissionDenied):
        score(assignment, impact=7, user=other)
    assert Review.objects.count() == 0


def test_no_score_after_the_review_window_closed(assignment, cycle):
    cycle.review_settings.review_closes_at = timezone.now() - timedelta(minutes=1)
    cycle.review_settings.save()

    with pytest.raises(ReviewClosed):
        score(assignment, impact=7)
    assert Review.objects.count() == 0


def test_scores_are_final_once_the_others_scores_were_shown(assignment):
    review = score(assignment, impact=7, reach=3, reach_comment="Whole district", submit=True)

    assert mark_others_seen(review, assignment.enrolment.reviewer) is True
    assert mark_others_seen(review, assignment.enrolment.reviewer) is False
    with pytest.raises(ScoresFinal):
        score(assignment, impact=9)
    assert list(
        Score.objects.order_by("criterion__sort_order").values_list("value", flat=True)
    ) == [
        7,
        3,
    ]
    assert AuditEvent.objects.filter(action="review.others_scores_shown").count() == 1
