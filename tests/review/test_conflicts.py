from html import escape

import pytest
from django.core.exceptions import PermissionDenied

from awards.models import Dossier, Nomination
from portal.models import AuditEvent
from review.domain.conflicts import (
    REASON_LETTER,
    REASON_NOMINATOR,
    REASON_PRINCIPAL,
    REASON_SCHOOL,
    ConflictRefused,
    active_conflict_pairs,
    declare_conflict,
    dismiss_conflict,
    dismiss_detected_conflict,
    end_conflicted_assignments,
    find_conflicts,
    restore_detected_conflict,
)
from review.models import Assignment, Conflict, ReviewerEnrolment, Stage
from review.queries import detected_conflict
from tests.awards.factories import LetterRequestFactory, NominationFactory
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
    LetterRequestFactory(
        nomination=candidate, writer_email="Wrote.Letter@District.example", status="received"
    )
    enrolment = enrol(user=reviewer)
    assert find_conflicts(candidate.cycle) == {(candidate.dossier_id, enrolment.pk): REASON_LETTER}


def test_find_conflicts_shared_email_domain_is_not_a_conflict(make_candidate, enrol):
    candidate = make_candidate(nominee_email="teacher@district.example")
    enrol(user=UserFactory(email="reviewer@district.example"), schools=[SchoolFactory()])
    assert find_conflicts(candidate.cycle) == {}


def test_find_conflicts_gives_a_pair_its_first_reason(make_candidate, enrol, school):
    reviewer = UserFactory(email="principal@district.example")
    candidate = make_candidate(school=school, nominator=reviewer)
    LetterRequestFactory(nomination=candidate, writer_email=reviewer.email, status="received")
    enrolment = enrol(user=reviewer, schools=[school], is_principal=True)
    assert find_conflicts(candidate.cycle) == {
        (candidate.dossier_id, enrolment.pk): REASON_PRINCIPAL
    }


def test_find_conflicts_reviewer_enrolled_at_both_stages_conflicts_at_both(make_candidate, enrol):
    reviewer = UserFactory(email="both.stages@district.example")
    candidate = make_candidate()
    LetterRequestFactory(nomination=candidate, writer_email=reviewer.email, status="received")
    first = enrol(user=reviewer)
    finalist = enrol(user=reviewer, stage=Stage.FINALIST)
    detected = {(candidate.dossier_id, first.pk), (candidate.dossier_id, finalist.pk)}
    assert set(find_conflicts(candidate.cycle)) == detected
    for enrolment in (first, finalist):
        Assignment.objects.create(dossier=candidate.dossier, enrolment=enrolment)
    in_portal = Assignment.objects.filter(detected_conflict()).values_list(
        "dossier_id", "enrolment_id"
    )
    assert set(in_portal) == detected


def test_find_conflicts_ignores_drafts_asked_letters_and_withdrawn_reviewers(
    cycle, make_candidate, enrol, school
):
    reviewer = UserFactory(email="asked@district.example")
    NominationFactory(
        cycle=cycle,
        school=school,
        nominator=reviewer,
        status=Nomination.Status.DRAFT,
        dossier=Dossier.objects.create(cycle=cycle),
    )
    other_school = SchoolFactory()
    candidate = make_candidate(school=other_school)
    LetterRequestFactory(nomination=candidate, writer_email=reviewer.email, status="requested")
    enrol(user=reviewer, schools=[school])
    enrol(schools=[other_school], status=ReviewerEnrolment.Status.WITHDRAWN)
    assert find_conflicts(cycle) == {}


def pairs(array) -> set[tuple[int, int]]:
    return {(int(d), int(e)) for d, e in array}


def test_detected_conflicts_are_computed_not_stored(make_candidate, enrol, school):
    candidate = make_candidate(school=school)
    enrolment = enrol(schools=[school])
    assert pairs(active_conflict_pairs(candidate.cycle)) == {(candidate.dossier_id, enrolment.pk)}
    assert Conflict.objects.count() == 0


def test_end_conflicted_assignments_ends_only_conflicted_pairs(make_candidate, enrol, school):
    candidate = make_candidate(school=school)
    other = make_candidate()
    enrolment = enrol(schools=[school])
    conflicted = Assignment.objects.create(dossier=candidate.dossier, enrolment=enrolment)
    fine = Assignment.objects.create(dossier=other.dossier, enrolment=enrolment)
    assert end_conflicted_assignments(candidate.cycle) == 1
    assert end_conflicted_assignments(candidate.cycle) == 0
    conflicted.refresh_from_db()
    fine.refresh_from_db()
    assert conflicted.removed_at is not None
    assert fine.removed_at is None
    assert AuditEvent.objects.filter(action="review.assignments_ended_by_conflict").count() == 1


def test_dismissed_detected_conflict_stays_dismissed(make_candidate, enrol, school, staff_user):
    candidate = make_candidate(school=school)
    enrolment = enrol(schools=[school])
    dismissal = dismiss_detected_conflict(enrolment, candidate.dossier, staff_user)
    assert dismissal.reason == REASON_SCHOOL
    assert dismissal.active is False
    assert pairs(active_conflict_pairs(candidate.cycle)) == set()
    assert AuditEvent.objects.filter(action="review.conflict_dismissed").count() == 1
    # Dismissing twice keeps one row.
    dismiss_detected_conflict(enrolment, candidate.dossier, staff_user)
    assert enrolment.conflicts.count() == 1


def test_restoring_a_dismissed_conflict_applies_it_again(make_candidate, enrol, school, staff_user):
    candidate = make_candidate(school=school)
    enrolment = enrol(schools=[school])
    dismissal = dismiss_detected_conflict(enrolment, candidate.dossier, staff_user)
    assignment = Assignment.objects.create(dossier=candidate.dossier, enrolment=enrolment)
    restore_detected_conflict(dismissal, staff_user)
    assignment.refresh_from_db()
    assert assignment.removed_at is not None
    assert pairs(active_conflict_pairs(candidate.cycle)) == {(candidate.dossier_id, enrolment.pk)}
    assert Conflict.objects.count() == 0


def test_dismissing_a_pair_without_a_detected_conflict_is_refused(
    make_candidate, enrol, staff_user
):
    candidate = make_candidate()
    enrolment = enrol()
    with pytest.raises(ConflictRefused, match="No conflict is detected"):
        dismiss_detected_conflict(enrolment, candidate.dossier, staff_user)


def test_declared_conflict_is_active_until_dismissed(make_candidate, enrol, staff_user):
    candidate = make_candidate()
    enrolment = enrol()
    conflict = declare_conflict(enrolment, candidate.dossier, "My neighbour", enrolment.reviewer)
    assert pairs(active_conflict_pairs(candidate.cycle)) == {(candidate.dossier_id, enrolment.pk)}
    dismiss_conflict(conflict, staff_user)
    assert pairs(active_conflict_pairs(candidate.cycle)) == set()


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


def test_dismissing_needs_staff(make_candidate, enrol, school, user):
    candidate = make_candidate(school=school)
    enrolment = enrol(schools=[school])
    with pytest.raises(PermissionDenied):
        dismiss_detected_conflict(enrolment, candidate.dossier, user)
    conflict = declare_conflict(enrolment, candidate.dossier, "Neighbour", enrolment.reviewer)
    with pytest.raises(PermissionDenied):
        dismiss_conflict(conflict, user)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/rubric/",
        "/admin/rubric/new/",
        "/admin/reviewerenrolment/",
        "/admin/reviewerenrolment/new/",
        "/admin/reviewsettings/new/",
        "/admin/review/conflicts/{cycle}/",
    ],
)
def test_review_admin_pages_open_for_staff(client, staff_user, cycle, path):
    client.force_login(staff_user)
    assert client.get(path.format(cycle=cycle.pk)).status_code == 200


def test_review_admin_pages_closed_to_nominators(client, user):
    client.force_login(user)
    response = client.get("/admin/reviewerenrolment/")
    assert response.status_code == 302


def conflicts_url(cycle) -> str:
    return f"/admin/review/conflicts/{cycle.pk}/"


def test_conflicts_screen_lists_detected_conflicts_with_reasons(
    client, staff_user, make_candidate, enrol, school
):
    candidate = make_candidate(school=school, nominee_first_name="Ada", nominee_last_name="Byron")
    enrol(user=UserFactory(email="tied@district.example"), schools=[school])
    enrol(user=UserFactory(email="free@district.example"))
    client.force_login(staff_user)
    html = client.get(conflicts_url(candidate.cycle)).content.decode()
    assert "Ada Byron" in html
    assert "tied@district.example" in html
    assert escape(REASON_SCHOOL) in html
    assert "free@district.example" not in html.split("Record a conflict")[0]


def test_conflicts_screen_dismiss_and_restore(client, staff_user, make_candidate, enrol, school):
    candidate = make_candidate(school=school)
    enrolment = enrol(schools=[school])
    client.force_login(staff_user)
    url = conflicts_url(candidate.cycle)
    client.post(
        url, {"action": "dismiss", "enrolment": enrolment.pk, "dossier": candidate.dossier_id}
    )
    assert pairs(active_conflict_pairs(candidate.cycle)) == set()
    dismissal = Conflict.objects.get()
    assert "Dismissed by" in client.get(url + "?show=dismissed").content.decode()
    client.post(url, {"action": "restore", "conflict": dismissal.pk})
    assert pairs(active_conflict_pairs(candidate.cycle)) == {(candidate.dossier_id, enrolment.pk)}


def test_conflicts_screen_records_a_staff_conflict(client, staff_user, make_candidate, enrol):
    candidate = make_candidate()
    enrolment = enrol()
    client.force_login(staff_user)
    response = client.post(
        conflicts_url(candidate.cycle),
        {
            "action": "record",
            "enrolment": enrolment.pk,
            "candidate": candidate.dossier.code.upper(),
            "reason": "Sits on the same board",
        },
        follow=True,
    )
    conflict = Conflict.objects.get()
    assert conflict.source == Conflict.Source.STAFF
    assert conflict.created_by == staff_user
    assert "Conflict recorded" in response.content.decode()


def test_conflicts_screen_unknown_candidate_code_is_a_clear_error(
    client, staff_user, make_candidate, enrol
):
    candidate = make_candidate()
    enrolment = enrol()
    client.force_login(staff_user)
    response = client.post(
        conflicts_url(candidate.cycle),
        {"action": "record", "enrolment": enrolment.pk, "candidate": "nope", "reason": "x"},
        follow=True,
    )
    assert "no candidate in this cycle has that code" in response.content.decode()
    assert Conflict.objects.count() == 0


def test_conflicts_screen_is_staff_only(client, user, reviewer_user, cycle):
    for someone in (user, reviewer_user):
        client.force_login(someone)
        assert client.get(conflicts_url(cycle)).status_code in (302, 403)


def test_admin_pages_keep_the_screens_filters(rf):
    from review.admin_views.base import paged

    page = paged(rf.get("/", {"q": "a&b", "show": "all", "p": "2"}), list(range(120)), 50)
    assert (page.number, page.query) == (2, "q=a%26b&show=all")


@pytest.mark.parametrize(
    ("screen", "form"),
    [
        ("conflicts", {"action": "dismiss", "enrolment": "1 OR 1=1", "dossier": "x"}),
        ("conflicts", {"action": "restore", "conflict": ""}),
        ("progress", {"action": "remove", "assignment": "-1"}),
        ("progress", {"action": "swap", "assignment": "1.5", "reviewer": "a@example.org"}),
    ],
)
def test_a_tampered_id_in_a_staff_form_is_404_not_an_error(client, staff_user, cycle, screen, form):
    client.force_login(staff_user)

    response = client.post(f"/admin/review/{screen}/{cycle.pk}/", form)

    assert response.status_code == 404
