from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.models import Cycle
from tests.factories import AwardFactory, CycleFactory, SchoolFactory

OPENS_AT = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
CLOSES_AT = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)


@pytest.fixture
def cycle():
    """An open cycle with fixed dates and no grace period (built, not saved: no database)."""
    return CycleFactory.build(opens_at=OPENS_AT, closes_at=CLOSES_AT, grace_period=None)


def test_cycle_factory_is_accepting_nominations_now(db):
    cycle = CycleFactory()

    assert cycle.opens_at.tzinfo is not None
    assert cycle.is_accepting_nominations() is True


def test_is_accepting_nominations_just_before_opening_is_false(cycle):
    assert cycle.is_accepting_nominations(now=OPENS_AT - TICK) is False


def test_is_accepting_nominations_at_opening_is_true(cycle):
    assert cycle.is_accepting_nominations(now=OPENS_AT) is True


def test_is_accepting_nominations_just_before_closing_is_true(cycle):
    assert cycle.is_accepting_nominations(now=CLOSES_AT - TICK) is True


def test_is_accepting_nominations_at_closing_is_false(cycle):
    assert cycle.is_accepting_nominations(now=CLOSES_AT) is False


def test_is_accepting_nominations_within_grace_is_true(cycle):
    cycle.grace_period = timedelta(hours=2)

    assert cycle.is_accepting_nominations(now=CLOSES_AT) is True
    assert cycle.is_accepting_nominations(now=CLOSES_AT + timedelta(hours=2) - TICK) is True


def test_is_accepting_nominations_at_end_of_grace_is_false(cycle):
    cycle.grace_period = timedelta(hours=2)

    assert cycle.is_accepting_nominations(now=CLOSES_AT + timedelta(hours=2)) is False


def test_is_accepting_nominations_compares_instants_across_time_zones(cycle):
    # 01:00 in Los Angeles (UTC-7 in September) is 08:00 UTC: the very moment the cycle opens.
    opening_in_los_angeles = datetime(2026, 9, 1, 1, 0, tzinfo=ZoneInfo("America/Los_Angeles"))

    assert cycle.is_accepting_nominations(now=opening_in_los_angeles) is True
    assert cycle.is_accepting_nominations(now=opening_in_los_angeles - TICK) is False


@pytest.mark.parametrize(
    "status",
    [Cycle.Status.DRAFT, Cycle.Status.REVIEW, Cycle.Status.DECIDED, Cycle.Status.CLOSED],
)
def test_is_accepting_nominations_not_open_status_is_false(cycle, status):
    cycle.status = status

    assert cycle.is_accepting_nominations(now=OPENS_AT + timedelta(days=1)) is False


@pytest.mark.django_db
@pytest.mark.parametrize("closes_at", [OPENS_AT, OPENS_AT - timedelta(days=1)])
def test_cycle_constraint_refuses_closing_at_or_before_opening(closes_at):
    award = AwardFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.create(award=award, name="2026-27", opens_at=OPENS_AT, closes_at=closes_at)

    assert Cycle.objects.count() == 0


@pytest.mark.django_db
def test_cycle_constraint_accepts_closing_after_opening():
    cycle = CycleFactory(opens_at=OPENS_AT, closes_at=OPENS_AT + TICK)

    assert Cycle.objects.get() == cycle


def test_cycle_clean_refuses_closing_at_opening(cycle):
    cycle.closes_at = OPENS_AT

    with pytest.raises(ValidationError) as excinfo:
        cycle.clean()

    assert excinfo.value.message_dict == {"closes_at": ["The cycle must close after it opens."]}


def test_cycle_clean_refuses_letters_due_before_opening(cycle):
    cycle.letters_due_at = OPENS_AT - TICK

    with pytest.raises(ValidationError) as excinfo:
        cycle.clean()

    assert excinfo.value.message_dict == {
        "letters_due_at": ["Letters cannot be due before the cycle opens."]
    }


@pytest.mark.django_db
def test_cycle_name_unique_per_award():
    cycle = CycleFactory(name="2026-27")
    CycleFactory(name="2026-27")  # another award may reuse the name

    with pytest.raises(IntegrityError), transaction.atomic():
        CycleFactory(award=cycle.award, name="2026-27")


def test_school_str_is_name():
    assert str(SchoolFactory.build(name="Roosevelt High")) == "Roosevelt High"


def test_award_str_is_name():
    assert str(AwardFactory.build(name="Classified Employee of the Year")) == (
        "Classified Employee of the Year"
    )


def test_cycle_str_names_award_and_cycle():
    cycle = CycleFactory.build(award=AwardFactory.build(name="Teacher of the Year"), name="2026-27")

    assert str(cycle) == "Teacher of the Year 2026-27"
