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
from django.db.models import Q, QuerySet
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.translation import get_language, override
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from portal.i18n import address_in

from .generation import _Generation, next_scheduled_change

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
    return tuple(Site.objects.select_related("root_page").order_by("pk"))


def find_site(request) -> Site | None:
    """The site answering this request, as `Site.find_for_request` would choose it. The one
    site with the request's hostname, or the default when no site has it, comes from the kept
    sites without a query (Wagtail's choice too); anything less clear is left to Wagtail. Each
    call gets its own copy of the site and its root page: nothing a request does to them (a
    page's `specific`, say) reaches another request. With SITE_DATA_CACHE off, Wagtail
    finds it (once per request)."""
    if not settings.SITE_DATA_CACHE:
        return Site.find_for_request(request)
    hostname = split_domain_port(request.get_host())[0]
    candidates = [
        site
        for site in remembered("sites", _sites)
        if site.hostname == hostname or site.is_default_site
    ]
    if len(candidates) != 1:
        return Site.find_for_request(request)
    site = copy.copy(candidates[0])
    site.root_page = copy.copy(site.root_page)
    return site


@dataclass(frozen=True)
class Route:
    page_id: int
    content_type_id: int


@dataclass(frozen=True)
class Home:
    """A site's home page in one language: the root of that language's page tree."""

    page_id: int
    content_type_id: int
    path: str
    url_path: str
    depth: int


def content_language(language: str | None = None) -> str | None:
    """The content language (a Wagtail locale's code) for `language`, by default the active
    one; None when pages are not kept in it."""
    try:
        return get_supported_content_language_variant(language or get_language())
    except LookupError:
        return None


def homes(site: Site) -> tuple[Home, ...]:
    """The site's home page in the visitor's language when it is translated and live, then its
    own home page (the English one, whose tree every other language falls back to)."""
    root = site.root_page
    own = Home(root.pk, root.content_type_id, root.path, root.url_path, root.depth)
    language = content_language()

    def read() -> Home | None:
        found = (
            Page.objects.filter(
                translation_key=root.translation_key,
                locale__language_code=language,
                live=True,
            )
            .exclude(pk=root.pk)
            .values_list("pk", "content_type_id", "path", "url_path", "depth")
            .first()
        )
        return Home(*found) if found is not None else None

    # The site's own home page is in the default language (Wagtail's default locale).
    if not translating() or language is None:
        return (own,)
    translated = remembered(("home", site.pk, language), read)
    return (translated, own) if translated is not None else (own,)


def page_route(home: Home, segments: list[str]) -> Route | None:
    """The id and type of the page whose URL path under `home` is `segments`, or None."""

    def read() -> Route | None:
        found = (
            Page.objects.filter(
                slug=segments[-1],  # indexed; and a URL path left behind by a renamed slug
                url_path=home.url_path + "".join(f"{segment}/" for segment in segments),
                depth=home.depth + len(segments),
                path__startswith=home.path,
            )
            .values_list("pk", "content_type_id")
            .first()
        )
        return Route(*found) if found is not None else None

    return remembered(("route", home.page_id, tuple(segments)), read, keep_none=False)


def locale_languages() -> dict[int, str]:
    """The language code of every Wagtail locale, by the locale's id."""
    return remembered("locales", lambda: dict(Locale.objects.values_list("pk", "language_code")))


def translating() -> bool:
    """Whether the visitor reads another language than the site's own, so pages may come in
    translation (in the site's own language nothing is looked up)."""
    return settings.WAGTAIL_I18N_ENABLED and content_language() != content_language(
        settings.LANGUAGE_CODE
    )


def shown_in_other_language(page: Page, languages: dict[int, str] | None = None) -> str:
    """The language `page` is written in when that is not the visitor's (a page not yet
    translated, shown in the original), else "". `languages`: `locale_languages()`, when the
    caller has it."""
    if not translating():
        return ""
    language = (languages or locale_languages()).get(page.locale_id, "")
    return language if language != content_language() else ""


def in_visitor_language(pages: list[Page], translations: QuerySet) -> list[Page]:
    """Each of `pages` in the visitor's language: its live translation from `translations` when
    it has one, else the page itself. One query for all of them (none in the site's own
    language)."""
    if not translating() or not pages:
        return list(pages)
    found = {
        page.translation_key: page
        for page in translations.live().filter(
            translation_key__in={page.translation_key for page in pages},
            locale__language_code=content_language(),
        )
    }
    return [found.get(page.translation_key, page) for page in pages]


def in_site_language(page: Page) -> Page:
    """`page` in the site's own language, the tree every language falls back to; `page` itself
    when it has no translation there (or is in it: in the site's own language, no query)."""
    if not translating():
        return page
    original = type(page).objects.filter(
        translation_key=page.translation_key,
        locale__language_code=content_language(settings.LANGUAGE_CODE),
    )
    return original.first() or page


def visitor_url(
    page: Page, request, site: Site | None = None, languages: dict[int, str] | None = None
) -> str | None:
    """The address of `page` for the visitor: its own in its language; a page not translated
    into the visitor's language under the visitor's language prefix, where it is shown in the
    original with a note (cms.routing). `languages`: `locale_languages()`, when the caller has
    it."""
    url = page.get_url(request=request, current_site=site)
    original_language = shown_in_other_language(page, languages) if url else ""
    if original_language:
        visitor_language = get_language()
        # The address is read in the page's language and written in the visitor's.
        with override(original_language):
            url = address_in(url, visitor_language) or url
    return url


def translation_urls(page: Page, request) -> dict[str, str]:
    """The address of each live translation of `page` (itself included, when live), by
    language code."""
    if not settings.WAGTAIL_I18N_ENABLED:
        return {}
    site = find_site(request)

    def read() -> dict[str, str]:
        translations = page.get_translations(inclusive=True).live()
        fields = ("url_path", "path", "depth", "locale__language_code")
        return {
            translation.locale.language_code: url
            for translation in translations.select_related("locale").only(*fields)
            if (url := translation.get_url(request=request, current_site=site))
        }

    key = ("translation-urls", site.pk if site else None, page.translation_key)
    return remembered_for_page(request, key, read)


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
    in tree order, each in the visitor's language when translated."""

    def read():
        pages = site.root_page.get_children().live().in_menu()
        fields = ("title", "path", "url_path", "translation_key", "locale_id")
        languages = locale_languages() if translating() else None
        return tuple(
            MenuItem(page.title, visitor_url(page, request, site, languages), page.path)
            for page in in_visitor_language(
                list(pages.only(*fields)), pages.model.objects.only(*fields)
            )
        )

    return remembered(("menu", site.pk, get_language()), read)
