"""Staff read how each e-mail of a cycle will be written before it goes (the e-mail preview, for
a real person of the cycle, their personal links left out), then find an e-mail that failed in
the message log by its recipient and send it again."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Nomination
from review.models import OutgoingMessage
from tests.awards.factories import NominationFactory
from tests.e2e.conftest import signed_in_page
from tests.factories import CycleFactory, UserFactory


@pytest.fixture
def cycle(wagtail_tree, live_server):
    """A cycle with one submitted nomination (of Octavia Butler) and two e-mails in its log:
    one the mail server refused, one sent."""
    from portal.roles import ensure_role_groups

    ensure_role_groups()
    cycle = CycleFactory()
    NominationFactory(
        cycle=cycle,
        status=Nomination.Status.SUBMITTED,
        submitted_at=timezone.now(),
        nominee_first_name="Octavia",
        nominee_last_name="Butler",
    )
    for to, status, error in (
        ("lost@example.org", OutgoingMessage.Status.FAILED, "550 Mailbox unavailable"),
        ("fine@example.org", OutgoingMessage.Status.SENT, ""),
    ):
        OutgoingMessage.objects.create(
            cycle=cycle,
            kind="broadcast",
            key=f"test:{to}",
            to=to,
            subject="The ceremony is on June 3",
            body="Dear friend, the ceremony is on June 3.",
            status=status,
            attempts=3 if error else 1,
            last_error=error,
            send_after=timezone.now(),
        )
    return cycle


def test_staff_preview_the_emails_then_send_a_failed_one_again(browser, live_server, cycle):
    page = signed_in_page(browser, live_server, UserFactory(staff=True, verified=True))

    page.goto(reverse("review_admin:email_preview"))
    page.get_by_label("Cycle").select_option(label=str(cycle))
    page.get_by_label("Language").select_option(label="English")
    page.get_by_role("button", name="Show").click()
    handoff = page.get_by_role("region", name="To a nominee: you have been nominated")
    expect(handoff).to_contain_text("Hello Octavia,")
    expect(handoff).to_contain_text("[the personal link]")
    expect(page.get_by_role("region", name="To a reviewer: invitation")).to_contain_text(
        "No one in this cycle to write this e-mail to yet."
    )
    assert "/nominee/" not in page.content()

    page.goto(reverse("message_log:index"))
    search = page.get_by_role("textbox", name="Search term")
    search.fill("lost@example")
    search.press("Enter")
    expect(page.get_by_role("row").filter(has_text="fine@example.org")).to_have_count(0)
    row = page.get_by_role("row").filter(has_text="lost@example.org")
    expect(row).to_have_count(1)
    row.get_by_role("link", name="lost@example.org").click()
    expect(page.get_by_text("550 Mailbox unavailable")).to_be_visible()
    page.get_by_role("button", name="Send again").click()

    expect(
        page.get_by_text("The e-mail to lost@example.org is queued to be sent again.")
    ).to_be_visible()
    assert [(email.to, email.subject) for email in mail.outbox] == [
        (["lost@example.org"], "The ceremony is on June 3")
    ]
    assert OutgoingMessage.objects.get(to="lost@example.org").status == "sent"
