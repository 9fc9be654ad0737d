"""Production settings, loaded the way a server loads them: in a fresh process with a
controlled environment (never the test process's own settings)."""

import json
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
private = storages["private"]
print(json.dumps({
    "DATABASE_ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DATABASE_NAME": str(settings.DATABASES["default"]["NAME"]),
    "DATABASE_HOST": settings.DATABASES["default"].get("HOST"),
    "TIME_ZONE": settings.TIME_ZONE,
    "DEBUG": settings.DEBUG,
    "REQUIRE_STAFF_MFA": settings.REQUIRE_STAFF_MFA,
    "private_storage": f"{type(private).__module__}.{type(private).__qualname__}",
    "querystring_auth": getattr(private, "querystring_auth", None),
    "querystring_expire": getattr(private, "querystring_expire", None),
    "file_overwrite": getattr(private, "file_overwrite", None),
    "default_acl": getattr(private, "default_acl", None),
    "bucket_name": getattr(private, "bucket_name", None),
}))
"""


def random_secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + string.punctuation.replace("'", "")
    return "".join(secrets.choice(alphabet) for _ in range(60))


@pytest.fixture
def production_env(tmp_path):
    """The whole environment of a production process: nothing leaks in from the test run."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "LAUREL_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": random_secret_key(),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        # boto3 must not read this machine's credentials, config or instance metadata.
        "AWS_CONFIG_FILE": str(tmp_path / "aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def run_production(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_settings(env: dict) -> dict:
    result = run_production(env, "-c", PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_without_secret_key_refuse_to_start(production_env):
    del production_env["SECRET_KEY"]

    result = run_production(production_env, "manage.py", "check")

    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY must be set in the environment for production." in (
        result.stderr
    )


def test_production_settings_with_empty_secret_key_refuse_to_start(production_env):
    production_env["SECRET_KEY"] = ""

    result = run_production(production_env, "manage.py", "check")

    assert result.returncode == 1
    assert "SECRET_KEY must be set in the environment for production." in result.stderr


def test_production_settings_with_development_secret_key_refuse_to_start(production_env):
    production_env["SECRET_KEY"] = "insecure-development-key-never-use-in-production"

    result = run_production(production_env, "manage.py", "check")

    assert result.returncode == 1
    assert "SECRET_KEY must be set in the environment for production." in result.stderr


def test_production_settings_without_allowed_hosts_refuse_to_start(production_env):
    del production_env["ALLOWED_HOSTS"]

    result = run_production(production_env, "manage.py", "check")

    assert result.returncode == 1
    assert (
        "ImproperlyConfigured: ALLOWED_HOSTS must be set in the environment for production."
        in result.stderr
    )


def test_production_settings_with_blank_allowed_hosts_refuse_to_start(production_env):
    production_env["ALLOWED_HOSTS"] = " , "

    result = run_production(production_env, "manage.py", "check")

    assert result.returncode == 1
    assert "ALLOWED_HOSTS must be set in the environment for production." in result.stderr


def test_production_settings_deploy_check_has_no_issues(production_env):
    result = run_production(
        production_env, "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )

    assert result.returncode == 0, result.stderr
    # The one silenced check is django-ratelimit's warning that it does not know the shared
    # database cache (see RATELIMIT_USE_CACHE in portal/settings/base.py); nothing else may be
    # silenced.
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."


def test_production_settings_deploy_check_fails_with_staff_mfa_off(production_env):
    production_env["REQUIRE_STAFF_MFA"] = "false"

    result = run_production(production_env, "manage.py", "check", "--deploy")

    assert result.returncode == 1
    assert "portal.E010" in result.stderr


def test_production_settings_require_staff_mfa_by_default(production_env):
    values = production_settings(production_env)

    assert values["DEBUG"] is False
    assert values["REQUIRE_STAFF_MFA"] is True


def test_production_settings_honour_sqlite_database_url(production_env, tmp_path):
    production_env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"

    values = production_settings(production_env)

    assert values["DATABASE_ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASE_NAME"] == str(tmp_path / "elsewhere.sqlite3")


def test_production_settings_honour_postgres_database_url(production_env):
    production_env["DATABASE_URL"] = "postgres://laurel:secret@db.internal:5432/laurel_awards"

    values = production_settings(production_env)

    assert values["DATABASE_ENGINE"] == "django.db.backends.postgresql"
    assert values["DATABASE_NAME"] == "laurel_awards"
    assert values["DATABASE_HOST"] == "db.internal"


def test_production_settings_time_zone_defaults_to_los_angeles(production_env):
    assert "TIME_ZONE" not in production_env

    assert production_settings(production_env)["TIME_ZONE"] == "America/Los_Angeles"


def test_production_settings_time_zone_from_environment(production_env):
    production_env["TIME_ZONE"] = "America/Chicago"

    assert production_settings(production_env)["TIME_ZONE"] == "America/Chicago"


def test_production_settings_private_storage_without_bucket_is_local(production_env):
    values = production_settings(production_env)

    assert values["private_storage"] == "portal.storage.PrivateFileSystemStorage"


def test_production_settings_private_storage_with_bucket_is_signed_s3(production_env):
    production_env["AWS_STORAGE_BUCKET_NAME"] = "laurel-private"

    values = production_settings(production_env)

    assert values["private_storage"] == "portal.storage.PrivateS3Storage"
    assert values["bucket_name"] == "laurel-private"
    assert values["querystring_auth"] is True
    assert values["querystring_expire"] == 120
    assert values["querystring_expire"] <= 300
    assert values["file_overwrite"] is False
    assert values["default_acl"] is None


def test_production_settings_private_url_expiry_over_limit_fails_check(production_env):
    production_env["AWS_STORAGE_BUCKET_NAME"] = "laurel-private"
    production_env["PRIVATE_URL_EXPIRY_SECONDS"] = "3600"

    result = run_production(production_env, "manage.py", "check")

    assert result.returncode == 1
    assert "portal.E002" in result.stderr


def test_silenced_system_checks_are_only_the_rate_limit_cache_warnings():
    from django.conf import settings

    assert settings.SILENCED_SYSTEM_CHECKS == ["django_ratelimit.E003", "django_ratelimit.W001"]


PRINT_CACHING = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps({
    "CACHES": settings.CACHES,
    "PAGE_CACHE_SECONDS": settings.PAGE_CACHE_SECONDS,
    "SITE_DATA_CACHE": settings.SITE_DATA_CACHE,
    "RATELIMIT_USE_CACHE": settings.RATELIMIT_USE_CACHE,
}))
"""


def caching_settings(env: dict) -> dict:
    result = run_production(env, "-c", PRINT_CACHING)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_test_settings_with_production_cache_cache_as_production_does(production_env):
    production = caching_settings(production_env)
    test_env = {
        **production_env,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "LAUREL_TEST_PRODUCTION_CACHE": "1",
    }

    assert caching_settings(test_env) == production
    assert production["PAGE_CACHE_SECONDS"] > 0
    assert production["SITE_DATA_CACHE"] is True


def test_test_settings_keep_nothing_by_default(production_env):
    test_env = {**production_env, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}

    values = caching_settings(test_env)

    assert (values["PAGE_CACHE_SECONDS"], values["SITE_DATA_CACHE"]) == (0, False)
