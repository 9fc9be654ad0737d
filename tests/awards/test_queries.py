"""Which cycle of an award its page and the nomination start offer: the one taking nominations
now, even when staff have already set next year's to Open (it opens by its dates)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from awards.models import Cycle
from awards.queries import open_cycle_for
from tests.factories import AwardFactory, CycleFactory


@pytest.fixture
def award(db):
    return AwardFactory()


def test_this_years_cycle_is_offered_while_next_years_waits_to_open(award):
    now = timezone.now()
    this_year = CycleFactory(
        award=award, opens_at=now - timedelta(days=200), closes_at=now + timedelta(days=30)
    )
    CycleFactory(
        award=award,
        opens_at=now + timedelta(days=100),
        closes_at=now + timedelta(days=400),
    )

    assert open_cycle_for(award) == this_year
    assert open_cycle_for(award.pk) == this_year


def test_once_this_year_closes_the_next_cycle_to_open_is_offered(award):
    now = timezone.now()
    CycleFactory(award=award, opens_at=now - timedelta(days=400), closes_at=now - timedelta(days=5))
    soon = CycleFactory(award=award, opens_at=now + timedelta(days=10))
    CycleFactory(award=award, opens_at=now + timedelta(days=375))

    assert open_cycle_for(award) == soon


def test_of_two_cycles_taking_nominations_the_newest_is_offered(award):
    now = timezone.now()
    CycleFactory(award=award, opens_at=now - timedelta(days=90))
    newest = CycleFactory(award=award, opens_at=now - timedelta(days=3))

    assert open_cycle_for(award) == newest


def test_a_closed_open_cycle_is_offered_when_nothing_else_is_and_drafts_are_none(award):
    now = timezone.now()
    last = CycleFactory(
        award=award, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1)
    )
    CycleFactory(award=award, status=Cycle.Status.DRAFT, opens_at=now - timedelta(days=2))

    assert open_cycle_for(award) == last
    assert open_cycle_for(AwardFactory()) is None
