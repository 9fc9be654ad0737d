"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that thread
# are still synchronous. Read at call time by Django, so setting it here is early enough.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATimeOnSharedConnection(ThreadedWSGIServer):
    """The live server, answering one request at a time when its threads share the test's
    in-memory SQLite connection: a browser loads a page's parts in parallel, and two requests
    on one sqlite3 connection at once fail ("bad parameter or other API misuse"), which lost a
    signed-in session now and then. Each response is read out before the next request starts,
    streaming ones included. On PostgreSQL each request has its own connection, as in
    production, and requests run in parallel."""

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()

        return super().set_app(one_at_a_time)


LiveServerThread.server_class = OneRequestAtATimeOnSharedConnection

AXE_SCRIPT = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def no_browser_left_open(request):
    """After each test, every browser context it opened is closed: a page left open (a Wagtail
    edit view pings the server every few seconds) would reach the live server during later
    tests, whose database connection it shares on SQLite."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The site's CSP forbids injected scripts; axe-core is injected by the tests themselves.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def wagtail_tree(transactional_db):
    """live_server tests flush every table, the migration-made Wagtail root and Locale included."""
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")
    return Page.get_first_root_node()


@pytest.fixture
def demo_site(wagtail_tree, live_server):
    """The demo foundation, served by the live server. Returns the awards by slug."""
    from wagtail.models import Site

    from awards.demo import seed_awards
    from cms.demo import seed_site
    from portal.roles import ensure_role_groups

    ensure_role_groups()
    awards = seed_awards()
    seed_site(awards)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", live_server.thread.port
    site.save()
    return awards


@pytest.fixture
def journey_site(demo_site, live_server, settings):
    """The demo, with e-mailed links pointing at the live server as they would at the site."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    return demo_site


@pytest.fixture
def phone(browser, live_server):
    """Opens a new person's phone (each call another person's): a fresh browser set to English,
    nobody signed in, no language chosen on the site yet. Closed after the test."""

    def open_page():
        context = browser.new_context(
            viewport=PHONE,
            bypass_csp=True,
            has_touch=True,
            base_url=live_server.url,
            locale="en-US",
        )
        context.set_default_timeout(15_000)
        return context.new_page()

    return open_page


def signed_in_page(browser, live_server, user, **context_args):
    """A page of a new browser where `user` is already signed in (signing in has its own
    journeys). Closed after the test."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, **context_args)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return context.new_page()


def settle(page) -> None:
    """Wait until every animation that ends has ended: Wagtail fades its messages in, and a text
    caught half-faded fails axe's contrast check although no reader ever sees it that way.
    (The fade starts when the admin marks its page `ready`.)"""
    page.wait_for_function(
        "() => !document.querySelector('[data-controller~=w-messages]')"
        " || document.querySelector('.ready')"
    )
    page.evaluate(
        "() => Promise.all(document.getAnimations()"
        ".filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)"
        ".map(a => a.finished.catch(() => null)))"
    )


@pytest.fixture
def axe():
    """Run axe-core in a page; returns the violations of at least serious impact."""
    assert AXE_SCRIPT.exists(), "axe-core is missing: `make test` installs it"

    def run(page):
        settle(page)
        page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [node["target"] for node in v["nodes"]][:5],
            }
            for v in serious
        ]

    run.describe = lambda violations: json.dumps(violations, indent=2)
    return run


def bulk_action_on_nominations(page, cycle, names: list[str], action_label: str) -> None:
    """On the nominations list of `cycle`, tick the rows of the nominees `names` and open the
    bulk action labelled `action_label` from the footer that appears."""
    from django.urls import reverse
    from playwright.sync_api import expect

    page.goto(f"{reverse('nomination:index')}?cycle={cycle.pk}&status=&year=")
    for name in names:
        page.get_by_role("row").filter(has_text=name).get_by_role("checkbox").check()
    footer = page.get_by_role("region", name="Bulk actions")
    expect(footer).to_be_visible()
    footer.get_by_role("link", name=action_label).click()
