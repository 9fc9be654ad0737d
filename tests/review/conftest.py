import functools

import pytest

from review.models import ReviewerEnrolment
from tests.awards.factories import candidate
from tests.factories import CycleFactory, SchoolFactory, UserFactory


@pytest.fixture
def cycle(db):
    return CycleFactory()


@pytest.fixture
def make_candidate(cycle):
    """A submitted nomination in its own dossier: the unit review works on."""

    return functools.partial(candidate, cycle)


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
