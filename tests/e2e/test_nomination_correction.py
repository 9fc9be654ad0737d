"""A staff member corrects a mistyped nominee name, says why, and reads the correction in the
nomination's history beside the nominator's own version."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.domain.nominations import record_revision
from awards.models import Nomination
from tests.awards.factories import NominationFactory
from tests.e2e.conftest import signed_in_page
from tests.factories import UserFactory

TYPED = '=HYPERLINK("http://x") Franklin'


@pytest.fixture
def mistyped(demo_site):
    from awards.queries import open_cycle_for

    cycle = open_cycle_for(demo_site["k8-science-teacher"])
    nomination = NominationFactory(
        cycle=cycle,
        status=Nomination.Status.SUBMITTED,
        submitted_at=timezone.now(),
        form_snapshot=[question.snapshot() for question in cycle.questions.all()],
        nominee_first_name="Rosalind",
        nominee_last_name=TYPED,
    )
    record_revision(nomination, nomination.nominator)
    return nomination


def test_staff_correct_a_nomination_with_a_reason_and_see_the_history(
    browser, live_server, mistyped
):
    page = signed_in_page(browser, live_server, UserFactory(staff=True, verified=True))
    page.goto(reverse("nomination:inspect", args=(mistyped.code,)))

    page.get_by_role("link", name="Correct", exact=True).click()
    page.get_by_label("Nominee's last name").fill("Franklin")
    page.get_by_role("button", name="Save correction").click()
    # Without a reason nothing is saved, and what was typed stays in the form.
    expect(page.get_by_label("Nominee's last name")).to_have_value("Franklin")
    page.get_by_label("Reason for the correction").fill("A spreadsheet formula was pasted.")
    page.get_by_role("button", name="Save correction").click()

    expect(page.get_by_text(f"Nomination {mistyped.code} was corrected.")).to_be_visible()
    history = page.get_by_role("region", name="Corrections and history")
    expect(history).to_contain_text("Corrected by staff")
    expect(history).to_contain_text("A spreadsheet formula was pasted.")
    expect(history.get_by_role("row", name="Nominee's last name")).to_contain_text(TYPED)
    history.get_by_text("The nomination as the nominator sent it").click()
    expect(history.locator("details[open]")).to_contain_text(TYPED)
    mistyped.refresh_from_db()
    assert mistyped.nominee_last_name == "Franklin"
