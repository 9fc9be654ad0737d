import pytest
from django.core.cache import cache

from tests.factories import UserFactory


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
def empty_cache():
    """Rate-limit counters and used TOTP codes live in the cache: no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


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


@pytest.fixture
def page_cache(settings):
    """Whole-page caching on (it is off in the test settings), empty, checking the generation
    on every request."""
    from django.core.cache import caches

    from cms.cache import GENERATION_KEY, _Generation

    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_GENERATION_CHECK = 0
    caches["pages"].clear()
    caches["default"].delete(GENERATION_KEY)
    _Generation.value = None
    yield caches["pages"]
    caches["pages"].clear()
    _Generation.value = None
