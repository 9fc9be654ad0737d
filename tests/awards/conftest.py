import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from awards.domain.cycles import NextCycleDates
from awards.models import Question
from review.models import Conflict, Criterion, Decision, ReviewerEnrolment, ReviewSettings, Rubric
from tests.awards.factories import (
    DeadlineExtensionFactory,
    NominationFactory,
    QuestionFactory,
    candidate,
    submitted_review,
)
from tests.factories import AwardFactory, CycleFactory, SchoolFactory
from tests.review.factories import ReviewerEnrolmentFactory

# A nomination that answers every question of the `questions` form below.
COMPLETE_ANSWERS = {
    "impact": "She stayed after school every Tuesday to run the robotics club.",
    "subjects": ["Science", "Art"],
    "lab_story": "We built a pinhole camera and photographed the eclipse.",
    "years": "3-5",
    "attest": "yes",
}


def exactly(message: str) -> str:
    """A `pytest.raises(match=...)` pattern that matches this whole message and nothing else."""
    return f"^{re.escape(message)}$"


@pytest.fixture
def award(db):
    return AwardFactory()


@pytest.fixture
def school(db):
    return SchoolFactory(name="Lakeside High")


@pytest.fixture
def cycle(award):
    """Open now: opened yesterday, closes in 30 days, no grace period."""
    return CycleFactory(award=award)


@pytest.fixture
def questions(cycle) -> dict[str, Question]:
    """The cycle's form: three steps after the nominee step, one conditional question, one file
    question and one letters question. Returned by key."""
    why = "Why this teacher"
    rows = [
        QuestionFactory(
            cycle=cycle,
            key="impact",
            section=why,
            label="How has this teacher changed your child's year?",
            word_limit=50,
        ),
        QuestionFactory(
            cycle=cycle,
            key="subjects",
            section=why,
            kind=Question.Kind.MULTIPLE_CHOICE,
            label="Which subjects does she teach?",
            choices=["Mathematics", "Science", "Art"],
        ),
        QuestionFactory(
            cycle=cycle,
            key="lab_story",
            section=why,
            label="Tell us about a science lab.",
            show_if_key="subjects",
            show_if_value="Science",
        ),
        QuestionFactory(
            cycle=cycle,
            key="years",
            section="Eligibility",
            kind=Question.Kind.SINGLE_CHOICE,
            label="How long has she taught at the school?",
            choices=["1-2", "3-5", "6 or more"],
        ),
        QuestionFactory(
            cycle=cycle,
            key="attest",
            section="Eligibility",
            kind=Question.Kind.ATTESTATION,
            label="I confirm she teaches at a district school.",
        ),
        QuestionFactory(
            cycle=cycle,
            key="documents",
            section="Documents",
            kind=Question.Kind.FILE,
            label="A resume or a photo of the classroom",
            required=False,
            max_files=2,
            max_file_size_mb=1,
            allowed_file_types=["pdf", "png", "jpeg", "docx"],
        ),
        QuestionFactory(
            cycle=cycle,
            key="support",
            section="Documents",
            kind=Question.Kind.LETTERS,
            label="Letters of support",
            required=False,
            min_letters=0,
            max_letters=2,
        ),
    ]
    return {question.key: question for question in rows}


@pytest.fixture
def draft(cycle, questions, user, school):
    """The signed-in nominator's draft, complete and ready to submit."""
    return NominationFactory(
        cycle=cycle, nominator=user, school=school, answers=dict(COMPLETE_ANSWERS)
    )


@pytest.fixture
def failing_file_inserts(db):
    """The database refuses every new NominationFile row, as a full disk or a lost connection
    would: a real trigger, rolled back with the test's transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION laurel_refuse_file() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'disk full'; END; $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER laurel_refuse_file BEFORE INSERT ON awards_nominationfile "
                "FOR EACH ROW EXECUTE FUNCTION laurel_refuse_file()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER laurel_refuse_file BEFORE INSERT ON awards_nominationfile "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )


# Next year's cycle (tests/awards/test_domain_cycles.py, test_admin_cycles.py)


def question_rows(cycle) -> list[dict]:
    return list(
        cycle.questions.order_by("sort_order", "pk").values(
            *(f.name for f in Question._meta.concrete_fields if f.name not in {"id", "cycle"})
        )
    )


@pytest.fixture
def last_year(cycle, questions, school):
    """A cycle with everything "next year" copies, and everything personal it must not."""
    cycle.translations = {"es": {"sections": {"Why this teacher": "Por qué esta persona"}}}
    cycle.letters_due_at = cycle.closes_at + timedelta(days=7)
    cycle.grace_period = timedelta(hours=2)
    cycle.results_expected_on = date(2027, 5, 1)
    cycle.save()
    Question.objects.filter(cycle=cycle, key="impact").update(
        translations={"es": {"label": {"How?": "¿Cómo?"}}}
    )
    # The personal side first: a nomination in a dossier, scored (against last version's
    # rubric), decided, with a conflict; a draft and an extension.
    nominee = candidate(cycle, school=school)
    review = submitted_review(nominee.dossier)
    NominationFactory(cycle=cycle)
    rubric = Rubric.objects.create(
        cycle=cycle,
        name="Teaching rubric",
        version=2,
        locked=True,
        tie_break=Rubric.TieBreak.MORE_REVIEWS,
    )
    for order, (name, weight) in enumerate([("Impact", "2.00"), ("Care", "1.50")]):
        Criterion.objects.create(
            rubric=rubric,
            sort_order=order,
            name=name,
            weight=Decimal(weight),
            scale_min=1,
            scale_max=4,
            bands=[{"from": 1, "to": 4, "label": "All", "description": ""}],
            comment_required=order == 0,
        )
    ReviewSettings.objects.update_or_create(
        cycle=cycle,
        defaults=dict(
            reviewers_per_candidate=4,
            release_at=cycle.closes_at + timedelta(days=10),
            review_closes_at=cycle.closes_at + timedelta(days=40),
            blind_fields=["nominee_name"],
            discussion_enabled=True,
            disagreement_percent=30,
            places=7,
            cutoff_margin=2,
            extra_reviewer_near_cutoff=True,
        ),
    )
    principal = ReviewerEnrolmentFactory(
        cycle=cycle,
        capacity=6,
        categories=["teacher"],
        preferred_categories=["teacher"],
        is_principal=True,
        scored_count=5,
        score_sum=30,
        accepted_at=timezone.now(),
    )
    principal.schools.set([school, SchoolFactory(name="Hillside Middle")])
    ReviewerEnrolmentFactory(cycle=cycle, capacity=3)
    ReviewerEnrolmentFactory(cycle=cycle, status=ReviewerEnrolment.Status.WITHDRAWN)
    Conflict.objects.create(
        enrolment=principal,
        dossier=nominee.dossier,
        source=Conflict.Source.STAFF,
        reason="Works at the same school.",
    )
    Decision.objects.create(cycle=cycle, dossier=nominee.dossier, outcome="winner")
    DeadlineExtensionFactory(cycle=cycle)
    assert review.scores.exists()
    return cycle


@pytest.fixture
def dates(last_year):
    return NextCycleDates.a_year_after(last_year)
