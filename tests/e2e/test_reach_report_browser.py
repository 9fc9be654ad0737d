"""Staff open the reach report from the Reports menu, find the schools no one nominated from and
each chart's table, narrow it to one cycle, download its CSV and print it."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from awards.demo import seed_nominations
from awards.queries import open_cycle_for
from tests.e2e.conftest import signed_in_page
from tests.factories import UserFactory


@pytest.fixture
def staff_page(browser, live_server, demo_site):
    seed_nominations(demo_site)
    return signed_in_page(
        browser, live_server, UserFactory(staff=True), viewport={"width": 1280, "height": 900}
    )


def test_staff_find_schools_without_a_nomination_and_the_charts_numbers(staff_page, demo_site):
    page = staff_page
    page.goto("/admin/")
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Reach").click()

    unreached = page.get_by_role("region", name="Schools with no nomination")
    # The demo's families nominated no one at Dunlap Elementary; Alder Creek had two.
    expect(unreached.get_by_role("row", name=re.compile("Dunlap Elementary"))).to_be_visible()
    expect(unreached.get_by_text("Alder Creek Elementary")).to_have_count(0)

    by_award = page.get_by_role("region", name="Nominations by award")
    expect(
        by_award.get_by_role("img", name=re.compile("Submitted nominations by award"))
    ).to_be_visible()
    table = by_award.get_by_role("table", name="Nominations by award")
    science = table.get_by_role("row", name=re.compile("Curiosity Prize for K-8 Science Teaching"))
    expect(science.get_by_role("cell")).to_have_text(["5", "1", "0"])
    expect(page.get_by_role("table", name="Intake by day, against the deadline")).to_be_visible()

    science_cycle = open_cycle_for(demo_site["k8-science-teacher"])
    page.get_by_label("Cycles", exact=True).select_option(label=str(science_cycle))
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"cycles=cycle%3A{science_cycle.pk}"))
    # Within the science cycle only (open to elementary, K-8 and middle schools), a high school
    # is not one that no one nominated from: no one could.
    expect(unreached.get_by_role("row", name=re.compile("Dunlap Elementary"))).to_be_visible()
    expect(unreached.get_by_role("row", name=re.compile("Franklin High School"))).to_have_count(0)
    # Bayview Elementary has a draft that was never sent.
    expect(unreached.get_by_role("row", name=re.compile("Bayview Elementary"))).to_contain_text("1")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download every figure (CSV)").click()
    with open(download.value.path(), encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert ["By award", "Curiosity Prize for K-8 Science Teaching", "Submitted", "5"] in rows
    assert ["Report", "Cycles", "Covers", str(science_cycle)] in rows

    page.emulate_media(media="print")
    expect(page.locator("#wagtail-sidebar")).to_be_hidden()
    expect(page.get_by_role("button", name="Show")).to_be_hidden()
    expect(page.get_by_role("table", name="Nominations by award")).to_be_visible()
    printed = PdfReader(io.BytesIO(page.pdf()))
    # Every section reaches the paper, not only the first screenful.
    assert len(printed.pages) > 1
    text = "\n".join(sheet.extract_text() for sheet in printed.pages)
    assert "Schools with no nomination" in text
    assert "Languages" in text
    assert "Sidebar" not in text
