"""A page directly under a home page lives at /<slug>/; the portal's own screens answer some of
those addresses first, so an editor may not choose a slug that would make the page unreachable."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import StandardPage
from portal.roles import ensure_role_groups
from tests.factories import UserFactory


@pytest.fixture
def staff_client(db) -> Client:
    ensure_role_groups()
    staff = Client()
    staff.force_login(UserFactory(staff=True, verified=True))
    return staff


def first_segment(url: str) -> str:
    return url.strip("/").split("/", 1)[0]


# Addresses people are sent to, reversed from the routes themselves: a nominator's start page and
# list, sign-in, the reviewer portal, the admin, a language's home.
PORTAL_ADDRESSES = [
    pytest.param(lambda: reverse("awards:start", kwargs={"award_slug": "teacher"}), id="start"),
    pytest.param(lambda: reverse("awards:mine"), id="my-nominations"),
    pytest.param(lambda: reverse("account_login"), id="sign-in"),
    pytest.param(lambda: reverse("review:dashboard"), id="reviewer-portal"),
    pytest.param(lambda: reverse("wagtailadmin_home"), id="admin"),
    pytest.param(lambda: reverse("javascript-catalog"), id="scripts"),
    pytest.param(lambda: "/es/", id="a-language"),
]


def add_standard_page(client: Client, parent, slug: str):
    url = reverse("wagtailadmin_pages:add", args=["cms", "standardpage", parent.pk])
    data = nested_form_data(
        {
            "title": "A page",
            "slug": slug,
            "intro": rich_text(""),
            "body": streamfield([]),
            "action-publish": "publish",
        }
    )
    return client.post(url, data)


@pytest.mark.parametrize("address", PORTAL_ADDRESSES)
def test_a_slug_the_portal_answers_is_refused_under_the_home_page(staff_client, home_page, address):
    slug = first_segment(address())

    response = add_standard_page(staff_client, home_page, slug)

    assert response.status_code == 200
    assert "belongs to one of the portal" in response.content.decode()
    assert not StandardPage.objects.filter(slug=slug).exists()


def test_a_free_slug_under_the_home_page_is_published_and_served(staff_client, home_page, client):
    response = add_standard_page(staff_client, home_page, "volunteer")

    assert response.status_code == 302
    page = StandardPage.objects.get(slug="volunteer")
    assert page.live is True
    assert client.get("/volunteer/").status_code == 200


def test_a_reserved_word_deeper_in_the_tree_is_allowed(staff_client, home_page, client):
    parent = home_page.add_child(instance=StandardPage(title="About", slug="about"))

    response = add_standard_page(staff_client, parent, "review")

    assert response.status_code == 302
    assert client.get("/about/review/").status_code == 200


def test_a_page_saved_outside_the_admin_is_held_to_the_same_rule(home_page):
    with pytest.raises(ValidationError) as refused:
        home_page.add_child(instance=StandardPage(title="Nominate", slug="nominate"))

    assert "slug" in refused.value.message_dict


def test_renaming_a_page_to_a_portal_address_is_refused(staff_client, home_page):
    page = home_page.add_child(instance=StandardPage(title="Contact", slug="contact"))
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = nested_form_data(
        {
            "title": "Contact",
            "slug": "accounts",
            "intro": rich_text(""),
            "body": streamfield([]),
            "action-publish": "publish",
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "belongs to one of the portal" in response.content.decode()
    page.refresh_from_db()
    assert page.slug == "contact"
