"""Settings for a developer's machine and the demo (`make run`).

SQLite, local files, e-mail printed to the console."""

from .base import *  # noqa: F403
from .base import STORAGES, build_mailers, env, env_bool

DEBUG = env_bool("DEBUG", True)
MAILERS = build_mailers(env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"))
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
