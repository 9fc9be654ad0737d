"""A nominator cannot take a reviewer off a candidate, nor void their score, by asking them for a
letter: the request is flagged to staff; only a letter the reviewer writes is a conflict; and a
review submitted before a conflict arose keeps counting until staff decide."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from awards.domain.letters import request_letter, submit_letter
from portal.models import AuditEvent
from review.domain.conflicts import declare_conflict, find_conflicts, letters_asked_of_reviewers
from review.domain.ranking import compute_ranking, record_ranking
from review.models import Assignment, Criterion, Review, ReviewSettings, Rubric, Stage
from tests.awards.factories import question_dict
from tests.factories import UserFactory

REVIEWER_EMAIL = "fair.reviewer@district.example"
LETTERS = question_dict(key="support", kind="letters", min_letters=0, max_letters=3)


@pytest.fixture
def scored(client, make_candidate, enrol, cycle):
    """A candidate whose assigned reviewer has submitted a review through the portal."""
    ReviewSettings.objects.create(cycle=cycle, release_at=timezone.now() - timedelta(hours=1))
    criterion = Criterion.objects.create(
        rubric=Rubric.objects.create(cycle=cycle), name="Impact", weight=Decimal(1)
    )
    candidate = make_candidate(nominee_last_name="Hopper")
    enrolment = enrol(user=UserFactory(email=REVIEWER_EMAIL))
    assignment = Assignment.objects.create(dossier=candidate.dossier, enrolment=enrolment)
    client.force_login(enrolment.reviewer)
    response = client.post(
        f"/review/{candidate.dossier.code}/", {f"score-{criterion.pk}": "3", "action": "submit"}
    )
    assert response.status_code == 302
    assert Review.objects.get(assignment=assignment).counted is True
    return candidate, enrolment, assignment


def counted_reviews(cycle) -> int:
    (entry,) = compute_ranking(cycle).entries
    return entry.reviews


def test_a_letter_asked_of_a_reviewer_cuts_nothing_and_voids_nothing(client, scored, staff_user):
    candidate, _, assignment = scored
    request_letter(candidate, candidate.nominator, LETTERS, "A Reviewer", REVIEWER_EMAIL.upper())
    assert find_conflicts(candidate.cycle) == {}
    assert client.get(f"/review/{candidate.dossier.code}/").status_code == 200
    record_ranking(candidate.cycle, staff_user)  # ends assignments now in conflict
    assignment.refresh_from_db()
    assert assignment.removed_at is None
    assert Review.objects.get(assignment=assignment).counted is True
    assert counted_reviews(candidate.cycle) == 1


def test_a_letter_asked_of_a_reviewer_is_flagged_on_the_staff_screens(client, scored, staff_user):
    candidate, _, _ = scored
    flag = "Asked by the nominator for a letter"
    client.force_login(staff_user)
    progress = f"/admin/review/progress/{candidate.cycle_id}/"
    conflicts = f"/admin/review/conflicts/{candidate.cycle_id}/"
    assert flag not in client.get(progress).content.decode()
    assert flag not in client.get(conflicts).content.decode()
    request_letter(candidate, candidate.nominator, LETTERS, "A Reviewer", REVIEWER_EMAIL)
    page = client.get(progress).content.decode()
    assert flag in page
    assert page.index(REVIEWER_EMAIL) < page.index(flag)
    page = client.get(conflicts).content.decode()
    assert flag in page
    assert candidate.dossier.code in page


def test_a_conflict_after_submission_keeps_the_review_until_staff_decide(
    client, scored, staff_user
):
    candidate, enrolment, assignment = scored
    letter = request_letter(candidate, candidate.nominator, LETTERS, "A Reviewer", REVIEWER_EMAIL)
    submit_letter(letter, text="I know her well.")  # the reviewer writes it: a real conflict
    assert find_conflicts(candidate.cycle) == {
        (candidate.dossier_id, enrolment.pk): "Wrote a letter of support for the candidate"
    }
    # The reviewer can no longer open (or rescore) the candidate...
    assert client.get(f"/review/{candidate.dossier.code}/").status_code == 404
    # ...but what they submitted before still counts: no ranking or assignment run voids it.
    record_ranking(candidate.cycle, staff_user)
    assignment.refresh_from_db()
    assert assignment.removed_at is None
    assert counted_reviews(candidate.cycle) == 1

    client.force_login(staff_user)
    conflicts = f"/admin/review/conflicts/{candidate.cycle_id}/"
    page = client.get(conflicts).content.decode()
    assert "Submitted before the conflict: the review still counts" in page
    client.post(conflicts, {"action": "end_assignment", "assignment": assignment.pk})
    assignment.refresh_from_db()
    assert assignment.removed_at is not None
    assert Review.objects.get(assignment=assignment).counted is False
    assert compute_ranking(candidate.cycle).entries == []
    event = AuditEvent.objects.get(action="review.assignment_removed")
    assert event.actor == staff_user


def test_a_reviewer_declaring_a_conflict_after_submitting_leaves_the_decision_to_staff(
    client, scored
):
    candidate, enrolment, assignment = scored
    declare_conflict(
        enrolment, candidate.dossier, "Her brother is my neighbour", enrolment.reviewer
    )
    assert client.get(f"/review/{candidate.dossier.code}/").status_code == 404
    assignment.refresh_from_db()
    assert assignment.removed_at is None
    assert counted_reviews(candidate.cycle) == 1
    event = AuditEvent.objects.get(action="review.conflict_recorded")
    assert event.data["submitted_review_kept"] is True


def test_a_letter_asked_of_a_reviewer_on_both_stages_is_flagged_for_both(cycle, scored, enrol):
    """A reviewer who also sits on the finalists' committee holds two enrolments in the cycle:
    the letter asked of them concerns both."""
    candidate, first, _ = scored
    committee = enrol(user=first.reviewer, stage=Stage.FINALIST)
    letter = request_letter(candidate, candidate.nominator, LETTERS, "A Reviewer", REVIEWER_EMAIL)

    asked = letters_asked_of_reviewers(cycle)

    assert asked == {
        (candidate.dossier_id, first.pk): letter,
        (candidate.dossier_id, committee.pk): letter,
    }
