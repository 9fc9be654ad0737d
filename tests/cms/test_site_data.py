"""Site data kept per process: a page reads only its own content once the site is known, and
every change the public could see (publishing, restricting, a clock change, another process's
change) shows on the next request."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db.models import F
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.models import StandardPage
from portal.models import PageGeneration
from tests.factories import CycleFactory

pytestmark = pytest.mark.django_db


def nav(client, url: str = "/") -> str:
    html = client.get(url).content.decode()
    start = html.index('<nav class="primary-nav"')
    return html[start : html.index("</nav>", start)]


def test_a_warm_page_reads_only_its_own_page_row(
    client, kept_site_data, home_page, make_award_page, django_assert_num_queries, settings
):
    # The generation is read from the database at most every PAGE_CACHE_GENERATION_CHECK
    # seconds; within that, kept data costs nothing.
    settings.PAGE_CACHE_GENERATION_CHECK = 60
    about = home_page.add_child(
        instance=StandardPage(title="About", slug="about", show_in_menus=True)
    )
    award_page = make_award_page("Teacher of the Year")
    for url in ("/", award_page.url, about.url):
        client.get(url)
        with django_assert_num_queries(1):  # the page itself; the site, menu, footer are kept
            response = client.get(url)
        assert response.status_code == 200
        assert 'href="/about/"' in response.content.decode()


def test_the_home_page_costs_the_same_for_one_award_or_many(
    client, kept_site_data, home_page, make_award_page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_after_a_change():
        client.get("/")
        PageGeneration.objects.update(n=F("n") + 1)  # everything is read afresh once
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    make_award_page("First")
    one = queries_after_a_change()
    for _ in range(5):
        make_award_page()
    assert queries_after_a_change() == one
    assert client.get("/").content.decode().count('class="card"') == 6


def test_publishing_a_menu_page_shows_on_the_next_request(
    client, kept_site_data, home_page, django_capture_on_commit_callbacks
):
    about = home_page.add_child(
        instance=StandardPage(title="About", slug="about", show_in_menus=True)
    )
    assert ">About</a>" in nav(client)
    about.title = "About us"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    assert ">About us</a>" in nav(client)
    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()
    assert "About" not in client.get("/").content.decode().split("<main")[0]


def test_a_rolled_back_change_is_not_shown(client, kept_site_data, home_page):
    about = home_page.add_child(
        instance=StandardPage(title="About", slug="about", show_in_menus=True)
    )
    assert ">About</a>" in nav(client)
    about.title = "Never committed"
    about.save_revision().publish()  # the test's transaction never commits
    assert ">About</a>" in nav(client)


def test_a_change_in_another_process_is_seen_once_the_generation_moves(
    client, kept_site_data, home_page
):
    about = home_page.add_child(
        instance=StandardPage(title="About", slug="about", show_in_menus=True)
    )
    assert ">About</a>" in nav(client)
    Page.objects.filter(pk=about.pk).update(title="Renamed elsewhere")
    assert ">About</a>" in nav(client)
    PageGeneration.objects.update(n=F("n") + 1)  # what another process's publishing does
    assert ">Renamed elsewhere</a>" in nav(client)


def test_a_change_made_without_signals_shows_within_five_minutes(client, kept_site_data, home_page):
    about = home_page.add_child(
        instance=StandardPage(title="About", slug="about", show_in_menus=True)
    )
    assert ">About</a>" in nav(client)
    Page.objects.filter(pk=about.pk).update(title="Bulk renamed")
    assert ">About</a>" in nav(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)):
        assert ">Bulk renamed</a>" in nav(client)


def test_restricting_a_page_takes_effect_on_the_next_request(
    client, kept_site_data, home_page, make_award_page, django_capture_on_commit_callbacks
):
    page = make_award_page("Staff only")
    assert client.get(page.url).status_code == 200
    assert "Staff only" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    response = client.get(page.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")  # allauth signs in
    assert "Staff only" not in client.get("/").content.decode()  # gone from the award cards


def test_a_page_under_a_restricted_section_stays_restricted(
    client, kept_site_data, home_page, award_index, make_award_page
):
    PageViewRestriction.objects.create(
        page=award_index, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    page = make_award_page("Members only")
    for _ in range(2):
        response = client.get(page.url)
        assert response.status_code == 200
        assert "password" in response.content.decode().lower()
        assert "Summary of Members only." not in response.content.decode()


def test_the_call_to_action_follows_the_clock(client, kept_site_data, make_award_page):
    page = make_award_page("Teacher of the Year")
    closes_at = timezone.now() + timedelta(minutes=2)
    CycleFactory(award=page.award, status="open", closes_at=closes_at, grace_period=None)
    assert f'href="/nominate/{page.award.slug}/' in client.get(page.url).content.decode()
    with time_machine.travel(closes_at + timedelta(seconds=1)):
        assert f'href="/nominate/{page.award.slug}/' not in client.get(page.url).content.decode()


def test_each_request_gets_its_own_site_and_home_page(kept_site_data, home_page):
    first = kept_site_data.find_site(RequestFactory().get("/"))
    first.site_name = "Changed in one request"
    first.root_page.title = "Changed in one request"
    second = kept_site_data.find_site(RequestFactory().get("/"))
    assert second.site_name != "Changed in one request"
    assert second.root_page.title == "Home"


def test_addresses_that_name_no_page_are_not_kept(client, kept_site_data, home_page):
    for _ in range(20):
        assert client.get(f"/{uuid.uuid4().hex}/").status_code == 404
    kept = kept_site_data._Kept.values
    assert not [key for key in kept if key[0] == "route"]


def test_a_live_alias_shows_in_the_menu_on_the_next_request(
    client, kept_site_data, home_page, django_capture_on_commit_callbacks
):
    about = home_page.add_child(
        instance=StandardPage(title="About", slug="about", show_in_menus=True)
    )
    assert 'href="/about-copy/"' not in nav(client)
    with django_capture_on_commit_callbacks(execute=True):
        about.create_alias(update_slug="about-copy")
    assert 'href="/about-copy/"' in nav(client)


def test_stored_pages_last_no_longer_than_the_kept_data_they_were_drawn_from(
    client, kept_site_data, page_cache, home_page
):
    from cms.cache import _lifetime

    client.get("/")
    remaining = (kept_site_data.kept_until() - timezone.now()).total_seconds()
    assert 0 < remaining <= 300
    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        assert _lifetime() <= remaining - 240 + 1
