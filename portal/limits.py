"""Rate limits and lockouts: what they count by (the client's own address, behind the HTTPS
proxy too; the e-mailed link a request uses; the password restriction it guesses at), and where
they are counted (a cache that never drops a live counter)."""

import ipaddress

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.db import connections
from django_ratelimit.decorators import ratelimit

# Wagtail's password forms (restricted pages and documents): attempts by one client, and by
# everyone together against one restriction (a guess spread over many addresses).
GUESS_RATE_PER_CLIENT = "10/10m"
GUESS_RATE_PER_RESTRICTION = "50/h"


def client_ip(request) -> str:
    """The client's address by allauth's trusted-proxy rule (ALLAUTH_TRUSTED_PROXY_COUNT, set
    from TRUSTED_PROXY_COUNT: the address the trusted proxy appended to X-Forwarded-For;
    REMOTE_ADDR when no proxy is trusted). django-ratelimit's "ip" key reads it through
    RATELIMIT_IP_META_KEY, so sign-in limits and every other limit count the same client."""
    return get_adapter(request).get_client_ip(request)


def _client_network(request) -> str:
    # As django-ratelimit's "ip" key: an IPv6 client is its /64, which it gets whole.
    ip = client_ip(request)
    mask = settings.RATELIMIT_IPV6_MASK if ":" in ip else settings.RATELIMIT_IPV4_MASK
    return str(ipaddress.ip_network(f"{ip}/{mask}", strict=False).network_address)


def client_and_link(group, request) -> str:
    """A django-ratelimit key: the client and the e-mailed link (the view's `token`). A
    client's junk, or their own link's, never blocks another link, and nobody else's requests
    block theirs."""
    return f"{_client_network(request)} {request.resolver_match.kwargs['token']}"


def _restriction(group, request) -> str:
    kwargs = request.resolver_match.kwargs
    return str(kwargs.get("page_view_restriction_id", kwargs.get("restriction_id")))


def limit_password_tries(view, name: str):
    """`view` (one of Wagtail's password forms) with its POSTs limited per client and per
    restriction; past either, the site's 429 page."""
    per_restriction = ratelimit(
        group=f"password-form:{name}:restriction",
        key=_restriction,
        rate=GUESS_RATE_PER_RESTRICTION,
        method="POST",
        block=True,
    )
    per_client = ratelimit(
        group=f"password-form:{name}:client",
        key="ip",
        rate=GUESS_RATE_PER_CLIENT,
        method="POST",
        block=True,
    )
    # The client's own limit first: one client cannot use up a restriction's allowance.
    return per_client(per_restriction(view))


class ExpiringDatabaseCache(DatabaseCache):
    """The shared cache (lockouts, rate limits, used TOTP codes): Django's database cache,
    except that past MAX_ENTRIES it removes only expired entries, never live ones. Django's own
    culls a third of all entries, in key order, once there are more than MAX_ENTRIES: a flood
    of junk requests (one new counter each) would then erase sign-in lockouts and rate-limit
    counters early. Here the table holds at most what is still unexpired.
    """

    def _cull(self, db, cursor, now, num):
        # Replaces Django's cull (called by `_base_set` when the table has more than
        # MAX_ENTRIES rows) with its first step only. tests/portal/test_limits.py holds it to
        # that: a change in Django's cache shows there.
        connection = connections[db]
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(self._table)} "  # noqa: S608 - our table name
            f"WHERE {connection.ops.quote_name('expires')} < %s",
            [connection.ops.adapt_datetimefield_value(now)],
        )
