"""Staff tick nominations on the nominations list and write one message to their nominators:
they preview it (how many get it, how the first reads it), send it, and find each e-mail in the
message log."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Nomination
from tests.awards.factories import NominationFactory
from tests.e2e.conftest import bulk_action_on_nominations, signed_in_page
from tests.factories import CycleFactory, UserFactory


@pytest.fixture
def nominations(wagtail_tree, live_server):
    """Three submitted nominations of one cycle, by Ada, Ada again and Grace."""
    from portal.roles import ensure_role_groups

    ensure_role_groups()
    cycle = CycleFactory()
    ada = UserFactory(email="ada@example.org", display_name="Ada Nominator")
    grace = UserFactory(email="grace@example.org", display_name="Grace Nominator")
    return [
        NominationFactory(
            cycle=cycle,
            nominator=nominator,
            status=Nomination.Status.SUBMITTED,
            submitted_at=timezone.now(),
            nominee_first_name=first,
            nominee_last_name=last,
        )
        for nominator, first, last in (
            (ada, "Annie", "Easley"),
            (ada, "Mary", "Jackson"),
            (grace, "Dorothy", "Vaughan"),
        )
    ]


def test_staff_write_to_the_nominators_of_the_nominations_they_tick(
    browser, live_server, nominations
):
    easley = nominations[0]
    page = signed_in_page(browser, live_server, UserFactory(staff=True, verified=True))
    bulk_action_on_nominations(
        page,
        easley.cycle,
        ["Annie Easley", "Mary Jackson"],
        "Write one message to the nominators of the selected nominations",
    )

    expect(page.get_by_text("This will act on 2 nominations:")).to_be_visible()
    page.get_by_label("Subject").fill("Your nominations for the {{ award }}")
    page.get_by_label("Text").fill("Dear {{ name }}, the ceremony is on June 3.")
    page.get_by_role("button", name="Preview").click()

    preview = page.get_by_role("region", name="Preview")
    expect(preview.get_by_text("1 nominator will get it, each once.")).to_be_visible()
    expect(preview.get_by_text("Dear Ada Nominator, the ceremony is on June 3.")).to_be_visible()
    assert mail.outbox == []
    page.get_by_role("button", name="Send to 1").click()

    expect(page.get_by_text("1 message queued. They show in the message log.")).to_be_visible()
    assert [(email.to, email.body) for email in mail.outbox] == [
        (["ada@example.org"], "Dear Ada Nominator, the ceremony is on June 3.")
    ]
    page.goto(reverse("message_log:index"))
    row = page.get_by_role("row").filter(has_text="ada@example.org")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"Your nominations for the {easley.cycle.award.name}")
    expect(row).to_contain_text("A message written by staff")
    expect(page.get_by_role("row").filter(has_text="grace@example.org")).to_have_count(0)
