"""A walk of the whole URLconf: every routed path answers an anonymous visitor exactly as
expected, so a new view (or a framework's view routed by accident, like a second login page)
cannot slip in unnoticed, and an error (a 500) is never taken for a refusal.

The routes in i18n_patterns (portal/urls.py) are walked in every language: English at the root,
the others under their code (/es/accounts/login/). Each copy answers as its English address does,
and a redirect to a per-language address stays in the visitor's language."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

SAMPLE = {"int": "1", "str": "abc123", "slug": "sample-slug", "path": "x/y", "uuid": "0" * 32}
SIGN_IN_PAGE = "/accounts/login/"


@dataclass(frozen=True)
class Expect:
    """What an anonymous GET of a path matching `rule` answers: `status`, and for a redirect,
    where to (`to`; with `returns` the target's `next` is the path asked for). In another
    language a redirect to a per-language address goes to that language's copy of it."""

    rule: str
    status: int
    to: str | None = None
    returns: bool = False


SIGN_IN = {"status": 302, "to": SIGN_IN_PAGE, "returns": True}

# First match wins.
EXPECTED = [
    # Wagtail's own login pages are not routed: their addresses send to allauth's login.
    Expect(r"^/(admin|_util)/login/$", 302, to=SIGN_IN_PAGE),
    Expect(r"^/admin/(jsi18n|sprite)/$", 200),  # translations script and icon sprite, no data
    # Wagtail's catch-all for unknown admin addresses goes by its (unrouted) login address.
    Expect(r"^/admin/\.\*/$", 302, to="/admin/login/", returns=True),
    Expect(r"^/admin/", **SIGN_IN),
    # allauth's pages for signed-out visitors.
    Expect(
        r"^/accounts/(inactive|login|login/code|signup|password/reset|password/reset/done"
        r"|password/reset/key/[^/]+|password/reset/key/done)/$",
        200,
    ),
    # Steps of a sign-in that has not started.
    Expect(r"^/accounts/(2fa/authenticate|confirm-email)/$", 302, to=SIGN_IN_PAGE),
    Expect(r"^/accounts/login/code/confirm/$", 302, to="/accounts/login/code/"),
    Expect(r"^/accounts/logout/$", 302, to="/"),
    Expect(r"^/accounts/", **SIGN_IN),
    # An invitation link is opened before signing in (it proves the address); a forged one is 404.
    Expect(r"^/review/join/[^/]+/$", 404),
    Expect(r"^/(nominations|review)/", **SIGN_IN),
    # E-mailed links without a valid signature, an award that does not exist, a document that
    # does not exist, a view restriction that does not exist.
    Expect(r"^/(letters|nominee|consent|reminders/stop)/[^/]+/$", 404),
    Expect(r"^/nominate/[^/]+/$", 404),
    Expect(r"^/documents/", 404),
    Expect(r"^/_util/authenticate_with_password/\d+/\d+/$", 404),
    Expect(r"^/(healthz|sitemap\.xml)$", 200),
    Expect(r"^/jsi18n/$", 200),  # the site's translations script, no data
    Expect(r"^/language/[^/]+/$", 404),  # a language that does not exist
    Expect(r"^/$", 200),  # the public site's home page
]


def regex_to_path(regex: str) -> str:
    """A path the regex matches: required groups become "1", optional and empty ones
    disappear (innermost groups first)."""
    regex = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    regex = re.sub(r"\(\?P<\w+>", "(", regex)
    group = re.compile(r"\((?:\?:)?([^()]*)\)([*?+]?)")
    while group.search(regex):
        regex = group.sub(lambda m: "1" if m.group(1) and m.group(2) in ("", "+") else "", regex)
    return regex.replace("\\", "").replace("?", "")


def route_to_path(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?\w+>",
            lambda m: SAMPLE.get(m.group(1) or "str", "abc123"),
            str(pattern),
        )
    return regex_to_path(pattern.regex.pattern)


def walk(resolvers, prefix=""):
    for entry in resolvers:
        piece = route_to_path(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + piece)
        elif isinstance(entry, URLPattern):
            yield "/" + (prefix + piece).lstrip("/")


ALL_PATHS = sorted(set(walk(get_resolver().url_patterns)))

# The per-language routes: the URLconf's i18n_patterns (a resolver on a LocalePrefixPattern,
# whose prefix is empty for English).
(PER_LANGUAGE,) = [
    entry
    for entry in get_resolver().url_patterns
    if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern)
]
PER_LANGUAGE_PATHS = sorted(set(walk(PER_LANGUAGE.url_patterns)))
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def is_per_language(path: str) -> bool:
    """Whether an English address is answered by one of the per-language routes (the first
    route matching it in the whole URLconf is one of them: /admin/ is not, though the page
    route would match it)."""
    # Resolved in English (a request for /es/… leaves Spanish active, and with it the prefix).
    with translation.override(settings.LANGUAGE_CODE):
        try:
            per_language = PER_LANGUAGE.resolve(path.removeprefix("/"))
        except Resolver404:
            return False
        routed = get_resolver().resolve(path)
    return (routed.route, routed.url_name) == (per_language.route, per_language.url_name)


def in_language(code: str, path: str) -> str:
    """The address of an English per-language `path` in language `code`; another path as is."""
    return f"/{code}{path}" if is_per_language(path) else path


def expected_for(path: str) -> Expect | None:
    return next((expect for expect in EXPECTED if re.match(expect.rule, path)), None)


def test_url_walk_covers_the_portal():
    assert "/nominations/" in ALL_PATHS
    assert "/admin/" in ALL_PATHS
    assert "/" in ALL_PATHS
    assert len(ALL_PATHS) > 150


def test_url_walk_covers_every_language():
    assert len(OTHER_LANGUAGES) == len(settings.LANGUAGES) - 1 >= 4
    assert {"/accounts/login/", "/nominations/", "/review/", "/letters/abc123/", "/"} <= set(
        PER_LANGUAGE_PATHS
    )
    assert set(PER_LANGUAGE_PATHS) < set(ALL_PATHS)
    assert not is_per_language("/admin/")
    assert not is_per_language("/admin/login/")
    assert is_per_language("/")
    assert in_language("es", SIGN_IN_PAGE) == "/es/accounts/login/"


def test_url_walk_every_expectation_is_used():
    unused = [
        expect.rule
        for expect in EXPECTED
        if not any(re.match(expect.rule, path) for path in ALL_PATHS)
    ]
    assert unused == []


def answer(client, path: str, expect: Expect, code: str = settings.LANGUAGE_CODE) -> tuple:
    """What an anonymous GET of `path` answers, as (status, redirect path, `next`), with what
    `expect` says it answers in language `code` (the redirect to a per-language address in
    that language)."""
    response = client.get(path)
    got = (response.status_code, None, None)
    wanted = (expect.status, None, None)
    if expect.to is not None:
        location = urlsplit(response.get("Location", ""))
        got = (response.status_code, location.path, parse_qs(location.query).get("next"))
        to = expect.to
        if code != settings.LANGUAGE_CODE:
            to = in_language(code, expect.to)
        wanted = (expect.status, to, [path] if expect.returns else None)
    return got, wanted


@pytest.mark.parametrize("path", ALL_PATHS)
def test_anonymous_gets_exactly_the_expected_answer(client, db, path):
    expect = expected_for(path)
    assert expect is not None, f"{path} is routed but nothing says what it answers"

    got, wanted = answer(client, path, expect)

    assert got == wanted, path


@pytest.mark.parametrize("path", PER_LANGUAGE_PATHS)
def test_every_language_answers_as_english(db, path):
    """Each language's copy of a per-language route, each asked by a new anonymous visitor
    (one test per route: the languages share the test's setup)."""
    expect = expected_for(path)
    assert expect is not None, f"{path} is routed but nothing says what it answers"

    differences = {}
    for code in OTHER_LANGUAGES:
        address = in_language(code, path)
        got, wanted = answer(Client(), address, expect, code)
        if got != wanted:
            differences[address] = {"got": got, "wanted": wanted}

    assert differences == {}
