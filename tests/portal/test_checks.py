import pytest
from django.core.checks import run_checks
from django.core.files.storage import storages
from django.test import override_settings

from portal.checks import (
    check_catalogues_compiled,
    check_private_storage,
    check_private_storage_deploy,
)
from portal.settings import base as base_settings
from portal.storage import PrivateFileSystemStorage, PrivateS3Storage

S3_OPTIONS = {
    "bucket_name": "laurel-private",
    "region_name": "us-east-1",
    "access_key": "testing",
    "secret_key": "testing",
    "querystring_expire": 120,
}


@pytest.fixture(autouse=True)
def no_host_aws_config(monkeypatch, tmp_path):
    """S3 storages are only instantiated here, but boto3 must never read this machine's config."""
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def with_private(settings, backend: str, **options) -> override_settings:
    return override_settings(
        STORAGES={**settings.STORAGES, "private": {"BACKEND": backend, "OPTIONS": options}}
    )


def private_s3(settings, **options) -> override_settings:
    return with_private(settings, "portal.storage.PrivateS3Storage", **{**S3_OPTIONS, **options})


def error_ids(errors) -> list[str]:
    return [error.id for error in errors]


def portal_check_ids(**kwargs) -> list[str]:
    """Runs the registered checks, as manage.py check does, and keeps the portal's."""
    return sorted(
        e.id for e in run_checks(tags=["security"], **kwargs) if e.id.startswith("portal.")
    )


def test_storages_handler_resets_when_storages_setting_changes(settings):
    local = storages["private"]
    assert storages["private"] is local

    with private_s3(settings):
        assert isinstance(storages["private"], PrivateS3Storage)

    assert isinstance(storages["private"], PrivateFileSystemStorage)
    assert storages["private"] is not local
    assert storages["private"].location == local.location


def test_check_private_storage_test_config_is_clean():
    assert check_private_storage() == []


def test_check_private_storage_default_config_is_clean():
    with override_settings(
        STORAGES=base_settings.build_storages(),
        MEDIA_ROOT=base_settings.MEDIA_ROOT,
        STATIC_ROOT=base_settings.STATIC_ROOT,
    ):
        assert isinstance(storages["private"], PrivateFileSystemStorage)
        assert check_private_storage() == []


def test_check_private_storage_signed_short_lived_s3_is_clean(settings):
    with private_s3(settings):
        assert check_private_storage() == []


def test_check_private_storage_expiry_at_limit_is_clean(settings):
    with private_s3(settings, querystring_expire=300):
        assert check_private_storage() == []


def test_check_private_storage_unsigned_s3_is_e001(settings):
    with private_s3(settings, querystring_auth=False):
        assert error_ids(check_private_storage()) == ["portal.E001"]


def test_check_private_storage_hour_long_expiry_is_e002(settings):
    with private_s3(settings, querystring_expire=3600):
        errors = check_private_storage()

    assert error_ids(errors) == ["portal.E002"]
    assert errors[0].msg == "Private S3 URLs live 3600 s; the limit is 300 s."


def test_check_private_storage_expiry_one_over_limit_is_e002(settings):
    with private_s3(settings, querystring_expire=301):
        assert error_ids(check_private_storage()) == ["portal.E002"]


@pytest.mark.parametrize("acl", ["public-read", "public-read-write", "authenticated-read"])
def test_check_private_storage_public_acl_is_e003(settings, acl):
    with private_s3(settings, default_acl=acl):
        assert error_ids(check_private_storage()) == ["portal.E003"]


def test_check_private_storage_private_acl_is_clean(settings):
    with private_s3(settings, default_acl="private"):
        assert check_private_storage() == []


def test_check_private_storage_overwriting_s3_is_e004(settings):
    with private_s3(settings, file_overwrite=True):
        assert error_ids(check_private_storage()) == ["portal.E004"]


def test_check_private_storage_plain_s3_defaults_are_e002_and_e004(settings):
    # django-storages' own defaults: signed, but for an hour, and overwriting.
    options = {key: value for key, value in S3_OPTIONS.items() if key != "querystring_expire"}
    with with_private(settings, "storages.backends.s3.S3Storage", **options):
        assert error_ids(check_private_storage()) == ["portal.E002", "portal.E004"]


def test_check_private_storage_every_s3_fault_at_once(settings):
    with private_s3(
        settings,
        querystring_auth=False,
        querystring_expire=3600,
        default_acl="public-read",
        file_overwrite=True,
    ):
        assert error_ids(check_private_storage()) == [
            "portal.E001",
            "portal.E002",
            "portal.E003",
            "portal.E004",
        ]


def test_check_private_storage_plain_file_system_storage_is_e005(settings, tmp_path):
    with with_private(
        settings,
        "django.core.files.storage.FileSystemStorage",
        location=str(tmp_path / "elsewhere"),
    ):
        assert error_ids(check_private_storage()) == ["portal.E005"]


def test_check_private_storage_inside_media_root_is_e006(settings):
    with with_private(
        settings,
        "portal.storage.PrivateFileSystemStorage",
        location=str(settings.MEDIA_ROOT / "private"),
    ):
        assert error_ids(check_private_storage()) == ["portal.E006"]


def test_check_private_storage_equal_to_media_root_is_e006(settings):
    with with_private(
        settings, "portal.storage.PrivateFileSystemStorage", location=str(settings.MEDIA_ROOT)
    ):
        assert error_ids(check_private_storage()) == ["portal.E006"]


def test_check_private_storage_inside_static_root_is_e006(settings):
    with with_private(
        settings,
        "portal.storage.PrivateFileSystemStorage",
        location=str(settings.STATIC_ROOT / "private"),
    ):
        assert error_ids(check_private_storage()) == ["portal.E006"]


def test_check_private_storage_inside_media_root_through_dotdot_is_e006(settings):
    sneaky = settings.MEDIA_ROOT / "a" / ".." / "private"

    with with_private(settings, "portal.storage.PrivateFileSystemStorage", location=str(sneaky)):
        assert error_ids(check_private_storage()) == ["portal.E006"]


def test_check_private_storage_sibling_with_media_prefix_is_clean(settings):
    # "media-private" starts with the characters of "media" but is not inside it.
    sibling = settings.MEDIA_ROOT.parent / f"{settings.MEDIA_ROOT.name}-private"

    with with_private(settings, "portal.storage.PrivateFileSystemStorage", location=str(sibling)):
        assert check_private_storage() == []


def test_check_private_storage_public_file_storage_in_media_is_e005_and_e006(settings):
    with with_private(
        settings,
        "django.core.files.storage.FileSystemStorage",
        location=str(settings.MEDIA_ROOT / "private"),
    ):
        assert error_ids(check_private_storage()) == ["portal.E005", "portal.E006"]


def test_check_private_storage_unknown_backend_is_e007(settings):
    with with_private(settings, "django.core.files.storage.InMemoryStorage"):
        assert error_ids(check_private_storage()) == ["portal.E007"]


def test_check_private_storage_is_registered(settings):
    with private_s3(settings, querystring_expire=3600):
        assert portal_check_ids() == ["portal.E002"]


def test_deploy_check_mfa_off_in_production_is_e010(settings):
    settings.DEBUG = False
    settings.REQUIRE_STAFF_MFA = False

    assert error_ids(check_private_storage_deploy()) == ["portal.E010"]


def test_deploy_check_mfa_on_is_clean(settings):
    settings.DEBUG = False
    settings.REQUIRE_STAFF_MFA = True

    assert check_private_storage_deploy() == []


def test_deploy_check_debug_is_clean(settings):
    settings.DEBUG = True
    settings.REQUIRE_STAFF_MFA = False

    assert check_private_storage_deploy() == []


def test_deploy_check_is_registered_for_deploy_only(settings):
    settings.DEBUG = False
    settings.REQUIRE_STAFF_MFA = False

    assert portal_check_ids() == []
    assert portal_check_ids(include_deployment_checks=True) == ["portal.E010"]


def test_deploy_check_names_each_language_whose_catalogue_is_not_compiled(settings, tmp_path):
    compiled = tmp_path / "es" / "LC_MESSAGES"
    compiled.mkdir(parents=True)
    (compiled / "django.mo").write_bytes(b"")
    settings.LOCALE_PATHS = [tmp_path]
    settings.LANGUAGES = [("en", "English"), ("es", "Español"), ("zh-hans", "中文")]

    (error,) = check_catalogues_compiled()

    assert error.id == "portal.E011"
    assert error.msg == "Translation catalogues not compiled: zh-hans."


def test_deploy_check_is_quiet_when_every_catalogue_is_compiled():
    # The test run compiles them first (make test), as a release does.
    assert check_catalogues_compiled() == []
