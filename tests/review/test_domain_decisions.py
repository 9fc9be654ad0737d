"""Committee decisions (review/domain/decisions.py): staff record one decision per candidate,
checked before it is stored; when nominations really close. Publishing under the two-person
rule is in test_publishing.py and test_results.py, the deadline in test_publishing_deadline.py."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from portal.models import AuditEvent
from review.domain.decisions import DecisionRefused, nominations_close_at, record_decision
from review.models import Decision
from tests.awards.factories import DeadlineExtensionFactory
from tests.factories import CycleFactory
from tests.review.factories import DecisionFactory, DossierFactory


@pytest.fixture
def dossier(cycle):
    return DossierFactory(cycle=cycle)


def test_a_decision_is_recorded_once_per_candidate_and_changed_in_place(cycle, dossier, staff_user):
    record_decision(cycle, dossier, staff_user, outcome=Decision.Outcome.FINALIST)
    decision = record_decision(
        cycle,
        dossier,
        staff_user,
        outcome=Decision.Outcome.WINNER,
        amount=Decimal("500"),
        citation="  For a garden that changed a school.  ",
    )

    assert Decision.objects.get() == decision
    assert (decision.outcome, decision.amount, decision.citation, decision.updated_by) == (
        Decision.Outcome.WINNER,
        Decimal("500"),
        "For a garden that changed a school.",
        staff_user,
    )
    assert AuditEvent.objects.filter(action="results.decision").count() == 2


def test_a_later_change_without_a_position_keeps_the_one_set(cycle, dossier, staff_user):
    DecisionFactory(dossier=dossier, position=2)

    decision = record_decision(cycle, dossier, staff_user, outcome=Decision.Outcome.WINNER)

    assert decision.position == 2


@pytest.mark.parametrize("someone", ["user", "reviewer_user"])
def test_only_staff_record_a_decision(request, cycle, dossier, someone):
    with pytest.raises(PermissionDenied):
        record_decision(
            cycle, dossier, request.getfixturevalue(someone), outcome=Decision.Outcome.WINNER
        )
    assert Decision.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": "champion"}, "Choose an outcome."),
        ({"amount": Decimal("-1")}, "An award amount cannot be negative."),
        ({"citation": "x" * 601}, "Keep the citation to 600 characters."),
        ({"position": 0}, "Number the order on the results page from 1."),
    ],
)
def test_a_wrong_decision_is_refused_and_nothing_recorded(
    cycle, dossier, staff_user, fields, message
):
    with pytest.raises(DecisionRefused) as refused:
        record_decision(
            cycle, dossier, staff_user, **{"outcome": Decision.Outcome.WINNER, **fields}
        )

    assert str(refused.value) == message
    assert Decision.objects.count() == 0
    assert AuditEvent.objects.filter(action="results.decision").count() == 0


def test_a_candidate_of_another_cycle_is_refused(cycle, staff_user):
    elsewhere = DossierFactory(cycle=CycleFactory())

    with pytest.raises(DecisionRefused, match="belongs to another cycle"):
        record_decision(cycle, elsewhere, staff_user, outcome=Decision.Outcome.WINNER)
    assert Decision.objects.count() == 0


def test_nominations_close_at_the_deadline_plus_the_grace_period(cycle):
    cycle.grace_period = timedelta(minutes=30)

    assert nominations_close_at(cycle) == cycle.closes_at + timedelta(minutes=30)


def test_nominations_close_at_the_latest_extension_when_later(cycle):
    DeadlineExtensionFactory(cycle=cycle, closes_at=cycle.closes_at + timedelta(days=2))
    latest = DeadlineExtensionFactory(cycle=cycle, closes_at=cycle.closes_at + timedelta(days=5))
    cycle.grace_period = None

    assert nominations_close_at(cycle) == latest.closes_at


def test_an_extension_before_the_deadline_changes_nothing(cycle):
    DeadlineExtensionFactory(cycle=cycle, closes_at=cycle.closes_at - timedelta(days=1))
    cycle.grace_period = None

    assert nominations_close_at(cycle) == cycle.closes_at
