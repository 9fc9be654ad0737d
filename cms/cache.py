"""Whole-page caching of the public site for visitors who are not signed in.

A public Wagtail page served to a visitor without a session is kept whole in the "pages" cache
and served from there before sessions, authentication or page routing run: a cache hit costs no
database query. Deadline day brings many visitors to the same few pages; this is what keeps
them fast.

Every stored page is keyed by a site-wide *generation*, a number in a one-row table
(`portal.models.PageGeneration`; not in a cache, which could evict it). Anything that can change
a public page (a page published, unpublished, moved, deleted or created live; a view restriction,
award, cycle, past winner, results publication, site setting, image, document, redirect or
snippet saved or published; a nomination of a candidate in published results changed, one by one
or in bulk) moves the generation on when its transaction commits, so every process stops using
what it stored (the site data of `cms.site_data` follows the same generation).
A process re-reads the generation at most every `PAGE_CACHE_GENERATION_CHECK` seconds (half a
second by default), so new content is visible everywhere within a second of publishing. A page
that will change on the clock (a cycle opening or closing, results released at a set time) is
kept only until then, and nothing is kept longer than `PAGE_CACHE_SECONDS` or than the site
data it was drawn from.

Never cached: signed-in visitors (anyone with a session cookie), requests with a query string,
pages with view restrictions, responses that set a cookie or are not 200, and anything that is
not a Wagtail page (forms, the reviewer portal, the admin).
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone

from review.results import is_published_candidate

from .generation import _Generation, bump_generation, next_scheduled_change
from .site_data import kept_until

# Headers the inner middleware set on a page (frame options, content type, ...) are kept with it;
# cookies never are.
SKIPPED_HEADERS = {"set-cookie", "date", "expires"}


def _page_key(request, generation: int) -> str:
    return f"public-page:{generation}:{request.get_host()}:{request.path}"


def _lifetime() -> int:
    """Seconds a page may be kept: the configured maximum, or less when something public is
    scheduled to change sooner."""
    now = timezone.now()
    seconds = settings.PAGE_CACHE_SECONDS
    # A page drawn from kept site data is stored no longer than that data is good for.
    for moment in (next_scheduled_change(now), kept_until()):
        if moment is not None:
            seconds = min(seconds, int((moment - now) / timedelta(seconds=1)))
    return max(seconds, 0)


class PublicPageCacheMiddleware:
    """Serve stored public pages before the session, authentication and the page tree are
    touched; store the ones the page hook marked public. Sits after the security, CSP and
    static-file middleware, so their headers apply to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_use_cache(request):
            return self.get_response(request)
        request.public_page_may_store = True
        pages = caches["pages"]
        key = _page_key(request, _Generation.current())
        stored = pages.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._may_store(request, response):
            lifetime = _lifetime()
            if lifetime > 0:
                headers = [
                    (name, value)
                    for name, value in response.headers.items()
                    if name.lower() not in SKIPPED_HEADERS
                ]
                pages.set(key, (response.content, headers), timeout=lifetime)
            response.headers["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _may_use_cache(request) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def _may_store(request, response) -> bool:
        return (
            getattr(request, "public_page_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
        )


def mark_public_page(page, request, serve_args, serve_kwargs):
    """Only live pages without view restrictions, served to a visitor without a session, may
    be stored (the middleware checks the rest). Requests that could never be stored (caching
    off, a signed-in visitor) cost no query here."""
    request.public_page_cacheable = (
        getattr(request, "public_page_may_store", False)
        and page.live
        and not getattr(request, "is_preview", False)
        and not page.get_view_restrictions().exists()
    )


def _changed(**kwargs) -> None:
    bump_generation()


# What a published result shows of a nomination (cms.site_data keeps results pages' winners).
PUBLIC_NOMINATION_FIELDS = {
    "status",
    "dossier",
    "guardian_consent",
    "nominee_first_name",
    "nominee_last_name",
    "nominee_role",
    "school",
}


def _nomination_saving(instance, update_fields=None, **kwargs) -> None:
    """Note the candidate a submitted nomination may be leaving (staff splitting a candidate),
    so the results it leaves are retired too. Drafts belong to no candidate: no query."""
    Nomination = type(instance)

    if (
        instance.pk is not None
        and instance.status != Nomination.Status.DRAFT
        and (update_fields is None or "dossier" in update_fields)
    ):
        instance._dossier_before_save = (
            Nomination.objects.filter(pk=instance.pk).values_list("dossier_id", flat=True).first()
        )


def _nomination_changed(instance, update_fields=None, **kwargs) -> None:
    """A nomination of a candidate in published results changing what results pages show (a
    guardian's consent given or withdrawn, a name corrected, a withdrawal, a split, personal
    data purged). Drafts saving as people type, and candidates not announced, move nothing."""
    if update_fields is not None and PUBLIC_NOMINATION_FIELDS.isdisjoint(update_fields):
        return
    dossiers = {instance.dossier_id, getattr(instance, "_dossier_before_save", None)} - {None}
    if any(is_published_candidate(dossier_id) for dossier_id in dossiers):
        bump_generation()


def _dossier_changed(instance, created=False, **kwargs) -> None:
    """Nominations merged into an announced candidate (they move by a bulk update). A new
    candidate has no decision yet: no query on every submission."""
    if not created and is_published_candidate(instance.pk):
        bump_generation()


def _page_created(instance, created=False, **kwargs) -> None:
    """A page created live (an alias of a live page, or one made by code) is public at once
    without being published."""
    if created and instance.live:
        bump_generation()


def connect_invalidation() -> None:
    """Move the generation on whenever something a public page shows changes. Pages change
    for the public when published, unpublished or moved (a draft saved changes nothing), and
    deleting any page type reaches these receivers through its `wagtailcore.Page` row. Bulk
    updates send no signal: the domain operations that make them move the generation
    themselves (the retention purge; a dossier merge saves its target, which moves it)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save, pre_save
    from wagtail.models import get_page_models
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    # `published` and `unpublished` also come from snippets with drafts (any sender).
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(_changed, dispatch_uid="public-pages")
    for label in (
        "wagtailcore.Page",
        "wagtailcore.Site",
        "wagtailcore.Locale",  # the site data keeps each locale's language
        "wagtailcore.PageViewRestriction",
        "wagtailimages.Image",
        "wagtaildocs.Document",  # a replaced file has a new address
        "wagtailredirects.Redirect",
        "cms.FoundationSettings",
        # Saved after the settings they belong to: the page drawn between the two is retired too.
        "cms.FooterTranslation",
        "awards.Award",
        "awards.Cycle",
        "awards.School",
        "awards.PastWinner",
        "review.Publication",
    ):
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=apps.get_model(label), dispatch_uid="public-pages")
    nomination = apps.get_model("awards.Nomination")
    pre_save.connect(_nomination_saving, sender=nomination, dispatch_uid="public-pages")
    for signal in (post_save, post_delete):
        signal.connect(_nomination_changed, sender=nomination, dispatch_uid="public-pages")
    post_save.connect(
        _dossier_changed, sender=apps.get_model("awards.Dossier"), dispatch_uid="public-pages"
    )
    for model in get_page_models():
        post_save.connect(_page_created, sender=model, dispatch_uid=f"public-pages-{model}")
