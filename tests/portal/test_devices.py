import pytest
from django.test import RequestFactory

from portal.devices import is_phone

# User-Agent strings as the browsers send them.
AGENTS = {
    "iPhone Safari": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        True,
    ),
    "Android Chrome on a phone": (
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
        True,
    ),
    "Firefox on an Android phone": (
        "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
        True,
    ),
    "Android Chrome on a tablet": (
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        False,
    ),
    "Windows Chrome": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        False,
    ),
    "Mac Safari (and an iPad asking for desktop sites)": (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/18.1 Safari/605.1.15",
        False,
    ),
}


@pytest.mark.parametrize(("user_agent", "phone"), AGENTS.values(), ids=AGENTS.keys())
def test_is_phone_follows_what_the_browser_says(user_agent, phone):
    request = RequestFactory().get("/", headers={"User-Agent": user_agent})

    assert is_phone(request) is phone


def test_is_phone_is_unknown_when_the_browser_says_nothing():
    assert is_phone(RequestFactory().get("/")) is None
    assert is_phone(RequestFactory().get("/", headers={"User-Agent": "  "})) is None
