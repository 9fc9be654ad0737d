import pytest

from awards.models import Dossier, Nomination
from review.models import ReviewerEnrolment
from tests.awards.factories import NominationFactory
from tests.factories import CycleFactory, SchoolFactory, UserFactory


@pytest.fixture
def cycle(db):
    return CycleFactory()


@pytest.fixture
def make_candidate(cycle):
    """A submitted nomination in its own dossier: the unit review works on."""

    def make(**fields):
        nomination = NominationFactory(cycle=cycle, status=Nomination.Status.SUBMITTED, **fields)
        nomination.dossier = Dossier.objects.create(cycle=cycle)
        nomination.save(update_fields=["dossier"])
        return nomination

    return make


@pytest.fixture
def enrol(cycle):
    def make(user=None, schools=(), **fields):
        enrolment = ReviewerEnrolment.objects.create(
            cycle=cycle,
            reviewer=user or UserFactory(),
            **{"status": ReviewerEnrolment.Status.ACTIVE, **fields},
        )
        enrolment.schools.set(schools)
        return enrolment

    return make


@pytest.fixture
def school(db):
    return SchoolFactory()
