import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from awards.models import Dossier, Nomination
from portal.models import AuditEvent
from review.domain.assignment import AssignmentRefused, commit_assignment, plan_assignment
from review.models import Assignment, ReviewerEnrolment, ReviewSettings
from tests.factories import SchoolFactory


def live_pairs(cycle) -> set[tuple[int, int]]:
    return set(
        Assignment.objects.filter(enrolment__cycle=cycle, removed_at__isnull=True).values_list(
            "dossier_id", "enrolment_id"
        )
    )


def test_assignment_gives_every_candidate_the_asked_number_of_conflict_free_reviewers(
    cycle, make_candidate, enrol, school, staff_user
):
    candidates = [make_candidate(school=school if n == 0 else None) for n in range(6)]
    enrolments = [enrol(capacity=5, schools=[school] if n == 0 else []) for n in range(4)]
    plan = plan_assignment(cycle, reviewers_per_candidate=3)
    assert plan.result.feasible is True
    assert commit_assignment(plan, staff_user) == 18
    pairs = live_pairs(cycle)
    per_candidate = {c.dossier_id: 0 for c in candidates}
    for dossier_id, _ in pairs:
        per_candidate[dossier_id] += 1
    assert set(per_candidate.values()) == {3}
    assert (candidates[0].dossier_id, enrolments[0].pk) not in pairs
    loads = [sum(1 for _, e in pairs if e == enrolment.pk) for enrolment in enrolments]
    assert max(loads) - min(loads) <= 1
    assert AuditEvent.objects.filter(action="review.assigned").count() == 1


def test_assignment_rerun_keeps_existing_and_adds_late_candidates(
    cycle, make_candidate, enrol, staff_user
):
    for _ in range(3):
        make_candidate()
    for _ in range(3):
        enrol(capacity=4)
    commit_assignment(plan_assignment(cycle, reviewers_per_candidate=2), staff_user)
    before = live_pairs(cycle)
    late = make_candidate()
    plan = plan_assignment(cycle, reviewers_per_candidate=2)
    assert commit_assignment(plan, staff_user) == 2
    after = live_pairs(cycle)
    assert before < after
    assert {d for d, _ in after - before} == {late.dossier_id}


def test_assignment_is_deterministic_whatever_the_order_rows_come_back_in(
    cycle, make_candidate, enrol, school
):
    """The same cycle planned twice with its rows stored in another order (new ids for the
    existing assignments and school ties, every row rewritten in reverse) gives the same plan:
    nothing depends on the order a query returns rows in."""
    other_school = SchoolFactory()
    candidates = [make_candidate(school=(school, other_school, None)[n % 3]) for n in range(8)]
    enrolments = [
        enrol(capacity=6, schools=[(school, other_school)[n % 2]] if n < 3 else [])
        for n in range(5)
    ]
    existing = [(candidates[n].dossier, enrolments[4 - n % 2]) for n in range(3)]
    for dossier, enrolment in existing:
        Assignment.objects.create(dossier=dossier, enrolment=enrolment)
    first = plan_assignment(cycle, reviewers_per_candidate=3)
    assert first.result.feasible is True

    # The same rows stored again in reverse: the enrolments keep their ids (they name the
    # reviewers in the plan), the existing assignments and school ties get new ones.
    Assignment.objects.all().delete()
    ties = {enrolment.pk: list(enrolment.schools.all()) for enrolment in enrolments}
    ReviewerEnrolment.objects.filter(cycle=cycle).delete()
    for enrolment in reversed(enrolments):
        enrolment.save(force_insert=True)
        enrolment.schools.set(reversed(ties[enrolment.pk]))
    for dossier, enrolment in reversed(existing):
        Assignment.objects.create(dossier=dossier, enrolment=enrolment)
    for candidate in reversed(candidates):
        Dossier.objects.filter(pk=candidate.dossier_id).update(cycle=F("cycle"))
        Nomination.objects.filter(pk=candidate.pk).update(status=F("status"))

    again = plan_assignment(cycle, reviewers_per_candidate=3)
    assert again.new_pairs == first.new_pairs
    assert np.array_equal(again.result.loads, first.result.loads)


def test_assignment_infeasible_says_why_and_writes_nothing(
    cycle, make_candidate, enrol, staff_user
):
    for _ in range(4):
        make_candidate()
    enrol(capacity=10)
    enrol(capacity=10)
    plan = plan_assignment(cycle, reviewers_per_candidate=3)
    assert plan.result.feasible is False
    assert plan.result.messages
    assert "or ask for 2 reviewers per candidate" in plan.result.messages[0]
    with pytest.raises(AssignmentRefused):
        commit_assignment(plan, staff_user)
    assert live_pairs(cycle) == set()


def test_assignment_respects_reviewer_categories(cycle, make_candidate, enrol):
    make_candidate()
    other = "student" if cycle.award.category != "student" else "teacher"
    enrol(capacity=5, categories=[other])
    plan = plan_assignment(cycle, reviewers_per_candidate=1)
    assert plan.result.feasible is False
    assert plan.new_pairs == []


def test_ineligible_candidates_are_not_assigned(cycle, make_candidate, enrol):
    candidate = make_candidate()
    candidate.eligibility = "ineligible"
    candidate.save()
    enrol(capacity=5)
    plan = plan_assignment(cycle, reviewers_per_candidate=1)
    assert list(plan.dossier_ids) == []


def test_assign_reviewers_command_dry_run_then_write(cycle, make_candidate, enrol):
    make_candidate()
    enrol(capacity=2)
    ReviewSettings.objects.create(cycle=cycle, reviewers_per_candidate=1)
    call_command("assign_reviewers", str(cycle.pk), "--dry-run")
    assert live_pairs(cycle) == set()
    call_command("assign_reviewers", str(cycle.pk))
    assert len(live_pairs(cycle)) == 1


def test_assign_reviewers_command_refuses_incomplete_plan(cycle, make_candidate):
    make_candidate()
    with pytest.raises(
        CommandError, match=r"Nothing assigned\. .* lacks 2 conflict-free reviewers"
    ):
        call_command("assign_reviewers", str(cycle.pk), "--reviewers-per-candidate", "2")


def test_assign_screen_previews_then_writes(client, staff_user, cycle, make_candidate, enrol):
    for _ in range(2):
        make_candidate()
    for _ in range(2):
        enrol(capacity=3)
    client.force_login(staff_user)
    preview = client.get(f"/admin/review/assign/{cycle.pk}/?reviewers_per_candidate=2")
    assert preview.status_code == 200
    assert "2 per candidate: 4 new assignments" in preview.content.decode()
    assert "Write 4 assignments" in preview.content.decode()
    assert live_pairs(cycle) == set()
    response = client.post(f"/admin/review/assign/{cycle.pk}/", {"reviewers_per_candidate": "2"})
    assert response.status_code == 302
    assert len(live_pairs(cycle)) == 4


def test_assign_screen_refuses_incomplete_plan_unless_accepted(
    client, staff_user, cycle, make_candidate, enrol
):
    make_candidate()
    enrol(capacity=3)
    client.force_login(staff_user)
    page = client.post(
        f"/admin/review/assign/{cycle.pk}/", {"reviewers_per_candidate": "2"}, follow=True
    )
    assert "Nothing was assigned." in page.content.decode()
    assert live_pairs(cycle) == set()
    client.post(
        f"/admin/review/assign/{cycle.pk}/", {"reviewers_per_candidate": "2", "allow_partial": "on"}
    )
    assert len(live_pairs(cycle)) == 1


def test_assign_screen_closed_to_non_staff(client, user, cycle):
    client.force_login(user)
    assert client.get(f"/admin/review/assign/{cycle.pk}/").status_code in (302, 403)


def test_review_settings_list_links_to_assignment(client, staff_user, cycle):
    ReviewSettings.objects.create(cycle=cycle)
    client.force_login(staff_user)
    html = client.get("/admin/reviewsettings/").content.decode()
    assert f"/admin/review/assign/{cycle.pk}/" in html
