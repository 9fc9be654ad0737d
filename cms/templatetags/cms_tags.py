from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("includes/primary_nav.html", takes_context=True)
def primary_nav(context) -> dict:
    """The primary navigation: live children of the site's home page marked "show in menus".

    One query: the Site (with its root page) is cached on the request by Wagtail. Works on
    pages outside Wagtail too, where there is no `page` in the context."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"items": []}
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    items = [
        {
            "page": menu_page,
            "url": menu_page.get_url(request=request, current_site=site),
            "is_current": current_path == menu_page.path,
            "is_ancestor": current_path.startswith(menu_page.path),
        }
        for menu_page in site.root_page.get_children().live().in_menu()
    ]
    return {"items": items}
