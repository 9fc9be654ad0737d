"""The foundation's name and footer in the visitor's language: what staff wrote for that
language, the English where they wrote nothing; and a staff edit shows on the next request,
with the page cache and the kept site data on as in production."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import FooterTranslation, FoundationSettings, StandardPage
from portal.roles import ensure_role_groups
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def foundation(home_page):
    """English name and footer, and a Somali name and footer with a link of its own."""
    about = home_page.add_child(instance=StandardPage(title="About", slug="about"))
    settings = FoundationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.foundation_name = "Lakeside Schools Foundation"
    settings.footer_text = "An independent nonprofit."
    settings.footer_links = [{"type": "link", "value": {"label": "About us", "page": about.pk}}]
    settings.save()
    FooterTranslation.objects.create(
        foundation=settings,
        language="so",
        foundation_name="Hay'adda Dugsiyada Lakeside",
        footer_text="Hay'ad madax-bannaan oo aan faa'iido doon ahayn.",
        footer_links=[{"type": "link", "value": {"label": "Nagu saabsan", "page": about.pk}}],
    )
    return settings


def footer(client, url: str) -> dict:
    client.cookies.clear()  # a visitor of the address's language
    response = client.get(url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    footer = page.select_one("footer.site-footer")
    return {
        "brand": page.select_one(".brand__name").get_text(strip=True),
        "name": footer.select_one(".site-footer__name").get_text(strip=True),
        "links": {link.get_text(strip=True): link["href"] for link in footer.select("nav a")},
        "text": footer.select_one(".site-footer__text").get_text(strip=True),
    }


def test_the_footer_follows_the_visitors_language(client, foundation):
    assert footer(client, "/") == {
        "brand": "Lakeside Schools Foundation",
        "name": "Lakeside Schools Foundation",
        "links": {"About us": "/about/"},
        "text": "An independent nonprofit.",
    }
    assert footer(client, "/so/") == {
        "brand": "Hay'adda Dugsiyada Lakeside",
        "name": "Hay'adda Dugsiyada Lakeside",
        "links": {"Nagu saabsan": "/so/about/"},
        "text": "Hay'ad madax-bannaan oo aan faa'iido doon ahayn.",
    }


def test_the_footer_falls_back_to_english_for_what_a_language_lacks(client, foundation):
    FooterTranslation.objects.create(
        foundation=foundation, language="es", footer_text="Una organización independiente."
    )

    spanish = footer(client, "/es/")
    vietnamese = footer(client, "/vi/")  # no row at all

    assert spanish == {
        "brand": "Lakeside Schools Foundation",
        "name": "Lakeside Schools Foundation",
        "links": {"About us": "/es/about/"},
        "text": "Una organización independiente.",
    }
    assert vietnamese == {
        "brand": "Lakeside Schools Foundation",
        "name": "Lakeside Schools Foundation",
        "links": {"About us": "/vi/about/"},
        "text": "An independent nonprofit.",
    }


def test_a_staff_edit_of_a_languages_footer_shows_on_the_next_request(
    client,
    foundation,
    production_caches,
    page_cache,
    kept_site_data,
    django_capture_on_commit_callbacks,
):
    visitor = client
    assert footer(visitor, "/so/")["text"] == "Hay'ad madax-bannaan oo aan faa'iido doon ahayn."
    visitor.cookies.clear()
    assert visitor.get("/so/")["X-Page-Cache"] == "hit"
    ensure_role_groups()
    staff = Client()
    staff.force_login(UserFactory(staff=True, verified=True))
    edit_url = reverse("wagtailsettings:edit", args=["cms", "foundationsettings", foundation.pk])

    # What the browser sends back from the settings form, with the Somali text changed.
    form = querydict_from_html(staff.get(edit_url).content.decode(), form_id="w-editor-form")
    assert form["footer_translations-0-language"] == "so"
    form["footer_translations-0-footer_text"] = "Qoraal cusub."
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(edit_url, form)

    assert response.status_code == 302
    assert footer(visitor, "/so/")["text"] == "Qoraal cusub."
    assert footer(visitor, "/")["text"] == "An independent nonprofit."


def test_a_language_has_one_footer(client, foundation, home_page):
    ensure_role_groups()
    client.force_login(UserFactory(staff=True, verified=True))
    edit_url = reverse("wagtailsettings:edit", args=["cms", "foundationsettings", foundation.pk])
    form = querydict_from_html(client.get(edit_url).content.decode(), form_id="w-editor-form")
    # A second Somali row.
    form["footer_translations-TOTAL_FORMS"] = "2"
    for field in ("language", "foundation_name", "footer_text", "ORDER"):
        form[f"footer_translations-1-{field}"] = form[f"footer_translations-0-{field}"]
    form["footer_translations-1-footer_links-count"] = "0"
    form["footer_translations-1-id"] = ""

    response = client.post(edit_url, form)

    assert response.status_code == 200  # the form again, with the error
    assert FooterTranslation.objects.filter(language="so").count() == 1
