import time
import uuid
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation

from cms import site_data
from cms.cache import _Generation
from portal.settings import base as base_settings
from tests.factories import UserFactory


def _database_use(item) -> int:
    """0: in a transaction rolled back after it; 1: commits, so every table is emptied after it;
    2: no database. pytest-django runs them in that order."""
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    if (marker and marker.kwargs.get("transaction")) or {"transactional_db", "live_server"} & {
        *names
    }:
        return 1
    return 0 if marker or "db" in names else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Refuse an order in which a test that empties the database runs before one that needs
    the rows the migrations made. pytest-django sorts them right, but pytest then groups every
    test of a session-wide parameter together: a test that names an argument `page` (or
    `browser_name`...) is given pytest-playwright's browser parameter, and all the browser
    journeys are pulled in beside it, among the rolled-back tests."""
    seen_committing = None
    for item in items:
        use = _database_use(item)
        if use == 1 and seen_committing is None:
            seen_committing = item
        elif use == 0 and seen_committing is not None:
            raise pytest.UsageError(
                f"{item.nodeid} would run after {seen_committing.nodeid}, which empties the "
                "database after it. Is an argument of one of them named like a pytest-playwright "
                "fixture (page, browser_name, context)? Rename it."
            )


@pytest.fixture(autouse=True)
def isolated_file_storage(settings, tmp_path):
    """Every test gets its own media and private folders, so no test writes into var/.

    Assigning STORAGES through the `settings` fixture sends setting_changed, which empties the
    cached backends in django.core.files.storage.storages.
    """
    media_root = tmp_path / "media"
    private_root = tmp_path / "private"
    settings.MEDIA_ROOT = media_root
    settings.PRIVATE_ROOT = private_root
    settings.STATIC_ROOT = tmp_path / "static"
    # WhiteNoise warns (an error here) when STATIC_ROOT does not exist.
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media_root), "base_url": settings.MEDIA_URL},
        },
        "private": {
            "BACKEND": "portal.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(private_root)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return {"media": media_root, "private": private_root}


@pytest.fixture(autouse=True)
def no_language_left_active():
    """A request for a page in another language (/es/…) activates that language in the thread
    and nothing deactivates it: without this, every later test would run in Spanish."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters and used TOTP codes live in the cache, whole pages and site data in
    each process: no test inherits another's (with LAUREL_TEST_PRODUCTION_CACHE=1 they are on
    for every test). A database cache needs no emptying here: a test's rollback takes back what
    it wrote (and `committed_rows_removed_before_flush` what a committing test wrote)."""

    def forget_everything():
        if not isinstance(caches["default"], DatabaseCache):
            cache.clear()
        caches["pages"].clear()
        site_data.forget()
        _Generation.value = None

    forget_everything()
    yield
    forget_everything()


@pytest.fixture
def clock_held():
    """The clock stands still for the test. Rate limits count in fixed windows (an hour, a
    minute), so a test that fills one and expects the next request refused would see a fresh
    window, and no refusal, whenever its requests straddle the window's end."""
    import time_machine

    with time_machine.travel(time.time(), tick=False) as traveller:
        yield traveller


def _flushes_after(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )


@pytest.fixture(autouse=True)
def committed_rows_removed_before_flush(request):
    """After a test whose transactions commit, pytest-django empties every model's table. The
    audit log's triggers refuse that (portal/migrations/0005), so its rows go first, with the
    triggers lifted for that one statement, as an operator would; and the shared cache's
    table, which is no model's, is emptied too."""
    if not _flushes_after(request):
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so flushed after this
    yield
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE portal_auditevent DISABLE TRIGGER USER")
            cursor.execute("DELETE FROM portal_auditevent")
            cursor.execute("ALTER TABLE portal_auditevent ENABLE TRIGGER USER")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = 'portal_auditevent'"
            )
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            cursor.execute("DELETE FROM portal_auditevent")
            for _, sql in triggers:
                cursor.execute(sql)
    cache.clear()


@pytest.fixture
def production_caches(settings, db):
    """The caches as production has them (portal.settings.base), their table made in the test
    database (the test settings keep everything in memory)."""
    settings.CACHES = base_settings.CACHES
    call_command("createcachetable", verbosity=0)
    caches["default"].clear()
    return caches


@pytest.fixture
def user(db):
    """A nominator with a verified e-mail address."""
    return UserFactory(verified=True)


@pytest.fixture
def staff_user(db):
    return UserFactory(staff=True, verified=True)


@pytest.fixture
def superuser(db):
    return UserFactory(superuser=True, verified=True)


@pytest.fixture
def reviewer_user(db):
    return UserFactory(reviewer=True, verified=True)


@pytest.fixture
def in_admin_only(reviewer_user):
    """A reviewer let into the Wagtail admin by mistake: admin access, and no right to any
    nomination or review screen there."""
    reviewer_user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return reviewer_user


@pytest.fixture
def home_page(db):
    """A HomePage under the tree root, served by the default Site (Wagtail's welcome page stays
    beside it, unused)."""
    from wagtail.models import Page, Site

    from cms.models import HomePage

    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title="Home",
            slug="lakeside",
            hero_heading="Celebrating Lakeside educators",
            intro="Nominate someone who goes above and beyond.",
        )
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


# S3 on a real endpoint (moto's server), shared by the awards, security and fault tests. moto and
# boto3 are imported inside the fixtures: most runs never start a server and need not load them.


def sandbox_aws(monkeypatch, folder) -> None:
    """Fake credentials and empty config files (in `folder`): boto3 never reads this machine's
    own."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(folder / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(folder / "aws-credentials"))


@pytest.fixture
def aws_sandbox(monkeypatch, tmp_path):
    """boto3 sandboxed (`sandbox_aws`) for one test."""
    sandbox_aws(monkeypatch, tmp_path)


@pytest.fixture(scope="module")
def module_aws_sandbox(tmp_path_factory):
    """boto3 sandboxed (`sandbox_aws`) for a test module."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        sandbox_aws(monkeypatch, tmp_path_factory.mktemp("aws"))
        yield


@dataclass
class S3Server:
    """A moto S3 server on a free loopback port, with one bucket; a test may stop it early."""

    server: object  # moto.server.ThreadedMotoServer
    endpoint: str
    bucket: str
    running: bool = True

    def stop(self) -> None:
        if self.running:
            self.server.stop()
            self.running = False


def start_s3_server() -> S3Server:
    """Starts a moto S3 server and makes its bucket (boto3 sandboxed first)."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    running = S3Server(server, f"http://{host}:{port}", f"laurel-private-{uuid.uuid4().hex[:12]}")
    boto3.client("s3", endpoint_url=running.endpoint, region_name="us-east-1").create_bucket(
        Bucket=running.bucket
    )
    return running


@pytest.fixture
def s3_server(aws_sandbox):
    """A real S3 endpoint (moto's server) for one test."""
    running = start_s3_server()
    yield running
    running.stop()


def s3_storage_options(s3_server: S3Server) -> dict:
    """OPTIONS of a private storage on the moto server, configured like production's; each
    request gets one quick attempt, so a stopped server fails at once instead of after retries."""
    from botocore.config import Config

    return {
        "bucket_name": s3_server.bucket,
        "endpoint_url": s3_server.endpoint,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "location": "private",
        # A client_config replaces the one django-storages builds: like production's,
        # it carries the addressing style and the signature (SigV4 presigned URLs).
        "client_config": Config(
            s3={"addressing_style": "path"},
            signature_version="s3v4",
            connect_timeout=2,
            read_timeout=2,
            retries={"max_attempts": 1},
        ),
    }


@pytest.fixture
def s3_private_storage(settings, s3_server):
    """Private storage on the moto server (`s3_storage_options`)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "portal.storage.PrivateS3Storage",
            "OPTIONS": s3_storage_options(s3_server),
        },
    }
    return storages["private"]


@pytest.fixture
def page_cache(settings):
    """Whole-page caching on (it is off in the test settings), empty, checking the generation
    on every request."""
    from cms.cache import _Generation

    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_GENERATION_CHECK = 0
    caches["pages"].clear()
    _Generation.value = None
    yield caches["pages"]
    caches["pages"].clear()
    _Generation.value = None


@pytest.fixture
def kept_site_data(settings):
    """Site data kept per process (off in the test settings), empty, checking the generation on
    every request."""
    from cms import site_data
    from cms.cache import _Generation

    settings.SITE_DATA_CACHE = True
    settings.PAGE_CACHE_GENERATION_CHECK = 0
    _Generation.value = None
    site_data.forget()
    yield site_data
    site_data.forget()
    _Generation.value = None
