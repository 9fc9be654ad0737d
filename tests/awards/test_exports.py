"""Spreadsheet exports: no cell can be run as a formula, in CSV or XLSX."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from awards.exports import FORMULA_PREFIXES, local_time, neutralise_formula
from awards.models import LetterRequest, Nomination
from portal.models import AuditEvent
from tests.awards.factories import (
    DeadlineExtensionFactory,
    LetterRequestFactory,
    NominationFactory,
    NominationFileFactory,
    candidate,
)
from tests.factories import AwardFactory, CycleFactory, SchoolFactory, UserFactory
from tests.responses import csv_rows, queries_to_download, xlsx_rows

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


# A cycle's nominations with every answer -----------------------------------------------------

# 02:00 UTC on 4 December is the previous evening in Los Angeles, before the clocks go back in
# November and after.
SUBMITTED_AT = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
LETTER_RECEIVED_AT = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
FIXED_COLUMNS = [
    "Code",
    "Status",
    "Submitted",
    "Withdrawn",
    "Eligibility",
    "Eligibility reason",
    "Nominee first name",
    "Nominee last name",
    "Nominee e-mail",
    "Nominee role",
    "School",
    "Years at school",
    "Years in district",
    "Nominee's answer",
    "Nominee's statement",
    "Guardian consent",
    "Nominator",
    "Nominator e-mail",
    "Nominator relationship",
    "Nominator's language",
    "Candidate",
    "Tags",
]
FORM_LABELS = [
    "How has this teacher changed your child's year?",
    "Which subjects does she teach?",
    "Tell us about a science lab.",
    "How long has she taught at the school?",
    "I confirm she teaches at a district school.",
    "A resume or a photo of the classroom",
    "Letters of support",
]


@pytest.fixture
def award(db):
    return AwardFactory(name="Teacher of the Year")


@pytest.fixture
def cycle(award):
    return CycleFactory(award=award, name="2026")


@pytest.fixture
def sent(cycle, questions, school):
    """One submitted nomination answering the whole form, with two files and two letters (one
    received, one waiting); beside it a draft and a nomination of another cycle, which the
    export leaves out."""
    nomination = candidate(
        cycle,
        school=school,
        nominee_first_name="Rosa",
        nominee_last_name="Ortega",
        nominee_email="rosa@school.example",
        nominee_role="Science teacher",
        years_at_school=4,
        nominator=UserFactory(display_name="Pat Parent", email="pat@example.org"),
        nominator_relationship="Parent",
        language="es",
        submitted_at=SUBMITTED_AT,
        answers={
            "impact": "She stayed late for the robotics club.",
            "subjects": ["Science", "Art"],
            "lab_story": "A pinhole camera for the eclipse.",
            "years": "3-5",
            "attest": "yes",
        },
    )
    NominationFileFactory(nomination=nomination, display_name="resume.pdf")
    NominationFileFactory(nomination=nomination, display_name="classroom.png")
    LetterRequestFactory(
        nomination=nomination,
        writer_name="Ana Ruiz",
        status=LetterRequest.Status.RECEIVED,
        received_at=LETTER_RECEIVED_AT,
    )
    LetterRequestFactory(nomination=nomination, writer_name="Ben Lee")
    nomination.tags.add("strong letters", "follow up")
    NominationFactory(cycle=cycle, nominee_first_name="Drafty", answers={"impact": "Draft"})
    NominationFactory(status=Nomination.Status.SUBMITTED, nominee_first_name="Elsewhere")
    return nomination


def export_url(cycle, export_format: str) -> str:
    return reverse("nomination:cycle_export", args=(cycle.pk, export_format))


def test_cycle_nominations_csv_has_every_answer_in_form_order(client, staff_user, sent):
    client.force_login(staff_user)

    response = client.get(export_url(sent.cycle, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="teacher-of-the-year-2026-nominations.csv"'
    )
    header, *rows = csv_rows(response)
    assert header == FIXED_COLUMNS + FORM_LABELS
    assert len(rows) == 1
    assert dict(zip(header, rows[0], strict=True)) == {
        "Code": sent.code,
        "Status": "Submitted",
        "Submitted": "2026-12-03 18:00 PST",
        "Withdrawn": "",
        "Eligibility": "Not yet checked",
        "Eligibility reason": "",
        "Nominee first name": "Rosa",
        "Nominee last name": "Ortega",
        "Nominee e-mail": "rosa@school.example",
        "Nominee role": "Science teacher",
        "School": "Lakeside High",
        "Years at school": "4",
        "Years in district": "",
        "Nominee's answer": "Not asked",
        "Nominee's statement": "",
        "Guardian consent": "Not asked",
        "Nominator": "Pat Parent",
        "Nominator e-mail": "pat@example.org",
        "Nominator relationship": "Parent",
        "Nominator's language": "es",
        "Candidate": sent.dossier.code,
        "Tags": "follow up\nstrong letters",
        "How has this teacher changed your child's year?": "She stayed late for the robotics club.",
        "Which subjects does she teach?": "Science\nArt",
        "Tell us about a science lab.": "A pinhole camera for the eclipse.",
        "How long has she taught at the school?": "3-5",
        "I confirm she teaches at a district school.": "Yes",
        "A resume or a photo of the classroom": "resume.pdf\nclassroom.png",
        "Letters of support": "Ana Ruiz: Received 2026-11-20 09:30 PST\nBen Lee: Requested",
    }


def test_cycle_nominations_xlsx_has_the_same_cells_as_csv(client, staff_user, sent):
    client.force_login(staff_user)

    from_csv = csv_rows(client.get(export_url(sent.cycle, "csv")))
    response = client.get(export_url(sent.cycle, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="teacher-of-the-year-2026-nominations.xlsx"'
    )
    assert [[str(value) for value in row] for row in xlsx_rows(response)] == from_csv


def test_cycle_nominations_columns_follow_the_form_after_reordering(
    client, staff_user, sent, questions
):
    new_order = ["support", "attest", "impact", "documents", "years", "lab_story", "subjects"]
    for position, key in enumerate(new_order):
        questions[key].sort_order = position
        questions[key].save(update_fields=["sort_order"])
    client.force_login(staff_user)

    header, row = csv_rows(client.get(export_url(sent.cycle, "csv")))

    assert header[len(FIXED_COLUMNS) :] == [questions[key].label for key in new_order]
    answers = dict(zip(header, row, strict=True))
    assert answers["Letters of support"] == (
        "Ana Ruiz: Received 2026-11-20 09:30 PST\nBen Lee: Requested"
    )
    assert answers["Which subjects does she teach?"] == "Science\nArt"


def test_cycle_nominations_hidden_question_answer_is_left_blank(client, staff_user, sent):
    """An answer kept from before the nominator changed the answer a question depends on was
    never sent to the foundation: the form hid it."""
    sent.answers = {**sent.answers, "subjects": ["Art"]}
    sent.save(update_fields=["answers"])
    client.force_login(staff_user)

    header, row = csv_rows(client.get(export_url(sent.cycle, "csv")))

    assert dict(zip(header, row, strict=True))["Tell us about a science lab."] == ""


@pytest.mark.parametrize(
    ("zone", "submitted", "received"),
    [
        ("America/Los_Angeles", "2026-12-03 18:00 PST", "2026-11-20 09:30 PST"),
        ("America/New_York", "2026-12-03 21:00 EST", "2026-11-20 12:30 EST"),
        ("Africa/Nairobi", "2026-12-04 05:00 EAT", "2026-11-20 20:30 EAT"),
    ],
)
def test_cycle_nominations_times_are_in_the_foundation_time_zone(
    client, staff_user, sent, settings, zone, submitted, received
):
    settings.TIME_ZONE = zone
    client.force_login(staff_user)

    for export_format, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        header, row = read(client.get(export_url(sent.cycle, export_format)))
        cells = dict(zip(header, row, strict=True))
        assert cells["Submitted"] == submitted
        assert cells["Letters of support"] == f"Ana Ruiz: Received {received}\nBen Lee: Requested"


def test_local_time_tells_the_two_half_past_ones_apart_when_clocks_go_back(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    first = datetime(2026, 11, 1, 8, 30, tzinfo=UTC)  # 01:30 daylight time
    second = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)  # 01:30 again, standard time

    assert local_time(first) == "2026-11-01 01:30 PDT"
    assert local_time(second) == "2026-11-01 01:30 PST"
    assert local_time(None) == ""


HOSTILE_ANSWERS = {
    "impact": '=HYPERLINK("http://x","y")',
    "subjects": ["Science"],
    "lab_story": "+1+1",
    "years": "-2+3",
    "attest": "@SUM(1)",
}


@pytest.fixture
def hostile(sent):
    """Every kind of text a nominator, a letter writer or a file name can carry, starting with
    each character a spreadsheet may run as a formula."""
    sent.answers = HOSTILE_ANSWERS
    sent.nominee_first_name = "\t=1+1"
    sent.nominee_last_name = "\r=1+1"
    sent.nominator_relationship = "=cmd|' /C calc'!A0"
    sent.save()
    sent.files.update(display_name="@evil.pdf")
    sent.letters.update(writer_name="=Writer")
    return sent


def test_cycle_nominations_csv_neutralises_every_formula(client, staff_user, hostile):
    client.force_login(staff_user)

    header, row = csv_rows(client.get(export_url(hostile.cycle, "csv")))

    cells = dict(zip(header, row, strict=True))
    assert cells["How has this teacher changed your child's year?"] == (
        '\'=HYPERLINK("http://x","y")'
    )
    assert cells["Tell us about a science lab."] == "'+1+1"
    assert cells["How long has she taught at the school?"] == "'-2+3"
    assert cells["I confirm she teaches at a district school."] == "'@SUM(1)"
    assert cells["Nominee first name"] == "'\t=1+1"
    assert cells["Nominee last name"] == "'\r=1+1"
    assert cells["Nominator relationship"] == "'=cmd|' /C calc'!A0"
    assert cells["A resume or a photo of the classroom"] == "'@evil.pdf\n@evil.pdf"
    for value in [*header, *row]:
        assert not value.startswith(FORMULA_PREFIXES)


def test_cycle_nominations_xlsx_neutralises_every_formula(client, staff_user, hostile):
    client.force_login(staff_user)

    response = client.get(export_url(hostile.cycle, "xlsx"))

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert cells["How has this teacher changed your child's year?"] == (
        '\'=HYPERLINK("http://x","y")'
    )
    assert cells["Nominee first name"] == "'\t=1+1"
    assert cells["Letters of support"].startswith("'=Writer: Received")
    for cells_row in sheet.iter_rows():
        for cell in cells_row:
            assert cell.data_type != "f"
            assert not (isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES))


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_cycle_nominations_export_queries_do_not_grow_with_nominations(
    client, staff_user, sent, export_format
):
    client.force_login(staff_user)
    url = export_url(sent.cycle, export_format)
    with_one = queries_to_download(client, url)
    for number in range(29):
        nomination = candidate(sent.cycle, submitted_at=SUBMITTED_AT, answers=sent.answers)
        NominationFileFactory(nomination=nomination, display_name=f"file-{number}.pdf")
        LetterRequestFactory(nomination=nomination)

    with_thirty = queries_to_download(client, url)

    assert with_thirty == with_one
    assert len(csv_rows(client.get(export_url(sent.cycle, "csv")))) == 31


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_cycle_nominations_export_is_404_in_the_admin_without_staff_rights(
    client, in_admin_only, sent, export_format
):
    client.force_login(in_admin_only)

    response = client.get(export_url(sent.cycle, export_format))

    assert response.status_code == 404
    assert b"Ortega" not in response.content


@pytest.mark.parametrize("role", ["user", "reviewer_user"])
def test_cycle_nominations_export_sends_nominators_and_reviewers_to_sign_in(
    client, request, sent, role
):
    """Neither reaches the admin at all: Wagtail's admin check answers before the export."""
    client.force_login(request.getfixturevalue(role))

    response = client.get(export_url(sent.cycle, "csv"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not AuditEvent.objects.filter(action="nominations.exported").exists()


@pytest.mark.parametrize("path", ["csv/", "pdf/", "xlsx/"])
def test_cycle_nominations_export_of_missing_cycle_or_format_is_404(client, staff_user, path):
    client.force_login(staff_user)

    url = reverse("nomination:cycle_export", args=(987_654_321, "csv")).removesuffix("csv/") + path

    assert client.get(url).status_code == 404


def test_cycle_nominations_export_unknown_format_is_404(client, staff_user, sent):
    client.force_login(staff_user)

    assert client.get(export_url(sent.cycle, "pdf")).status_code == 404


def test_cycle_nominations_export_is_audited(client, staff_user, sent):
    client.force_login(staff_user)

    response = client.get(export_url(sent.cycle, "xlsx"))
    b"".join(response.streaming_content)  # read to the end, as a browser would (closing it)

    event = AuditEvent.objects.get(action="nominations.exported")
    assert (event.actor, event.object_code, event.data) == (
        staff_user,
        str(sent.cycle.pk),
        {"format": "xlsx"},
    )


def test_nominations_list_offers_the_cycle_export_once_a_cycle_is_chosen(client, staff_user, sent):
    client.force_login(staff_user)
    index = reverse("nomination:index")

    chosen = client.get(index, {"cycle": sent.cycle.pk, "status": ""}).content.decode()
    unchosen = client.get(index, {"year": "", "status": ""}).content.decode()

    for export_format in ("csv", "xlsx"):
        assert f'href="{export_url(sent.cycle, export_format)}"' in chosen
        assert "nominations/" + export_format not in unchosen
