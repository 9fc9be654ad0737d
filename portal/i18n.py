"""The languages families read the portal in, and how a visitor's language is chosen.

Every public and nominator-side address exists in each language: English at the root
(`/awards/...`), the others under their code (`/es/awards/...`). A visitor's choice is kept in
Django's language cookie (and, once signed in, on their account); a first visit with no choice
follows the browser's Accept-Language. Adding a language is one entry in `LANGUAGES` and one
catalogue in `locale/`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Paths that are the same in every language: the staff admin, files, machine endpoints.
UNPREFIXED = (
    "/admin/",
    "/static/",
    "/media/",
    "/documents/",
    "/healthz",
    "/sitemap.xml",
    "/robots.txt",
    "/favicon.ico",
    "/language/",
    "/_util/",
)


def language_names() -> list[tuple[str, str]]:
    """(code, the language's name in itself) for every language, in settings order."""
    return [
        (code, LANG_INFO.get(code, {}).get("name_local", name)) for code, name in settings.LANGUAGES
    ]


def is_language(code: str | None) -> bool:
    return bool(code) and code in {code for code, _name in settings.LANGUAGES}


def without_language(path: str) -> str:
    """`path` with its language prefix taken off ("/es/accounts/" -> "/accounts/")."""
    code = translation.get_language_from_path(path)
    if code and path.startswith(f"/{code}/"):
        return path[len(code) + 1 :]
    return path


def in_every_language(path: str) -> bool:
    """Whether `path` is one of the addresses that exist per language."""
    return not path.startswith(UNPREFIXED)


def address_in(path: str, language: str) -> str | None:
    """`path` in `language` (its language prefix swapped), or None where the path is the same
    in every language or names nothing."""
    if not in_every_language(path):
        return None
    # Read the path in its own language (whatever the request's is), so "/es/..." is not
    # taken for an English address that happens to begin with "es".
    own = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(own):
        try:
            resolve(urlsplit(path).path)
        except Resolver404:
            return None
        return translate_url(path, language)


def preferred_language(request) -> str | None:
    """The visitor's own choice (the language cookie), else the browser's Accept-Language."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if is_language(chosen):
        return chosen
    accepted = translation.get_language_from_request(request, check_path=False)
    return accepted if is_language(accepted) else None


def remember_language(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path="/",
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )


class PreferredLanguageMiddleware:
    """An address without a language prefix is English. A visitor who chose another language,
    or whose browser asks for one on a first visit, is sent to that language's address of the
    same page; an address with a prefix remembers its language for the next visit.

    Listed before the public page cache, so a stored English page is never served to someone
    who reads another language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        from_path = translation.get_language_from_path(path)
        if request.method in ("GET", "HEAD") and from_path is None and in_every_language(path):
            wanted = preferred_language(request)
            if wanted and wanted != settings.LANGUAGE_CODE:
                # Read as English whatever language this thread last served.
                target = address_in(request.get_full_path(), wanted) or ""
                if translation.get_language_from_path(urlsplit(target).path) == wanted:
                    response = HttpResponseRedirect(target)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        response = self.get_response(request)
        remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if from_path and in_every_language(path) and remembered != from_path:
            remember_language(response, from_path)
        if from_path is None and in_every_language(path):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def in_active_language(path: str) -> str:
    """`path` (an English address) in the language of the request being served."""
    return address_in(path, translation.get_language() or settings.LANGUAGE_CODE) or path


def language_or_default(code: str | None) -> str:
    """`code` when the portal speaks it, else the site's default language."""
    return code if is_language(code) else settings.LANGUAGE_CODE


def absolute_url(viewname: str, *args, language: str) -> str:
    """The full address of `viewname` in `language` ("https://…/so/letters/…/"), for e-mails:
    the link opens the page in the language the e-mail was written in."""
    with translation.override(language_or_default(language)):
        return settings.WAGTAILADMIN_BASE_URL + reverse(viewname, args=args)
