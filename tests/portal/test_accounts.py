"""Sign-up, sign-in (password and e-mailed code), rate limits and staff MFA, through the real
allauth views. Assertions are on behaviour (status, redirects, session, mail), not on HTML:
the allauth templates are restyled independently."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_HOME = "/admin/"
NEW_PASSWORD = "lilac meadow transistor"


def mailed_code(message) -> str:
    """The one-time code in an allauth e-mail: the line that is nothing but a code."""
    codes = re.findall(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, flags=re.MULTILINE)
    assert len(codes) == 1, message.body
    return codes[0]


def signed_in_user_id(client) -> str | None:
    return client.session.get(SESSION_KEY)


def totp_now(secret: str, period: int = 30, digits: int = 6) -> str:
    """What an authenticator app shows now (RFC 6238), computed independently of allauth."""
    # A code lives one 30-second period; don't hand out one that expires mid-request.
    if period - time.time() % period < 2:
        time.sleep(2)
    counter = struct.pack(">Q", int(time.time()) // period)
    digest = hmac.new(base64.b32decode(secret, casefold=True), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def sign_in(client, email: str, password: str = PASSWORD, **request_extra):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, **request_extra
    )


def activation_redirect(next_path: str) -> str:
    return f"{reverse('mfa_activate_totp')}?next={next_path.replace('/', '%2F')}"


@pytest.fixture
def require_staff_mfa(settings):
    settings.REQUIRE_STAFF_MFA = True


@pytest.fixture
def staff_with_totp(staff_user):
    secret = generate_totp_secret()
    TOTP.activate(staff_user, secret)
    return staff_user, secret


# Sign-up with e-mail verification by code


def signup(client, email="New.Nominator@Example.org"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_signup_mails_verification_code_and_does_not_sign_in(client, mailoutbox):
    response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.nominator@example.org"]
    mailed_code(mailoutbox[0])
    user = get_user_model().objects.get()
    assert user.email == "new.nominator@example.org"
    assert EmailAddress.objects.get(user=user).verified is False


def test_signup_verification_code_verifies_address_and_signs_in(client, mailoutbox):
    signup(client)

    response = client.post(
        reverse("account_email_verification_sent"), {"code": mailed_code(mailoutbox[0])}
    )

    user = get_user_model().objects.get()
    assert response.status_code == 302
    # A new account has no name yet: it is asked once, then the person goes on.
    assert response["Location"] == f"{reverse('account_name')}?next=%2F"
    assert EmailAddress.objects.get(user=user).verified is True
    assert signed_in_user_id(client) == str(user.pk)
    assert client.get(reverse("account_email")).status_code == 200


def test_signup_wrong_verification_code_does_not_verify_or_sign_in(client, mailoutbox):
    signup(client)
    wrong = "AAAA-AAAA" if mailed_code(mailoutbox[0]) != "AAAA-AAAA" else "BBBB-BBBB"

    response = client.post(reverse("account_email_verification_sent"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert EmailAddress.objects.get().verified is False
    assert signed_in_user_id(client) is None


def test_signup_existing_email_does_not_reveal_account(client, user, mailoutbox):
    unknown_response = signup(Client(), email="someone.new@example.org")

    response = signup(client, email=user.email.upper())

    assert response.status_code == unknown_response.status_code == 302
    assert response["Location"] == unknown_response["Location"]
    assert get_user_model().objects.filter(email=user.email).count() == 1
    assert signed_in_user_id(client) is None
    assert [message.to for message in mailoutbox] == [["someone.new@example.org"], [user.email]]
    assert re.findall(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", mailoutbox[1].body, flags=re.MULTILINE) == []


# Sign-in with a password


def test_sign_in_password_nominator_goes_home(client, user):
    response = sign_in(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(user.pk)


def test_sign_in_password_is_case_insensitive_on_email(client, user):
    response = sign_in(client, user.email.upper())

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_sign_in_password_staff_goes_to_wagtail_admin(client, staff_user):
    response = sign_in(client, staff_user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert signed_in_user_id(client) == str(staff_user.pk)


def test_sign_in_password_honours_next(client, staff_user):
    response = client.post(
        f"{reverse('account_login')}?next=/accounts/email/",
        {"login": staff_user.email, "password": PASSWORD},
    )

    assert response["Location"] == "/accounts/email/"


def test_sign_in_wrong_password_does_not_sign_in(client, user):
    response = sign_in(client, user.email, password="wrong horse battery")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": [get_adapter().error_messages["email_password_mismatch"]]
    }
    assert signed_in_user_id(client) is None


def test_sign_in_unverified_address_mails_code_instead(client, mailoutbox):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    response = sign_in(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None
    assert [message.to for message in mailoutbox] == [[user.email]]

    client.post(reverse("account_email_verification_sent"), {"code": mailed_code(mailoutbox[0])})

    assert signed_in_user_id(client) == str(user.pk)


# Rate limits (ACCOUNT_RATE_LIMITS)


def test_sign_in_after_five_wrong_passwords_refuses_right_password(client, user):
    for _ in range(5):
        assert sign_in(client, user.email, password="wrong horse battery").status_code == 200

    response = sign_in(client, user.email)

    # allauth refuses through the form (200), not with a 429 page.
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": [get_adapter().error_messages["too_many_login_attempts"]]
    }
    assert signed_in_user_id(client) is None


def test_sign_in_after_four_wrong_passwords_still_accepts_right_password(client, user):
    for _ in range(4):
        sign_in(client, user.email, password="wrong horse battery")

    response = sign_in(client, user.email)

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_sign_in_failure_limit_per_account_holds_across_addresses(client, user):
    for _ in range(5):
        sign_in(client, user.email, password="wrong horse battery", REMOTE_ADDR="203.0.113.5")

    response = sign_in(Client(), user.email, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": [get_adapter().error_messages["too_many_login_attempts"]]
    }


def test_sign_in_more_than_30_posts_a_minute_is_429(client, user, clock_held):
    for attempt in range(30):
        response = sign_in(client, f"nobody{attempt}@example.org", password="guess")
        assert response.status_code == 200

    response = sign_in(client, user.email)

    assert response.status_code == 429
    assert signed_in_user_id(client) is None


# Passwordless sign-in with an e-mailed code


def request_login_code(client, email):
    return client.post(reverse("account_request_login_code"), {"email": email})


def test_login_code_mails_code_to_verified_user(client, user, mailoutbox):
    response = request_login_code(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    assert signed_in_user_id(client) is None
    assert [message.to for message in mailoutbox] == [[user.email]]
    mailed_code(mailoutbox[0])


def test_login_code_signs_in(client, user, mailoutbox):
    request_login_code(client, user.email)

    response = client.post(
        reverse("account_confirm_login_code"), {"code": mailed_code(mailoutbox[0])}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(user.pk)
    assert client.get(reverse("account_email")).status_code == 200


def test_login_code_wrong_code_does_not_sign_in(client, user, mailoutbox):
    request_login_code(client, user.email)
    wrong = "AAAA-AAAA" if mailed_code(mailoutbox[0]) != "AAAA-AAAA" else "BBBB-BBBB"

    response = client.post(reverse("account_confirm_login_code"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert signed_in_user_id(client) is None
    assert client.get(reverse("account_email")).status_code == 302


def test_login_code_three_wrong_codes_void_the_right_one(client, user, mailoutbox):
    request_login_code(client, user.email)
    code = mailed_code(mailoutbox[0])
    wrong = "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"
    for _ in range(3):
        client.post(reverse("account_confirm_login_code"), {"code": wrong})

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_request_login_code")
    assert signed_in_user_id(client) is None


def test_login_code_someone_elses_code_does_not_sign_in(client, user, mailoutbox):
    other = UserFactory(verified=True)
    request_login_code(Client(), other.email)
    request_login_code(client, user.email)
    others_code, own_code = mailed_code(mailoutbox[0]), mailed_code(mailoutbox[1])
    assert others_code != own_code

    client.post(reverse("account_confirm_login_code"), {"code": others_code})

    assert signed_in_user_id(client) is None


def test_login_code_unknown_email_answers_like_known_email(user, mailoutbox):
    known_client, unknown_client = Client(), Client()

    known = request_login_code(known_client, user.email)
    unknown = request_login_code(unknown_client, "nobody@example.org")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    known_page = known_client.get(known["Location"])
    unknown_page = unknown_client.get(unknown["Location"])
    assert unknown_page.status_code == known_page.status_code == 200
    # Each address gets a code: a new address signs into a new account made for it.
    assert [message.to for message in mailoutbox] == [[user.email], ["nobody@example.org"]]
    assert mailoutbox[0].subject == mailoutbox[1].subject


def test_login_code_unknown_email_never_signs_in(mailoutbox):
    client = Client()
    request_login_code(client, "nobody@example.org")

    response = client.post(reverse("account_confirm_login_code"), {"code": "AAAA-AAAA"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert signed_in_user_id(client) is None


# Staff MFA (REQUIRE_STAFF_MFA, portal.middleware.RequireStaffMFAMiddleware)


@pytest.mark.parametrize("role", ["staff_user", "superuser", "reviewer_user"])
def test_require_staff_mfa_sends_role_to_totp_activation(request, client, require_staff_mfa, role):
    person = request.getfixturevalue(role)
    sign_in(client, person.email)

    response = client.get(ADMIN_HOME)

    assert signed_in_user_id(client) == str(person.pk)
    assert response.status_code == 302
    assert response["Location"] == activation_redirect(ADMIN_HOME)


def test_require_staff_mfa_reviewer_is_sent_to_activation_from_any_page(
    client, require_staff_mfa, reviewer_user
):
    client.force_login(reviewer_user)

    response = client.get("/awards/?page=2")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_activate_totp')}?next=%2Fawards%2F%3Fpage%3D2"


def test_require_staff_mfa_nominator_is_not_sent_to_activation(client, require_staff_mfa, user):
    sign_in(client, user.email)

    admin = client.get(ADMIN_HOME)
    account = client.get(reverse("account_email"))

    assert signed_in_user_id(client) == str(user.pk)
    # Wagtail turns a nominator away from its admin; no TOTP enrolment is asked for.
    assert admin.status_code == 302
    assert admin["Location"].startswith(reverse("account_login"))
    assert account.status_code == 200


def test_require_staff_mfa_leaves_account_pages_reachable(client, require_staff_mfa, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("account_email")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_require_staff_mfa_real_activation_then_admin(client, require_staff_mfa, staff_user):
    sign_in(client, staff_user.email)
    to_activation = client.get(ADMIN_HOME)["Location"]

    # allauth asks for the password again before adding an authenticator.
    to_reauthentication = client.get(to_activation)
    assert to_reauthentication.status_code == 302
    assert to_reauthentication["Location"].startswith(reverse("account_reauthenticate"))
    back = client.post(to_reauthentication["Location"], {"password": PASSWORD})
    assert back["Location"] == to_activation
    assert client.get(to_activation).status_code == 200
    secret = client.session["mfa.totp.secret"]

    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=staff_user, type=Authenticator.Type.TOTP).count() == 1
    # Enrolled, but this session has not passed the second factor yet: one code, then the admin.
    to_code = client.get(ADMIN_HOME)
    assert to_code["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2F"
    assert client.post(to_code["Location"], {"code": totp_now(secret)})["Location"] == ADMIN_HOME
    assert client.get(ADMIN_HOME).status_code == 200


def test_require_staff_mfa_activation_wrong_code_keeps_redirecting(
    client, require_staff_mfa, staff_user
):
    sign_in(client, staff_user.email)
    client.post(
        f"{reverse('account_reauthenticate')}?next={reverse('mfa_activate_totp')}",
        {"password": PASSWORD},
    )
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    wrong = "000000" if totp_now(secret) != "000000" else "111111"

    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})

    assert response.status_code == 200
    assert Authenticator.objects.filter(user=staff_user).exists() is False
    assert client.get(ADMIN_HOME)["Location"] == activation_redirect(ADMIN_HOME)


def test_require_staff_mfa_staff_with_totp_signs_in_with_code_and_reaches_admin(
    client, require_staff_mfa, staff_with_totp
):
    staff_user, secret = staff_with_totp

    response = sign_in(client, staff_user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None

    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert signed_in_user_id(client) == str(staff_user.pk)
    assert client.get(ADMIN_HOME).status_code == 200


def test_require_staff_mfa_staff_with_totp_wrong_code_is_not_signed_in(
    client, require_staff_mfa, staff_with_totp
):
    staff_user, secret = staff_with_totp
    sign_in(client, staff_user.email)
    wrong = "000000" if totp_now(secret) != "000000" else "111111"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    assert client.get(ADMIN_HOME)["Location"].startswith(reverse("account_login"))


def test_require_staff_mfa_login_code_does_not_skip_totp(
    client, require_staff_mfa, staff_with_totp, mailoutbox
):
    staff_user, secret = staff_with_totp
    request_login_code(client, staff_user.email)

    response = client.post(
        reverse("account_confirm_login_code"), {"code": mailed_code(mailoutbox[0])}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None
    client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert signed_in_user_id(client) == str(staff_user.pk)


def test_require_staff_mfa_reviewer_past_the_second_factor_is_not_redirected(
    client, require_staff_mfa, reviewer_user
):
    secret = generate_totp_secret()
    TOTP.activate(reviewer_user, secret)
    client.force_login(reviewer_user)
    client.post(reverse("mfa_reauthenticate"), {"code": totp_now(secret)})

    response = client.get(ADMIN_HOME)

    # Reviewers have no admin access: Wagtail, not the MFA middleware, turns them away.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_require_staff_mfa_off_staff_reaches_admin_without_totp(client, settings, staff_user):
    settings.REQUIRE_STAFF_MFA = False
    sign_in(client, staff_user.email)

    response = client.get(ADMIN_HOME)

    assert response.status_code == 200
    assert Authenticator.objects.filter(user=staff_user).exists() is False


def test_require_staff_mfa_behind_script_prefix_leaves_account_pages_reachable(
    client, settings, require_staff_mfa, staff_user
):
    # Deployed under /laurel: request.path is /laurel/accounts/..., request.path_info is not.
    settings.FORCE_SCRIPT_NAME = "/laurel"
    client.force_login(staff_user)

    account = client.get("/accounts/email/")
    admin = client.get(ADMIN_HOME)

    assert account.status_code == 200
    assert admin.status_code == 302
    assert admin["Location"].endswith("?next=%2Flaurel%2Fadmin%2F")


def test_wagtail_account_page_offers_no_password_or_email_change(client, staff_user):
    """Staff change their password and address through allauth (recent sign-in, a verified new
    address); Wagtail's own account page must not be a way around it."""
    staff_user.set_password("the-old-password-1")
    staff_user.save()
    client.force_login(staff_user)

    page = client.get("/admin/account/")
    html = page.content.decode()
    client.post(
        "/admin/account/",
        {
            "password-old_password": "the-old-password-1",
            "password-new_password1": "a-new-password-123",
            "password-new_password2": "a-new-password-123",
            "name_email-email": "taken.over@attacker.example",
            "name_email-first_name": "Sam",
            "name_email-last_name": "Staff",
        },
    )

    assert page.status_code == 200
    assert 'type="password"' not in html
    assert 'type="email"' not in html
    staff_user.refresh_from_db()
    assert staff_user.check_password("the-old-password-1")
    assert staff_user.email != "taken.over@attacker.example"
