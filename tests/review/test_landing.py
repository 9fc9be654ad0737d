"""Reviewers land on their reviews after signing in (staff in the admin), unless a `next` was
given, and the site header offers "My reviews" to anyone enrolled to review."""

import re

import pytest
from django.core import mail

from awards.models import Cycle
from review.domain.enrolment import invite_reviewers
from review.models import ReviewerEnrolment
from tests.factories import PASSWORD, UserFactory


def sign_in(client, user, next_url: str | None = None):
    data = {"login": user.email, "password": PASSWORD}
    address = "/accounts/login/"
    if next_url:
        data["next"] = next_url
        address += f"?next={next_url}"
    return client.post(address, data)


@pytest.fixture
def reviewer(enrol):
    return enrol(user=UserFactory(verified=True)).reviewer


def test_reviewer_signing_in_lands_on_their_reviews(client, reviewer, home_page):
    response = sign_in(client, reviewer)
    assert (response.status_code, response["Location"]) == (302, "/review/")
    assert client.get("/review/").status_code == 200


def test_invited_reviewer_not_yet_accepted_lands_on_their_reviews(client, enrol, home_page):
    reviewer = enrol(user=UserFactory(verified=True), status="invited").reviewer
    assert sign_in(client, reviewer)["Location"] == "/review/"


def test_reviewer_with_a_next_goes_there(client, reviewer, home_page):
    response = sign_in(client, reviewer, next_url="/nominations/")
    assert response["Location"] == "/nominations/"


def test_staff_signing_in_land_in_the_admin(client, staff_user, enrol, home_page):
    enrol(user=staff_user)
    assert sign_in(client, staff_user)["Location"] == "/admin/"


@pytest.mark.parametrize("enrolment", ["none", "withdrawn", "closed cycle"])
def test_people_without_a_live_enrolment_land_on_the_home_page(
    client, enrol, cycle, home_page, enrolment
):
    person = UserFactory(verified=True)
    if enrolment == "withdrawn":
        enrol(user=person, status=ReviewerEnrolment.Status.WITHDRAWN)
    elif enrolment == "closed cycle":
        enrol(user=person)
        Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    assert sign_in(client, person)["Location"] == "/"


def my_reviews_link(html: str) -> bool:
    return bool(re.search(r'<a class="account__link" href="/review/">My reviews</a>', html))


def test_header_shows_my_reviews_to_an_enrolled_reviewer(client, reviewer, home_page):
    client.force_login(reviewer)
    assert my_reviews_link(client.get("/nominations/").content.decode()) is True


@pytest.mark.parametrize("who", ["nominator", "withdrawn", "signed out"])
def test_header_hides_my_reviews_from_everyone_else(client, enrol, home_page, who):
    person = UserFactory(verified=True)
    if who == "withdrawn":
        enrol(user=person, status=ReviewerEnrolment.Status.WITHDRAWN)
    if who != "signed out":
        client.force_login(person)
    assert my_reviews_link(client.get("/").content.decode()) is False


def test_invitation_link_leads_to_the_reviews(
    client, cycle, staff_user, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_reviewers(cycle, ["invited@district.example"], staff_user)
    link = re.search(r"/review/join/\S+/", mail.outbox[-1].body).group(0)
    client.force_login(ReviewerEnrolment.objects.get().reviewer)
    response = client.get(link)
    assert response["Location"] == "/review/"
    assert my_reviews_link(client.get("/review/").content.decode()) is True
