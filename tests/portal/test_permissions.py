"""MFA follows power, not flags: whoever can reach other people's data (through admin access,
any staff permission, or an enrolment to review) must pass a second factor, however their
account was made."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.roles import ensure_role_groups
from tests.factories import PASSWORD, UserFactory, verify_email
from tests.portal.test_accounts import activation_redirect, sign_in, signed_in_user_id
from tests.review.factories import ReviewerEnrolmentFactory

pytestmark = pytest.mark.django_db

EXPORT = "/admin/nomination/?export=csv"


@pytest.fixture
def wagtail_made_staff(client, settings, superuser):
    """A staff member as an administrator adds one in Wagtail > Users: the Staff group ticked,
    no `is_staff` (Wagtail's form has no such box)."""
    staff_group, _ = ensure_role_groups()
    settings.REQUIRE_STAFF_MFA = False
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "new.staff@example.org",
            "first_name": "New",
            "last_name": "Staff",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "groups": [staff_group.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    client.logout()
    settings.REQUIRE_STAFF_MFA = True
    person = get_user_model().objects.get(email="new.staff@example.org")
    assert person.is_staff is False
    return person


@pytest.fixture
def enrolled_reviewer(settings):
    """A reviewer enrolled in a cycle by staff in the admin, never put in the Reviewers group."""
    settings.REQUIRE_STAFF_MFA = True
    enrolment = ReviewerEnrolmentFactory()
    assert enrolment.reviewer.groups.exists() is False
    return enrolment.reviewer


def test_wagtail_made_staff_member_is_sent_to_mfa_before_any_admin_page(client, wagtail_made_staff):
    verify_email(wagtail_made_staff)
    sign_in(client, wagtail_made_staff.email)
    assert signed_in_user_id(client) == str(wagtail_made_staff.pk)

    admin = client.get("/admin/")
    export = client.get(EXPORT)

    assert admin.status_code == 302
    assert admin["Location"] == activation_redirect("/admin/")
    assert export.status_code == 302
    assert export["Location"].startswith(reverse("mfa_activate_totp"))


def test_reviewer_enrolled_without_the_group_is_sent_to_mfa_before_review_pages(
    client, enrolled_reviewer
):
    sign_in(client, enrolled_reviewer.email)
    assert signed_in_user_id(client) == str(enrolled_reviewer.pk)

    dashboard = client.get("/review/")

    assert dashboard.status_code == 302
    assert dashboard["Location"] == activation_redirect("/review/")


def test_user_with_one_staff_permission_of_their_own_must_use_mfa(db):
    person = UserFactory()
    person.user_permissions.add(
        Permission.objects.get(content_type__app_label="awards", codename="view_nomination")
    )

    assert person.must_use_mfa is True


def test_user_in_a_group_with_admin_access_must_use_mfa(db):
    person = UserFactory()
    group = Group.objects.create(name="Communications")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    person.groups.add(group)

    assert person.must_use_mfa is True


def test_invited_reviewer_must_use_mfa(db):
    assert ReviewerEnrolmentFactory(status="invited").reviewer.must_use_mfa is True


def test_withdrawn_reviewer_need_not_use_mfa(db):
    assert ReviewerEnrolmentFactory(status="withdrawn").reviewer.must_use_mfa is False


def test_nominator_need_not_use_mfa(user):
    assert user.must_use_mfa is False


def test_nominator_request_costs_at_most_one_query_for_the_mfa_rule(
    client, settings, user, clock_held
):
    """Counted without the shared cache's own rows (production keeps rate limits in the
    database), which come and go with the limits' windows, not with the MFA rule."""
    client.force_login(user)
    counts = {}
    for required in (False, True):
        settings.REQUIRE_STAFF_MFA = required
        client.get(reverse("account_email"))  # warm: the session, the site
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("account_email")).status_code == 200
        counts[required] = sum("portal_cache" not in query["sql"] for query in queries)

    assert counts[True] - counts[False] <= 1
