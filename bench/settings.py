"""Settings for benchmarks: the demo settings without DEBUG, mail dropped, plus a bare view."""

from portal.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The benchmark's nominators all come from 127.0.0.1; per-IP abuse limits would measure
# nothing but the limiter.
RATELIMIT_ENABLE = False
