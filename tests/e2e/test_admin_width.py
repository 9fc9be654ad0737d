"""Staff screens fit a 1280-pixel window: no sideways scrolling on any admin screen the product
adds or lists, and the committee's decision form (its Outcome select included) inside it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Dossier, Nomination
from review.models import ReviewerEnrolment, ReviewSettings, Rubric
from tests.awards.factories import NominationFactory
from tests.e2e.conftest import signed_in_page
from tests.factories import UserFactory

WIDTH = 1280


@pytest.fixture
def staff_browser(browser, live_server, demo_site):
    from awards.queries import open_cycle_for

    cycle = open_cycle_for(demo_site["k8-science-teacher"])
    ReviewSettings.objects.create(cycle=cycle)
    Rubric.objects.create(cycle=cycle)
    ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(email="a.reviewer.with.a.long.address@district.example")
    )
    nomination = NominationFactory(
        cycle=cycle,
        dossier=Dossier.objects.create(cycle=cycle),
        status=Nomination.Status.SUBMITTED,
        submitted_at=timezone.now(),
        nominee_first_name="Annie",
        nominee_last_name="Easley",
    )
    page = signed_in_page(
        browser, live_server, UserFactory(superuser=True), viewport={"width": WIDTH, "height": 900}
    )
    return page, cycle, nomination


def screens(cycle, nomination) -> list[str]:
    review = [
        reverse(url_name, args=[cycle.pk])
        for url_name in (
            "review_admin:assign",
            "review_admin:conflicts",
            "review_admin:progress",
            "review_admin:invite",
            "review_admin:committee",
            "review_admin:finalists",
            "review_admin:messages",
            "review_admin:ranking",
        )
    ]
    return [
        "/admin/",
        *review,
        reverse("nomination:index"),
        reverse("nomination:inspect", args=[nomination.code]),
        reverse("dossier:index"),
        reverse("dossier:inspect", args=[nomination.dossier.code]),
        reverse("cycle:index"),
        reverse("cycle:edit", args=[cycle.pk]),
        reverse("award:index"),
        reverse("reviewsettings:index"),
        reverse("reviewsettings:edit", args=[cycle.review_settings.pk]),
        reverse("reviewerenrolment:index"),
        reverse("rubric:index"),
        reverse("school:index"),
        reverse("reach_report:index"),
    ]


# What does not fit: the page scrolling sideways, a box inside it that scrolls its content
# across, or a control reaching past the window's right edge (where an outer box clips it).
SIDEWAYS = """() => {
    const found = [];
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`;
    if (document.documentElement.scrollWidth > window.innerWidth) found.push("page");
    for (const el of document.querySelectorAll("body *")) {
        const style = getComputedStyle(el);
        if (["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
            found.push(`${name(el)} scrolls ${el.scrollWidth - el.clientWidth}px`);
        }
        const box = el.getBoundingClientRect();
        // Wagtail's form minimap, collapsed, waits beyond the right edge until it is opened.
        const stowed = el.closest(".w-minimap") && !el.closest(".w-minimap--expanded");
        if (box.width > 0 && box.height > 0 && box.right > window.innerWidth + 1
                && style.visibility !== "hidden" && el.closest("main") && !stowed) {
            found.push(`${name(el)} ends at ${Math.round(box.right)}px`);
        }
    }
    return found;
}"""


def overflow(page) -> list[str]:
    return page.evaluate(SIDEWAYS)


def test_no_admin_screen_scrolls_sideways_at_1280(staff_browser):
    page, cycle, nomination = staff_browser
    wide = {}
    for path in screens(cycle, nomination):
        response = page.goto(path)
        assert response.status == 200, path
        if scrolling := overflow(page):
            wide[path] = scrolling
    assert wide == {}, "\n".join(f"{path}: {found[:6]}" for path, found in wide.items())


def test_the_committee_decision_form_fits_1280(staff_browser):
    page, cycle, nomination = staff_browser
    page.goto(reverse("review_admin:committee", args=[cycle.pk]))
    form = page.locator(f"form:has(input[name=dossier][value='{nomination.dossier_id}'])")
    for control in (
        form.get_by_label("Outcome"),
        form.get_by_label("Public citation"),
        form.get_by_role("button", name="Save"),
    ):
        box = control.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= WIDTH
