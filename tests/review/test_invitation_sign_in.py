"""A reviewer invited by e-mail signs in with the invitation and one code: opening the link
proves the address, so no second code to confirm it. The link is bound to the invited address,
expires and is spent once accepted."""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.test import Client

from portal.models import AuditEvent
from review.domain.enrolment import invite_reviewers
from review.models import ReviewerEnrolment
from review.tokens import INVITATION_SALT
from tests.factories import UserFactory

CODE_LINE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", flags=re.MULTILINE)
INVITED = "new.reviewer@district.example"


@pytest.fixture
def link(cycle, staff_user, home_page, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        invite_reviewers(cycle, [INVITED], staff_user)
    (invitation,) = mail.outbox
    mail.outbox.clear()
    return re.search(r"/review/join/\S+/", invitation.body).group(0)


def follow(client: Client, response, limit: int = 6):
    """Follow redirects, as a browser would; the last answer and every address visited."""
    visited = []
    while response.status_code == 302 and limit:
        visited.append(response["Location"])
        response = client.get(response["Location"])
        limit -= 1
    return response, visited


def sign_in_with_code(client: Client, email: str, next_url: str):
    client.post(f"/accounts/login/code/?next={next_url}", {"email": email, "next": next_url})
    codes = CODE_LINE.findall(mail.outbox[-1].body)
    assert len(codes) == 1, mail.outbox[-1].body
    return client.post("/accounts/login/code/confirm/", {"code": codes[0], "next": next_url})


def test_accepting_an_invitation_takes_one_code_and_lands_on_the_reviews(client, link):
    opened = client.get(link)
    assert opened.status_code == 302
    target = urlsplit(opened["Location"])
    assert target.path == "/accounts/login/code/"
    assert parse_qs(target.query)["next"] == [link]

    response = sign_in_with_code(client, INVITED, link)
    assert response.status_code == 302
    # A new account is asked its name once, then goes on.
    if urlsplit(response["Location"]).path == "/accounts/name/":
        response = client.post(response["Location"], {"name": "Mae Jemison", "next": link})
    response, visited = follow(client, response)

    assert visited[-1] == "/review/"
    assert not any("confirm-email" in address for address in visited)
    assert len(mail.outbox) == 1  # the sign-in code only
    assert "confirm" not in mail.outbox[0].subject.lower()
    enrolment = ReviewerEnrolment.objects.get()
    assert enrolment.status == ReviewerEnrolment.Status.ACTIVE
    address = EmailAddress.objects.get(user=enrolment.reviewer)
    assert (address.email, address.verified, address.primary) == (INVITED, True, True)
    assert AuditEvent.objects.filter(action="review.invitation_address_verified").count() == 1


def test_without_opening_the_invitation_the_address_still_needs_confirming(client, link):
    """The oracle for the test above: allauth asks for the second code when the link is not
    what proved the address."""
    response = sign_in_with_code(client, INVITED, "/review/")
    assert response["Location"] == "/accounts/confirm-email/"
    assert EmailAddress.objects.filter(email=INVITED, verified=True).exists() is False


def test_a_spent_invitation_verifies_nothing_and_accepts_nothing_again(client, link):
    enrolment = ReviewerEnrolment.objects.get()
    client.force_login(enrolment.reviewer)
    assert client.get(link)["Location"] == "/review/"
    client.logout()
    EmailAddress.objects.filter(email=INVITED).delete()
    response = Client().get(link)
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/review/"]
    assert EmailAddress.objects.filter(email=INVITED).exists() is False


def test_a_link_for_an_address_no_longer_the_reviewers_is_refused(client, link):
    enrolment = ReviewerEnrolment.objects.get()
    enrolment.reviewer.email = "someone.else@district.example"
    enrolment.reviewer.save()
    assert client.get(link).status_code == 404
    assert EmailAddress.objects.filter(email=INVITED, verified=True).exists() is False
    client.force_login(enrolment.reviewer)
    assert client.get(link).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == ReviewerEnrolment.Status.INVITED


def test_an_expired_link_is_refused(client, link, monkeypatch):
    """The invitation says the link works for 30 days."""
    token = link.removeprefix("/review/join/").rstrip("/")
    payload = signing.loads(token, salt=INVITATION_SALT)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - 31 * 24 * 3600)
    stale = signing.dumps(payload, salt=INVITATION_SALT, compress=False)
    monkeypatch.undo()
    assert client.get(f"/review/join/{stale}/").status_code == 404
    client.force_login(ReviewerEnrolment.objects.get().reviewer)
    assert client.get(f"/review/join/{stale}/").status_code == 404
    assert EmailAddress.objects.filter(email=INVITED, verified=True).exists() is False
    assert ReviewerEnrolment.objects.get().status == ReviewerEnrolment.Status.INVITED


def test_a_link_signed_in_as_someone_else_is_refused(client, link):
    client.force_login(UserFactory())
    assert client.get(link).status_code == 404
    assert ReviewerEnrolment.objects.get().status == ReviewerEnrolment.Status.INVITED


def test_a_forged_link_is_refused(client, link):
    assert client.get("/review/join/not-a-real-token/").status_code == 404
    assert EmailAddress.objects.filter(email=INVITED, verified=True).exists() is False


def test_the_link_carries_no_address(link):
    assert "district" not in link and "@" not in link
