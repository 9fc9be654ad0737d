"""Security invariants as system checks, registered in PortalConfig.ready()."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage, storages
from django.utils.translation import to_locale
from storages.backends.s3 import S3Storage

from .storage import PrivateFileSystemStorage

PUBLIC_ACLS = {"public-read", "public-read-write", "authenticated-read"}


def _inside(path: Path, folder) -> bool:
    if not folder:
        return False
    try:
        return path.resolve().is_relative_to(Path(folder).resolve())
    except OSError:
        return False


def check_private_storage(app_configs=None, **kwargs) -> list[Error]:
    """Private storage must never serve unsigned, long-lived or guessable URLs."""
    errors: list[Error] = []
    storage = storages["private"]
    limit = settings.PRIVATE_URL_MAX_EXPIRY_SECONDS
    if isinstance(storage, S3Storage):
        if not storage.querystring_auth:
            errors.append(
                Error(
                    "Private S3 storage serves unsigned URLs.",
                    hint="Set querystring_auth=True for the 'private' storage.",
                    id="portal.E001",
                )
            )
        if storage.querystring_expire > limit:
            errors.append(
                Error(
                    f"Private S3 URLs live {storage.querystring_expire} s; the limit is {limit} s.",
                    hint="Lower PRIVATE_URL_EXPIRY_SECONDS.",
                    id="portal.E002",
                )
            )
        if (storage.default_acl or "") in PUBLIC_ACLS:
            errors.append(
                Error(
                    f"Private S3 storage writes objects with a public ACL ({storage.default_acl}).",
                    hint="Leave default_acl unset for the 'private' storage.",
                    id="portal.E003",
                )
            )
        if storage.file_overwrite:
            errors.append(
                Error(
                    "Private S3 storage overwrites existing objects.",
                    hint="Set file_overwrite=False for the 'private' storage.",
                    id="portal.E004",
                )
            )
    elif isinstance(storage, FileSystemStorage):
        if not isinstance(storage, PrivateFileSystemStorage):
            errors.append(
                Error(
                    "Private files are on a file storage that hands out public URLs.",
                    hint="Use portal.storage.PrivateFileSystemStorage for the 'private' storage.",
                    id="portal.E005",
                )
            )
        location = Path(storage.location)
        for served in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
            if _inside(location, served):
                errors.append(
                    Error(
                        f"Private files are stored inside the served folder {served}.",
                        hint="Set PRIVATE_ROOT outside MEDIA_ROOT and STATIC_ROOT.",
                        id="portal.E006",
                    )
                )
    else:
        errors.append(
            Error(
                f"Unknown private storage {type(storage).__name__}: its URLs may be unsigned.",
                id="portal.E007",
            )
        )
    return errors


def check_pdf_url_fetcher(app_configs=None, **kwargs) -> list[Error]:
    """WeasyPrint must render with the hardened fetcher, which reaches no network or disk."""
    from django.utils.module_loading import import_string

    from .pdf import HardenedURLFetcher

    try:
        fetcher = import_string(settings.PDF_URL_FETCHER)
    except ImportError:
        fetcher = None
    if (
        not isinstance(fetcher, type)
        or not issubclass(fetcher, HardenedURLFetcher)
        or not fetcher.allowed_schemes <= HardenedURLFetcher.allowed_schemes
    ):
        return [
            Error(
                "The PDF renderer does not use the hardened URL fetcher.",
                hint="Set PDF_URL_FETCHER to portal.pdf.HardenedURLFetcher.",
                id="portal.E008",
            )
        ]
    return []


def check_private_storage_deploy(app_configs=None, **kwargs) -> list[Error]:
    """Production must not fall back to the demo's insecure defaults."""
    errors: list[Error] = []
    if settings.DEBUG:
        return errors
    if not getattr(settings, "REQUIRE_STAFF_MFA", False):
        errors.append(
            Error(
                "REQUIRE_STAFF_MFA is off: staff and reviewers may sign in with one factor.",
                hint="Leave REQUIRE_STAFF_MFA on in production.",
                id="portal.E010",
            )
        )
    return errors


def check_catalogues_compiled(app_configs=None, **kwargs) -> list[Error]:
    """Every language the portal ships reads its own words only once its catalogue is compiled
    (`manage.py compile_catalogues`, which `make` runs): without it, families get English pages,
    and the results e-mails and certificates seeded per language by a migration are seeded in
    English only."""
    english = settings.LANGUAGE_CODE
    missing = [
        code
        for code, _name in settings.LANGUAGES
        if code != english
        and not any(
            (Path(folder) / to_locale(code) / "LC_MESSAGES" / "django.mo").exists()
            for folder in settings.LOCALE_PATHS
        )
    ]
    if not missing:
        return []
    return [
        Error(
            f"Translation catalogues not compiled: {', '.join(missing)}.",
            hint="Run `manage.py compile_catalogues` before `manage.py migrate` on each release.",
            id="portal.E011",
        )
    ]
