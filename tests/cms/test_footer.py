"""The foundation's name and footer in the visitor's language: what staff wrote for that
language, the English where they wrote nothing; and a staff edit shows on the next request,
with the page cache and the kept site data on as in production."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

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


def link(label: str, page) -> tuple:
    return ("link", {"label": label, "page": page.pk, "url": ""})


def settings_form(foundation, rows: list[dict]) -> dict:
    """What the settings form sends: the English fields as they are, and `rows`, one per
    language (an existing row with its id)."""
    about = StandardPage.objects.get(slug="about")
    return nested_form_data(
        {
            "foundation_name": foundation.foundation_name,
            "logo": "",
            "contact_email": foundation.contact_email,
            "footer_links": streamfield([link("About us", about)]),
            "footer_text": foundation.footer_text,
            "footer_translations": inline_formset(
                [
                    {
                        "foundation_name": "",
                        "footer_text": "",
                        **row,
                        "footer_links": streamfield(
                            [link(row["label"], about)] if "label" in row else []
                        ),
                    }
                    for row in rows
                ],
                initial=sum(1 for row in rows if row.get("id")),
            ),
        }
    )


@pytest.fixture
def staff_client(db) -> Client:
    ensure_role_groups()
    staff = Client()
    staff.force_login(UserFactory(staff=True, verified=True))
    return staff


def edit_url(foundation) -> str:
    return reverse("wagtailsettings:edit", args=["cms", "foundationsettings", foundation.site_id])


def test_a_staff_edit_of_a_languages_footer_shows_on_the_next_request(
    client,
    foundation,
    staff_client,
    production_caches,
    page_cache,
    kept_site_data,
    django_capture_on_commit_callbacks,
):
    somali = foundation.footer_translations.get()
    assert footer(client, "/so/")["text"] == "Hay'ad madax-bannaan oo aan faa'iido doon ahayn."
    client.cookies.clear()
    assert client.get("/so/")["X-Page-Cache"] == "hit"
    assert "In other languages" in staff_client.get(edit_url(foundation)).content.decode()

    form = settings_form(
        foundation,
        [
            {
                "id": somali.pk,
                "language": "so",
                "foundation_name": somali.foundation_name,
                "label": "Nagu saabsan",
                "footer_text": "Qoraal cusub.",
            }
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(edit_url(foundation), form)

    assert response.status_code == 302
    assert footer(client, "/so/")["text"] == "Qoraal cusub."
    assert footer(client, "/")["text"] == "An independent nonprofit."


def test_staff_add_a_language_footer_in_the_settings(client, foundation, staff_client):
    somali = foundation.footer_translations.get()
    form = settings_form(
        foundation,
        [
            {"id": somali.pk, "language": "so", "footer_text": somali.footer_text},
            {"language": "vi", "foundation_name": "Quỹ các Trường Lakeside", "label": "Giới thiệu"},
        ],
    )

    response = staff_client.post(edit_url(foundation), form)

    assert response.status_code == 302
    assert footer(client, "/vi/") == {
        "brand": "Quỹ các Trường Lakeside",
        "name": "Quỹ các Trường Lakeside",
        "links": {"Giới thiệu": "/vi/about/"},
        "text": "An independent nonprofit.",
    }


def test_a_language_has_one_footer(foundation, staff_client):
    somali = foundation.footer_translations.get()
    form = settings_form(
        foundation,
        [
            {"id": somali.pk, "language": "so", "footer_text": somali.footer_text},
            {"language": "so", "footer_text": "A second Somali footer."},
        ],
    )

    response = staff_client.post(edit_url(foundation), form)

    assert response.status_code == 200  # the form again, with the error
    assert list(FooterTranslation.objects.values_list("footer_text", flat=True)) == [
        somali.footer_text
    ]
