"""The page view finds the site and the page in a fixed number of queries, and answers exactly
as Wagtail's tree walk would."""

import re
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cms import routing
from cms.models import StandardPage


def wagtail_walk(path: str, host: str = "testserver"):
    """Wagtail's own answer, on a request of its own."""
    request = RequestFactory().get(path, HTTP_HOST=host)
    try:
        result = Page.route_for_request(request, path)
    except Http404:
        return None
    return result


def fast_route(url: str, host: str = "testserver", path: str | None = None):
    """The route for `url`; `path`: what the page view gets of it (without a language prefix)."""
    return routing.find_route(RequestFactory().get(url, HTTP_HOST=host), path or url)


@pytest.fixture
def tree(home_page, award_index, make_award_page):
    """Pages at every depth, including a live page under a draft one."""
    award = make_award_page("Teacher of the Year")
    about = home_page.add_child(instance=StandardPage(title="About", slug="about"))
    history = about.add_child(
        instance=StandardPage(title="History", slug="history", intro="<p>Founded in 1990.</p>")
    )
    draft = about.add_child(instance=StandardPage(title="Draft", slug="draft", live=False))
    under_draft = draft.add_child(instance=StandardPage(title="Under draft", slug="under"))
    return {
        "home": home_page,
        "index": award_index,
        "award": award,
        "history": history,
        "draft": draft,
        "under_draft": under_draft,
    }


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/awards/",
        "/awards/award-1/",
        "/about/",
        "/about/history/",
        "/about/draft/",
        "/about/draft/under/",
        "/about/missing/",
        "/missing/",
        "/awards/award-1/deeper/",
    ],
)
def test_every_path_routes_to_what_wagtails_walk_finds(tree, path):
    expected = wagtail_walk(path)
    found = fast_route(path)

    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (type(found.page), found.page.pk) == (type(expected.page), expected.page.pk)
        assert (found.args, found.kwargs) == ([], {})


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def page_view_answer(view, path: str):
    """What a page view answers an anonymous visitor at `path`: the status, where it sends
    them and the page it renders (its CSRF token aside: a new one each time), or 404."""
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    try:
        response = view(request, path)
    except Http404:
        return 404
    if hasattr(response, "render"):
        response.render()
    html = CSRF_TOKEN.sub("", response.content.decode())
    return response.status_code, response.get("Location"), html


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/awards/award-1/",
        "/about/history/",
        "/about/draft/",
        "/about/draft/under/",
        "/about/private/",
        "/about/signed-in-only/",
        "/about/missing/",
        "/awards/award-1/deeper/",
    ],
)
def test_the_page_view_answers_as_wagtails_own(tree, path):
    """Our page view runs Wagtail's hooks and serves the page as Wagtail's view does: the same
    page, view restrictions (a password form, a sign-in redirect) and 404s."""
    about = tree["history"].get_parent()
    for slug, kind in (("private", "password"), ("signed-in-only", "login")):
        page = about.add_child(instance=StandardPage(title=slug, slug=slug))
        PageViewRestriction.objects.create(page=page, restriction_type=kind, password="s3cret")

    assert page_view_answer(routing.serve, path) == page_view_answer(wagtail_views.serve, path)


def test_a_draft_page_is_not_found_and_a_live_page_under_it_is(client, tree):
    assert client.get("/about/draft/").status_code == 404
    response = client.get("/about/draft/under/")
    assert response.status_code == 200
    assert "Under draft" in response.content.decode()


def test_the_page_comes_as_its_own_type(tree):
    found = fast_route("/awards/award-1/")

    assert found.page.specific_class is type(found.page)
    assert found.page.award.name == "Teacher of the Year"


def test_site_and_page_take_three_queries_at_any_depth(tree, django_assert_num_queries):
    for path in ("/awards/", "/awards/award-1/", "/about/draft/under/"):
        with django_assert_num_queries(3):  # the site, the page's id and type, the page
            assert fast_route(path) is not None


def test_a_renamed_slug_is_served_at_its_new_address_only(client, tree):
    """A slug changed without its stored URL path (a bulk update, an import) is still found
    by Wagtail's walk, and its old address no longer answers."""
    about = StandardPage.objects.get(slug="about")
    about.slug = "about-us"
    about.save(update_fields=["slug"])

    assert client.get("/about/").status_code == 404
    assert client.get("/about-us/").status_code == 200
    assert fast_route("/about-us/").page.pk == about.pk == wagtail_walk("/about-us/").page.pk


def test_a_restricted_page_still_asks_for_its_password(client, tree):
    PageViewRestriction.objects.create(
        page=tree["history"], restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    response = client.get("/about/history/")

    assert response.status_code == 200
    assert response.templates[0].name == "wagtailcore/password_required.html"
    assert "Founded in 1990" not in response.content.decode()


def test_each_site_serves_its_own_tree(client, tree, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example.org"]
    other_home = Page.get_first_root_node().add_child(
        instance=StandardPage(title="Other foundation", slug="other-home")
    )
    other_home.add_child(instance=StandardPage(title="Other about", slug="about"))
    Site.objects.create(hostname="other.example.org", root_page=other_home)

    other = fast_route("/about/", host="other.example.org")
    default = fast_route("/about/", host="testserver")

    assert other.page.title == "Other about"
    assert default.page.title == "About"
    assert fast_route("/awards/", host="other.example.org") is None
    assert wagtail_walk("/awards/", host="other.example.org") is None


def test_page_types_that_route_themselves_get_wagtails_walk(tree, monkeypatch):
    calls = []

    def own_route(self, request, path_components):
        calls.append(path_components)
        return Page.route(self, request, path_components)

    routing._tree_routes_by_path.cache_clear()
    monkeypatch.setattr(StandardPage, "route", own_route)
    try:
        found = fast_route("/about/history/")
    finally:
        routing._tree_routes_by_path.cache_clear()

    assert found.page.title == "History"
    assert calls == [["history"], []]


def test_a_page_in_another_language_takes_one_query_more(tree, django_assert_num_queries):
    spanish = Locale.objects.get(language_code="es")
    for page in (tree["home"], tree["index"], tree["award"]):
        page.copy_for_translation(spanish).save_revision().publish()

    # the site, the home page in Spanish, the page's id and type, the page
    with translation.override("es"), django_assert_num_queries(4):
        found = fast_route("/es/awards/award-1/", path="/awards/award-1/")

    assert found.page.locale_id == spanish.pk
    assert found.page.get_translation(Locale.get_default()).pk == tree["award"].pk


def test_an_untranslated_page_in_another_language_is_the_original(tree):
    with translation.override("es"):
        found = fast_route("/es/about/history/", path="/about/history/")

    assert found.page.pk == tree["history"].pk
