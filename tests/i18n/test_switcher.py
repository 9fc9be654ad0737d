"""The language switcher: a visitor on any page picks a language and sees that same page in it,
whatever language they were reading before; the choice is remembered."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
SIGN_IN = "/accounts/login/"


def switcher_links(client, path):
    """The switcher's links on `path`, by the language they lead to (the page's own language
    is shown, not linked)."""
    html = client.get(path).content.decode()
    links = re.findall(r'<a[^>]*href="(/language/[^"]+)"[^>]*hreflang="([^"]+)"', html)
    return {code: href.replace("&amp;", "&") for href, code in links}


def follow_switch(client, href):
    response = client.get(href)
    assert response.status_code == 302, href
    landing = response["Location"]
    assert client.get(landing).status_code == 200, landing
    return landing, response


@pytest.mark.parametrize("target", OTHER_LANGUAGES)
def test_from_english_each_language_opens_the_same_page_in_it(client, target, home_page):
    links = switcher_links(client, SIGN_IN)
    landing, response = follow_switch(client, links[target])
    assert landing == f"/{target}{SIGN_IN}"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == target


@pytest.mark.parametrize("start", OTHER_LANGUAGES)
def test_from_another_language_each_choice_opens_the_same_page(client, start, home_page):
    """Reading in one language and choosing another (English included) lands on the page in the
    new language, never under two prefixes or on a missing page."""
    client.get(f"/language/{start}/?next=/{start}{SIGN_IN}")
    links = switcher_links(client, f"/{start}{SIGN_IN}")
    assert set(links) == {code for code, _name in settings.LANGUAGES} - {start}
    for target, href in links.items():
        landing, _response = follow_switch(client, href)
        expected = SIGN_IN if target == "en" else f"/{target}{SIGN_IN}"
        assert landing == expected, (start, target)


def test_the_home_page_in_another_language_switches_to_the_home_page(client, home_page):
    client.get("/language/es/?next=/es/")
    landing, _response = follow_switch(client, "/language/so/?next=/es/")
    assert landing == "/so/"


def test_a_next_on_another_site_lands_on_the_home_page_in_the_language(client, home_page):
    response = client.get("/language/vi/?next=https://elsewhere.example/")
    assert response.status_code == 302
    assert response["Location"] == "/vi/"


def test_a_signed_in_person_keeps_the_choice_on_their_account(client, home_page):
    person = UserFactory()
    client.force_login(person)
    client.get(f"/language/so/?next={SIGN_IN}")
    person.refresh_from_db()
    assert person.preferred_language == "so"


def test_a_remembered_language_is_followed_whatever_the_thread_served_before(client, home_page):
    """A server thread that last served a Spanish page still sends a Somali reader from an
    English address to the Somali one."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "so"
    translation.activate("es")  # what the thread's previous request left active
    try:
        response = client.get(SIGN_IN)
    finally:
        translation.deactivate()
    assert response.status_code == 302
    assert response["Location"] == f"/so{SIGN_IN}"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_signing_out_lands_on_the_home_page_in_the_language_being_read(client, language):
    client.force_login(UserFactory())
    response = client.post(f"/{language}/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"
