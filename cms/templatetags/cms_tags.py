from django import template
from wagtail.models import Page

from cms import chrome, site_data

register = template.Library()


@register.inclusion_tag("includes/primary_nav.html", takes_context=True)
def primary_nav(context) -> dict:
    """The primary navigation, with the current page and its section marked. Works on pages
    outside Wagtail too, where there is no `page` in the context."""
    request = context.get("request")
    site = site_data.find_site(request) if request is not None else None
    if site is None:
        return {"items": []}
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    items = [
        {
            "item": item,
            "is_current": current_path == item.path,
            "is_ancestor": current_path.startswith(item.path),
        }
        for item in site_data.menu(site, request)
    ]
    return {"items": items}


@register.simple_tag(takes_context=True)
def site_chrome(context) -> chrome.Chrome:
    """The foundation's name, logo, home address and footer for the header and footer."""
    request = context.get("request")
    return chrome.chrome(request) if request is not None else chrome.NO_SITE
