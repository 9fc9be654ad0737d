"""What a reviewer may open (review/queries.py): their own assignments, live, released and free
of conflict, and nothing for anyone else; their enrolments still in force; staff's names for
candidates. The detection rules themselves are held equal to the planner's in
test_conflict_rules.py."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from awards.models import Cycle
from review.models import Conflict, ReviewerEnrolment
from review.queries import assignments_for, candidate_labels, live_enrolments, reviews_now
from tests.factories import CycleFactory, SchoolFactory
from tests.review.factories import (
    AssignmentFactory,
    ConflictFactory,
    ReviewerEnrolmentFactory,
    ReviewSettingsFactory,
)


@pytest.fixture
def assignment(cycle, make_candidate, enrol):
    """A released assignment with nothing standing in its way."""
    ReviewSettingsFactory(cycle=cycle)
    return AssignmentFactory(dossier=make_candidate().dossier, enrolment=enrol())


def test_reviewer_gets_their_released_assignment(assignment):
    assert list(assignments_for(assignment.enrolment.reviewer)) == [assignment]


def test_another_reviewer_gets_none_of_it(assignment, enrol):
    assert list(assignments_for(enrol().reviewer)) == []


def test_signed_out_and_deactivated_users_get_nothing(assignment):
    reviewer = assignment.enrolment.reviewer
    reviewer.is_active = False
    reviewer.save()

    assert list(assignments_for(AnonymousUser())) == []
    assert list(assignments_for(reviewer)) == []


def test_nothing_before_the_release_and_everything_from_it(assignment, cycle):
    cycle.review_settings.release_at = timezone.now() + timedelta(hours=1)
    cycle.review_settings.save()
    reviewer = assignment.enrolment.reviewer

    assert list(assignments_for(reviewer)) == []
    assert list(assignments_for(reviewer, now=timezone.now() + timedelta(hours=2))) == [assignment]


def test_a_removed_assignment_is_gone(assignment):
    assignment.removed_at = timezone.now()
    assignment.save()

    assert list(assignments_for(assignment.enrolment.reviewer)) == []


def test_a_withdrawn_reviewer_gets_nothing(assignment):
    assignment.enrolment.status = ReviewerEnrolment.Status.WITHDRAWN
    assignment.enrolment.save()

    assert list(assignments_for(assignment.enrolment.reviewer)) == []


def test_a_declared_conflict_ends_access_until_staff_dismiss_it(assignment, staff_user):
    conflict = ConflictFactory(enrolment=assignment.enrolment, dossier=assignment.dossier)
    reviewer = assignment.enrolment.reviewer

    assert list(assignments_for(reviewer)) == []
    conflict.dismissed_at, conflict.dismissed_by = timezone.now(), staff_user
    conflict.save()
    assert list(assignments_for(reviewer)) == [assignment]


def test_a_detected_conflict_ends_access_without_any_record(cycle, make_candidate, enrol):
    ReviewSettingsFactory(cycle=cycle)
    school = SchoolFactory()
    tied = AssignmentFactory(
        dossier=make_candidate(school=school).dossier, enrolment=enrol(schools=[school])
    )

    assert Conflict.objects.count() == 0
    assert list(assignments_for(tied.enrolment.reviewer)) == []


def test_live_enrolments_are_invited_or_active_in_a_cycle_not_closed(reviewer_user):
    invited = ReviewerEnrolmentFactory(
        reviewer=reviewer_user, status=ReviewerEnrolment.Status.INVITED
    )
    active = ReviewerEnrolmentFactory(reviewer=reviewer_user)
    ReviewerEnrolmentFactory(reviewer=reviewer_user, status=ReviewerEnrolment.Status.WITHDRAWN)
    ReviewerEnrolmentFactory(reviewer=reviewer_user, cycle=CycleFactory(status=Cycle.Status.CLOSED))

    assert set(live_enrolments(reviewer_user)) == {invited, active}
    assert reviews_now(reviewer_user) is True


def test_no_live_enrolment_means_no_reviewing(reviewer_user):
    ReviewerEnrolmentFactory(reviewer=reviewer_user, status=ReviewerEnrolment.Status.WITHDRAWN)

    assert list(live_enrolments(AnonymousUser())) == []
    assert reviews_now(reviewer_user) is False


def test_candidate_labels_name_the_first_nomination(make_candidate):
    school = SchoolFactory(name="Lakeside High")
    first = make_candidate(
        nominee_first_name="Grace",
        nominee_last_name="Hopper",
        school=school,
        submitted_at=timezone.now() - timedelta(days=1),
    )
    without_school = make_candidate(nominee_first_name="Ada", nominee_last_name="Lovelace")
    without_school.school = None
    without_school.save()

    assert candidate_labels([first.dossier_id, without_school.dossier_id]) == {
        first.dossier_id: "Grace Hopper (Lakeside High)",
        without_school.dossier_id: "Ada Lovelace (no school)",
    }
