"""Finding the page a public URL names in as few queries as the answer allows.

Wagtail walks the page tree one URL segment at a time, with two queries per segment (the child
page, then its specific type), and finds the site with a query ordered by a computed match
score. Every page that is not served from the page cache pays for both, signed-in visitors on
every request. Here the site, and the id and type of the page at a URL path (by the `url_path`
Wagtail keeps for every page), come from the site data each process keeps (`cms.site_data`);
the page itself is then one query whatever its depth. The page view then serves the page as
Wagtail's own does, through Wagtail's public hooks and `Page.serve`.

Each language has its own page tree (Wagtail's localisation), under a translation of the
site's home page. Under a language's address (/es/...) the page is looked for in that tree
first, then in the site's own, so a page not translated yet is shown in the original rather than
a 404 (the page template adds a note in the visitor's language).

A page type that routes on its own (a `route` method of its own, such as RoutablePageMixin's)
gets Wagtail's walk, which is the only thing that knows how to call it.
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponse, HttpResponseRedirect
from wagtail import hooks
from wagtail.models import Page, get_page_models
from wagtail.url_routing import RouteResult
from wagtail.views import serve_chain

from .site_data import (
    Home,
    content_language,
    find_site,
    homes,
    page_route,
    shown_in_other_language,
    translating,
)


@cache
def _tree_routes_by_path() -> bool:
    """Whether every page type routes as Wagtail's `Page.route` does: the page at a URL is the
    page whose `url_path` it is."""
    return all(model.route is Page.route for model in get_page_models())


def _page(page_id: int, content_type_id: int) -> Page | None:
    """The page as its own type, in one query."""
    page_model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
    return page_model.objects.filter(pk=page_id).first()


def _walk(request, home: Home, segments: list[str]) -> RouteResult | None:
    """Wagtail's own walk by slugs from `home`."""
    root = _page(home.page_id, home.content_type_id)
    if root is None:
        return None
    try:
        return root.route(request, segments)
    except Http404:
        return None


def _route_under(request, home: Home, segments: list[str]) -> RouteResult | None:
    if not _tree_routes_by_path():
        return _walk(request, home, segments)
    if not segments:
        page = _page(home.page_id, home.content_type_id)
    else:
        found = page_route(home, segments)
        if found is None:
            # Nothing at that URL path: Wagtail's walk by slugs has the last word, so a page
            # whose stored URL path lags behind its slug (a bulk update, an import) is found.
            return _walk(request, home, segments)
        page = _page(found.page_id, found.content_type_id)
    return RouteResult(page) if page is not None and page.live else None


def find_route(request, path: str) -> RouteResult | None:
    """The page (with no extra arguments) at `path` on the request's site, or None for a 404:
    no such page, or a page that is not live. Pages between the root and the page need not be
    live, as in Wagtail's walk. A path that names no page by its URL path gets Wagtail's walk
    too, so nothing Wagtail would serve is missed.

    Under a language's address (/es/...) the page comes from that language's tree; a page not
    translated yet (or whose translation is not live) comes from the site's own tree, in the
    original language, so every language's address of a page answers, never a 404."""
    site = find_site(request)
    if site is None:
        return None
    segments = [segment for segment in path.split("/") if segment]
    for home in homes(site):
        found = _route_under(request, home, segments)
        if found is not None:
            return found
    return None


def translation_address(request, route: RouteResult | None) -> str | None:
    """Where the visitor should be sent instead: the address of the live translation into
    their language of a page found in the site's own tree (an address under /es/ that names the
    English page by its English slug, while its Spanish translation has a slug of its own), or
    None. A page shown in the original because it has no live translation is not sent on."""
    if route is None or route.args or route.kwargs or not translating():
        return None
    page = route.page
    if not shown_in_other_language(page):
        return None
    translation = (
        page.get_translations()
        .live()
        .filter(locale__language_code=content_language())
        .only("url_path", "path", "depth", "locale_id")
        .first()
    )
    if translation is None:
        return None
    site = find_site(request)
    # Only into a tree the site serves in that language (its home there live), and never from
    # a restricted page: Wagtail's own check (a sign-in or password) comes first, and the
    # address of its translation is not told before it.
    if not any(translation.path.startswith(home.path) for home in homes(site)[:-1]):
        return None
    if page.get_view_restrictions().exists():
        return None
    url = translation.get_url(request=request, current_site=site)
    if not url or url == request.path:
        return None
    query = request.META.get("QUERY_STRING")
    return f"{url}?{query}" if query else url


def serve(request, path: str):
    """Wagtail's page view (`wagtail.views.serve`: the `on_serve_page` and `before_serve_page`
    hooks, so view restrictions and the page cache's mark, then the page's own `serve`), with
    the site and the page found as above; an address of a page in the wrong language's tree is
    sent on to the translation (a temporary redirect: the translation may be withdrawn, or its
    slug change). tests/cms/test_routing.py holds every answer equal to Wagtail's view."""
    route = find_route(request, path)
    if route is None:
        raise Http404
    address = translation_address(request, route)
    if address is not None:
        return HttpResponseRedirect(address)
    page, args, kwargs = route
    chain = serve_chain
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        chain = wrap(chain)
    for check in hooks.get_hooks("before_serve_page"):
        answer = check(page, request, args, kwargs)
        if isinstance(answer, HttpResponse):
            return answer
    return chain(page, request, args, kwargs)
