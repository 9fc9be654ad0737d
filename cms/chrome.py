"""The header and footer of every public page: the foundation's name, logo, contact address
and footer links as staff set them (`FoundationSettings`), in the visitor's language, kept
with the rest of the site data (`cms.site_data`) until the site changes."""

from dataclasses import dataclass

from django.utils.translation import get_language
from wagtail.models import Page, Site

from . import site_data
from .models import FoundationSettings


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
    foundation = FoundationSettings.for_site(site)
    # The name and footer staff wrote for the visitor's language, English where they wrote none.
    footer = foundation.in_language(get_language())
    home_page = site_data.in_visitor_language([site.root_page], Page.objects.all())[0]
    links = []
    for link in footer.footer_links:
        page, url = link.value.get("page"), link.value.get("url")
        if page is not None:
            if page.live:  # a withdrawn page drops out of the footer
                page = site_data.in_visitor_language([page], Page.objects.all())[0]
                links.append(
                    FooterLink(link.value["label"], site_data.visitor_url(page, request, site))
                )
        elif url:
            links.append(FooterLink(link.value["label"], url))
    logo = ""
    if foundation.logo is not None:
        rendition = foundation.logo.get_rendition("height-96")
        logo = rendition.img_tag({"class": "brand__logo", "alt": ""})
    return Chrome(
        name=footer.foundation_name or "Laurel",
        home_url=site_data.visitor_url(home_page, request, site) or "/",
        logo=logo,
        contact_email=foundation.contact_email,
        footer_links=tuple(links),
        footer_text=footer.footer_text,
    )


NO_SITE = Chrome("Laurel", "/", "", "", (), "")


def chrome(request) -> Chrome:
    """What the header and footer show on every page of the request's site."""
    site = site_data.find_site(request)
    if site is None:
        return NO_SITE
    return site_data.remembered(
        ("chrome", site.pk, get_language()), lambda: _read_chrome(site, request)
    )
