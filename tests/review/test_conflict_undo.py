"""Declaring a conflict asks to confirm; staff can give a mistaken declaration back."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.models import AuditEvent
from review.domain.conflicts import ConflictUndoRefused, declare_conflict, undo_declared_conflict
from review.models import Assignment, Conflict, ReviewSettings
from tests.factories import UserFactory


@pytest.fixture
def assigned(make_candidate, enrol, cycle):
    ReviewSettings.objects.create(
        cycle=cycle, release_at=timezone.now() - timedelta(hours=1), blind_fields=[]
    )
    candidate = make_candidate()
    enrolment = enrol()
    assignment = Assignment.objects.create(dossier=candidate.dossier, enrolment=enrolment)
    return candidate, enrolment, assignment


def conflict_url(candidate) -> str:
    return f"/review/{candidate.dossier.code}/conflict/"


def conflicts_url(cycle) -> str:
    return f"/admin/review/conflicts/{cycle.pk}/"


def test_conflict_page_on_get_asks_and_records_nothing(client, assigned):
    candidate, enrolment, _ = assigned
    client.force_login(enrolment.reviewer)
    response = client.get(conflict_url(candidate))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Declare a conflict?" in html
    assert f"Candidate {candidate.dossier.code} will leave your list" in html
    assert "they can give the candidate back to you" in html
    assert "Yes, declare the conflict" in html
    assert f'href="/review/{candidate.dossier.code}/"' in html
    assert "csrfmiddlewaretoken" in html
    assert Conflict.objects.exists() is False
    assert client.get(f"/review/{candidate.dossier.code}/").status_code == 200


def test_conflict_from_candidate_page_is_not_recorded_before_confirming(client, assigned):
    candidate, enrolment, assignment = assigned
    client.force_login(enrolment.reviewer)
    response = client.post(conflict_url(candidate), {"reason": "She taught my daughter"})
    assert response.status_code == 200
    assert 'value="She taught my daughter"' in response.content.decode()
    assert Conflict.objects.exists() is False
    assignment.refresh_from_db()
    assert assignment.removed_at is None


def test_conflict_confirmed_is_recorded_and_candidate_leaves(client, assigned):
    candidate, enrolment, _ = assigned
    client.force_login(enrolment.reviewer)
    response = client.post(
        conflict_url(candidate), {"reason": "She taught my daughter", "confirm": "yes"}
    )
    assert response.status_code == 302
    assert Conflict.objects.get().reason == "She taught my daughter"
    assert client.get(f"/review/{candidate.dossier.code}/").status_code == 404


def test_conflict_confirmed_without_reason_asks_for_one(client, assigned):
    candidate, enrolment, _ = assigned
    client.force_login(enrolment.reviewer)
    response = client.post(conflict_url(candidate), {"reason": " ", "confirm": "yes"})
    assert response.status_code == 422
    assert "Say briefly why you have a conflict of interest." in response.content.decode()
    assert Conflict.objects.exists() is False


def test_conflict_confirm_needs_csrf(assigned):
    from django.test import Client

    candidate, enrolment, _ = assigned
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolment.reviewer)
    response = client.post(conflict_url(candidate), {"reason": "Neighbour", "confirm": "yes"})
    assert response.status_code == 403
    assert Conflict.objects.exists() is False


def test_conflict_page_is_404_for_a_reviewer_not_assigned(client, assigned):
    candidate, _, _ = assigned
    client.force_login(UserFactory())
    assert client.get(conflict_url(candidate)).status_code == 404
    response = client.post(conflict_url(candidate), {"reason": "Neighbour", "confirm": "yes"})
    assert response.status_code == 404
    assert Conflict.objects.exists() is False


def test_staff_undo_gives_the_candidate_back_with_an_audit_entry(client, assigned, staff_user):
    candidate, enrolment, assignment = assigned
    client.force_login(enrolment.reviewer)
    client.post(conflict_url(candidate), {"reason": "Wrong candidate", "confirm": "yes"})
    conflict = Conflict.objects.get()
    assert client.get(f"/review/{candidate.dossier.code}/").status_code == 404

    client.force_login(staff_user)
    html = client.get(conflicts_url(candidate.cycle)).content.decode()
    assert "Undo: give the candidate back to the reviewer" in html
    client.post(
        conflicts_url(candidate.cycle), {"action": "undo_declared", "conflict": conflict.pk}
    )

    client.force_login(enrolment.reviewer)
    assert client.get(f"/review/{candidate.dossier.code}/").status_code == 200
    assert candidate.dossier.code in client.get("/review/").content.decode()
    assignment.refresh_from_db()
    assert assignment.removed_at is None
    event = AuditEvent.objects.get(action="review.conflict_undone")
    assert (event.actor, event.object_code) == (staff_user, candidate.dossier.code)
    assert event.data["assignment_restored"] == assignment.pk


def test_non_staff_cannot_undo(client, assigned):
    candidate, enrolment, assignment = assigned
    conflict = declare_conflict(enrolment, candidate.dossier, "Neighbour", enrolment.reviewer)
    client.force_login(enrolment.reviewer)
    response = client.post(
        conflicts_url(candidate.cycle), {"action": "undo_declared", "conflict": conflict.pk}
    )
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    with pytest.raises(PermissionDenied):
        undo_declared_conflict(conflict, enrolment.reviewer)
    conflict.refresh_from_db()
    assignment.refresh_from_db()
    assert (conflict.dismissed_at, assignment.removed_at is None) == (None, False)
    assert AuditEvent.objects.filter(action="review.conflict_undone").exists() is False


def test_staff_without_conflict_permission_cannot_undo(assigned, staff_user):
    candidate, enrolment, assignment = assigned
    conflict = declare_conflict(enrolment, candidate.dossier, "Neighbour", enrolment.reviewer)
    viewer = UserFactory()
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_nomination", content_type__app_label="awards")
    )
    with pytest.raises(PermissionDenied):
        undo_declared_conflict(conflict, viewer)
    assignment.refresh_from_db()
    assert assignment.removed_at is not None


def test_undo_is_refused_while_another_conflict_stands(assigned, staff_user, school):
    candidate, enrolment, assignment = assigned
    conflict = declare_conflict(enrolment, candidate.dossier, "Neighbour", enrolment.reviewer)
    candidate.school = school
    candidate.save()
    enrolment.schools.add(school)
    with pytest.raises(ConflictUndoRefused):
        undo_declared_conflict(conflict, staff_user)
    assignment.refresh_from_db()
    conflict.refresh_from_db()
    assert (assignment.removed_at is not None, conflict.dismissed_at) == (True, None)


def test_undo_applies_to_declared_conflicts_only(assigned, staff_user):
    candidate, enrolment, assignment = assigned
    conflict = declare_conflict(enrolment, candidate.dossier, "Board member", staff_user)
    with pytest.raises(ConflictUndoRefused):
        undo_declared_conflict(conflict, staff_user)
    assignment.refresh_from_db()
    assert assignment.removed_at is not None
