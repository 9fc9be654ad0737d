"""Staff download a cycle's nominations with every answer from the nominations list: the file
the browser saves starts with the form's question labels, in form order."""

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.models import Nomination
from tests.awards.factories import NominationFactory
from tests.e2e.conftest import signed_in_page
from tests.factories import UserFactory


@pytest.fixture
def cycle_with_a_nomination(demo_site):
    from awards.queries import open_cycle_for

    cycle = open_cycle_for(demo_site["k8-science-teacher"])
    NominationFactory(
        cycle=cycle,
        status=Nomination.Status.SUBMITTED,
        submitted_at=timezone.now(),
        nominee_first_name="Annie",
        nominee_last_name="Easley",
    )
    return cycle


def test_staff_download_the_cycle_nominations_with_the_form_labels_first(
    browser, live_server, cycle_with_a_nomination
):
    cycle = cycle_with_a_nomination
    labels = list(cycle.questions.order_by("sort_order").values_list("label", flat=True))
    assert labels  # the demo's form has questions
    page = signed_in_page(browser, live_server, UserFactory(staff=True, verified=True))
    page.goto(f"{reverse('nomination:index')}?cycle={cycle.pk}&status=")

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download with answers (CSV)").click()
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Download with answers (XLSX)").click()

    saved = csv_download.value
    assert saved.suggested_filename.endswith("-nominations.csv")
    header, row = csv.reader(io.StringIO(Path(saved.path()).read_text(encoding="utf-8-sig")))
    assert header[-len(labels) :] == labels
    assert row[header.index("Nominee last name")] == "Easley"
    assert xlsx_download.value.suggested_filename.endswith("-nominations.xlsx")
    sheet = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    first_row = next(sheet.iter_rows(values_only=True))
    assert list(first_row[-len(labels) :]) == labels
