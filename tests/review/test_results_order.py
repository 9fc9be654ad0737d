"""The public results page reads top down: the winner first, then finalists, then honourable
mentions; within an outcome the committee's order, which is the ranking's unless they set one."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from review.domain.aggregates import rebuild_scores
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.models import Assignment, Criterion, Review, ReviewSettings, Rubric
from tests.factories import UserFactory


@pytest.fixture
def closed_cycle(cycle):
    """Nominations closed yesterday: results may be published."""
    cycle.opens_at = timezone.now() - timedelta(days=60)
    cycle.closes_at = timezone.now() - timedelta(days=1)
    cycle.save()
    return cycle


@pytest.fixture
def scored(closed_cycle, make_candidate, enrol):
    """Five candidates scored by one reviewer: the ranking is Ada, Grace, Hedy, Joan, Mary."""
    rubric = Rubric.objects.create(cycle=closed_cycle)
    Criterion.objects.create(rubric=rubric, name="Impact", scale_min=0, scale_max=10)
    ReviewSettings.objects.create(cycle=closed_cycle)
    enrolment = enrol()
    candidates = {}
    for total, first in zip((9, 8, 7, 6, 5), ("Ada", "Grace", "Hedy", "Joan", "Mary"), strict=True):
        nomination = make_candidate(nominee_first_name=first, nominee_last_name="Example")
        assignment = Assignment.objects.create(dossier=nomination.dossier, enrolment=enrolment)
        Review.objects.create(
            assignment=assignment,
            rubric=rubric,
            cycle=closed_cycle,
            dossier=nomination.dossier,
            enrolment=enrolment,
            status=Review.Status.SUBMITTED,
            weighted_total=Decimal(total),
            total=float(total),
            counted=True,
        )
        candidates[first] = nomination
    rebuild_scores(closed_cycle)
    return candidates


def publish_and_read(client, cycle, staff_user) -> list[str]:
    """Publish through both staff members; the names in the order the public page lists them."""
    request_publication(cycle, staff_user)
    publication = approve_publication(cycle, UserFactory(staff=True, verified=True))
    html = client.get(publication.results_page.url).content.decode()
    return re.findall(r'class="winner__name"><strong>(\w+) Example</strong>', html)


def test_the_winner_is_listed_first_then_finalists_then_mentions(
    client, closed_cycle, scored, staff_user, home_page
):
    # Decided in the reverse order, and the names of the outcomes sort the other way round.
    for first, outcome in (
        ("Mary", "honourable_mention"),
        ("Joan", "finalist"),
        ("Hedy", "winner"),
    ):
        record_decision(closed_cycle, scored[first].dossier, staff_user, outcome=outcome)
    assert publish_and_read(client, closed_cycle, staff_user) == ["Hedy", "Joan", "Mary"]


def test_within_an_outcome_the_ranking_order_is_kept(
    client, closed_cycle, scored, staff_user, home_page
):
    # Decided bottom of the ranking first.
    for first, outcome in (
        ("Mary", "finalist"),
        ("Hedy", "honourable_mention"),
        ("Joan", "finalist"),
        ("Grace", "honourable_mention"),
        ("Ada", "winner"),
    ):
        record_decision(closed_cycle, scored[first].dossier, staff_user, outcome=outcome)
    assert publish_and_read(client, closed_cycle, staff_user) == [
        "Ada",
        "Joan",
        "Mary",
        "Grace",
        "Hedy",
    ]


def test_the_committees_own_order_wins_over_the_ranking(
    client, closed_cycle, scored, staff_user, home_page
):
    record_decision(closed_cycle, scored["Ada"].dossier, staff_user, outcome="winner")
    record_decision(closed_cycle, scored["Grace"].dossier, staff_user, outcome="finalist")
    record_decision(
        closed_cycle, scored["Mary"].dossier, staff_user, outcome="finalist", position=1
    )
    assert publish_and_read(client, closed_cycle, staff_user) == ["Ada", "Mary", "Grace"]
