"""Rate limits count the client, not the proxy in front of the portal, and the links and
passwords they guard: one client's junk blocks nobody else, and each limit holds."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from awards.tokens import guardian_token, nominee_token
from cms.models import StandardPage

PROXY = "10.0.0.2"  # the HTTPS proxy every request comes through in production
CLIENT_A, CLIENT_B = "198.51.100.7", "203.0.113.9"
SLOW_DOWN = "Please slow down"  # the site's 429 page

# Each test fills a fixed window of a limit: the clock must not carry it into the next one.
pytestmark = pytest.mark.usefixtures("clock_held")


def through_proxy(client_address: str) -> dict:
    """Request headers as the trusted proxy passes them on: its own address as the peer, the
    client's appended to X-Forwarded-For (after whatever the client claimed)."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"192.0.2.66, {client_address}"}


@pytest.fixture
def behind_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


LINKS = {
    "letter writer": lambda world: f"/letters/{world.letter_link_token()}/",
    "nominee": lambda world: f"/nominee/{nominee_token(world.nomination)}/",
    "guardian consent": lambda world: f"/consent/{guardian_token(world.nomination)}/",
}
JUNK = {
    "letter writer": "/letters/junk-token/",
    "nominee": "/nominee/junk-token/",
    "guardian consent": "/consent/junk-token/",
}
LINK_LIMIT = 30  # posts an hour


def post_many(client, path, times, **extra) -> list[int]:
    # An empty form: refused (422) or shown again, never recorded.
    return [client.post(path, {}, **extra).status_code for _ in range(times)]


@pytest.mark.parametrize("name", list(LINKS))
def test_link_page_post_past_the_hourly_limit_is_429(client, world, name):
    path = LINKS[name](world)

    statuses = post_many(client, path, LINK_LIMIT)
    response = client.post(path, {})

    assert 429 not in statuses
    assert response.status_code == 429
    assert SLOW_DOWN in response.content.decode()


@pytest.mark.parametrize("name", list(LINKS))
def test_link_page_junk_from_one_client_does_not_block_a_real_link(client, world, name):
    post_many(client, JUNK[name], LINK_LIMIT + 5)

    response = client.post(LINKS[name](world), {})

    assert response.status_code != 429


@pytest.mark.parametrize("name", list(LINKS))
def test_link_page_behind_proxy_one_client_does_not_block_another(
    client, world, behind_proxy, name
):
    path = LINKS[name](world)
    post_many(client, path, LINK_LIMIT, **through_proxy(CLIENT_A))

    blocked = client.post(path, {}, **through_proxy(CLIENT_A))
    other = client.post(path, {}, **through_proxy(CLIENT_B))

    assert blocked.status_code == 429
    assert other.status_code != 429


def test_start_page_behind_proxy_one_client_does_not_block_another(client, world, behind_proxy):
    path = f"/nominate/{world.cycle.award.slug}/"
    post_many(client, path, 20, **through_proxy(CLIENT_A))

    blocked = client.post(path, {}, **through_proxy(CLIENT_A))
    other = client.post(path, {}, **through_proxy(CLIENT_B))

    assert blocked.status_code == 429
    assert other.status_code != 429


# Wagtail's password form for restricted pages and documents.

PASSWORD_TRIES_PER_CLIENT = 10  # per 10 minutes
PASSWORD_TRIES_PER_RESTRICTION = 50  # per hour, from all clients together


@pytest.fixture
def password_page(home_page):
    def make(title: str) -> str:
        page = home_page.add_child(instance=StandardPage(title=title, slug=title.lower()))
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-word"
        )
        return f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"

    return make


def guess(client, path, password="wrong-guess", **extra):  # noqa: S107 - a guess
    return client.post(path, {"password": password, "return_url": "/"}, **extra)


def test_page_password_form_past_the_client_limit_is_429(client, password_page):
    path = password_page("Committee")
    statuses = [guess(client, path).status_code for _ in range(PASSWORD_TRIES_PER_CLIENT)]

    response = guess(client, path, password="s3cret-word")

    assert statuses == [200] * PASSWORD_TRIES_PER_CLIENT  # the form again, "wrong password"
    assert response.status_code == 429
    assert SLOW_DOWN in response.content.decode()


def test_page_password_form_behind_proxy_counts_each_client(client, password_page, behind_proxy):
    path = password_page("Committee")
    for _ in range(PASSWORD_TRIES_PER_CLIENT):
        guess(client, path, **through_proxy(CLIENT_A))

    response = guess(client, path, password="s3cret-word", **through_proxy(CLIENT_B))

    assert response.status_code == 302  # the right password, from another client


def test_page_password_form_past_the_page_limit_is_429_for_every_client(
    client, password_page, behind_proxy
):
    path = password_page("Committee")
    other_page = password_page("Jury")
    for attempt in range(PASSWORD_TRIES_PER_RESTRICTION):
        # Many clients, each well under its own limit.
        guess(client, path, **through_proxy(f"198.51.100.{attempt // 5 + 1}"))

    response = guess(client, path, password="s3cret-word", **through_proxy(CLIENT_B))
    elsewhere = guess(client, other_page, password="s3cret-word", **through_proxy(CLIENT_B))

    assert response.status_code == 429
    assert elsewhere.status_code == 302


def test_document_password_form_past_the_client_limit_is_429(client, db):
    collection = Collection.get_first_root_node().add_child(name="Committee papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="s3cret-word",
    )
    path = f"/documents/authenticate_with_password/{restriction.pk}/"
    for _ in range(PASSWORD_TRIES_PER_CLIENT):
        guess(client, path)

    response = guess(client, path, password="s3cret-word")

    assert response.status_code == 429
    assert SLOW_DOWN in response.content.decode()


# Nomination step forms --------------------------------------------------------------------------


def step_path(nomination) -> str:
    return f"/nominations/{nomination.code}/step/1/"


def nominator_with_draft(client_class):
    from tests.awards.factories import NominationFactory

    nomination = NominationFactory()
    browser = client_class()
    browser.force_login(nomination.nominator)
    return browser, nomination


def test_step_posts_past_the_hourly_limit_of_an_account_are_429(client, db):
    from django.test import Client

    browser, nomination = nominator_with_draft(Client)
    statuses = post_many(browser, step_path(nomination), 240)
    response = browser.post(step_path(nomination), {})

    assert 429 not in statuses
    assert response.status_code == 429
    assert SLOW_DOWN in response.content.decode()
    other, other_nomination = nominator_with_draft(Client)
    assert other.post(step_path(other_nomination), {}).status_code != 429


def test_new_accounts_do_not_lift_the_limit_of_one_client(db, settings, behind_proxy):
    """Each account costs only an e-mailed code: one client's step posts are limited across all
    its accounts; another client behind the same proxy is not."""
    from django.test import Client

    settings.STEP_POSTS_PER_CLIENT = "6/h"
    for _account in range(3):
        browser, nomination = nominator_with_draft(Client)
        assert 429 not in post_many(browser, step_path(nomination), 2, **through_proxy(CLIENT_A))

    fourth, fourth_nomination = nominator_with_draft(Client)
    assert (
        fourth.post(step_path(fourth_nomination), {}, **through_proxy(CLIENT_A)).status_code == 429
    )
    other, other_nomination = nominator_with_draft(Client)
    assert other.post(step_path(other_nomination), {}, **through_proxy(CLIENT_B)).status_code != 429
