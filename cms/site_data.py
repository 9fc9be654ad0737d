"""What pages read about the site itself, kept in each process until something public changes.

Every page (public pages, the nomination forms, the reviewer portal: they share the header and
footer) needs the site, the sites' root paths (for page URLs), the foundation's settings, the
menu, the footer links and whether the page or an ancestor has view restrictions; a public page
also needs where its URL leads, and the home, award and results pages list award cards, the
call to action and published winners. Read from the database that is seven to twelve queries,
most of the time of a page that is not served whole from the page cache (every page a
signed-in visitor sees).

All of it changes only when staff publish, move or restrict a page (or a page is created
live, as an alias is), save a site, setting, image, award or cycle, publish results, or when a
nomination of an announced candidate changes (a guardian's consent, a name, a withdrawal, a
split or merge); each of those moves the site-wide generation on commit
(`cms.cache`). So each process keeps what it read under the generation it read it at, and
drops all of it when the generation moves (every process sees a change within
`PAGE_CACHE_GENERATION_CHECK` seconds, as with cached pages: a page restricted in one process
is refused by every other within half a second by default), when a cycle opens or closes or
results are released at their set time, and after five minutes at most. Nothing is shared
between processes but the generation number, and nothing private is kept: only what any
visitor of the public site may see.

`SITE_DATA_CACHE = False` reads everything afresh on every request (the test settings: test
transactions never commit, so the generation would never move).
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http.request import split_domain_port
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from .cache import _Generation, next_scheduled_change

# At most this many things are kept per process: a route only for a URL that names a page, so
# random addresses cannot fill memory (a site has hundreds of pages, not thousands).
MAX_KEPT = 10_000
MAX_AGE = timedelta(minutes=5)


class _Kept:
    """This process's site data, all read at one generation and good until `until` (the next
    moment something public changes on the clock)."""

    generation: int | None = None
    until: datetime | None = None
    values: dict = {}


def remembered(key: Any, read: Callable[[], Any], *, keep_none: bool = True) -> Any:
    """The value `read()` gave under `key` at the current generation; read afresh when the
    generation has moved or a scheduled change (a cycle opening or closing, results released at
    a set time) has come, or on every call with SITE_DATA_CACHE off. With `keep_none` off, a
    None answer is not kept."""
    if not settings.SITE_DATA_CACHE:
        return read()
    generation = _Generation.current()
    if generation != _Kept.generation or (_Kept.until and timezone.now() >= _Kept.until):
        _Kept.values, _Kept.generation = {}, generation
        now = timezone.now()
        # A change made without the signals that move the generation (a bulk update in a
        # shell, say) shows within MAX_AGE, as with cached pages.
        _Kept.until = min(filter(None, (next_scheduled_change(now), now + MAX_AGE)))
    values = _Kept.values
    try:
        return values[key]
    except KeyError:
        value = read()
        if (value is not None or keep_none) and len(values) < MAX_KEPT:
            values[key] = value
        return value


def remembered_for_page(request, key: Any, read: Callable[[], Any]) -> Any:
    """`remembered` for what a page shows; a preview (of what is not public yet) reads its own."""
    if getattr(request, "is_preview", False):
        return read()
    return remembered(key, read)


def kept_until() -> datetime | None:
    """When what this process keeps will be read afresh at the latest (None: nothing kept)."""
    if not settings.SITE_DATA_CACHE or _Kept.generation is None:
        return None
    return _Kept.until


def forget() -> None:
    """Drop everything this process kept (tests; the next read starts afresh)."""
    _Kept.values, _Kept.generation, _Kept.until = {}, None, None


# --- The site and page URLs --------------------------------------------------------------


def _sites() -> tuple[Site, ...]:
    """Every site with its root page (a handful at most)."""
    return tuple(Site._base_manager.select_related("root_page").order_by("pk"))


def find_site(request) -> Site | None:
    """The site answering this request, as `Site.find_for_request` would choose it, kept on
    the request where Wagtail looks for it, with the sites' root paths that page URLs need. The
    request gets its own copy of the site and its root page: nothing it does to them (a page's
    `specific`, say) reaches another request."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        # The one site with this hostname, or the default when no site has it, is Wagtail's
        # choice too; anything less clear is left to Wagtail.
        candidates = [
            site
            for site in remembered("sites", _sites)
            if site.hostname == hostname or site.is_default_site
        ]
        site = candidates[0] if len(candidates) == 1 else None
        if site is None:
            request._wagtail_site = Site._find_for_request(request)
        else:
            request._wagtail_site = copy.copy(site)
            request._wagtail_site.root_page = copy.copy(site.root_page)
        if settings.SITE_DATA_CACHE and not hasattr(request, "_wagtail_cached_site_root_paths"):
            # Free when kept; otherwise Wagtail reads them when a page URL first needs them.
            request._wagtail_cached_site_root_paths = remembered(
                "root-paths", Site.get_site_root_paths
            )
    return request._wagtail_site


@dataclass(frozen=True)
class Route:
    page_id: int
    content_type_id: int


def page_route(site: Site, segments: list[str]) -> Route | None:
    """The id and type of the page whose URL path on `site` is `segments`, or None."""
    root = site.root_page

    def read() -> Route | None:
        found = (
            Page.objects.filter(
                slug=segments[-1],  # indexed; and a URL path left behind by a renamed slug
                url_path=root.url_path + "".join(f"{segment}/" for segment in segments),
                depth=root.depth + len(segments),
                path__startswith=root.path,
            )
            .values_list("pk", "content_type_id")
            .first()
        )
        return Route(*found) if found is not None else None

    return remembered(("route", site.pk, tuple(segments)), read, keep_none=False)


# --- View restrictions -------------------------------------------------------------------


@dataclass(frozen=True)
class Restrictions:
    """Tree paths of the pages with view restrictions, and of alias pages (whose restrictions
    come from the page they copy)."""

    restricted: tuple[str, ...]
    aliases: tuple[str, ...]


def _read_restrictions() -> Restrictions:
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    aliases = Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
    return Restrictions(tuple(sorted(set(restricted))), tuple(aliases))


def restrictions() -> Restrictions:
    return remembered("restrictions", _read_restrictions)


def unrestricted(page: Page) -> bool:
    """True when neither `page` nor any ancestor has view restrictions and none of them is an
    alias; False when Wagtail's own check must decide."""
    if not settings.SITE_DATA_CACHE or page.alias_of_id is not None:
        return False
    known = restrictions()
    return not page.path.startswith(known.restricted + known.aliases)


def public_pages(queryset: PageQuerySet) -> PageQuerySet:
    """`queryset.public()`: pages outside every restricted section."""
    if not settings.SITE_DATA_CACHE:
        return queryset.public()
    private = Q()
    for path in restrictions().restricted:
        private |= Q(path__startswith=path)
    return queryset.exclude(private) if private else queryset


# --- The header and footer ---------------------------------------------------------------


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    path: str  # in the page tree: marks the current page and its section


def menu(site: Site, request) -> tuple[MenuItem, ...]:
    """The primary navigation: live children of the site's home page marked "show in menus",
    in tree order."""

    def read():
        pages = site.root_page.get_children().live().in_menu().only("title", "path", "url_path")
        return tuple(
            MenuItem(page.title, page.get_url(request=request, current_site=site), page.path)
            for page in pages
        )

    return remembered(("menu", site.pk), read)


@dataclass(frozen=True)
class FooterLink:
    label: str
    url: str


@dataclass(frozen=True)
class Chrome:
    """The foundation's settings as the header and footer show them."""

    name: str
    home_url: str
    logo: str  # the logo's <img> tag, or ""
    contact_email: str
    footer_links: tuple[FooterLink, ...]
    footer_text: str


def _read_chrome(site: Site, request) -> Chrome:
    from .models import FoundationSettings

    foundation = FoundationSettings.for_site(site)
    links = []
    for link in foundation.footer_links:
        page, url = link.value.get("page"), link.value.get("url")
        if page is not None:
            if page.live:  # a withdrawn page drops out of the footer
                links.append(
                    FooterLink(link.value["label"], page.get_url(request, current_site=site))
                )
        elif url:
            links.append(FooterLink(link.value["label"], url))
    logo = ""
    if foundation.logo is not None:
        rendition = foundation.logo.get_rendition("height-96")
        logo = rendition.img_tag({"class": "brand__logo", "alt": ""})
    return Chrome(
        name=foundation.foundation_name or "Laurel",
        home_url=site.root_page.get_url(request, current_site=site) or "/",
        logo=logo,
        contact_email=foundation.contact_email,
        footer_links=tuple(links),
        footer_text=foundation.footer_text,
    )


NO_SITE = Chrome("Laurel", "/", "", "", (), "")


def chrome(request) -> Chrome:
    """What the header and footer show on every page of the request's site."""
    site = find_site(request)
    if site is None:
        return NO_SITE
    return remembered(("chrome", site.pk), lambda: _read_chrome(site, request))
