"""What rate limits count by: the client's own address (behind the HTTPS proxy too) and the
e-mailed link a request uses."""

import ipaddress

from allauth.account.adapter import get_adapter
from django.conf import settings


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
