"""Addresses the portal's own screens take before any page.

A page directly under a home page is served at `/<slug>/`, but the portal's routes
(`/nominate/…`, `/review/…`, `/accounts/…`, a language prefix such as `/es/`) are matched first,
so a page with such a slug could never be reached. Editors are told so when they choose it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

PAGE_VIEW = "wagtail_serve"


def _first_segments(patterns) -> set[str]:
    segments = set()
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name == PAGE_VIEW:
            continue
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            segments |= _first_segments(pattern.url_patterns)
            continue
        route = str(pattern.pattern).lstrip("^")
        first = route.split("/", 1)[0]
        if first:
            segments.add(first.rstrip("$"))
        elif isinstance(pattern, URLResolver):
            segments |= _first_segments(pattern.url_patterns)  # included at the root
    return segments


def reserved_top_level_slugs() -> frozenset[str]:
    """Slugs a page directly under a home page cannot take: the first segment of every route
    that is not a page, each language prefix, and the static and media prefixes."""
    reserved = _first_segments(get_resolver().url_patterns)
    reserved |= {code.lower() for code, _name in settings.LANGUAGES}
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/"):
            reserved.add(url.strip("/").split("/", 1)[0])
    # Segments with a converter or regex in them (none today) cannot clash with a slug.
    return frozenset(segment for segment in reserved if "<" not in segment and "(" not in segment)


def is_top_level(parent_page) -> bool:
    """Whether children of `parent_page` are served at `/<slug>/` (it is a home page, in any
    language: every site root and its translations sit at depth 2)."""
    return parent_page is not None and parent_page.depth == 2


def check_top_level_slug(slug: str, parent_page) -> None:
    """Raise a ValidationError on `slug` when the page would sit under a home page at an
    address one of the portal's own screens already answers."""
    if is_top_level(parent_page) and slug and slug.lower() in reserved_top_level_slugs():
        raise ValidationError(
            {
                "slug": _(
                    "The address /%(slug)s/ belongs to one of the portal's own screens, so a page "
                    "there could never be reached. Choose another slug."
                )
                % {"slug": slug}
            }
        )


class SitePageForm(WagtailAdminPageForm):
    """The admin's page form, refusing a slug the portal's own screens already take."""

    def clean(self):
        cleaned_data = super().clean()
        try:
            check_top_level_slug(cleaned_data.get("slug", ""), self.parent_page)
        except ValidationError as error:
            self.add_error("slug", error.error_dict["slug"])
        return cleaned_data
