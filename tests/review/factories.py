"""factory_boy factories for the review models: reviewers' enrolments, rubrics, assignments,
conflicts, reviews and scores, decisions and committee packets.

They make rows as they are stored, without running the domain operation that would make them
(no audit record, no running statistics, no e-mail); where a test is about that operation, it
calls it (e.g. `save_review`, `declare_conflict`, `record_decision`) instead.
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from awards.models import Dossier, Nomination
from review.models import (
    Assignment,
    Conflict,
    Criterion,
    Decision,
    PacketJob,
    Review,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
    Score,
)
from tests.awards.factories import NominationFactory
from tests.factories import CycleFactory, UserFactory


class DossierFactory(DjangoModelFactory):
    """A candidate: a dossier holding one submitted nomination (as `candidate()` files one)."""

    cycle = factory.SubFactory(CycleFactory)
    nomination = factory.RelatedFactory(
        NominationFactory,
        factory_related_name="dossier",
        cycle=factory.SelfAttribute("..cycle"),
        status=Nomination.Status.SUBMITTED,
    )

    class Meta:
        model = Dossier
        skip_postgeneration_save = True


class ReviewSettingsFactory(DjangoModelFactory):
    """Review settings whose reviews were released an hour ago; nothing is hidden from
    reviewers unless `blind_fields` say so."""

    cycle = factory.SubFactory(CycleFactory)
    release_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Meta:
        model = ReviewSettings
        django_get_or_create = ("cycle",)


class ReviewerEnrolmentFactory(DjangoModelFactory):
    """An active enrolment to review in an open cycle, as staff make it in the admin (the
    reviewer is not put in the Reviewers group). `schools` are the reviewer's ties."""

    cycle = factory.SubFactory(CycleFactory)
    reviewer = factory.SubFactory(UserFactory, verified=True)
    status = ReviewerEnrolment.Status.ACTIVE

    class Meta:
        model = ReviewerEnrolment
        skip_postgeneration_save = True

    @factory.post_generation
    def schools(enrolment, create, extracted, **kwargs):
        if create and extracted:
            enrolment.schools.set(extracted)


class RubricFactory(DjangoModelFactory):
    """The cycle's first rubric (the one it has, if any)."""

    cycle = factory.SubFactory(CycleFactory)
    version = 1

    class Meta:
        model = Rubric
        django_get_or_create = ("cycle", "version")


class CriterionFactory(DjangoModelFactory):
    """A criterion of weight 1 scored from 0 to 10, without band descriptors."""

    rubric = factory.SubFactory(RubricFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = Decimal("1")
    scale_min = 0
    scale_max = 10
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = Criterion


class AssignmentFactory(DjangoModelFactory):
    """A reviewer asked to score a candidate; the reviewer is enrolled in the candidate's cycle
    unless an enrolment is given (give both in the same cycle)."""

    dossier = factory.SubFactory(DossierFactory)
    enrolment = factory.SubFactory(
        ReviewerEnrolmentFactory, cycle=factory.SelfAttribute("..dossier.cycle")
    )

    class Meta:
        model = Assignment


class ConflictFactory(DjangoModelFactory):
    """A conflict the reviewer declared with a candidate of their cycle."""

    enrolment = factory.SubFactory(ReviewerEnrolmentFactory)
    dossier = factory.SubFactory(DossierFactory, cycle=factory.SelfAttribute("..enrolment.cycle"))
    source = Conflict.Source.DECLARED
    reason = "Former colleague"
    created_by = factory.SelfAttribute("enrolment.reviewer")

    class Meta:
        model = Conflict


class ReviewFactory(DjangoModelFactory):
    """A draft review of an assignment against its cycle's rubric. Trait `submitted`: sent in
    just now. The row only: its total and whether it counts are left as a new draft has them."""

    assignment = factory.SubFactory(AssignmentFactory)
    cycle = factory.SelfAttribute("assignment.dossier.cycle")
    dossier = factory.SelfAttribute("assignment.dossier")
    enrolment = factory.SelfAttribute("assignment.enrolment")
    rubric = factory.SubFactory(RubricFactory, cycle=factory.SelfAttribute("..cycle"))

    class Meta:
        model = Review

    class Params:
        submitted = factory.Trait(
            status=Review.Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )


class ScoreFactory(DjangoModelFactory):
    """A score of 7 on a criterion of the review's rubric."""

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(
        CriterionFactory, rubric=factory.SelfAttribute("..review.rubric")
    )
    value = 7

    class Meta:
        model = Score


class DecisionFactory(DjangoModelFactory):
    """The committee named the candidate a winner."""

    dossier = factory.SubFactory(DossierFactory)
    cycle = factory.SelfAttribute("dossier.cycle")
    outcome = Decision.Outcome.WINNER
    citation = "For a garden that changed a school."

    class Meta:
        model = Decision


class PacketJobFactory(DjangoModelFactory):
    """A committee packet still waiting in the queue (no file yet)."""

    cycle = factory.SubFactory(CycleFactory)
    created_by = factory.SubFactory(UserFactory, staff=True)

    class Meta:
        model = PacketJob
