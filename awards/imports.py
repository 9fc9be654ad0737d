"""The district's school roster, imported from a CSV file.

All or nothing: every row is checked first, and the roster changes only when no row has a
problem. A school is matched by its code: a known code updates that school, a new one creates it.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from portal.models import audit

from .models import School, SchoolLevel

REQUIRED_COLUMNS = ("name", "code", "level")
OPTIONAL_COLUMNS = {"title_i": False, "active": True}
MAX_ROWS = 5000
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
NAME_MAX_LENGTH = School._meta.get_field("name").max_length
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
LEVELS = {
    **{value: value for value in SchoolLevel.values},
    **{label.lower(): value for value, label in SchoolLevel.choices},
}


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


@dataclass
class ImportReport:
    """What an import found and did. `imported` is False whenever there is any problem."""

    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    imported: bool = False

    def add(self, line: int, message: str) -> None:
        self.problems.append(RowProblem(line, message))


@dataclass(frozen=True)
class SchoolRow:
    line: int
    name: str
    code: str
    level: str
    title_i: bool
    active: bool


def _yes_no(text: str, default: bool) -> bool | None:
    text = text.strip().lower()
    if not text:
        return default
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def _read_header(header: list[str], report: ImportReport) -> list[str] | None:
    columns = [name.strip().lower() for name in header]
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    for name in sorted({name for name in columns if columns.count(name) > 1}):
        report.add(1, f"The column “{name}” appears more than once in the header.")
    unknown = [name for name in columns if name not in known]
    if unknown:
        report.add(1, f"Unknown columns: {', '.join(unknown)}. Use {', '.join(sorted(known))}.")
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        report.add(1, f"The header row lacks the columns: {', '.join(missing)}.")
    return None if report.problems else columns


def _read_row(line: int, values: dict[str, str], report: ImportReport) -> SchoolRow | None:
    before = len(report.problems)
    name = values["name"].strip()
    code = values["code"].strip()
    level_text = values["level"].strip()
    if not name:
        report.add(line, "Missing name.")
    elif len(name) > NAME_MAX_LENGTH:
        report.add(line, f"The name is longer than {NAME_MAX_LENGTH} characters.")
    if not code:
        report.add(line, "Missing code.")
    elif not CODE_RE.match(code):
        report.add(
            line,
            f"“{code}” is not a school code: use up to 20 letters, digits, dots, dashes or "
            "underscores, starting with a letter or digit.",
        )
    level = LEVELS.get(level_text.lower())
    if level is None:
        shown = f"“{level_text}”" if level_text else "an empty level"
        report.add(line, f"Unknown level {shown}: use elementary, k8, middle or high.")
    flags = {}
    for column, default in OPTIONAL_COLUMNS.items():
        text = values.get(column, "")
        flags[column] = _yes_no(text, default)
        if flags[column] is None:
            report.add(line, f"{column} must be yes or no (or true/false, 1/0), not “{text}”.")
    if len(report.problems) > before:
        return None
    return SchoolRow(line, name, code, level, flags["title_i"], flags["active"])


def check_schools(csv_text: str) -> tuple[ImportReport, list[SchoolRow]]:
    """Read and check every row; nothing is written. Returns the report and the good rows."""
    report = ImportReport()
    text = csv_text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        report.add(1, f"The file is not readable as CSV ({exc}).")
        return report, []
    if header is None or not any(cell.strip() for cell in header):
        report.add(1, "The file is empty: the first row must name the columns.")
        return report, []
    columns = _read_header(header, report)
    if columns is None:
        return report, []

    rows: list[SchoolRow] = []
    first_line_of_code: dict[str, int] = {}
    next_line = reader.line_num + 1
    while True:
        line = next_line
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.add(line, f"This row is not readable as CSV ({exc}).")
            break
        next_line = reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.add(line, f"The file has more than {MAX_ROWS} schools; split it.")
            break
        if len(cells) != len(columns):
            report.add(line, f"This row has {len(cells)} cells; the header has {len(columns)}.")
            continue
        values = dict(zip(columns, cells, strict=True))
        row = _read_row(line, values, report)
        code = values["code"].strip()
        if code in first_line_of_code:
            first = first_line_of_code[code]
            report.add(line, f"The code {code} appears again (first on line {first}).")
        elif code:
            first_line_of_code[code] = line
            if row is not None:
                rows.append(row)
    if not report.problems and not rows:
        report.add(1, "The file has a header row but no schools.")
    return report, rows


def import_schools(csv_text: str, user=None) -> ImportReport:
    """Create or update schools from roster CSV text (header: name, code, level[, title_i, active]).

    All or nothing: with any problem the report lists every bad row by line and nothing changes.
    Side effects otherwise, in one transaction: schools created or updated by code; an audit
    event for each school that changed.
    """
    report, rows = check_schools(csv_text)
    if report.problems:
        return report
    with transaction.atomic():
        existing = {
            school.code: school
            for school in School.objects.select_for_update().filter(
                code__in=[row.code for row in rows]
            )
        }
        for row in rows:
            values = {
                "name": row.name,
                "level": row.level,
                "title_i": row.title_i,
                "active": row.active,
            }
            school = existing.get(row.code)
            if school is None:
                school = School.objects.create(code=row.code, **values)
                audit(user, "school.imported", school, created=True)
                report.created += 1
                continue
            changed = [name for name, value in values.items() if getattr(school, name) != value]
            if not changed:
                report.unchanged += 1
                continue
            for name in changed:
                setattr(school, name, values[name])
            school.save(update_fields=changed)
            audit(user, "school.imported", school, created=False, changed=changed)
            report.updated += 1
    report.imported = True
    return report
