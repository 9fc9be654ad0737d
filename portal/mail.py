"""What every e-mail says about who sends it: the foundation's public name and the site's real
address (the configured one, never the host a request happened to use)."""

from django.apps import apps
from django.conf import settings
from wagtail.models import Site


def sender_context() -> dict:
    """`foundation_name` and `site_url` for an e-mail's greeting and signature."""
    name = ""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        foundation = apps.get_model("cms", "FoundationSettings").for_site(site)
        name = foundation.foundation_name
    return {
        "foundation_name": name or settings.WAGTAIL_SITE_NAME,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }
