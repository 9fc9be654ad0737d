import functools
from datetime import timedelta

import pytest
from django.tasks.signals import task_finished
from django.utils import timezone

from awards.models import Cycle
from review.models import Assignment, Review, ReviewerEnrolment, Rubric
from tests.awards.factories import candidate
from tests.factories import CycleFactory, SchoolFactory, UserFactory


@pytest.fixture
def cycle(db):
    """A cycle under review: nominations closed yesterday (results may be published), letters
    of support still arrive for two weeks."""
    now = timezone.now()
    return CycleFactory(
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=1),
        letters_due_at=now + timedelta(days=14),
        status=Cycle.Status.REVIEW,
    )


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
def reviewed(enrol, cycle):
    """`reviewer` has submitted a review of `dossier` (a reviewer to thank when results go out)."""

    def make(reviewer, dossier) -> Review:
        enrolment = enrol(user=reviewer)
        return Review.objects.create(
            assignment=Assignment.objects.create(dossier=dossier, enrolment=enrolment),
            rubric=Rubric.objects.create(cycle=cycle),
            cycle=cycle,
            dossier=dossier,
            enrolment=enrolment,
            status=Review.Status.SUBMITTED,
        )

    return make


@pytest.fixture
def school(db):
    return SchoolFactory()


@pytest.fixture
def finished_tasks():
    """How every portal task run meanwhile ended, as (task path, status), in order. The
    immediate backend of the tests swallows a task's exception and only logs it: without this,
    a task that crashed looks like one that rightly did nothing."""
    finished = []

    def record(sender, task_result, **kwargs):
        if task_result.task.module_path.startswith(("review.", "awards.")):
            finished.append((task_result.task.module_path, task_result.status))

    task_finished.connect(record)
    try:
        yield finished
    finally:
        task_finished.disconnect(record)
