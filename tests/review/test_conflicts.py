import pytest
from django.core.exceptions import PermissionDenied

from portal.models import AuditEvent
from review.domain.conflicts import (
    REASON_LETTER,
    REASON_NOMINATOR,
    REASON_PRINCIPAL,
    REASON_SCHOOL,
    active_conflict_pairs,
    declare_conflict,
    dismiss_conflict,
    find_conflicts,
    sync_detected_conflicts,
)
from review.models import Assignment, Conflict
from tests.awards.factories import LetterRequestFactory
from tests.factories import SchoolFactory, UserFactory


def test_find_conflicts_reviewer_at_candidates_school(make_candidate, enrol, school):
    candidate = make_candidate(school=school)
    enrolment = enrol(schools=[school])
    assert find_conflicts(candidate.cycle) == {(candidate.dossier_id, enrolment.pk): REASON_SCHOOL}


def test_find_conflicts_principal_of_candidates_school(make_candidate, enrol, school):
    candidate = make_candidate(school=school)
    enrolment = enrol(schools=[school], is_principal=True)
    assert find_conflicts(candidate.cycle) == {
        (candidate.dossier_id, enrolment.pk): REASON_PRINCIPAL
    }


def test_find_conflicts_reviewer_nominated_the_candidate(make_candidate, enrol):
    reviewer = UserFactory()
    candidate = make_candidate(nominator=reviewer)
    enrolment = enrol(user=reviewer)
    assert find_conflicts(candidate.cycle) == {
        (candidate.dossier_id, enrolment.pk): REASON_NOMINATOR
    }


def test_find_conflicts_reviewer_wrote_a_letter(make_candidate, enrol):
    reviewer = UserFactory(email="wrote.letter@district.example")
    candidate = make_candidate()
    LetterRequestFactory(nomination=candidate, writer_email="Wrote.Letter@District.example")
    enrolment = enrol(user=reviewer)
    assert find_conflicts(candidate.cycle) == {(candidate.dossier_id, enrolment.pk): REASON_LETTER}


def test_find_conflicts_shared_email_domain_is_not_a_conflict(make_candidate, enrol):
    candidate = make_candidate(nominee_email="teacher@district.example")
    enrol(user=UserFactory(email="reviewer@district.example"), schools=[SchoolFactory()])
    assert find_conflicts(candidate.cycle) == {}


def test_sync_detected_conflicts_is_idempotent_and_ends_assignments(make_candidate, enrol, school):
    candidate = make_candidate(school=school)
    enrolment = enrol(schools=[school])
    assignment = Assignment.objects.create(dossier=candidate.dossier, enrolment=enrolment)
    assert sync_detected_conflicts(candidate.cycle) == 1
    assert sync_detected_conflicts(candidate.cycle) == 0
    assignment.refresh_from_db()
    assert assignment.removed_at is not None
    assert active_conflict_pairs(candidate.cycle) == {(candidate.dossier_id, enrolment.pk)}


def test_dismissed_conflict_stays_dismissed(make_candidate, enrol, school, staff_user):
    candidate = make_candidate(school=school)
    enrolment = enrol(schools=[school])
    sync_detected_conflicts(candidate.cycle)
    dismiss_conflict(Conflict.objects.get(), staff_user)
    assert sync_detected_conflicts(candidate.cycle) == 0
    assert active_conflict_pairs(candidate.cycle) == set()
    assert AuditEvent.objects.filter(action="review.conflict_dismissed").count() == 1
    assert enrolment.conflicts.count() == 1


def test_declare_conflict_by_reviewer_removes_assignment(make_candidate, enrol):
    candidate = make_candidate()
    enrolment = enrol()
    assignment = Assignment.objects.create(dossier=candidate.dossier, enrolment=enrolment)
    conflict = declare_conflict(enrolment, candidate.dossier, "My neighbour", enrolment.reviewer)
    assignment.refresh_from_db()
    assert conflict.source == Conflict.Source.DECLARED
    assert assignment.removed_at is not None


def test_declare_conflict_for_someone_else_is_refused(make_candidate, enrol):
    candidate = make_candidate()
    enrolment = enrol()
    with pytest.raises(PermissionDenied):
        declare_conflict(enrolment, candidate.dossier, "Not mine to say", UserFactory())


def test_dismiss_conflict_needs_staff(make_candidate, enrol, school, user):
    candidate = make_candidate(school=school)
    enrol(schools=[school])
    sync_detected_conflicts(candidate.cycle)
    with pytest.raises(PermissionDenied):
        dismiss_conflict(Conflict.objects.get(), user)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/rubric/",
        "/admin/rubric/new/",
        "/admin/reviewerenrolment/",
        "/admin/reviewerenrolment/new/",
        "/admin/reviewsettings/new/",
        "/admin/conflict/",
    ],
)
def test_review_admin_pages_open_for_staff(client, staff_user, path):
    client.force_login(staff_user)
    assert client.get(path).status_code == 200


def test_review_admin_pages_closed_to_nominators(client, user):
    client.force_login(user)
    response = client.get("/admin/reviewerenrolment/")
    assert response.status_code == 302
