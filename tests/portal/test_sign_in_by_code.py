"""A brand-new person signs in by e-mailed code: e-mail, code, their name once, and back where they
started, with no password ever; a known address goes the same way, so nobody can tell which
addresses have an account. Every account e-mail carries the foundation's name and the site's
configured address, never the host a request came in on."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from cms.models import FoundationSettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FOUNDATION = "Lakeside Education Foundation"
SITE_URL = "https://awards.lakeside.example"
START = "/nominate/teacher-of-the-year/"
CODE_LINE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", flags=re.MULTILINE)


@pytest.fixture(autouse=True)
def foundation(settings, home_page):
    settings.WAGTAILADMIN_BASE_URL = SITE_URL
    foundation = FoundationSettings.for_site(Site.objects.get(is_default_site=True))
    foundation.foundation_name = FOUNDATION
    foundation.save()


def ask_for_code(client: Client, email: str, next_url: str = START):
    return client.post(
        f"{reverse('account_request_login_code')}?next={next_url}",
        {"email": email, "next": next_url},
    )


def code_in(message) -> str:
    codes = CODE_LINE.findall(message.body)
    assert len(codes) == 1, message.body
    return codes[0]


def enter_code(client: Client, code: str, next_url: str = START):
    return client.post(reverse("account_confirm_login_code"), {"code": code, "next": next_url})


def test_new_address_receives_a_code_and_is_asked_its_name_then_returns(client, mailoutbox):
    ask_for_code(client, "new.parent@example.org")
    response = enter_code(client, code_in(mailoutbox[-1]))

    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('account_name')}?next=%2Fnominate%2Fteacher-of-the-year%2F"
    )
    name_page = client.get(response["Location"])
    assert name_page.status_code == 200
    named = client.post(response["Location"], {"name": "Rosa Parks", "next": START})
    assert (named.status_code, named["Location"]) == (302, START)

    user = get_user_model().objects.get(email="new.parent@example.org")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert user.display_name == "Rosa Parks"
    assert user.has_usable_password() is False
    assert EmailAddress.objects.get(user=user).verified is True


def test_name_is_asked_only_once(client, mailoutbox):
    ask_for_code(client, "new.parent@example.org")
    enter_code(client, code_in(mailoutbox[-1]))
    client.post(reverse("account_name"), {"name": "Rosa Parks", "next": START})
    client.post(reverse("account_logout"))

    again = Client()
    ask_for_code(again, "new.parent@example.org")
    response = enter_code(again, code_in(mailoutbox[-1]))

    assert (response.status_code, response["Location"]) == (302, START)


def test_blank_name_is_refused_and_keeps_the_person_on_the_page(client, mailoutbox):
    ask_for_code(client, "new.parent@example.org")
    enter_code(client, code_in(mailoutbox[-1]))

    response = client.post(reverse("account_name"), {"name": "   ", "next": START})

    assert response.status_code == 422
    assert "Enter your name." in response.content.decode()


def test_name_page_never_sends_people_to_another_site(client, mailoutbox):
    ask_for_code(client, "new.parent@example.org")
    enter_code(client, code_in(mailoutbox[-1]))

    response = client.post(
        reverse("account_name"), {"name": "Rosa Parks", "next": "https://evil.example/"}
    )

    assert (response.status_code, response["Location"]) == (302, "/")


def test_known_and_new_addresses_get_the_same_page_and_the_same_e_mail(mailoutbox):
    known = UserFactory(verified=True, display_name="Known Person")
    known_response = ask_for_code(Client(), known.email)
    new_response = ask_for_code(Client(), "brand.new@example.org")

    assert known_response.status_code == new_response.status_code == 302
    assert known_response["Location"] == new_response["Location"]
    known_mail, new_mail = mailoutbox
    assert known_mail.subject == new_mail.subject == f"Your sign-in code for {FOUNDATION}"
    assert known_mail.body.replace(code_in(known_mail), "CODE") == new_mail.body.replace(
        code_in(new_mail), "CODE"
    )


def test_code_e_mail_names_the_foundation_and_the_real_site_address(client, mailoutbox):
    ask_for_code(client, "new.parent@example.org")
    message = mailoutbox[-1]

    assert FOUNDATION in message.body
    assert f"{SITE_URL}/" in message.body
    # The request came in as "testserver"; the e-mail never names a request's host.
    assert "testserver" not in message.body
    assert "Hello from" in message.body and "example.com" not in message.body


def test_wrong_code_does_not_sign_a_new_address_in(client, mailoutbox):
    ask_for_code(client, "new.parent@example.org")
    code = code_in(mailoutbox[-1])
    wrong = "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"

    response = enter_code(client, wrong)

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    address = EmailAddress.objects.get(email="new.parent@example.org")
    assert address.verified is False


def test_start_page_sign_in_leads_to_the_code_page(client, db):
    from tests.factories import AwardFactory, CycleFactory

    award = AwardFactory(slug="teacher-of-the-year")
    CycleFactory(award=award)

    html = client.get(START).content.decode()

    link = re.search(r'href="([^"]+)">Sign in to nominate<', html).group(1)
    assert link.split("?")[0] == reverse("account_request_login_code")
    assert client.get(link).context["redirect_field_value"] == START
