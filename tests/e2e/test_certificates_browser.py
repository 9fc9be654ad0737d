"""Staff tick winners on the candidates list and download their certificates as one PDF, a
page per winner naming them, after a confirmation that counts the winners among those ticked."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from review.domain.decisions import record_decision
from review.models import Decision
from tests.awards.factories import candidate
from tests.e2e.conftest import signed_in_page
from tests.factories import CycleFactory, UserFactory


@pytest.fixture
def decided(wagtail_tree, live_server):
    """Three candidates: Evelyn Boyd and Gladys West won, Ada Chosen-Not was not selected."""
    from portal.roles import ensure_role_groups

    ensure_role_groups()
    cycle = CycleFactory()
    staff = UserFactory(staff=True, verified=True)
    outcomes = {
        ("Evelyn", "Boyd"): Decision.Outcome.WINNER,
        ("Gladys", "West"): Decision.Outcome.WINNER,
        ("Ada", "Notchosen"): Decision.Outcome.NOT_SELECTED,
    }
    for (first, last), outcome in outcomes.items():
        dossier = candidate(cycle, nominee_first_name=first, nominee_last_name=last).dossier
        record_decision(cycle, dossier, staff, outcome=outcome)
    return cycle, staff


def test_staff_download_the_winners_certificates_as_one_pdf(browser, live_server, decided):
    cycle, staff = decided
    page = signed_in_page(browser, live_server, staff)
    page.goto(f"{reverse('dossier:index')}?cycle={cycle.pk}")
    for name in ("Evelyn Boyd", "Gladys West", "Ada Notchosen"):
        page.get_by_role("row").filter(has_text=name).get_by_role("checkbox").check()
    footer = page.get_by_role("region", name="Bulk actions")
    footer.get_by_role("link", name="Download the certificates of the selected winners").click()

    expect(page.get_by_text("This will act on 3 candidates:")).to_be_visible()
    expect(page.get_by_text("2 of them are winners")).to_be_visible()
    page.get_by_label("One PDF, a certificate per page").check()
    page.get_by_role("button", name="Build them").click()

    expect(page.get_by_text("One PDF of 2 winners' certificates")).to_be_visible()
    link = page.get_by_role("link", name="Download the certificates (PDF)")
    expect(link).to_be_visible(timeout=20_000)  # the page refreshes itself while they are built
    with page.expect_download() as download:
        link.click()

    assert download.value.suggested_filename.endswith(".pdf")
    pages = [
        page_.extract_text()
        for page_ in PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages
    ]
    assert len(pages) == 2
    assert sorted("Evelyn Boyd" in text for text in pages) == [False, True]
    assert sorted("Gladys West" in text for text in pages) == [False, True]
    assert not any("Notchosen" in text for text in pages)
