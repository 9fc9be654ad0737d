"""Staff oversight: completion, reminders sent once, assignments changed by hand."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.tasks import TaskResultStatus

from portal.models import AuditEvent
from review.domain.progress import (
    AssignmentChangeRefused,
    add_assignment,
    remove_assignment,
    reviewer_progress,
    send_reminders,
    swap_assignment,
)
from review.domain.reminders import send_review_reminder
from review.models import Assignment, ReviewReminder
from review.queries import assignments_for
from tests.factories import UserFactory
from tests.review.factories import AssignmentFactory, ReviewFactory


def test_reviewer_progress_counts(make_candidate, enrol):
    enrolment = enrol()
    done, draft, _ = (
        AssignmentFactory(dossier=make_candidate().dossier, enrolment=enrolment) for _ in range(3)
    )
    ReviewFactory(assignment=done, submitted=True)
    ReviewFactory(assignment=draft)
    row = reviewer_progress(enrolment.cycle).get()
    assert (row.assigned, row.submitted, row.drafts) == (3, 1, 1)


def test_reminders_go_once_to_reviewers_with_work_outstanding(
    make_candidate, enrol, staff_user, django_capture_on_commit_callbacks
):
    busy = enrol(user=UserFactory(email="busy@district.example"))
    finished = enrol(user=UserFactory(email="finished@district.example"))
    candidate = make_candidate()
    AssignmentFactory(dossier=candidate.dossier, enrolment=busy)
    ReviewFactory(
        assignment=AssignmentFactory(dossier=candidate.dossier, enrolment=finished), submitted=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(candidate.cycle, staff_user) == 1
    assert [m.to for m in mail.outbox] == [["busy@district.example"]]
    assert "1 review still to submit" in mail.outbox[0].body
    reminder = ReviewReminder.objects.get()
    assert reminder.sent_at is not None
    # A retried task finds the reminder sent and ends well, sending nothing more (a run that
    # crashed would send nothing too).
    rerun = send_review_reminder.enqueue(reminder.pk)
    assert rerun.status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1
    assert ReviewReminder.objects.get().sent_at == reminder.sent_at
    assert AuditEvent.objects.filter(action="review.reminders_sent").count() == 1


def test_reminders_need_staff(cycle, user):
    with pytest.raises(PermissionDenied):
        send_reminders(cycle, user)


def test_add_by_hand_refuses_a_conflict(make_candidate, enrol, school, staff_user):
    candidate = make_candidate(school=school)
    tied = enrol(schools=[school])
    with pytest.raises(AssignmentChangeRefused, match="conflict of interest"):
        add_assignment(candidate.dossier, tied, staff_user)
    assert Assignment.objects.count() == 0


def test_add_by_hand_refuses_a_duplicate_and_a_withdrawn_reviewer(
    make_candidate, enrol, staff_user
):
    candidate = make_candidate()
    enrolment = enrol()
    add_assignment(candidate.dossier, enrolment, staff_user)
    with pytest.raises(AssignmentChangeRefused, match="already reviews"):
        add_assignment(candidate.dossier, enrolment, staff_user)
    withdrawn = enrol(status="withdrawn")
    with pytest.raises(AssignmentChangeRefused, match="not an active reviewer"):
        add_assignment(candidate.dossier, withdrawn, staff_user)


def test_remove_cuts_access_on_the_next_request(make_candidate, enrol, staff_user):
    candidate = make_candidate()
    enrolment = enrol()
    assignment = add_assignment(candidate.dossier, enrolment, staff_user)
    remove_assignment(assignment, staff_user)
    assert not assignments_for(enrolment.reviewer).filter(pk=assignment.pk).exists()
    assignment.refresh_from_db()
    assert assignment.removed_at is not None
    assert AuditEvent.objects.filter(action="review.assignment_removed").count() == 1


def test_swap_is_all_or_nothing(make_candidate, enrol, school, staff_user):
    candidate = make_candidate(school=school)
    current = enrol()
    conflicted = enrol(schools=[school])
    assignment = add_assignment(candidate.dossier, current, staff_user)
    with pytest.raises(AssignmentChangeRefused):
        swap_assignment(assignment, conflicted, staff_user)
    assignment.refresh_from_db()
    assert assignment.removed_at is None  # the failed swap removed nobody
    replacement = enrol()
    new = swap_assignment(assignment, replacement, staff_user)
    assignment.refresh_from_db()
    assert assignment.removed_at is not None
    assert new.enrolment == replacement
    assert new.source == Assignment.Source.MANUAL


def test_progress_screen_lists_and_changes_assignments(client, make_candidate, enrol, staff_user):
    candidate = make_candidate(nominee_first_name="Grace", nominee_last_name="Hopper")
    first = enrol(user=UserFactory(email="first@district.example"))
    enrol(user=UserFactory(email="second@district.example", display_name=""))
    assignment = Assignment.objects.create(dossier=candidate.dossier, enrolment=first)
    client.force_login(staff_user)
    url = f"/admin/review/progress/{candidate.cycle.pk}/"
    html = client.get(url).content.decode()
    assert "Grace Hopper" in html
    assert "first@district.example" in html
    # No review settings: the cycle asks the default three reviews of its one candidate.
    assert "0 of 3 reviews needed are in" in html
    response = client.post(
        url,
        {"action": "swap", "assignment": assignment.pk, "reviewer": "SECOND@district.example"},
        follow=True,
    )
    assert "Swapped in second@district.example" in response.content.decode()
    assert list(
        Assignment.objects.filter(removed_at__isnull=True).values_list(
            "enrolment__reviewer__email", flat=True
        )
    ) == ["second@district.example"]
    response = client.post(
        url,
        {"action": "add", "dossier": candidate.dossier_id, "reviewer": "nobody@example.org"},
        follow=True,
    )
    assert "No reviewer with the e-mail" in response.content.decode()


def test_progress_screen_answers_404_to_an_assignment_of_another_cycle_or_a_malformed_one(
    client, make_candidate, enrol, staff_user
):
    candidate = make_candidate()
    AssignmentFactory(dossier=candidate.dossier, enrolment=enrol())
    elsewhere = AssignmentFactory()
    assert elsewhere.dossier.cycle_id != candidate.cycle.pk
    client.force_login(staff_user)
    url = f"/admin/review/progress/{candidate.cycle.pk}/"

    for posted in (elsewhere.pk, "x", ""):
        response = client.post(url, {"action": "remove", "assignment": posted})

        assert response.status_code == 404
    assert Assignment.objects.filter(removed_at__isnull=True).count() == 2


def test_progress_screen_is_staff_only(client, reviewer_user, cycle):
    client.force_login(reviewer_user)
    assert client.get(f"/admin/review/progress/{cycle.pk}/").status_code in (302, 403)
