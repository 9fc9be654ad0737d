"""Whole-page caching of the public site: hits cost no query, signed-in visitors are never
served a stored page, and publishing retires stored pages in every process."""

import json
import threading
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import F
from django.test import override_settings
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction
from wagtail.signals import published, unpublished

from awards.domain.retention import purge_expired
from awards.models import Award, Cycle
from cms.cache import _Generation, _lifetime, bump_generation
from cms.models import StandardPage
from portal.models import PageGeneration
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.models import Decision
from tests.awards.factories import candidate
from tests.factories import CycleFactory, UserFactory, close_nominations

PROCESSES, BUMPS_PER_PROCESS = 8, 25


def test_a_second_anonymous_visit_is_served_whole_without_a_query(
    client, page_cache, make_award_page, django_assert_num_queries, settings
):
    # The generation is read from the database at most every PAGE_CACHE_GENERATION_CHECK
    # seconds; within that, a hit costs nothing.
    settings.PAGE_CACHE_GENERATION_CHECK = 60
    page = make_award_page("Teacher of the Year")
    first = client.get(page.url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(page.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in second


def test_signed_in_visitors_are_never_served_or_stored(client, page_cache, make_award_page, user):
    page = make_award_page("Teacher of the Year")
    client.get(page.url)  # stored for anonymous visitors
    client.force_login(user)
    response = client.get(page.url)
    assert "X-Page-Cache" not in response
    assert "My nominations" in response.content.decode()
    client.logout()
    assert "My nominations" not in client.get(page.url).content.decode()


def test_publishing_a_change_is_visible_on_the_next_request(
    client, page_cache, make_award_page, django_capture_on_commit_callbacks
):
    page = make_award_page("Teacher of the Year", summary="Old summary.")
    assert "Old summary." in client.get(page.url).content.decode()
    page.summary = "New summary."
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "New summary." in response.content.decode()


def test_a_change_in_another_process_is_seen_once_the_generation_moves(
    client, page_cache, make_award_page
):
    page = make_award_page("Teacher of the Year")
    client.get(page.url)
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    PageGeneration.objects.update(n=F("n") + 1)  # what another process's publishing does
    assert client.get(page.url)["X-Page-Cache"] == "miss"


def test_a_rolled_back_change_does_not_retire_pages(client, page_cache, make_award_page):
    page = make_award_page("Teacher of the Year")
    client.get(page.url)
    page.summary = "Never committed."
    page.save_revision().publish()  # the test's transaction never commits
    assert client.get(page.url)["X-Page-Cache"] == "hit"


def test_query_strings_and_restricted_pages_are_not_stored(
    client, page_cache, make_award_page, django_capture_on_commit_callbacks
):
    page = make_award_page("Teacher of the Year")
    assert "X-Page-Cache" not in client.get(page.url + "?utm=1")
    hidden = make_award_page("Staff only")
    with django_capture_on_commit_callbacks(execute=True):  # committed, as staff's change is
        PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    response = client.get(hidden.url)
    assert response.status_code == 302
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in client.get(hidden.url)


def test_pages_are_kept_only_until_a_cycle_opens_or_closes(db, settings):
    settings.PAGE_CACHE_SECONDS = 300
    assert _lifetime() == 300
    CycleFactory(status="open", closes_at=timezone.now() + timedelta(seconds=42))
    assert 40 <= _lifetime() <= 42


@override_settings(PAGE_CACHE_SECONDS=0)
def test_page_caching_can_be_turned_off(client, make_award_page):
    page = make_award_page("Teacher of the Year")
    client.get(page.url)
    assert "X-Page-Cache" not in client.get(page.url)


@pytest.mark.django_db(transaction=True)
def test_concurrent_bumps_are_all_counted(production_caches, settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: nothing concurrent to count")
    settings.PAGE_CACHE_GENERATION_CHECK = 0
    _Generation.value = None
    before = _Generation.current()

    def publish_many():
        try:
            for _ in range(BUMPS_PER_PROCESS):
                bump_generation()  # outside a transaction: at once, as after a commit
        finally:
            connection.close()

    workers = [threading.Thread(target=publish_many) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert _Generation.current() == before + PROCESSES * BUMPS_PER_PROCESS


# Every public change retires stored pages, in every process.


def test_replacing_a_document_retires_pages_that_link_it(
    client, page_cache, home_page, django_capture_on_commit_callbacks
):
    rules = Document.objects.create(
        title="Rules", file=ContentFile(b"%PDF-1.4 2026 rules", name="rules-2026.pdf")
    )
    page = home_page.add_child(
        instance=StandardPage(
            title="How to nominate",
            slug="how",
            body=json.dumps(
                [
                    {
                        "type": "paragraph",
                        "value": f'<p><a linktype="document" id="{rules.pk}">The rules</a></p>',
                    }
                ]
            ),
        )
    )
    assert "rules-2026.pdf" in client.get(page.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        rules.file = ContentFile(b"%PDF-1.4 2027 rules", name="rules-2027.pdf")
        rules.save()
    response = client.get(page.url)

    assert response["X-Page-Cache"] == "miss"
    assert "rules-2027.pdf" in response.content.decode()


def test_publishing_a_snippet_retires_stored_pages(
    client, page_cache, make_award_page, django_capture_on_commit_callbacks
):
    page = make_award_page("Teacher of the Year")
    client.get(page.url)

    # What Wagtail's PublishRevisionAction sends for a snippet (any model with drafts but pages).
    with django_capture_on_commit_callbacks(execute=True):
        published.send(sender=Award, instance=page.award)

    assert client.get(page.url)["X-Page-Cache"] == "miss"


def test_unpublishing_a_snippet_retires_stored_pages(
    client, page_cache, make_award_page, django_capture_on_commit_callbacks
):
    page = make_award_page("Teacher of the Year")
    client.get(page.url)

    with django_capture_on_commit_callbacks(execute=True):
        unpublished.send(sender=Award, instance=page.award)

    assert client.get(page.url)["X-Page-Cache"] == "miss"


def test_a_page_made_private_in_another_process_is_refused_once_the_generation_moves(
    client, page_cache, kept_site_data, make_award_page
):
    page = make_award_page("Staff only")
    assert client.get(page.url).status_code == 200
    assert client.get(page.url)["X-Page-Cache"] == "hit"

    # Another process restricts the page and, on commit, moves the generation (this process
    # runs no commit hook of its own here).
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    PageGeneration.objects.update(n=F("n") + 1)
    response = client.get(page.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_purging_an_announced_candidates_personal_data_retires_stored_results(
    client, page_cache, kept_site_data, home_page, staff_user, django_capture_on_commit_callbacks
):
    cycle = CycleFactory()
    winner = candidate(cycle, nominee_first_name="Katherine", nominee_last_name="Johnson")
    record_decision(cycle, winner.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    close_nominations(cycle)
    with django_capture_on_commit_callbacks(execute=True):
        request_publication(cycle, staff_user, None)
        url = approve_publication(cycle, UserFactory(staff=True)).results_page.url
    assert "Katherine Johnson" in client.get(url).content.decode()
    Cycle.objects.filter(pk=cycle.pk).update(
        opens_at=timezone.now() - timedelta(days=365 * 9),
        closes_at=timezone.now() - timedelta(days=365 * 8),
    )

    # Names of announced candidates are the caller's to keep; here none is kept.
    with django_capture_on_commit_callbacks(execute=True):
        purge_expired(years=7, keep_names_for=set())
    html = client.get(url).content.decode()

    assert "Katherine Johnson" not in html
