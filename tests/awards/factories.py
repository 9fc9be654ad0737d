"""factory_boy factories for the intake models: questions, nominations, files, letters."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from awards.models import (
    DeadlineExtension,
    Dossier,
    LetterRequest,
    Nomination,
    NominationFile,
    Question,
)
from portal.storage import new_private_key
from review.domain.scoring import save_review
from review.models import (
    Assignment,
    Criterion,
    Review,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
)
from tests.factories import CycleFactory, SchoolFactory, UserFactory


class QuestionFactory(DjangoModelFactory):
    """A required long-text question in the default section. `.build().snapshot()` gives the dict
    the spec functions work on, without a database."""

    cycle = factory.SubFactory(CycleFactory)
    key = factory.Sequence(lambda n: f"question-{n}")
    label = factory.Sequence(lambda n: f"Question {n}")
    kind = Question.Kind.LONG_TEXT
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = Question

    class Params:
        file = factory.Trait(kind=Question.Kind.FILE, allowed_file_types=["pdf"])
        letters = factory.Trait(kind=Question.Kind.LETTERS, min_letters=1, max_letters=3)


def question_dict(**fields) -> dict:
    """One question as spec.py sees it (a snapshot), built without touching the database."""
    return QuestionFactory.build(**fields).snapshot()


class NominationFactory(DjangoModelFactory):
    """A draft whose nominee step is complete; `answers` are empty unless given."""

    cycle = factory.SubFactory(CycleFactory)
    nominator = factory.SubFactory(UserFactory)
    nominee_first_name = "Margaret"
    nominee_last_name = "Hamilton"
    nominee_email = "m.hamilton@school.example"
    nominee_role = "7th grade science teacher"
    school = factory.SubFactory(SchoolFactory)
    nominator_relationship = "Parent of a student"

    class Meta:
        model = Nomination


def candidate(cycle, **fields) -> Nomination:
    """A submitted nomination filed in a dossier of its own: the unit review and results work on."""
    nomination = NominationFactory(cycle=cycle, status=Nomination.Status.SUBMITTED, **fields)
    nomination.dossier = Dossier.objects.create(cycle=cycle)
    nomination.save(update_fields=["dossier"])
    return nomination


class NominationFileFactory(DjangoModelFactory):
    """A file row only: nothing is written to storage."""

    nomination = factory.SubFactory(NominationFactory)
    question_key = "documents"
    storage_key = factory.LazyAttribute(
        lambda record: new_private_key(f"nominations/{record.nomination.cycle_id}", ".pdf")
    )
    display_name = "resume.pdf"
    content_type = "application/pdf"
    size = 1024
    sha256 = "0" * 64

    class Meta:
        model = NominationFile


class LetterRequestFactory(DjangoModelFactory):
    """A letter asked for once, just now (as request_letter leaves it, without the e-mail)."""

    nomination = factory.SubFactory(NominationFactory)
    question_key = "support"
    writer_name = factory.Sequence(lambda n: f"Writer {n}")
    writer_email = factory.Sequence(lambda n: f"writer{n}@example.org")
    send_count = 1
    last_sent_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = LetterRequest


class DeadlineExtensionFactory(DjangoModelFactory):
    """Three more days for one nominator, from the cycle's closing."""

    cycle = factory.SubFactory(CycleFactory)
    nominator = factory.SubFactory(UserFactory)
    closes_at = factory.LazyAttribute(
        lambda extension: extension.cycle.closes_at + timedelta(days=3)
    )
    reason = "Family emergency"

    class Meta:
        model = DeadlineExtension


def submitted_review(dossier, *, comment: str = "", score_comment: str = "") -> Review:
    """A reviewer's submitted review of the candidate (score 8 of 10), written through the
    reviewer's own operation: the cycle gets review settings (released already) and a
    one-criterion rubric the first time."""
    cycle = dossier.cycle
    ReviewSettings.objects.get_or_create(
        cycle=cycle, defaults={"release_at": timezone.now() - timedelta(minutes=1)}
    )
    rubric = Rubric.objects.filter(cycle=cycle).first() or Rubric.objects.create(cycle=cycle)
    criterion = rubric.criteria.first() or Criterion.objects.create(
        rubric=rubric, name="Impact", scale_min=0, scale_max=10
    )
    reviewer = UserFactory(reviewer=True)
    enrolment = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=reviewer, status=ReviewerEnrolment.Status.ACTIVE
    )
    assignment = Assignment.objects.create(dossier=dossier, enrolment=enrolment)
    return save_review(
        assignment,
        reviewer,
        values={criterion.pk: 8},
        comments={criterion.pk: score_comment},
        comment=comment,
        submit=True,
    )
