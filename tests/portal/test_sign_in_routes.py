"""Every sign-in goes through allauth (its lockout, rate limits and second factor): Wagtail's own
login views are not routed, and a session that has not passed the second factor reaches no
staff page, whoever signed it in."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import PASSWORD
from tests.portal.test_accounts import signed_in_user_id

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
