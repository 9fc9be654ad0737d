import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Site

from cms.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def menu_pages(home_page):
    """About and Contact in menus, Privacy not in menus, a draft in menus."""
    pages = {}
    for slug, in_menu, live in [
        ("about", True, True),
        ("privacy", False, True),
        ("contact", True, True),
        ("draft", True, False),
    ]:
        pages[slug] = home_page.add_child(
            instance=StandardPage(title=slug.title(), slug=slug, show_in_menus=in_menu, live=live)
        )
    return pages


def primary_nav_html(client, url: str) -> str:
    html = client.get(url).content.decode()
    start = html.index('<nav class="primary-nav" aria-label="Primary">')
    return html[start : html.index("</nav>", start)]


def test_primary_nav_lists_live_menu_pages_in_tree_order(client, menu_pages):
    nav = primary_nav_html(client, "/")

    assert '<a class="primary-nav__link" href="/about/">About</a>' in nav
    assert '<a class="primary-nav__link" href="/contact/">Contact</a>' in nav
    assert nav.index("About") < nav.index("Contact")


def test_primary_nav_hides_pages_not_in_menus_and_drafts(client, menu_pages):
    nav = primary_nav_html(client, "/")

    assert "Privacy" not in nav
    assert "Draft" not in nav


def test_primary_nav_marks_the_current_page(client, menu_pages):
    nav = primary_nav_html(client, "/about/")

    assert 'href="/about/" aria-current="page">About</a>' in nav
    assert 'href="/contact/">Contact</a>' in nav


def test_primary_nav_renders_outside_wagtail_pages(client, menu_pages):
    nav = primary_nav_html(client, "/accounts/login/")

    assert 'href="/about/"' in nav
    assert "aria-current" not in nav


def test_primary_nav_costs_one_query_once_the_site_is_known(menu_pages, django_assert_num_queries):
    request = RequestFactory().get("/")
    Site.find_for_request(request)
    Site.get_site_root_paths()  # warm the cache that page URLs use
    template = Template("{% load cms_tags %}{% primary_nav %}")

    with django_assert_num_queries(1):
        html = template.render(Context({"request": request}))

    assert 'href="/about/"' in html


def test_primary_nav_without_request_renders_nothing():
    html = Template("{% load cms_tags %}{% primary_nav %}").render(Context({}))

    assert html.strip() == ""
