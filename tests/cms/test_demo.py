import pytest
from django.conf import settings
from wagtail.models import Locale, Page, Revision, Site

from awards.models import Award, NomineeCategory
from cms.demo import seed_site
from cms.models import (
    AwardIndexPage,
    AwardPage,
    FooterTranslation,
    FoundationSettings,
    HomePage,
    StandardPage,
)

pytestmark = pytest.mark.django_db

AWARDS = [
    ("principal-excellence", "Excellence in Leadership Award", NomineeCategory.PRINCIPAL),
    ("title-i-teacher-staff", "Title I Educator Award", NomineeCategory.TEACHER),
    ("k8-science-teacher", "K-8 Science Teaching Award", NomineeCategory.TEACHER),
    ("student-leadership-scholarship", "Student Leadership Scholarship", NomineeCategory.STUDENT),
]


@pytest.fixture
def awards():
    return {
        slug: Award.objects.create(slug=slug, name=name, category=category)
        for slug, name, category in AWARDS
    }


def test_seed_site_twice_keeps_page_count_and_one_home_page_at_root(awards):
    seed_site(awards)
    page_count = Page.objects.count()
    revision_count = Revision.objects.count()

    seed_site(awards)

    assert Page.objects.count() == page_count
    assert Revision.objects.count() == revision_count
    assert FooterTranslation.objects.count() == len(settings.LANGUAGES) - 1
    # In English: root, home, award index, 4 awards, results, 3 standard pages; every page but
    # the root in each of the four other languages.
    assert page_count == 11 + 4 * 10
    root = Page.get_first_root_node()
    assert [page.specific_class for page in root.get_children()] == [HomePage] * 5
    assert HomePage.objects.filter(locale=Locale.get_default()).count() == 1


def test_seed_site_replaces_welcome_page_and_points_default_site_at_home(awards):
    seed_site(awards)

    home = HomePage.objects.get(locale=Locale.get_default())
    assert Page.objects.filter(title="Welcome to your new Wagtail site!").exists() is False
    assert Site.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk


def test_seed_site_without_any_site_creates_default_site(awards):
    Site.objects.all().delete()

    seed_site(awards)

    site = Site.objects.get()
    assert site.is_default_site is True
    assert site.root_page_id == HomePage.objects.get(locale=Locale.get_default()).pk


def test_seed_site_publishes_award_pages_linked_to_awards(awards):
    seed_site(awards)

    index = AwardIndexPage.objects.get(slug="awards", locale=Locale.get_default())
    pages = AwardPage.objects.child_of(index).order_by("path")
    assert [page.slug for page in pages] == [slug for slug, _, _ in AWARDS]
    for page in pages:
        assert page.live is True
        assert page.live_revision_id is not None
        assert page.award == awards[page.slug]
        assert page.title == awards[page.slug].name
        assert len(page.faq) >= 3
        # Staff add their own milestones; the cycle's dates are shown beside them.
        assert len(page.timeline) >= 2


def test_seed_site_sets_menu_pages(awards):
    seed_site(awards)

    home = HomePage.objects.get(locale=Locale.get_default())
    in_menu = [page.slug for page in home.get_children().in_menu()]
    assert in_menu == ["awards", "results", "about", "contact"]
    privacy = StandardPage.objects.get(slug="privacy", locale=Locale.get_default())
    assert privacy.show_in_menus is False  # in the footer only


def test_seed_site_fills_foundation_settings(awards):
    seed_site(awards)

    foundation = FoundationSettings.for_site(Site.objects.get(is_default_site=True))
    assert foundation.foundation_name == "Lakeside Schools Foundation"
    assert foundation.contact_email == "awards@lakeside-foundation.example"
    assert [link.value["label"] for link in foundation.footer_links] == [
        "About",
        "Privacy",
        "Contact",
    ]
    assert [link.value["page"].slug for link in foundation.footer_links] == [
        "about",
        "privacy",
        "contact",
    ]
    # Its name and footer in each other language, linking the same pages.
    others = {code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}
    rows = {row.language: row for row in foundation.footer_translations.all()}
    assert set(rows) == others
    for row in rows.values():
        assert row.foundation_name not in ("", foundation.foundation_name)
        assert row.footer_text not in ("", foundation.footer_text)
        assert [link.value["page"].pk for link in row.footer_links] == [
            link.value["page"].pk for link in foundation.footer_links
        ]


def test_seed_site_keeps_edited_foundation_name(awards):
    seed_site(awards)
    foundation = FoundationSettings.for_site(Site.objects.get(is_default_site=True))
    foundation.foundation_name = "Harbor Education Fund"
    foundation.save()

    seed_site(awards)

    foundation.refresh_from_db()
    assert foundation.foundation_name == "Harbor Education Fund"


def test_seeded_pages_render(client, awards):
    seed_site(awards)

    for url in ["/", "/awards/", "/awards/k8-science-teacher/", "/privacy/", "/results/"]:
        assert client.get(url).status_code == 200
