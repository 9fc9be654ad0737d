"""The demo site in every family language: a family reading Spanish, Somali, Vietnamese or
Chinese meets no English on any demo page, header and footer included.

The oracle is the English page itself: every piece of text a visitor reads on it (each text
between tags, the page title) must be gone from the same page in another language. Only names
stay the same in every language: the street address, the town, the e-mail address, the schools'
names, "Title I" (locale/GLOSSARY.md) and a school level the language writes as in English."""

import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page

from awards.demo import seed_awards
from awards.models import School, SchoolLevel
from cms.demo import seed_site
from cms.models import AwardIndexPage, AwardPage, HomePage, ResultsPage, StandardPage

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
NAMES = {"400 Harbor Street, Suite 2", "Lakeside", "awards@lakeside-foundation.example", "Title I"}
WORD = re.compile(r"[A-Za-z]{2}")


@pytest.fixture
def demo_pages() -> list[Page]:
    """Every live page of the seeded demo site in English (the tree root aside)."""
    seed_site(seed_awards())
    return list(
        Page.objects.live()
        .filter(locale=Locale.get_default(), depth__gt=1)
        .order_by("path")
        .specific()
    )


def read_texts(response) -> tuple[BeautifulSoup, BeautifulSoup, set[str]]:
    """The page, its body, and each text a visitor reads on it that holds a word in Latin
    letters. The language switcher names every language in its own words, on every page: it is
    left out of both."""
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    found = {page.title.get_text(" ", strip=True)}
    description = page.find("meta", attrs={"name": "description"})
    if description is not None:
        found.add(description["content"])
    body = BeautifulSoup(str(page.body), "html.parser")
    for multilingual in body.select(".languages-bar, script, style"):
        multilingual.decompose()
    found |= set(body.stripped_strings)
    texts = {" ".join(text.split()) for text in found}
    return page, body, {text for text in texts if WORD.search(text)}


def names_in(code: str) -> set[str]:
    """What reads the same in English and in `code`: names, and school levels as `code`
    writes them."""
    with translation.override(code):
        levels = {str(label) for label in SchoolLevel.labels}
    return NAMES | levels | set(School.objects.values_list("name", flat=True))


def english_words_in(text: str, names: set[str]) -> bool:
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return WORD.search(text) is not None


def test_the_demo_has_a_page_of_every_type(demo_pages):
    assert {type(page) for page in demo_pages} == {
        HomePage,
        AwardIndexPage,
        AwardPage,
        ResultsPage,
        StandardPage,
    }


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_demo_page_reads_without_english_in_each_language(client, demo_pages, code):
    locale = Locale.objects.get(language_code=code)
    names = names_in(code)
    left_in_english = {}
    for original in demo_pages:
        translated_page = original.get_translation(locale)
        assert translated_page.live is True
        client.cookies.clear()  # a visitor of each language in turn
        *_english_page, english = read_texts(client.get(original.url))
        client.cookies.clear()
        page, body, translated = read_texts(client.get(translated_page.url))

        assert page.html["lang"] == code
        assert body.find(attrs={"lang": "en"}) is None  # no part shown in English
        shared = {text for text in english & translated if english_words_in(text, names)}
        if shared:
            left_in_english[original.url] = sorted(shared)

    assert left_in_english == {}
