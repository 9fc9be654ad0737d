import datetime

import pytest
from django.db import connection
from django.template import loader
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from awards.demo import seed_awards
from cms.demo import seed_site
from cms.models import AwardPage, FoundationSettings, ResultsPage, StandardPage
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.models import Decision
from tests.awards.factories import candidate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_page_renders_hero_and_award_cards(client, home_page, make_award_page):
    make_award_page(title="Principal of the Year", summary="For a principal who leads.")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Celebrating Lakeside educators" in html
    assert "Nominate someone who goes above and beyond." in html
    assert "Principal of the Year" in html
    assert "For a principal who leads." in html
    assert 'href="/awards/award-1/"' in html


def test_home_page_without_awards_has_no_award_section(client, home_page):
    response = client.get("/")

    assert response.status_code == 200
    assert "Awards and scholarships" not in response.content.decode()


def test_award_index_page_lists_live_award_pages(client, make_award_page):
    make_award_page(title="First Award")
    make_award_page(title="Second Award")

    response = client.get("/awards/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Our yearly awards." in html
    assert html.index("First Award") < html.index("Second Award")
    assert [page.title for page in response.context["award_pages"]] == [
        "First Award",
        "Second Award",
    ]


def test_award_index_page_hides_drafts_and_unpublished_pages(client, make_award_page):
    make_award_page(title="Live Award")
    make_award_page(title="Draft Award", live=False)
    unpublished = make_award_page(title="Withdrawn Award")
    unpublished.unpublish()

    response = client.get("/awards/")

    html = response.content.decode()
    assert "Live Award" in html
    assert "Draft Award" not in html
    assert "Withdrawn Award" not in html
    assert [page.title for page in response.context["award_pages"]] == ["Live Award"]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/awards/", "/"])
def test_award_listing_query_count_does_not_grow_with_awards(client, make_award_page, url):
    make_award_page()
    client.get(url)  # warm the site-root-paths cache and create the site settings row
    with_one = count_queries(client, url)
    for _ in range(7):
        make_award_page()

    with_eight = count_queries(client, url)

    assert with_eight == with_one


def test_award_page_renders_its_content(client, make_award_page):
    make_award_page(
        title="Science Teacher Award",
        summary="For a science teacher.",
        who_can_be_nominated="<p>Any K-8 teacher who teaches science.</p>",
        eligibility="<p>Two years at a Lakeside school.</p>",
        timeline=[
            {
                "type": "item",
                "value": {
                    "label": "Classroom visits",
                    "date": "2026-10-31",
                    "description": "Two reviewers visit.",
                },
            }
        ],
        faq=[
            {
                "type": "item",
                "value": {"question": "Can parents nominate?", "answer": "<p>Yes.</p>"},
            }
        ],
        body=[{"type": "paragraph", "value": "<p>Hands-on science matters.</p>"}],
        cta_heading="Nominate a science teacher",
        cta_text="It takes twenty minutes.",
    )

    response = client.get("/awards/award-1/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Science Teacher Award</h1>" in html
    assert "Teacher award" in html
    assert "Any K-8 teacher who teaches science." in html
    assert "Two years at a Lakeside school." in html
    assert '<time class="timeline__date" datetime="2026-10-31">' in html
    assert "Classroom visits" in html
    assert "Can parents nominate?" in html
    assert "Hands-on science matters." in html
    assert "Nominate a science teacher" in html
    assert "It takes twenty minutes." in html


def test_award_page_without_nomination_url_shows_opens_soon_note(client, make_award_page):
    page = make_award_page(cta_label="Nominate a teacher")

    response = client.get(page.url)

    html = response.content.decode()
    assert response.context["nomination_url"] is None
    assert "Nominations open soon." in html
    assert "Nominate a teacher</a>" not in html


def test_award_page_with_nomination_url_shows_button(client, make_award_page, monkeypatch):
    page = make_award_page(cta_label="Nominate a teacher")
    monkeypatch.setattr(AwardPage, "get_nomination_url", lambda self: "/nominate/award-1/")

    response = client.get(page.url)

    html = response.content.decode()
    assert 'href="/nominate/award-1/">Nominate a teacher</a>' in html
    assert "Nominations open soon." not in html


def test_award_page_without_past_winners_has_no_past_winners_section(client, make_award_page):
    page = make_award_page()

    response = client.get(page.url)

    assert response.context["past_winners"] == ()
    assert "past-winners-heading" not in response.content.decode()


def test_award_page_without_award_renders_without_category(client, make_award_page):
    page = make_award_page(title="Unlinked Award")
    page.award = None
    page.save()

    response = client.get(page.url)

    assert response.status_code == 200
    assert "Teacher award" not in response.content.decode()


def test_standard_page_renders_intro_and_body(client, home_page):
    home_page.add_child(
        instance=StandardPage(
            title="About us",
            slug="about",
            intro="<p>We support Lakeside schools.</p>",
            body=[
                {"type": "heading", "value": {"text": "Our history", "level": "h2"}},
                {
                    "type": "quote",
                    "value": {"quote": "Teachers change lives.", "attribution": "A parent"},
                },
                {
                    "type": "callout",
                    "value": {"heading": "Note", "text": "<p>Nominations are private.</p>"},
                },
            ],
        )
    )

    response = client.get("/about/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "About us</h1>" in html
    assert "We support Lakeside schools." in html
    assert "<h2>Our history</h2>" in html
    assert "Teachers change lives." in html
    assert "Nominations are private." in html


def test_results_page_without_winners_says_winners_will_be_announced(client, home_page):
    home_page.add_child(
        instance=ResultsPage(
            title="Results",
            slug="results",
            intro="<p>Announced each spring.</p>",
            body=[{"type": "paragraph", "value": "<p>Congratulations to all nominees.</p>"}],
        )
    )

    response = client.get("/results/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Announced each spring." in html
    assert "Congratulations to all nominees." in html
    assert "Winners will be announced here." in html


def test_404_page_renders_with_base(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'href="#main"' in html
    assert '<main id="main" tabindex="-1">' in html
    assert "<footer" in html


def test_500_page_renders_without_database_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()

    assert "<h1>Something went wrong</h1>" in html
    assert '<html lang="en">' in html


def test_base_renders_skip_link_landmarks_and_sign_in_link(client, home_page):
    response = client.get("/")

    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert "<header" in html and "<footer" in html
    assert 'href="/accounts/login/">Sign in</a>' in html
    assert "/static/css/site.css" in html


def test_base_shows_sign_out_form_when_signed_in(client, home_page, django_user_model):
    client.force_login(django_user_model.objects.create_user(email="ann@example.org"))

    response = client.get("/")

    html = response.content.decode()
    assert 'method="post" action="/accounts/logout/"' in html
    assert "csrfmiddlewaretoken" in html
    assert ">Sign in</a>" not in html


def test_base_uses_laurel_when_foundation_name_is_empty(client, home_page):
    response = client.get("/")

    assert '<span class="brand__name">Laurel</span>' in response.content.decode()


def test_base_shows_foundation_settings(client, home_page):
    about = home_page.add_child(instance=StandardPage(title="About", slug="about"))
    foundation = FoundationSettings.for_site(Site.objects.get(is_default_site=True))
    foundation.foundation_name = "Lakeside Schools Foundation"
    foundation.contact_email = "awards@lakeside-foundation.example"
    foundation.footer_text = "A fictional foundation."
    foundation.footer_links = [
        {"type": "link", "value": {"label": "About us", "page": about.pk, "url": ""}},
        {"type": "link", "value": {"label": "District", "page": None, "url": "https://d.example"}},
    ]
    foundation.save()

    response = client.get("/")

    html = response.content.decode()
    assert "<title>Home | Lakeside Schools Foundation</title>" in html
    assert '<span class="brand__name">Lakeside Schools Foundation</span>' in html
    assert '<a href="/about/">About us</a>' in html
    assert '<a href="https://d.example">District</a>' in html
    assert 'href="mailto:awards@lakeside-foundation.example"' in html
    assert "A fictional foundation." in html


def test_timeline_item_renders_date_in_words():
    from cms.blocks import TimelineItemBlock

    block = TimelineItemBlock()
    value = block.to_python({"label": "Open", "date": "2026-09-15", "description": ""})

    html = block.render(value)

    assert value["date"] == datetime.date(2026, 9, 15)
    assert "Tuesday, September 15, 2026" in html


@pytest.mark.parametrize(
    ("model", "parent"),
    [
        ("awardindexpage", "home"),
        ("awardpage", "index"),
        ("standardpage", "home"),
        ("resultspage", "home"),
    ],
)
def test_admin_add_page_form_renders(client, award_index, django_user_model, model, parent):
    client.force_login(django_user_model.objects.create_superuser(email="admin@example.org"))
    parent_page = award_index if parent == "index" else award_index.get_parent()

    response = client.get(f"/admin/pages/add/cms/{model}/{parent_page.pk}/")

    assert response.status_code == 200


def test_admin_foundation_settings_form_renders(client, home_page, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(email="admin@example.org"))
    site = Site.objects.get(is_default_site=True)

    response = client.get(f"/admin/settings/cms/foundationsettings/{site.pk}/")

    assert response.status_code == 200
    assert "Foundation name" in response.content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm Wagtail's per-process site and settings lookups
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_public_pages_cost_the_same_queries_for_one_award_or_many(
    client, home_page, award_index, make_award_page
):
    page = make_award_page("Teacher of the Year")
    before = {url: _queries(client, url) for url in ("/", award_index.url, page.url)}
    for _ in range(8):
        make_award_page()
    after = {url: _queries(client, url) for url in ("/", award_index.url, page.url)}
    assert after == before


@pytest.fixture
def demo_site_with_results(db):
    """The demo site, and the results of its first award's cycle published with 12 winners
    (nominations are still open in the demo, so early, with a reason)."""
    seed_site(seed_awards())
    award_page = AwardPage.objects.live().filter(award__isnull=False).order_by("path").first()
    cycle = award_page.award.cycles.order_by("-opens_at").first()
    staff = UserFactory(staff=True, verified=True)
    for index in range(12):
        record_decision(
            cycle,
            candidate(cycle).dossier,
            staff,
            outcome=Decision.Outcome.WINNER,
            citation=f"Citation {index}.",
        )
    request_publication(cycle, staff, early_reason="The results cannot wait.")
    publication = approve_publication(cycle, UserFactory(staff=True, verified=True))
    return {"home": "/", "award": award_page.url, "results": publication.results_page.url}


def test_demo_pages_read_whole_from_the_database_cost_a_fixed_number_of_queries(
    client, settings, production_caches, demo_site_with_results
):
    """With no page cache and no site data kept (every request reads what the page shows from
    the database, as bench/pages.py's "nothing kept" phase), on production's caches:

    every page: the site; the page (on the award and results pages, its id and type by its
    address first); Wagtail's view restriction check (the ancestors' aliases, their
    restrictions); Wagtail's site root paths (from the shared cache); the foundation's settings
    and the footer's pages; the page's translations with their languages (the switcher and the
    hreflang alternates); the menu.
    home: the award cards (the view restrictions, the award pages with their awards).
    award: the award's open and current cycles (the call to action, the rules and dates), past
    winners (decisions, nominations), the school roster.
    results: whether the results are released yet, the winners (decisions, nominations).
    """
    settings.PAGE_CACHE_SECONDS = 0
    settings.SITE_DATA_CACHE = False
    counts = {name: _queries(client, url) for name, url in demo_site_with_results.items()}
    assert counts == {"home": 11, "award": 14, "results": 13}
