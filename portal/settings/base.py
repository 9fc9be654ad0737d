"""Settings shared by every environment: safe defaults, everything a deployment changes read
from the environment (see README.md, "Configuration")."""

import os
from pathlib import Path
from typing import overload

import dj_database_url
from botocore.config import Config
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LAUREL_VAR_DIR", BASE_DIR / "var"))


@overload
def env(name: str, default: str) -> str: ...
@overload
def env(name: str, default: None = None) -> str | None: ...
def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "insecure-development-key-never-use-in-production")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "cms",
    "awards",
    "review",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "django_ratelimit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's search index on PostgreSQL uses its full-text fields.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.AdminContentSecurityPolicyMiddleware",
    "portal.middleware.DownloadContentSecurityPolicyMiddleware",
    # Before anything that reads the body (sessions, CSRF, rate limits, views).
    "portal.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.i18n.PreferredLanguageMiddleware",
    "cms.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.RequireStaffMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'laurel.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: its folder must exist before the first connection.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets worker and web processes share the file. Connections persist like PostgreSQL's:
    # a new one per request would re-read the schema and, as the last one to close, checkpoint
    # the WAL each time.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Accounts (django-allauth): e-mail is the login; nominators may sign in with an e-mailed code.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 900
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
# A sign-in code goes to any address; a new address gets its account when the code is entered.
ACCOUNT_FORMS = {
    "request_login_code": "portal.forms.SignInCodeForm",
    "confirm_login_code": "portal.forms.SignInCodeConfirmForm",
    "confirm_email_verification_code": "portal.forms.EmailCodeConfirmForm",
}
# Failed sign-ins lock the account and the IP for 5 minutes after 5 tries (a form error); the
# overall sign-in limit per IP answers 429.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "request_login_code": "10/m/ip,3/m/key",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("FOUNDATION_NAME", "Laurel")
# Staff and reviewers must enrol a TOTP authenticator before they can use the portal.
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", False)
REVIEWERS_GROUP = "Reviewers"
# Committee members score the finalists of a cycle's finalist round in the reviewer portal.
COMMITTEE_GROUP = "Committee"
# Personal data of nominations is removed this many years after their cycle closed
# (manage.py purge_expired); published winners' records and anonymous statistics stay.
RETENTION_YEARS = int(env("RETENTION_YEARS", "7"))
STAFF_GROUP = "Staff"

# The languages of the public site and of everyone who is not staff (portal.i18n). English is
# at the root of the site, the others under their code. Adding one: an entry here and its
# catalogue in locale/.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("so", "Somali"),
    ("vi", "Vietnamese"),
    ("zh-hans", "Simplified Chinese"),
]
LANG_INFO.setdefault(
    "so", {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"}
)
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = env("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# Private files (nomination uploads, letters, PDFs) live outside every served folder.
PRIVATE_ROOT = Path(env("PRIVATE_ROOT", str(VAR_DIR / "private")))
# Longest life of a presigned download URL; portal.checks refuses anything longer than 300 s.
PRIVATE_URL_EXPIRY_SECONDS = int(env("PRIVATE_URL_EXPIRY_SECONDS", "120"))
PRIVATE_URL_MAX_EXPIRY_SECONDS = 300

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL")
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", "us-east-1")
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY")
AWS_PUBLIC_MEDIA_BUCKET_NAME = env("AWS_PUBLIC_MEDIA_BUCKET_NAME")


def build_storages() -> dict:
    """The three storages: public media (CMS images and documents), private files, static."""
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
        },
        "private": {
            "BACKEND": "portal.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_ROOT)},
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    addressing_style = env("AWS_S3_ADDRESSING_STYLE", "auto")
    s3_common = {
        "endpoint_url": AWS_S3_ENDPOINT_URL,
        "region_name": AWS_S3_REGION_NAME,
        "access_key": AWS_ACCESS_KEY_ID,
        "secret_key": AWS_SECRET_ACCESS_KEY,
        "addressing_style": addressing_style,
        "signature_version": "s3v4",
        "file_overwrite": False,
        "default_acl": None,
        # An unreachable S3 fails a request within seconds (a download answers 503) instead of
        # after botocore's 60 s timeouts and five attempts. A client_config replaces the one
        # django-storages builds, so it carries the addressing style and signature too.
        "client_config": Config(
            s3={"addressing_style": addressing_style},
            signature_version="s3v4",
            connect_timeout=3,
            read_timeout=10,
            retries={"max_attempts": 2, "mode": "standard"},
        ),
    }
    if AWS_STORAGE_BUCKET_NAME:
        storages["private"] = {
            "BACKEND": "portal.storage.PrivateS3Storage",
            "OPTIONS": {
                **s3_common,
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "location": "private",
                "querystring_auth": True,
                "querystring_expire": PRIVATE_URL_EXPIRY_SECONDS,
            },
        }
    if AWS_PUBLIC_MEDIA_BUCKET_NAME:
        storages["default"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **s3_common,
                "bucket_name": AWS_PUBLIC_MEDIA_BUCKET_NAME,
                "location": "media",
                "querystring_auth": False,
            },
        }
    return storages


STORAGES = build_storages()

# WeasyPrint's URL fetcher; portal.checks refuses one that is not the hardened fetcher.
PDF_URL_FETCHER = "portal.pdf.HardenedURLFetcher"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Outgoing mail (Django 6.1 MAILERS). EMAIL_BACKEND picks the backend; the SMTP options apply to
# the SMTP backend only.
EMAIL_BACKEND_PATH = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")


def build_mailers(backend: str) -> dict:
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": env("EMAIL_HOST", "localhost"),
            "port": int(env("EMAIL_PORT", "25")),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": 10,
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = build_mailers(EMAIL_BACKEND_PATH)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Laurel <awards@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CACHES = {
    # Shared by every process: sign-in lockouts and rate limits (allauth's and
    # django-ratelimit's), used TOTP codes. Never culled while live (portal.limits): past
    # MAX_ENTRIES rows a write removes the expired ones only, so no flood of new keys can erase
    # a lockout before it expires.
    "default": {
        "BACKEND": "portal.limits.ExpiringDatabaseCache",
        "LOCATION": "portal_cache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    # Whole public pages for visitors who are not signed in (cms.cache), kept in each process's
    # memory and keyed by the site-wide generation (portal.models.PageGeneration).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# How long a public page may be kept at most (0 turns page caching off), and how often each
# process checks whether something was published since (new content shows within a second).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_GENERATION_CHECK = float(env("PAGE_CACHE_GENERATION_CHECK", "0.5"))
# Each process keeps what every page reads about the site (the site, menu, footer, settings,
# view restrictions, where each URL leads) until something public changes (cms.site_data);
# it follows the same generation as cached pages.
SITE_DATA_CACHE = env_bool("SITE_DATA_CACHE", True)

# Rate limits on nomination actions (django-ratelimit) count in the shared cache, beside
# allauth's. The database cache increments without atomicity, so under heavy concurrency a limit
# may let a few extra requests through; that is acceptable for abuse limits and needs no extra
# service. What matters more, a counter is never dropped before it expires (see CACHES).
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "portal.views.ratelimited"
# Every limit counts the client's own address, found by allauth's trusted-proxy rule (not the
# proxy's REMOTE_ADDR, which would make every client one).
RATELIMIT_IP_META_KEY = "portal.limits.client_ip"
RATELIMIT_IPV4_MASK = 32
RATELIMIT_IPV6_MASK = 64
# Nomination step forms saved an hour: per account, and per client across all its accounts (a
# new account costs only an e-mailed code). A school's shared connection leaves room for a
# room of parents nominating together.
STEP_POSTS_PER_ACCOUNT = "240/h"
STEP_POSTS_PER_CLIENT = "1200/h"
# django-ratelimit does not know the shared cache's backend (W001), and calls the test
# settings' in-memory cache unshared (E003).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Sliding 8-hour sessions: a nominator writing slowly is not signed out mid-essay.
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview views lift this for themselves (same origin only).
X_FRAME_OPTIONS = "DENY"

# The public site and the portal run no inline script or style. Wagtail's admin still needs
# inline script and style, so /admin/ gets ADMIN_CSP instead (portal.middleware).
_csp_base = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *env_list("CSP_EXTRA_IMG_SRC")],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CSP = {**_csp_base, "script-src": [CSP.SELF], "style-src": [CSP.SELF]}
ADMIN_CSP = {
    **_csp_base,
    "img-src": [CSP.SELF, "data:", "blob:", *env_list("CSP_EXTRA_IMG_SRC")],
    "frame-ancestors": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}
# Upload sizes. MAX_UPLOAD_FILE_MB is the largest file any upload takes; a question's own cap is
# lowered to it. A request whose declared body is larger than that plus the form's own fields
# (DATA_UPLOAD_MAX_MEMORY_SIZE) is refused with 413 before it is read
# (portal.middleware.RequestBodyLimitMiddleware); the proxy's client_max_body_size should match.
MAX_UPLOAD_FILE_MB = int(env("MAX_UPLOAD_FILE_MB", "25"))
# A request's fields other than files, held in memory as it is read: nomination steps stay far
# below this, Wagtail's page editor posts every block of a page at once.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An uploaded file larger than this is spooled to a temporary file while the request is read.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

WAGTAIL_SITE_NAME = env("FOUNDATION_NAME", "Laurel")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
# A page restricted to signed-in visitors sends them to allauth's login too (portal.urls).
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# A password or an e-mail address changes through allauth only (recent sign-in, verification of
# the new address, the audit of sign-ins); Wagtail's account page shows neither form.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Wagtail's database search, its SQLite index made safe for several task workers (portal.search).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search"}}
# Pages are translated with Wagtail's own localisation: one tree per language, each page's
# translations linked, staff translating through simple_translation. A page not yet translated
# is served in English under every language's address (cms.routing).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# No avatars from an outside service: nothing on any page loads from another site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
