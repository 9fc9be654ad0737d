import pytest
from allauth.account.models import EmailAddress
from asgiref.sync import async_to_sync
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_create_user_lowercases_email():
    user = get_user_model().objects.create_user("Ada.Lovelace@Example.ORG", password=PASSWORD)

    assert user.email == "ada.lovelace@example.org"
    assert user.check_password(PASSWORD) is True


def test_create_user_has_no_username_field():
    user_model = get_user_model()

    assert user_model.USERNAME_FIELD == "email"
    assert "username" not in {field.name for field in user_model._meta.get_fields()}


def test_create_user_is_neither_staff_nor_superuser():
    user = get_user_model().objects.create_user("nominator@example.org")

    assert user.is_staff is False
    assert user.is_superuser is False
    assert user.has_usable_password() is False


def test_create_user_without_email_is_refused():
    with pytest.raises(ValueError, match="e-mail address is required"):
        get_user_model().objects.create_user("", password=PASSWORD)


def test_create_superuser_sets_staff_and_superuser_flags():
    admin = get_user_model().objects.create_superuser("Chair@Example.org", password=PASSWORD)

    assert admin.email == "chair@example.org"
    assert admin.is_staff is True
    assert admin.is_superuser is True


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_create_superuser_refuses_flag_turned_off(flag):
    with pytest.raises(ValueError, match="must have is_staff=True and is_superuser=True"):
        get_user_model().objects.create_superuser(
            "chair@example.org", password=PASSWORD, **{flag: False}
        )


def test_acreate_user_lowercases_email():
    user = async_to_sync(get_user_model().objects.acreate_user)(
        "Ada.Lovelace@Example.ORG", password=PASSWORD
    )

    assert user.email == "ada.lovelace@example.org"
    assert user.is_staff is False
    assert user.check_password(PASSWORD) is True


def test_acreate_superuser_sets_staff_and_superuser_flags():
    admin = async_to_sync(get_user_model().objects.acreate_superuser)("Chair@Example.org")

    assert admin.email == "chair@example.org"
    assert admin.is_staff is True
    assert admin.is_superuser is True


def test_user_save_lowercases_email():
    user = UserFactory(email="  Grace.Hopper@Example.org ")

    user.refresh_from_db()
    assert user.email == "grace.hopper@example.org"


def test_user_str_prefers_display_name():
    assert str(UserFactory.build(email="a@example.org", display_name="Ada")) == "Ada"
    assert str(
        UserFactory.build(email="a@example.org", display_name="", first_name="Ada", last_name="L")
    ) == ("Ada L")
    assert str(UserFactory.build(email="a@example.org", display_name="")) == "a@example.org"


def test_must_use_mfa_nominator_is_false(user):
    assert user.is_reviewer is False
    assert user.must_use_mfa is False


def test_must_use_mfa_staff_is_true(staff_user):
    assert staff_user.must_use_mfa is True


def test_must_use_mfa_superuser_is_true():
    assert UserFactory(superuser=True).must_use_mfa is True


def test_must_use_mfa_superuser_without_staff_flag_is_true():
    assert UserFactory(is_superuser=True, is_staff=False).must_use_mfa is True


def test_must_use_mfa_reviewer_is_true(reviewer_user):
    assert reviewer_user.is_staff is False
    assert reviewer_user.is_reviewer is True
    assert reviewer_user.must_use_mfa is True


def test_is_reviewer_other_group_is_false(user):
    user.groups.add(Group.objects.get_or_create(name="Volunteers")[0])

    assert user.is_reviewer is False
    assert user.must_use_mfa is False


def test_user_factory_verified_trait_creates_verified_primary_address(user):
    address = EmailAddress.objects.get(user=user)
    assert address.email == user.email
    assert address.verified is True
    assert address.primary is True


def test_user_factory_staff_trait_grants_admin_access(staff_user):
    assert staff_user.is_staff is True
    assert staff_user.is_superuser is False
    assert staff_user.has_perm("wagtailadmin.access_admin") is True


def test_healthz_answers_200_json(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
