"""The finalist round in the reviewer portal: committee members see and score their finalists
against the visit rubric; first-stage reviewers never reach the finalist round's pages, scores
or comments."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from review.models import Assignment, Criterion, Review, ReviewSettings, Rubric, Stage
from tests.factories import UserFactory


@pytest.fixture
def round_(cycle, make_candidate, enrol):
    """One finalist, reviewed in the first stage by `reviewer` and scored in the finalist round
    by `member`; the first stage is released, nothing hidden."""
    ReviewSettings.objects.create(
        cycle=cycle, release_at=timezone.now() - timedelta(hours=1), blind_fields=[]
    )
    first = Rubric.objects.create(cycle=cycle, name="Nomination")
    Criterion.objects.create(rubric=first, name="Impact", scale_min=0, scale_max=10)
    visit = Rubric.objects.create(cycle=cycle, name="Visit", stage=Stage.FINALIST)
    Criterion.objects.create(rubric=visit, name="Classroom presence", scale_min=1, scale_max=5)
    finalist = make_candidate(nominee_first_name="Ottoline")
    reviewer = enrol()
    member = enrol(stage=Stage.FINALIST)
    Assignment.objects.create(dossier=finalist.dossier, enrolment=reviewer)
    Assignment.objects.create(dossier=finalist.dossier, enrolment=member)
    return finalist, reviewer, member, visit


def finalist_url(nomination, suffix=""):
    return f"/review/finalists/{nomination.dossier.code}/{suffix}"


def test_a_committee_member_scores_a_finalist_against_the_visit_rubric(client, round_):
    finalist, _, member, visit = round_
    client.force_login(member.reviewer)
    dashboard = client.get("/review/").content.decode()
    assert "Finalist round" in dashboard
    assert finalist_url(finalist) in dashboard
    page = client.get(finalist_url(finalist))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Classroom presence" in html
    assert "Impact" not in html
    criterion = visit.criteria.get()
    response = client.post(
        finalist_url(finalist), {f"score-{criterion.pk}": "4", "action": "submit"}
    )
    assert response.status_code == 302
    review = Review.objects.get(enrolment=member)
    assert (review.rubric, review.status, review.total) == (visit, Review.Status.SUBMITTED, 4.0)


def test_autosave_of_a_finalist_keeps_a_draft(client, round_):
    finalist, _, member, visit = round_
    client.force_login(member.reviewer)
    criterion = visit.criteria.get()
    response = client.post(finalist_url(finalist, "autosave/"), {f"score-{criterion.pk}": "3"})
    assert response.status_code == 200
    assert Review.objects.get(enrolment=member).status == Review.Status.DRAFT


@pytest.mark.parametrize("screen", ["", "autosave/", "conflict/"])
def test_a_first_stage_reviewer_cannot_reach_the_finalist_round(client, round_, screen):
    finalist, reviewer, _, _ = round_
    client.force_login(reviewer.reviewer)
    method = client.get if screen == "" else client.post
    assert method(finalist_url(finalist, screen)).status_code == 404
    assert "Finalist round" not in client.get("/review/").content.decode()


@pytest.mark.parametrize("who", ["stranger", "nominator"])
def test_nobody_else_reaches_a_finalist(client, round_, who):
    finalist, _, _, _ = round_
    client.force_login(UserFactory() if who == "stranger" else finalist.nominator)
    assert client.get(finalist_url(finalist)).status_code == 404


def test_a_committee_member_does_not_reach_the_first_stage_page(client, round_):
    finalist, _, member, _ = round_
    client.force_login(member.reviewer)
    assert client.get(f"/review/{finalist.dossier.code}/").status_code == 404


def test_the_committee_and_the_reviewers_never_read_each_others_scores(client, round_, enrol):
    """With discussion on, a reviewer who submitted sees the other reviewers' comments: never
    the committee's, and a committee member sees only other members'."""
    finalist, reviewer, member, visit = round_
    ReviewSettings.objects.filter(cycle=reviewer.cycle).update(discussion_enabled=True)
    first_criterion = Criterion.objects.get(name="Impact")
    visit_criterion = visit.criteria.get()
    client.force_login(member.reviewer)
    client.post(
        finalist_url(finalist),
        {f"score-{visit_criterion.pk}": "5", "comment": "COMMITTEE-NOTE", "action": "submit"},
    )
    client.force_login(reviewer.reviewer)
    client.post(
        f"/review/{finalist.dossier.code}/",
        {f"score-{first_criterion.pk}": "6", "comment": "REVIEWER-NOTE", "action": "submit"},
    )
    assert "COMMITTEE-NOTE" not in client.get(f"/review/{finalist.dossier.code}/").content.decode()
    other = enrol(stage=Stage.FINALIST)
    Assignment.objects.create(dossier=finalist.dossier, enrolment=other)
    client.force_login(other.reviewer)
    client.post(finalist_url(finalist), {f"score-{visit_criterion.pk}": "4", "action": "submit"})
    html = client.get(finalist_url(finalist)).content.decode()
    assert "COMMITTEE-NOTE" in html
    assert "REVIEWER-NOTE" not in html


def test_one_person_on_both_stages_reaches_each_page(client, round_, enrol):
    finalist, reviewer, _, _ = round_
    both = enrol(user=reviewer.reviewer, stage=Stage.FINALIST)
    Assignment.objects.create(dossier=finalist.dossier, enrolment=both)
    client.force_login(reviewer.reviewer)
    assert "Classroom presence" in client.get(finalist_url(finalist)).content.decode()
    assert "Impact" in client.get(f"/review/{finalist.dossier.code}/").content.decode()
    assert client.get(f"/review/{finalist.dossier.code}/packet.pdf").status_code == 200


def test_the_finalist_round_is_released_by_assigning_it(client, round_):
    """Before the first stage's release a committee member already sees an assigned finalist:
    assigning the round is its release."""
    finalist, _, member, _ = round_
    ReviewSettings.objects.filter(cycle=member.cycle).update(
        release_at=timezone.now() + timedelta(days=1)
    )
    client.force_login(member.reviewer)
    assert client.get(finalist_url(finalist)).status_code == 200


def test_the_dashboard_costs_the_same_for_one_finalist_and_many(
    client, round_, make_candidate, django_assert_num_queries
):
    member = round_[2]
    client.force_login(member.reviewer)
    client.get("/review/")  # warm the session and the site
    with CaptureQueriesContext(connection) as one:
        client.get("/review/")
    for _ in range(4):
        Assignment.objects.create(dossier=make_candidate().dossier, enrolment=member)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get("/review/").content.decode().count("/review/finalists/") == 5
