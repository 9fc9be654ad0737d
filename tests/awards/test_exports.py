"""Spreadsheet exports: no cell can be run as a formula, in CSV or XLSX."""

import csv
import io
from datetime import datetime

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from awards.exports import FORMULA_PREFIXES, neutralise_formula
from tests.awards.factories import DeadlineExtensionFactory, NominationFactory
from tests.factories import SchoolFactory, UserFactory

DANGEROUS_NAMES = ['=HYPERLINK("http://x","y")', "@SUM(1)", "-2+3"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ada Lovelace", "Ada Lovelace"),
        ("a=b", "a=b"),
        ("'=already quoted", "'=already quoted"),
        ("", ""),
    ],
)
def test_neutralise_formula_quotes_dangerous_text(value, expected):
    assert neutralise_formula(value) == expected


@pytest.mark.parametrize("value", [None, -5, 3.5, True, datetime(2026, 9, 1, 8, 0)])
def test_neutralise_formula_leaves_other_values_alone(value):
    assert neutralise_formula(value) is value


@given(st.text())
def test_neutralise_formula_never_starts_with_a_formula_character(text):
    result = neutralise_formula(text)

    assert not result.startswith(FORMULA_PREFIXES)
    if text.startswith(FORMULA_PREFIXES):
        assert result == "'" + text
        assert result.removeprefix("'") == text
    else:
        assert result == text


@pytest.fixture
def dangerous_nominations(db):
    school = SchoolFactory(name="=cmd|' /C calc'!A0")
    return [
        NominationFactory(
            nominee_first_name=name,
            nominee_last_name="+Smith",
            eligibility_reason="@reason",
            school=school,
        )
        for name in DANGEROUS_NAMES
    ]


def test_nominations_csv_export_neutralises_every_cell(client, staff_user, dangerous_nominations):
    client.force_login(staff_user)

    response = client.get(reverse("nomination:index"), {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="nominations.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(row["Nominee first name"] for row in rows) == sorted(
        "'" + name for name in DANGEROUS_NAMES
    )
    assert {row["Nominee last name"] for row in rows} == {"'+Smith"}
    assert {row["School"] for row in rows} == {"'=cmd|' /C calc'!A0"}
    assert {row["Eligibility reason"] for row in rows} == {"'@reason"}
    for row in rows:
        for value in row.values():
            assert not value.startswith(FORMULA_PREFIXES)


def test_nominations_xlsx_export_neutralises_every_cell(client, staff_user, dangerous_nominations):
    client.force_login(staff_user)

    response = client.get(reverse("nomination:index"), {"export": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    first_names = [row[header.index("Nominee first name")] for row in rows]
    assert sorted(first_names) == sorted("'" + name for name in DANGEROUS_NAMES)
    for row in rows:
        assert row[header.index("School")] == "'=cmd|' /C calc'!A0"
        for value in row:
            assert not (isinstance(value, str) and value.startswith(FORMULA_PREFIXES))
    for cells in sheet.iter_rows():
        for cell in cells:
            assert cell.data_type != "f"


def test_nominations_xlsx_export_drops_control_characters_before_neutralising(
    client, staff_user, db
):
    NominationFactory(nominee_first_name="\x01=1+1")
    client.force_login(staff_user)

    response = client.get(reverse("nomination:index"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert row[header.index("Nominee first name")] == "'=1+1"


def test_schools_csv_export_neutralises_imported_formula(client, staff_user, db):
    SchoolFactory(name='=HYPERLINK("http://x","y")', code="F1")
    client.force_login(staff_user)

    response = client.get(reverse("school:index"), {"export": "csv"})

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Name"] for row in rows] == ['\'=HYPERLINK("http://x","y")']


def test_nominations_export_is_refused_to_nominator(client, user, dangerous_nominations):
    client.force_login(user)

    response = client.get(reverse("nomination:index"), {"export": "csv"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.fixture
def dangerous_extension(db):
    """An extension for a nominator whose account name (typed by them at sign-up) and the reason
    staff pasted in are both formulas."""
    nominator = UserFactory(display_name='=HYPERLINK("http://x")')
    return DeadlineExtensionFactory(nominator=nominator, reason="@SUM(1)")


def test_deadline_extensions_csv_export_neutralises_the_nominator_name(
    client, staff_user, dangerous_extension
):
    client.force_login(staff_user)

    response = client.get(reverse("deadlineextension:index"), {"export": "csv"})

    assert response.status_code == 200
    (row,) = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert row["Nominator"] == '\'=HYPERLINK("http://x")'
    assert row["Reason"] == "'@SUM(1)"
    for value in row.values():
        assert not value.startswith(FORMULA_PREFIXES)


def test_deadline_extensions_xlsx_export_neutralises_the_nominator_name(
    client, staff_user, dangerous_extension
):
    client.force_login(staff_user)

    response = client.get(reverse("deadlineextension:index"), {"export": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert row[header.index("Nominator")] == '\'=HYPERLINK("http://x")'
    assert row[header.index("Reason")] == "'@SUM(1)"
    for cells in sheet.iter_rows():
        for cell in cells:
            assert cell.data_type != "f"
            assert not (isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES))
