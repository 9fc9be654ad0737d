"""Each conflict rule is written once (`review.conflict_rules`) and applied two ways: to a whole
cycle, its pairs formed in numpy (the assignment planner), and to one pair in SQL (the reviewer
portal). On random cycles the two must name exactly the same pairs."""

import random

import pytest

from awards.models import Dossier, LetterRequest, Nomination
from review.domain.conflicts import (
    active_conflict_pairs,
    declare_conflict,
    dismiss_detected_conflict,
    find_conflicts,
)
from review.models import Assignment, ReviewerEnrolment, Stage
from review.queries import detected_conflict, recorded_conflict
from tests.awards.factories import LetterRequestFactory, NominationFactory
from tests.factories import SchoolFactory, UserFactory


@pytest.mark.parametrize("seed", range(6))
def test_planner_and_portal_apply_the_conflict_rules_alike(seed, cycle, enrol, staff_user):
    rng = random.Random(seed)
    schools = [SchoolFactory() for _ in range(3)]
    reviewers = [UserFactory(email=f"reviewer{seed}-{i}@district.example") for i in range(4)]
    enrolments = [
        enrol(
            user=reviewer,
            stage=stage,
            schools=rng.sample(schools, rng.randint(0, 2)),
            is_principal=rng.random() < 0.3,
            status=rng.choice(list(ReviewerEnrolment.Status)),
        )
        for reviewer in reviewers
        # Some reviewers also sit on the committee (a second enrolment, for the finalists).
        for stage in ([Stage.FIRST, Stage.FINALIST] if rng.random() < 0.4 else [Stage.FIRST])
    ]
    dossiers = [Dossier.objects.create(cycle=cycle) for _ in range(5)]
    for dossier in dossiers:
        for _ in range(rng.randint(1, 2)):
            nomination = NominationFactory(
                cycle=cycle,
                dossier=dossier,
                school=rng.choice([*schools, None]),
                nominator=rng.choice([*reviewers, UserFactory()]),
                status=rng.choice([Nomination.Status.SUBMITTED, Nomination.Status.DRAFT]),
            )
            if rng.random() < 0.5:
                writer = rng.choice(reviewers).email
                LetterRequestFactory(
                    nomination=nomination,
                    writer_email=writer.upper() if rng.random() < 0.5 else writer,
                    status=rng.choice(
                        [
                            LetterRequest.Status.REQUESTED,
                            LetterRequest.Status.RECEIVED,
                            LetterRequest.Status.CANCELLED,
                        ]
                    ),
                )
    for dossier in dossiers:
        for enrolment in enrolments:
            Assignment.objects.create(dossier=dossier, enrolment=enrolment)
    detected = find_conflicts(cycle)
    for dossier_id, enrolment_id in rng.sample(sorted(detected), min(2, len(detected))):
        dismiss_detected_conflict(
            next(e for e in enrolments if e.pk == enrolment_id),
            Dossier.objects.get(pk=dossier_id),
            staff_user,
        )
    declarer = rng.choice(enrolments)
    declare_conflict(declarer, rng.choice(dossiers), "Neighbour", declarer.reviewer)
    Assignment.objects.update(removed_at=None)

    in_sql = set(
        Assignment.objects.filter(detected_conflict() | recorded_conflict()).values_list(
            "dossier_id", "enrolment_id"
        )
    )
    in_numpy = {(int(d), int(e)) for d, e in active_conflict_pairs(cycle)}
    assert in_sql == in_numpy
    assert in_numpy  # the random cycle holds conflicts, so the comparison means something
