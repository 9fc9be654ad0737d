"""The school roster import: every row checked first, then all or nothing."""

import pytest

from awards.imports import RowProblem, import_schools
from awards.models import School, SchoolLevel
from portal.models import AuditEvent
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

BOM = "\ufeff"


def problems(report) -> list[tuple[int, str]]:
    return [(problem.line, problem.message) for problem in report.problems]


def schools() -> list[tuple]:
    return list(
        School.objects.order_by("code").values_list("code", "name", "level", "title_i", "active")
    )


def test_import_schools_reads_excel_csv_with_bom_and_crlf(staff_user):
    csv_text = (
        f"{BOM}name,code,level,title_i,active\r\n"
        "Lincoln High,LHS,high,yes,yes\r\n"
        "Oak Street Elementary,OAK,Elementary,0,1\r\n"
        '"Rivera, Sonia K-8 Academy",RIV,K-8,TRUE,false\r\n'
    )

    report = import_schools(csv_text, user=staff_user)

    assert problems(report) == []
    assert (report.rows, report.created, report.updated, report.imported) == (3, 3, 0, True)
    assert schools() == [
        ("LHS", "Lincoln High", SchoolLevel.HIGH, True, True),
        ("OAK", "Oak Street Elementary", SchoolLevel.ELEMENTARY, False, True),
        ("RIV", "Rivera, Sonia K-8 Academy", SchoolLevel.K8, True, False),
    ]
    assert AuditEvent.objects.filter(action="school.imported", user=staff_user).count() == 3


def test_import_schools_updates_by_code_and_counts_unchanged():
    SchoolFactory(code="LHS", name="Lincoln Hi", level=SchoolLevel.HIGH)
    SchoolFactory(code="OAK", name="Oak Street", level=SchoolLevel.ELEMENTARY)
    untouched = SchoolFactory(code="ZZZ", name="Not in the file")

    report = import_schools(
        "name,code,level\nLincoln High,LHS,HIGH\nOak Street,OAK,elementary\nNew Middle,NMS,middle\n"
    )

    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert School.objects.get(code="LHS").name == "Lincoln High"
    assert School.objects.get(code="NMS").level == SchoolLevel.MIDDLE
    assert School.objects.get(pk=untouched.pk).name == "Not in the file"
    assert AuditEvent.objects.filter(action="school.imported").count() == 2


def test_import_schools_optional_columns_default_to_not_title_i_and_active():
    report = import_schools("code,level,name\r\nP1,middle,Pine Middle\r\n")

    assert report.imported is True
    assert schools() == [("P1", "Pine Middle", SchoolLevel.MIDDLE, False, True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", True), ("YES", True), ("true", True), ("1", True), ("no", False), ("False", False)],
)
def test_import_schools_accepts_yes_no_words(text, expected):
    import_schools(f"name,code,level,title_i\nPine,P1,high,{text}\n")

    assert School.objects.get(code="P1").title_i is expected


def test_import_schools_lists_every_bad_row_and_imports_nothing():
    existing = SchoolFactory(code="LHS", name="Lincoln High")
    csv_text = (
        "name,code,level,title_i,active\r\n"
        "Lincoln High Renamed,LHS,high,yes,yes\r\n"  # good, but must not be applied
        ",X1,middle,no,yes\r\n"
        "Oak,OAK,college,no,yes\r\n"
        "Oak Two,OAK2,high,maybe,yes\r\n"
        "Lincoln Again,LHS,high,no,yes\r\n"
        "Short,S1,high\r\n"
        "Nameless,,high,no,yes\r\n"
    )

    report = import_schools(csv_text)

    assert report.imported is False
    assert problems(report) == [
        (3, "Missing name."),
        (4, "Unknown level “college”: use elementary, k8, middle or high."),
        (5, "title_i must be yes or no (or true/false, 1/0), not “maybe”."),
        (6, "The code LHS appears again (first on line 2)."),
        (7, "This row has 3 cells; the header has 5."),
        (8, "Missing code."),
    ]
    assert School.objects.count() == 1
    assert School.objects.get(pk=existing.pk).name == "Lincoln High"
    assert AuditEvent.objects.filter(action="school.imported").count() == 0


def test_import_schools_line_numbers_count_lines_inside_quoted_cells():
    csv_text = 'name,code,level\n"Lincoln\nHigh",LHS,high\nOak,OAK,bogus\n'

    report = import_schools(csv_text)

    assert problems(report) == [
        (4, "Unknown level “bogus”: use elementary, k8, middle or high."),
    ]


def test_import_schools_skips_blank_lines():
    report = import_schools("name,code,level\r\n\r\nPine,P1,high\r\n,,\r\n")

    assert (report.rows, report.created) == (1, 1)


def test_import_schools_keeps_formula_like_name_as_text():
    # Stored as typed; exports neutralise it (see test_exports).
    report = import_schools('name,code,level\r\n"=HYPERLINK(""http://x"",""y"")",F1,high\r\n')

    assert report.imported is True
    assert School.objects.get(code="F1").name == '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("code", ["=1+1", "@SUM(1)", "-2+3", "+A1", "LHS 1", "A" * 21])
def test_import_schools_refuses_formula_like_or_malformed_code(code):
    report = import_schools(f'name,code,level\r\nPine,"{code}",high\r\n')

    assert report.imported is False
    assert problems(report) == [
        (
            2,
            f"“{code}” is not a school code: use up to 20 letters, digits, dots, dashes or "
            "underscores, starting with a letter or digit.",
        )
    ]
    assert School.objects.count() == 0


def test_import_schools_header_must_name_required_columns():
    report = import_schools("school,code\r\nPine,P1\r\n")

    assert problems(report) == [
        (1, "Unknown columns: school. Use active, code, level, name, title_i."),
        (1, "The header row lacks the columns: name, level."),
    ]


def test_import_schools_refuses_repeated_header_column():
    report = import_schools("name,code,level,Name\r\nPine,P1,high,Pine\r\n")

    assert problems(report) == [(1, "The column “name” appears more than once in the header.")]


@pytest.mark.parametrize("csv_text", ["", BOM, "\r\n"])
def test_import_schools_empty_file_is_a_problem(csv_text):
    report = import_schools(csv_text)

    assert report.problems == [
        RowProblem(1, "The file is empty: the first row must name the columns.")
    ]


def test_import_schools_header_without_rows_is_a_problem():
    report = import_schools("name,code,level\r\n")

    assert report.problems == [RowProblem(1, "The file has a header row but no schools.")]
