from html import escape

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
    dismiss_detected_conflict,
    end_conflicted_assignments,
    find_conflicts,
    restore_detected_conflict,
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
    LetterRequestFactory(
        nomination=candidate, writer_email="Wrote.Letter@District.example", status="received"
    )
    enrolment = enrol(user=reviewer)
    assert find_conflicts(candidate.cycle) == {(candidate.dossier_id, enrolment.pk): REASON_LETTER}


def test_find_conflicts_shared_email_domain_is_not_a_conflict(make_candidate, enrol):
    candidate = make_candidate(nominee_email="teacher@district.example")
    enrol(user=UserFactory(email="reviewer@district.example"), schools=[SchoolFactory()])
    assert find_conflicts(candidate.cycle) == {}


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
    with pytest.raises(ValueError, match="No conflict is detected"):
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


def rubric_post(rubric, **changes) -> dict:
    criteria = list(rubric.criteria.all())
    data = {
        "cycle": rubric.cycle_id,
        "name": changes.get("name", rubric.name),
        "tie_break": rubric.tie_break,
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, criterion in enumerate(criteria):
        prefix = f"criteria-{index}-"
        data |= {
            prefix + "id": str(criterion.pk),
            prefix + "ORDER": str(index + 1),
            prefix + "DELETE": "",
            prefix + "name": changes.get("criterion_name", criterion.name),
            prefix + "description": criterion.description,
            prefix + "weight": str(changes.get("weight", criterion.weight)),
            prefix + "scale_min": str(criterion.scale_min),
            prefix + "scale_max": str(criterion.scale_max),
            prefix + "scale_step": str(criterion.scale_step),
            prefix + "bands-count": "0",
        }
    return data


def test_editing_a_locked_rubric_makes_a_new_version(client, staff_user, cycle):
    from decimal import Decimal

    from review.models import Criterion, Rubric

    rubric = Rubric.objects.create(cycle=cycle, name="Main")
    criterion = Criterion.objects.create(rubric=rubric, name="Impact", weight=Decimal("1"))
    client.force_login(staff_user)
    url = f"/admin/rubric/edit/{rubric.pk}/"
    response = client.post(url, rubric_post(rubric, weight="2.00"))
    assert response.status_code == 302, response.content.decode()[:2000]
    criterion.refresh_from_db()
    assert criterion.weight == Decimal("2.00")  # not locked yet: edited in place
    Rubric.objects.filter(pk=rubric.pk).update(locked=True)
    response = client.post(url, rubric_post(rubric, weight="3.00"), follow=True)
    assert "saved as version 2" in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.weight == Decimal("2.00")  # the scored version is untouched
    latest = Rubric.objects.get(cycle=cycle, version=2)
    assert latest.locked is False
    assert [(c.name, c.weight) for c in latest.criteria.all()] == [("Impact", Decimal("3.00"))]
    assert AuditEvent.objects.filter(action="review.rubric_versioned").count() == 1


def test_admin_pages_keep_the_screens_filters(rf):
    from review.admin_views import paged

    page = paged(rf.get("/", {"q": "a&b", "show": "all", "p": "2"}), list(range(120)), 50)
    assert (page.number, page.query) == (2, "q=a%26b&show=all")
