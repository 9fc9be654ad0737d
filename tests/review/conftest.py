import functools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.tasks.signals import task_finished
from django.utils import timezone

from awards.models import Cycle
from review.domain.assignment import commit_assignment, plan_assignment
from review.domain.scoring import save_review
from review.models import (
    Assignment,
    Criterion,
    Review,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
    Stage,
)
from tests.awards.factories import candidate
from tests.factories import CycleFactory, SchoolFactory, UserFactory
from tests.review.factories import AssignmentFactory, ReviewFactory


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
def reviewed(enrol):
    """`reviewer` has submitted a review of `dossier` (a reviewer to thank when results go out)."""

    def make(reviewer, dossier) -> Review:
        assignment = AssignmentFactory(dossier=dossier, enrolment=enrol(user=reviewer))
        return ReviewFactory(assignment=assignment, submitted=True)

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


@pytest.fixture
def review_settings(cycle):
    """Released an hour ago, nothing blind: a test hides what it checks."""
    return ReviewSettings.objects.create(
        cycle=cycle, release_at=timezone.now() - timedelta(hours=1), blind_fields=[]
    )


@pytest.fixture
def reviewer(client, candidate, enrol, review_settings):
    """A reviewer assigned to the module's `candidate`, with a rubric to score, signed in."""
    enrolment = enrol()
    Assignment.objects.create(dossier=candidate.dossier, enrolment=enrolment)
    Criterion.objects.create(
        rubric=Rubric.objects.create(cycle=candidate.cycle), name="Impact", weight=Decimal(1)
    )
    client.force_login(enrolment.reviewer)
    return enrolment


@pytest.fixture
def first_stage_ranked(cycle, make_candidate, enrol, staff_user):
    """Builds the cycle's first stage, ranked in the order of `names`: `reviewers` reviewers
    (enrolled with `enrolment`'s fields) each score candidate i `9 - step * i` on one criterion
    from 0 to 10, and a finalist-round rubric `visit` with one criterion `visit_criterion` (1 to
    5) waits for the finalists. Returns the candidates' dossiers, in that order, and the visit
    rubric. A name of None leaves the factory's."""

    def build(names, *, reviewers, step, visit, visit_criterion, **enrolment):
        ReviewSettings.objects.create(cycle=cycle, reviewers_per_candidate=reviewers)
        first = Rubric.objects.create(cycle=cycle, name="Nomination")
        Criterion.objects.create(rubric=first, name="Impact", scale_min=0, scale_max=10)
        finalist_rubric = Rubric.objects.create(cycle=cycle, name=visit, stage=Stage.FINALIST)
        Criterion.objects.create(
            rubric=finalist_rubric, name=visit_criterion, scale_min=1, scale_max=5
        )
        candidates = [
            make_candidate(**({"nominee_first_name": name} if name else {})) for name in names
        ]
        enrolled = [enrol(**enrolment) for _ in range(reviewers)]
        commit_assignment(plan_assignment(cycle), staff_user)
        criterion = first.criteria.get()
        places = [c.dossier_id for c in candidates]
        for assignment in Assignment.objects.filter(enrolment__in=enrolled):
            save_review(
                assignment,
                assignment.enrolment.reviewer,
                values={criterion.pk: 9 - step * places.index(assignment.dossier_id)},
                comments={},
                comment="",
                submit=True,
            )
        return [c.dossier for c in candidates], finalist_rubric

    return build
