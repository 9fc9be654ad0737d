"""Pages in the five languages: each language's address serves that language's translation,
an untranslated page is served in English with a note in the visitor's language (never a 404),
and every link, alternate and sitemap entry leads to the page in the visitor's language."""

from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction

from awards.demo import seed_awards
from cms.demo import seed_site
from cms.models import AwardIndexPage, AwardPage, HomePage, StandardPage
from portal.roles import ensure_role_groups
from tests.factories import UserFactory
from tests.transactions import kept_for_the_module

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
SITEMAP = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
NOTE = "This page is not yet translated; it is shown in English."


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo site in every language, built once for the module's tests
    (`kept_for_the_module`: what a test writes is rolled back before the next one)."""
    with kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            seed_site(seed_awards())
        yield


@pytest.fixture
def demo(demo_once, db):
    """The demo site in every language."""


@pytest.fixture
def volunteer(demo) -> StandardPage:
    """A page staff have written in English only (every demo page is translated)."""
    home = english(HomePage)
    page = home.add_child(instance=StandardPage(title="Volunteer", slug="volunteer"))
    page.save_revision().publish()
    return page


def english(model, **lookup):
    return model.objects.get(locale=Locale.get_default(), **lookup)


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def in_language(code: str, msgid: str) -> str:
    with translation.override(code):
        return translation.gettext(msgid)


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_home_page_under_a_language_shows_its_translation(client, demo, code):
    home = english(HomePage)
    translated = home.get_translation(Locale.objects.get(language_code=code))

    page = soup(client.get(f"/{code}/"))

    assert translated.live is True
    assert translated.hero_heading != home.hero_heading
    assert page.html["lang"] == code
    assert page.h1.get_text(strip=True) == translated.hero_heading
    assert NOTE not in str(page)
    assert in_language(code, NOTE) not in str(page)


def test_every_demo_award_page_is_served_in_every_language_under_its_prefix(client, demo):
    award_pages = AwardPage.objects.filter(locale=Locale.get_default())
    assert award_pages.count() == 4
    for original in award_pages:
        for code, _name in settings.LANGUAGES:
            page = original.get_translation(Locale.objects.get(language_code=code))
            url = page.get_url()
            assert page.live is True
            expected_prefix = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
            assert url == f"{expected_prefix}awards/{original.slug}/"
            if code != settings.LANGUAGE_CODE:
                assert page.title != original.title  # what a family sees first is translated
                assert page.summary != original.summary

            client.cookies.clear()  # a visitor of this language; a remembered one would be sent on
            html = soup(client.get(url))

            assert html.html["lang"] == code
            assert html.h1.get_text(strip=True) == page.title


def test_an_volunteer_page_shows_english_with_a_note_in_the_visitors_language(client, volunteer):
    assert volunteer.has_translation(Locale.objects.get(language_code="so")) is False
    note = in_language("so", NOTE)
    assert note != NOTE  # the Somali catalogue translates it

    page = soup(client.get("/so/volunteer/"))

    assert page.html["lang"] == "so"
    assert page.find(string=lambda text: text and note in text) is not None
    english_part = page.find("div", lang="en")
    assert english_part is not None
    assert english_part.h1.get_text(strip=True) == volunteer.title


def test_a_translation_in_draft_shows_english_with_the_note(client, volunteer):
    draft = volunteer.copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=True
    )
    draft.title = "Voluntariado"
    draft.save_revision()  # not published

    page = soup(client.get("/es/volunteer/"))

    assert draft.live is False
    assert page.find("div", lang="en").h1.get_text(strip=True) == volunteer.title
    assert in_language("es", NOTE) in str(page)


def test_a_missing_page_is_still_not_found_in_every_language(client, demo):
    for code in OTHER_LANGUAGES:
        assert client.get(f"/{code}/no-such-page/").status_code == 404


def test_english_pages_carry_no_note(client, demo):
    page = soup(client.get("/about/"))

    assert NOTE not in str(page)
    assert page.find("div", lang="en") is None


def alternates(page: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate")}


def test_hreflang_alternates_name_each_translation_of_the_page(client, demo):
    original = english(AwardPage, slug="k8-science-teacher")
    expected = {
        Locale.objects.get(pk=page.locale_id).language_code: f"http://testserver{page.url}"
        for page in original.get_translations(inclusive=True)
    }
    expected["x-default"] = f"http://testserver{original.url}"

    for code, _name in settings.LANGUAGES:
        url = original.get_translation(Locale.objects.get(language_code=code)).url
        assert alternates(soup(client.get(url))) == expected


def test_an_volunteer_page_has_no_alternate_in_the_languages_it_lacks(client, volunteer):
    found = alternates(soup(client.get("/es/volunteer/")))

    assert found == {
        "en": f"http://testserver{volunteer.url}",
        "x-default": "http://testserver/volunteer/",
    }


def test_sitemap_lists_every_translation_with_its_alternates(client, volunteer):
    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (ours)
    entries = {
        entry.findtext("sm:loc", namespaces=SITEMAP): {
            link.get("href") for link in entry.findall("xhtml:link", namespaces=SITEMAP)
        }
        for entry in sitemap.findall("sm:url", namespaces=SITEMAP)
    }
    locations = set(entries)

    for original in AwardPage.objects.filter(locale=Locale.get_default()):
        translations = original.get_translations(inclusive=True)
        urls = {page.full_url for page in translations}
        assert len(urls) == len(settings.LANGUAGES)
        assert urls <= locations
        for url in urls:
            assert entries[url] == urls
    # A page in one language only is listed once, without alternates.
    assert entries[volunteer.full_url] == set()


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_menu_and_award_cards_link_the_pages_in_the_visitors_language(client, demo, code):
    locale = Locale.objects.get(language_code=code)
    home = english(HomePage)
    page = soup(client.get(f"/{code}/"))

    menu = [link["href"] for link in page.select("nav.primary-nav a")]
    assert menu
    assert all(href.startswith(f"/{code}/") for href in menu)
    index = home.get_children().get(slug="awards").specific.get_translation(locale)
    assert index.title in [link.get_text(strip=True) for link in page.select("nav.primary-nav a")]
    assert index.url in menu

    cards = {link.get_text(strip=True): link["href"] for link in page.select("a.card__link")}
    expected = {
        page.get_translation(locale).title: page.get_translation(locale).url
        for page in AwardPage.objects.filter(locale=Locale.get_default())
    }
    assert cards == expected
    assert page.select_one("a.brand")["href"] == home.get_translation(locale).url


def test_publishing_a_translation_replaces_the_stored_english_page(
    client, volunteer, page_cache, django_capture_on_commit_callbacks
):
    assert in_language("vi", NOTE) in client.get("/vi/volunteer/").content.decode()
    assert client.get("/vi/volunteer/")["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        translated = volunteer.copy_for_translation(Locale.objects.get(language_code="vi"))
        translated.title = "Tình nguyện viên"
        translated.save_revision().publish()

    response = client.get("/vi/volunteer/")
    assert response["X-Page-Cache"] == "miss"
    assert soup(response).h1.get_text(strip=True) == "Tình nguyện viên"
    assert in_language("vi", NOTE) not in response.content.decode()


def test_staff_can_translate_a_page_in_the_admin(client, volunteer):
    ensure_role_groups()
    staff = UserFactory(staff=True, verified=True)
    assert Group.objects.get(name=settings.STAFF_GROUP) in staff.groups.all()
    assert staff.has_perm("simple_translation.submit_translation") is True
    translate_url = reverse("simple_translation:submit_page_translation", args=[volunteer.pk])
    client.force_login(staff)

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[volunteer.pk]))
    assert translate_url in edit.content.decode()
    response = client.post(translate_url, {"locales": [Locale.objects.get(language_code="so").pk]})

    assert response.status_code == 302
    copy = volunteer.get_translation(Locale.objects.get(language_code="so"))
    assert copy.live is False  # a draft, for staff to translate and publish
    assert Page.objects.get(pk=copy.pk).get_parent().specific.locale.language_code == "so"


def test_a_nominator_cannot_translate_pages(client, volunteer):
    client.force_login(UserFactory(verified=True))

    response = client.post(
        reverse("simple_translation:submit_page_translation", args=[volunteer.pk]),
        {"locales": [Locale.objects.get(language_code="so").pk]},
    )

    assert response.status_code in (302, 403)
    assert volunteer.has_translation(Locale.objects.get(language_code="so")) is False


@pytest.fixture
def spanish_slugs(demo):
    """The Spanish award listing and one Spanish award page under slugs of their own."""
    spanish = Locale.objects.get(language_code="es")
    index = english(AwardIndexPage, slug="awards").get_translation(spanish)
    index.slug = "premios"
    index.save_revision().publish()
    award = english(AwardPage, slug="k8-science-teacher").get_translation(spanish)
    award.slug = "ciencias-k8"
    award.save_revision().publish()
    award.refresh_from_db()
    return award


def test_the_english_address_of_a_page_with_a_slug_of_its_own_leads_to_the_translation(
    client, spanish_slugs
):
    assert spanish_slugs.url == "/es/premios/ciencias-k8/"

    response = client.get("/es/awards/k8-science-teacher/")

    assert response.status_code == 302
    assert response["Location"] == spanish_slugs.url
    client.cookies.clear()
    page = soup(client.get(response["Location"]))
    assert page.html["lang"] == "es"
    assert page.h1.get_text(strip=True) == spanish_slugs.title
    assert in_language("es", NOTE) not in str(page)


def test_the_english_address_under_a_renamed_parent_leads_to_the_translation(client, spanish_slugs):
    # The award page keeps its slug; its Spanish parent has one of its own.
    title_i = english(AwardPage, slug="title-i-teacher-staff")
    spanish = title_i.get_translation(Locale.objects.get(language_code="es"))

    listing = client.get("/es/awards/")
    award = client.get("/es/awards/title-i-teacher-staff/?from=letter")

    assert listing.status_code == 302
    assert listing["Location"] == "/es/premios/"
    assert award.status_code == 302
    assert award["Location"] == f"{spanish.url}?from=letter"
    assert spanish.url == "/es/premios/title-i-teacher-staff/"


def test_a_renamed_slug_leaves_other_languages_and_english_where_they_are(client, spanish_slugs):
    english_page = client.get("/awards/k8-science-teacher/")
    client.cookies.clear()
    vietnamese = client.get("/vi/awards/k8-science-teacher/")

    assert english_page.status_code == 200
    assert soup(english_page).html["lang"] == "en"
    assert vietnamese.status_code == 200
    assert soup(vietnamese).html["lang"] == "vi"


def test_a_missing_page_under_a_renamed_slug_is_not_found(client, spanish_slugs):
    for path in (
        "/es/premios/no-such-award/",
        "/es/awards/no-such-award/",
        "/es/premios/k8-science-teacher/",  # the English slug under the Spanish parent
    ):
        assert client.get(path).status_code == 404


def test_a_withdrawn_translation_sends_no_one_on(client, spanish_slugs):
    spanish_slugs.unpublish()

    response = client.get("/es/awards/k8-science-teacher/")

    assert response.status_code == 200
    assert in_language("es", NOTE) in response.content.decode()


def test_a_restricted_page_does_not_tell_its_translations_address(client, spanish_slugs):
    english_page = english(AwardPage, slug="k8-science-teacher")
    PageViewRestriction.objects.create(
        page=english_page, restriction_type=PageViewRestriction.LOGIN
    )

    response = client.get("/es/awards/k8-science-teacher/")

    # Wagtail's own check answers (off to sign in); the Spanish slug is told to no one.
    assert response.status_code == 302
    assert "ciencias-k8" not in response["Location"]
    assert "login" in response["Location"]


def test_no_one_is_sent_into_a_language_whose_home_is_withdrawn(client, spanish_slugs):
    spanish_home = english(HomePage).get_translation(Locale.objects.get(language_code="es"))
    spanish_home.unpublish()

    response = client.get("/es/awards/k8-science-teacher/")

    assert response.status_code == 200
    assert in_language("es", NOTE) in response.content.decode()
