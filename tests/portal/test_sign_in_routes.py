"""Every sign-in goes through allauth (its lockout, rate limits and second factor): Wagtail's own
login views are not routed, and a session that has not passed the second factor reaches no
staff page, whoever signed it in."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import PASSWORD
from tests.portal.test_accounts import sign_in, signed_in_user_id, totp_now

pytestmark = pytest.mark.django_db

WAGTAIL_LOGINS = ["/admin/login/", "/_util/login/"]
EXPORT = "/admin/nomination/?export=csv"
WRONG_PASSWORD = "wrong horse battery"


@pytest.fixture
def require_staff_mfa(settings):
    settings.REQUIRE_STAFF_MFA = True


@pytest.fixture
def staff_with_totp(staff_user):
    secret = generate_totp_secret()
    TOTP.activate(staff_user, secret)
    return staff_user, secret


def login_redirect_next(response) -> str | None:
    """The page allauth's login will return to, when `response` sends there; else None."""
    location = urlsplit(response["Location"])
    if response.status_code != 302 or location.path != reverse("account_login"):
        return None
    return parse_qs(location.query).get("next", [""])[0]


def wagtail_login(client, path, email, password=PASSWORD):
    # Both Wagtail views take Django's AuthenticationForm: the login field is "username".
    return client.post(path, {"username": email, "password": password, "next": "/admin/"})


@pytest.mark.parametrize("path", WAGTAIL_LOGINS)
def test_wagtail_login_right_password_does_not_sign_in(
    client, require_staff_mfa, staff_with_totp, path
):
    staff_user, _ = staff_with_totp

    response = wagtail_login(client, path, staff_user.email)

    assert signed_in_user_id(client) is None
    assert login_redirect_next(response) is not None
    assert login_redirect_next(client.get("/admin/")) == "/admin/"
    assert login_redirect_next(client.get(EXPORT)) is not None


@pytest.mark.parametrize("path", WAGTAIL_LOGINS)
def test_wagtail_login_after_25_wrong_passwords_does_not_accept_the_right_one(
    client, staff_user, path
):
    for _ in range(25):
        wagtail_login(client, path, staff_user.email, password=WRONG_PASSWORD)

    wagtail_login(client, path, staff_user.email)

    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("path", WAGTAIL_LOGINS)
def test_wagtail_login_page_sends_to_allauth_login_keeping_next(client, path):
    response = client.get(f"{path}?next=/admin/pages/")

    assert login_redirect_next(response) == "/admin/pages/"


def test_admin_sends_anonymous_visitor_to_allauth_login(client):
    assert login_redirect_next(client.get("/admin/")) == "/admin/"


# A session that did not pass the second factor (the Wagtail login used to make them; a session
# from before enrolment; force_login stands for any of them).


def test_staff_with_totp_without_second_factor_in_session_is_asked_for_it(
    client, require_staff_mfa, staff_with_totp
):
    staff_user, _ = staff_with_totp
    client.force_login(staff_user)

    admin = client.get("/admin/")
    export = client.get(EXPORT)

    assert admin.status_code == 302
    assert admin["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2F"
    assert export.status_code == 302
    assert export["Location"].startswith(reverse("mfa_reauthenticate"))


def test_staff_with_totp_without_second_factor_cannot_remove_it(
    client, require_staff_mfa, staff_with_totp
):
    staff_user, _ = staff_with_totp
    sign_in(client, staff_user.email)  # stops at the second factor
    client.force_login(staff_user)  # a session signed in by password alone

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert Authenticator.objects.filter(user=staff_user, type="totp").exists() is True


def test_staff_with_totp_passing_the_second_factor_reaches_admin(
    client, require_staff_mfa, staff_with_totp
):
    staff_user, secret = staff_with_totp
    client.force_login(staff_user)

    response = client.post(
        f"{reverse('mfa_reauthenticate')}?next=/admin/", {"code": totp_now(secret)}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(EXPORT).status_code == 200


def test_staff_with_totp_wrong_second_factor_keeps_being_asked(
    client, require_staff_mfa, staff_with_totp
):
    staff_user, secret = staff_with_totp
    client.force_login(staff_user)
    wrong = "000000" if totp_now(secret) != "000000" else "111111"

    client.post(f"{reverse('mfa_reauthenticate')}?next=/admin/", {"code": wrong})

    assert client.get("/admin/")["Location"].startswith(reverse("mfa_reauthenticate"))
