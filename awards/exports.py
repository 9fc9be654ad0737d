"""Spreadsheet exports that a spreadsheet program cannot mistake for formulas.

Text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return may be run as a formula when
a CSV or XLSX file is opened (CSV injection). Nominee names, reasons and school names are typed by
people outside the foundation, so every exported cell goes through `neutralise_formula`.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from . import spec
from .models import LetterRequest, Nomination, NominationFile, Question, TaggedNomination

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """`value` with a single quote in front when it is text a spreadsheet could run as a formula.

    Anything else (other text, numbers, dates, None) is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For a Wagtail IndexView with `list_export`: CSV and XLSX cells pass through
    `neutralise_formula`; XLSX text also loses the control characters openpyxl refuses."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_XLSX and isinstance(value, str):
            # Before neutralising: removing a control character can expose an `=` behind it.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return neutralise_formula(value)


# Whole-cycle exports ----------------------------------------------------------------------------
#
# Built for thousands of rows: rows are read with `.iterator()` (related rows read one chunk at a
# time, so the number of queries does not grow with the rows), CSV is streamed as it is written
# and XLSX is written by openpyxl's write-only workbook, which keeps no sheet in memory.

FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 500


def foundation_time_zone() -> ZoneInfo:
    """Where the foundation is (TIME_ZONE): every time staff read or type is in this zone."""
    return ZoneInfo(settings.TIME_ZONE)


def local_time(moment: datetime | None, zone: ZoneInfo | None = None) -> str:
    """A moment in the foundation's time zone, with the zone's abbreviation so that the two
    01:30s of the night the clocks go back read apart: "2026-12-03 18:00 PST". None: ""."""
    if moment is None:
        return ""
    local = moment.astimezone(zone or foundation_time_zone())
    return f"{local:%Y-%m-%d %H:%M} {local:%Z}"


def export_cell(value, zone: ZoneInfo):
    """One value as a cell: times in the foundation's zone, yes/no in words, lists one per
    line, nothing empty, and no text a spreadsheet could run as a formula."""
    if type(value) is str:  # most cells: answered first
        return neutralise_formula(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_time(value, zone)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        value = "\n".join(str(item) for item in value)
    return neutralise_formula(str(value))  # lazy translations and the like as their text


def export_filename(cycle, what: str, export_format: str) -> str:
    """The award's and cycle's names and what is exported: never a person's name."""
    return f"{slugify(f'{cycle.award.name} {cycle.name} {what}') or what}.{export_format}"


class _Echo:
    """A file whose `write` hands back what it was given: csv.writer then yields each line."""

    def write(self, value):
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    """A CSV download written as it is sent, row by row (UTF-8 with a byte order mark, so that
    spreadsheet programs read accents and other scripts right)."""
    zone = foundation_time_zone()
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([export_cell(value, zone) for value in header])
        for row in rows:
            yield writer.writerow([export_cell(value, zone) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _xlsx_cell(value, zone: ZoneInfo):
    value = export_cell(value, zone)
    if isinstance(value, str):
        # Before neutralising again: removing a control character can expose an `=` behind it.
        value = neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def xlsx_response(filename: str, header: list[str], rows: Iterable[list]) -> FileResponse:
    """An XLSX download from openpyxl's write-only workbook: each row goes to a temporary file as
    it is added, and the finished file is streamed from disk."""
    zone = foundation_time_zone()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Export")
    sheet.append([_xlsx_cell(value, zone) for value in header])
    for row in rows:
        sheet.append([_xlsx_cell(value, zone) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response once sent
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def export_response(export_format: str, filename: str, header: list[str], rows: Iterable[list]):
    """The download in `export_format` ("csv" or "xlsx")."""
    if export_format == "xlsx":
        return xlsx_response(filename, header, rows)
    return csv_response(filename, header, rows)


# Nominations with every answer --------------------------------------------------------------------


def _on(moment) -> str:
    return date_format(timezone.localtime(moment), "j M Y") if moment else "date unknown"


def guardian_answer(nomination: Nomination) -> str:
    """A parent's or guardian's answer on one nomination as staff read it: what, who signed,
    and when ("Refused: Pat Parent, 3 Dec 2026")."""
    answer = nomination.guardian_consent
    if answer in (Nomination.Response.ACCEPTED, Nomination.Response.DECLINED):
        verb = "Consented" if answer == Nomination.Response.ACCEPTED else "Refused"
        signed = nomination.guardian_consent_signature or "unsigned"
        return f"{verb}: {signed}, {_on(nomination.guardian_consent_at)}"
    return Nomination.Response(answer).label


NOMINATION_COLUMNS = [
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


def cycle_nominations(cycle) -> QuerySet[Nomination]:
    """The nominations of `cycle` that were sent (submitted, or withdrawn since), in the order
    they arrived, with what the export reads of each (the form snapshot left unread)."""
    return (
        Nomination.objects.filter(cycle=cycle)
        .exclude(status=Nomination.Status.DRAFT)
        .select_related("school", "nominator", "dossier")
        .defer("form_snapshot", "answer_languages")
        .order_by("submitted_at", "pk")
    )


class _Words:
    """The labels an export repeats on every row, translated once per export (a translation
    looked up for every cell is most of an export's time)."""

    def __init__(self):
        self.status = {value: str(label) for value, label in Nomination.Status.choices}
        self.response = {value: str(label) for value, label in Nomination.Response.choices}
        self.letter = {value: str(label) for value, label in LetterRequest.Status.choices}
        self.yes_no = {value: spec.attestation_label(value) for value in ("yes", "no")}

    def status_of(self, nomination: Nomination) -> str:
        if nomination.nominee_response == Nomination.Response.DECLINED:
            return nomination.get_status_display()  # "Withdrawn: the nominee declined on …"
        return self.status.get(nomination.status, nomination.status)

    def guardian_of(self, nomination: Nomination) -> str:
        if nomination.guardian_consent in (
            Nomination.Response.ACCEPTED,
            Nomination.Response.DECLINED,
        ):
            return guardian_answer(nomination)
        return self.response.get(nomination.guardian_consent, nomination.guardian_consent)


def _answer_reader(question: Question, words: _Words, zone):
    """A function giving one nomination's answer to `question` as staff read it, from the
    nomination, its files' names and its letters (each by question key)."""
    key, kind = question.key, question.kind
    if kind == spec.FILE:
        return lambda nomination, files, letters: files.get(key, [])
    if kind == spec.LETTERS:
        return lambda nomination, files, letters: [
            f"{writer}: {words.letter.get(status, status)}"
            + (f" {local_time(received_at, zone)}" if received_at else "")
            for writer, status, received_at in letters.get(key, [])
        ]
    condition = {"show_if_key": question.show_if_key, "show_if_value": question.show_if_value}
    label = words.yes_no if kind == spec.ATTESTATION else {}

    def read(nomination, files, letters):
        answers = nomination.answers or {}
        if not spec.is_active(condition, answers):
            return ""  # kept from before the answer it depends on changed: the form hid it
        value = answers.get(key)
        if isinstance(value, list):
            return [label.get(item, item) for item in value]
        return label.get(value, value) if isinstance(value, str) else value

    return read


def _by_nomination(rows) -> dict[int, dict[str, list]]:
    """(nomination id, question key, *values) rows as {nomination id: {question key: [values]}}."""
    grouped: dict[int, dict[str, list]] = {}
    for nomination_id, key, *values in rows:
        grouped.setdefault(nomination_id, {}).setdefault(key, []).append(
            values[0] if len(values) == 1 else tuple(values)
        )
    return grouped


def nomination_rows(cycle) -> tuple[list[str], Iterator[list]]:
    """The header and rows of the cycle's nominations export: one row per sent nomination, with
    one column per question of the cycle's form in form order (labelled as the form labels it;
    files by name, each letter with its writer and status; staff's tags). Two queries for the
    form and the nominations, then three per chunk (their files, letters and tags), whatever their
    number. Files and letters are read as plain values and each chunk is let go before the next
    is read, so memory stays flat however many nominations there are."""
    questions = list(cycle.questions.order_by("sort_order", "pk"))
    header = [*NOMINATION_COLUMNS, *(question.label for question in questions)]
    zone = foundation_time_zone()
    words = _Words()
    readers = [_answer_reader(question, words, zone) for question in questions]

    def rows():
        nominations = cycle_nominations(cycle).iterator(chunk_size=CHUNK_SIZE)
        while chunk := list(islice(nominations, CHUNK_SIZE)):
            ids = [nomination.pk for nomination in chunk]
            files = _by_nomination(
                NominationFile.objects.filter(nomination_id__in=ids)
                .order_by("uploaded_at", "pk")
                .values_list("nomination_id", "question_key", "display_name")
            )
            letters = _by_nomination(
                LetterRequest.objects.filter(nomination_id__in=ids)
                .order_by("requested_at", "pk")
                .values_list(
                    "nomination_id", "question_key", "writer_name", "status", "received_at"
                )
            )
            tags: dict[int, list[str]] = {}
            for nomination_id, name in (
                TaggedNomination.objects.filter(content_object_id__in=ids)
                .order_by("tag__name")
                .values_list("content_object_id", "tag__name")
            ):
                tags.setdefault(nomination_id, []).append(name)
            for nomination in chunk:
                own_files = files.get(nomination.pk, {})
                own_letters = letters.get(nomination.pk, {})
                yield [
                    nomination.code,
                    words.status_of(nomination),
                    nomination.submitted_at,
                    nomination.withdrawn_at,
                    nomination.get_eligibility_display(),
                    nomination.eligibility_reason,
                    nomination.nominee_first_name,
                    nomination.nominee_last_name,
                    nomination.nominee_email,
                    nomination.nominee_role,
                    nomination.school.name if nomination.school else "",
                    nomination.years_at_school,
                    nomination.years_in_district,
                    words.response.get(nomination.nominee_response, nomination.nominee_response),
                    nomination.nominee_statement,
                    words.guardian_of(nomination),
                    str(nomination.nominator),
                    nomination.nominator.email,
                    nomination.nominator_relationship,
                    nomination.language,
                    nomination.dossier.code if nomination.dossier else "",
                    tags.get(nomination.pk, []),
                    *(read(nomination, own_files, own_letters) for read in readers),
                ]

    return header, rows()
