"""A walk of the whole URLconf: every routed path answers an anonymous visitor exactly as
expected, so a new view (or a framework's view routed by accident, like a second login page)
cannot slip in unnoticed, and an error (a 500) is never taken for a refusal."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

SAMPLE = {"int": "1", "str": "abc123", "slug": "sample-slug", "path": "x/y", "uuid": "0" * 32}
SIGN_IN_PAGE = "/accounts/login/"


@dataclass(frozen=True)
class Expect:
    """What an anonymous GET of a path matching `rule` answers: `status`, and for a redirect,
    where to (`to`; with `returns` the target's `next` is the path asked for)."""

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
    Expect(r"^/(letters|nominee|consent)/[^/]+/$", 404),
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


def expected_for(path: str) -> Expect | None:
    return next((expect for expect in EXPECTED if re.match(expect.rule, path)), None)


def test_url_walk_covers_the_portal():
    assert "/nominations/" in ALL_PATHS
    assert "/admin/" in ALL_PATHS
    assert "/" in ALL_PATHS
    assert len(ALL_PATHS) > 150


def test_url_walk_every_expectation_is_used():
    unused = [
        expect.rule
        for expect in EXPECTED
        if not any(re.match(expect.rule, path) for path in ALL_PATHS)
    ]
    assert unused == []


@pytest.mark.parametrize("path", ALL_PATHS)
def test_anonymous_gets_exactly_the_expected_answer(client, db, path):
    expect = expected_for(path)
    assert expect is not None, f"{path} is routed but nothing says what it answers"

    response = client.get(path)

    assert response.status_code == expect.status, path
    if expect.to is not None:
        location = urlsplit(response["Location"])
        assert location.path == expect.to
        asked_for = parse_qs(location.query).get("next")
        assert asked_for == ([path] if expect.returns else None)
