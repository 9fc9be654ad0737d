"""Lockouts, rate limits and the page generation survive any number of cache writes: nothing a
flood of requests writes can push them out before they expire."""

from datetime import timedelta

import time_machine
from allauth.account.adapter import get_adapter
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from cms.cache import _Generation
from tests.factories import PASSWORD, UserFactory
from tests.portal.test_accounts import sign_in, signed_in_user_id

WRONG_PASSWORD = "wrong horse battery"


def junk_rate_limit_writes(count: int) -> None:
    """What `count` requests from different clients (or with different junk links) write: one
    new rate-limit counter each."""
    factory = RequestFactory()
    for number in range(count):
        request = factory.post("/letters/junk/", REMOTE_ADDR=f"10.{number // 250}.{number % 250}.1")
        is_ratelimited(request, group="junk", key="ip", rate="30/h", increment=True)


def test_lockout_holds_after_1000_rate_limit_writes(client, production_caches, user):
    for _ in range(5):
        sign_in(client, user.email, password=WRONG_PASSWORD)

    junk_rate_limit_writes(1000)
    response = sign_in(client, user.email, password=PASSWORD)

    assert signed_in_user_id(client) is None
    assert response.context["form"].errors == {
        "__all__": [get_adapter().error_messages["too_many_login_attempts"]]
    }


def test_lockouts_of_many_accounts_hold_after_1000_rate_limit_writes(client, production_caches):
    people = [UserFactory(verified=True) for _ in range(120)]
    for number, person in enumerate(people):
        for _ in range(5):
            # Each from an address of its own: allauth also locks an address after 5 failures.
            sign_in(
                client, person.email, password=WRONG_PASSWORD, REMOTE_ADDR=f"203.0.113.{number}"
            )

    junk_rate_limit_writes(1000)

    still_locked = 0
    for person in people:
        sign_in(client, person.email, password=PASSWORD, REMOTE_ADDR="198.51.100.7")
        still_locked += signed_in_user_id(client) is None
        client.logout()
    assert still_locked == 120


def test_page_generation_is_intact_after_1000_rate_limit_writes(production_caches, settings):
    settings.PAGE_CACHE_GENERATION_CHECK = 0
    _Generation.value = None
    before = _Generation.current()

    junk_rate_limit_writes(1000)

    assert _Generation.current() == before


def test_shared_cache_drops_expired_entries_once_past_max_entries(production_caches):
    cache = production_caches["default"]
    with time_machine.travel(timezone.now() - timedelta(hours=1)):
        cache.set_many({f"old-{number}": number for number in range(1001)}, timeout=60)
    cache.set("kept", "a lockout", timeout=300)

    cache.set("new", "a counter", timeout=300)  # a write past MAX_ENTRIES sweeps

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM portal_cache")
        assert cursor.fetchone()[0] == 2
    assert cache.get_many(["kept", "new"]) == {"kept": "a lockout", "new": "a counter"}
