"""Settings for the test suite: fast hashing, in-memory cache and mail, tasks run at once
(or production's caches, with LAUREL_TEST_PRODUCTION_CACHE=1)."""

from .base import *  # noqa: F403
from .base import CACHES, STORAGES, VAR_DIR, env_bool

SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# LAUREL_TEST_PRODUCTION_CACHE=1 runs the suite on production's caches: the shared database
# cache (lockouts, rate limits), whole public pages and the kept site data all on, as a server
# has them (.ci/run runs the riskiest suites so). Otherwise everything is in memory, and page
# caching and the kept site data are off unless a test turns them on: test transactions never
# commit, so nothing would move the generation.
PRODUCTION_CACHE = env_bool("LAUREL_TEST_PRODUCTION_CACHE", False)
if not PRODUCTION_CACHE:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    PAGE_CACHE_SECONDS = 0
    SITE_DATA_CACHE = False
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES["default"]["OPTIONS"]["location"] = str(MEDIA_ROOT)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come from the apps' folders; nothing is collected for the suite.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
