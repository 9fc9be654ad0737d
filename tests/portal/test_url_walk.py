"""A walk of the whole URLconf: an anonymous visitor gets no 200 outside the public pages."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

# Public by design: the CMS site, sign-in and sign-up pages, the nomination landing page,
# links e-mailed to letter writers, nominees and guardians (they answer 404 without a valid
# signature), health check, sitemap and documents (Wagtail checks their collection's privacy).
PUBLIC = [
    r"^/$",
    r"^/accounts/(login|signup|password/reset|login/code|confirm-email|email/verify|"
    r"password/reset/key|reauthenticate|2fa/authenticate)(/.*)?$",
    r"^/nominate/[\w-]+/$",
    r"^/healthz$",
    r"^/sitemap\.xml$",
    r"^/documents/",
    r"^/admin/login/$",
    r"^/admin/password_reset/",
    r"^/_util/",
    r"^/accounts/inactive/$",  # the "account inactive" notice, no data
    r"^/admin/(jsi18n|sprite)/$",  # Wagtail's translations script and icon sprite, no data
    r"^/jsi18n/$",  # the site's translations script, no data
]
SAMPLE = {"int": "1", "str": "abc123", "slug": "sample-slug", "path": "x/y", "uuid": "0" * 32}


def route_to_path(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        return re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "abc123"), route
        )
    regex = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
    regex = re.sub(r"\(\?P<\w+>[^)]*\)", "1", regex)
    regex = re.sub(r"\((\?:)?[^)]*\)[*?]?", "", regex)
    return regex.replace("\\", "").replace("?", "")


def walk(resolvers, prefix=""):
    for entry in resolvers:
        piece = route_to_path(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + piece)
        elif isinstance(entry, URLPattern):
            yield "/" + (prefix + piece).lstrip("/")


ALL_PATHS = sorted(set(walk(get_resolver().url_patterns)))


def is_public(path: str) -> bool:
    return any(re.match(rule, path) for rule in PUBLIC)


def test_url_walk_covers_the_portal():
    assert "/nominations/" in ALL_PATHS
    assert "/admin/" in ALL_PATHS
    assert len(ALL_PATHS) > 150


@pytest.mark.parametrize("path", [p for p in ALL_PATHS if not is_public(p)])
def test_anonymous_gets_no_200_outside_public_pages(client, db, path):
    response = client.get(path)
    assert response.status_code != 200, path
