"""The finalist round in the staff screens: picking finalists from the ranking, inviting the
committee, giving it the finalists, and the committee screen showing both stages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.domain.nominations import withdraw_nomination
from portal.models import AuditEvent
from review.domain.assignment import commit_assignment, plan_assignment
from review.domain.finalists import finalist_candidates, select_finalists
from review.domain.scoring import save_review
from review.models import (
    Assignment,
    Finalist,
    ReviewerEnrolment,
    Stage,
)
from tests.factories import UserFactory


def finalists_url(cycle) -> str:
    return f"/admin/review/finalists/{cycle.pk}/"


@pytest.fixture
def ranked(first_stage_ranked):
    """Three candidates ranked Ada (9), Grace (6), Edsger (3) by two reviewers; a visit
    rubric for the finalist round."""
    return first_stage_ranked(
        ["Ada", "Grace", "Edsger"],
        reviewers=2,
        step=3,
        visit="Visit",
        visit_criterion="Classroom presence",
    )


def test_staff_pick_finalists_from_the_ranking(client, cycle, ranked, staff_user):
    dossiers, _ = ranked
    client.force_login(staff_user)
    page = client.get(finalists_url(cycle)).content.decode()
    assert page.index("1. Ada") < page.index("2. Grace") < page.index("3. Edsger")
    response = client.post(
        finalists_url(cycle), {"finalists": [str(dossiers[0].pk), str(dossiers[1].pk)]}
    )
    assert response.status_code == 302
    assert set(Finalist.objects.values_list("dossier_id", "rank_at_selection")) == {
        (dossiers[0].pk, 1),
        (dossiers[1].pk, 2),
    }
    assert AuditEvent.objects.get(action="review.finalists_selected").actor == staff_user


def test_a_finalist_withdrawn_since_is_marked_and_leaves_the_committees_list(
    client, cycle, ranked, staff_user
):
    dossiers, _ = ranked
    select_finalists(cycle, dossiers[:2], staff_user)
    grace = dossiers[1].nominations.get()
    withdraw_nomination(grace, staff_user, reason="Moved to another district.")
    client.force_login(staff_user)

    page = client.get(finalists_url(cycle)).content.decode()

    rows = {
        name: row
        for row in page.split("<tr>")
        for name in ("Ada", "Grace")
        if f"<td>{name} " in row
    }
    assert "withdrawn" in rows["Grace"]
    assert "withdrawn" not in rows["Ada"]
    assert list(finalist_candidates(cycle)) == [dossiers[0]]


def test_a_candidate_not_offered_cannot_be_posted(client, cycle, ranked, staff_user):
    client.force_login(staff_user)
    response = client.post(finalists_url(cycle), {"finalists": ["987654321"]})
    assert response.status_code == 200
    assert "987654321 is not one of the available choices" in response.content.decode()
    assert Finalist.objects.count() == 0


def test_staff_invite_committee_members_and_give_them_the_finalists(
    client, cycle, ranked, staff_user, django_capture_on_commit_callbacks
):
    dossiers, _ = ranked
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/review/invite/{cycle.pk}/",
            {"emails": "chair@example.org", "capacity": "10", "stage": "finalist"},
        )
    member = ReviewerEnrolment.objects.get(reviewer__email="chair@example.org")
    assert member.stage == Stage.FINALIST
    assert member.reviewer.groups.filter(name="Committee").exists()
    member.status = ReviewerEnrolment.Status.ACTIVE
    member.save()
    select_finalists(cycle, dossiers[:2], staff_user)
    assert "2 new assignments" in client.get(finalists_url(cycle)).content.decode()
    response = client.post(f"{finalists_url(cycle)}assign/")
    assert response.status_code == 302
    assert set(
        Assignment.objects.filter(enrolment=member).values_list("dossier_id", flat=True)
    ) == {dossiers[0].pk, dossiers[1].pk}


def test_the_committee_screen_shows_both_stages(client, cycle, ranked, enrol, staff_user):
    dossiers, visit = ranked
    member = enrol(stage=Stage.FINALIST)
    select_finalists(cycle, dossiers[1:], staff_user)
    commit_assignment(plan_assignment(cycle, stage=Stage.FINALIST), staff_user)
    for dossier, value in ((dossiers[1], 2), (dossiers[2], 5)):
        save_review(
            Assignment.objects.get(enrolment=member, dossier=dossier),
            member.reviewer,
            values={visit.criteria.get().pk: value},
            comments={},
            comment="",
            submit=True,
        )
    client.force_login(staff_user)
    html = client.get(f"/admin/review/committee/{cycle.pk}/").content.decode()
    finalist_round = html[html.index("Finalist round") : html.index("First stage")]
    # The committee preferred Edsger (5), third in the first stage, to Grace (2), second.
    assert finalist_round.index("Edsger") < finalist_round.index("Grace")
    assert "5.00" in finalist_round
    assert "Ada" not in finalist_round
    first_stage = html[html.index("First stage") :]
    assert first_stage.index("Ada") < first_stage.index("Grace") < first_stage.index("Edsger")
    assert first_stage.count("(finalist)") == 2


@pytest.mark.parametrize("who", ["reviewer", "committee member", "nominator"])
def test_only_staff_reach_the_finalist_round_screens(client, cycle, ranked, enrol, who):
    dossiers, _ = ranked
    if who == "nominator":
        person = dossiers[0].nominations.get().nominator
    else:
        stage = Stage.FINALIST if who == "committee member" else Stage.FIRST
        person = enrol(user=UserFactory(reviewer=True, verified=True), stage=stage).reviewer
    client.force_login(person)
    for response in (
        client.get(finalists_url(cycle)),
        client.post(finalists_url(cycle), {"finalists": [str(dossiers[0].pk)]}),
        client.post(f"{finalists_url(cycle)}assign/"),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert Finalist.objects.count() == 0


def test_the_finalist_screen_costs_the_same_for_one_finalist_and_many(
    client, cycle, ranked, enrol, staff_user, django_assert_num_queries
):
    dossiers, _ = ranked
    enrol(stage=Stage.FINALIST)
    client.force_login(staff_user)
    select_finalists(cycle, dossiers[:1], staff_user)
    client.get(finalists_url(cycle))
    with CaptureQueriesContext(connection) as one:
        client.get(finalists_url(cycle))
    select_finalists(cycle, dossiers, staff_user)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(finalists_url(cycle))
