import re

import pytest
from django.db import connection

from awards.models import Question
from tests.awards.factories import NominationFactory, QuestionFactory
from tests.factories import AwardFactory, CycleFactory, SchoolFactory

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
