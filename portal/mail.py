"""Sending the portal's e-mails, and what every e-mail says about who sends it: the
foundation's public name and the site's real address (the configured one, never the host a
request happened to use)."""

from django.apps import apps
from django.conf import settings
from django.utils import translation
from wagtail.models import Site


def sender_context(language: str | None = None) -> dict:
    """`foundation_name` and `site_url` for an e-mail's greeting and signature: the name as
    readers of `language` (by default the active language) see it in the site's header, where
    staff gave it in that language."""
    name = ""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        foundation = apps.get_model("cms", "FoundationSettings").for_site(site)
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        name = foundation.in_language(language).foundation_name
    return {
        "foundation_name": name or settings.WAGTAIL_SITE_NAME,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }


def foundation_names() -> dict[str, str]:
    """The foundation's name in each of the portal's languages, read at once (for e-mails to
    many people): the one staff gave for that language, else the English one."""
    english = sender_context(settings.LANGUAGE_CODE)["foundation_name"]
    site = Site.objects.filter(is_default_site=True).first()
    own = {}
    if site is not None:
        foundation = apps.get_model("cms", "FoundationSettings").for_site(site)
        own = dict(
            foundation.footer_translations.exclude(foundation_name="").values_list(
                "language", "foundation_name"
            )
        )
    return {code: own.get(code) or english for code, _name in settings.LANGUAGES}
