"""Staff tick nominations on the nominations list and record one eligibility decision for all
of them, after a confirmation page that says how many it will touch."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Nomination
from tests.awards.factories import NominationFactory
from tests.e2e.conftest import bulk_action_on_nominations, signed_in_page
from tests.factories import CycleFactory, UserFactory


@pytest.fixture
def three_nominations(wagtail_tree, live_server):
    from portal.roles import ensure_role_groups

    ensure_role_groups()
    cycle = CycleFactory()
    return [
        NominationFactory(
            cycle=cycle,
            status=Nomination.Status.SUBMITTED,
            submitted_at=timezone.now(),
            nominee_first_name=first,
            nominee_last_name=last,
        )
        for first, last in (("Annie", "Easley"), ("Mary", "Jackson"), ("Dorothy", "Vaughan"))
    ]


def test_staff_record_eligibility_for_the_nominations_they_tick(
    browser, live_server, three_nominations
):
    easley, jackson, vaughan = three_nominations
    page = signed_in_page(browser, live_server, UserFactory(staff=True, verified=True))
    bulk_action_on_nominations(
        page,
        easley.cycle,
        ["Annie Easley", "Mary Jackson"],
        "Record eligibility for the selected nominations",
    )

    expect(page.get_by_text("This will act on 2 nominations:")).to_be_visible()
    expect(page.get_by_text(f"Annie Easley ({easley.code})")).to_be_visible()
    expect(page.get_by_text(vaughan.code)).to_have_count(0)
    page.get_by_label("Ineligible").check()
    page.get_by_label("Reason").fill("Not a classroom teacher this year.")
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_text("Eligibility recorded for 2 nominations.")).to_be_visible()
    assert page.url.startswith(live_server.url + reverse("nomination:index"))
    decided = {
        n.code: (n.eligibility, n.eligibility_reason)
        for n in Nomination.objects.filter(cycle=easley.cycle)
    }
    assert decided == {
        easley.code: ("ineligible", "Not a classroom teacher this year."),
        jackson.code: ("ineligible", "Not a classroom teacher this year."),
        vaughan.code: ("pending", ""),
    }
