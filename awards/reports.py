"""The staff's reach report: who nominated, from where, in what language and on what device, for
one cycle, one school year of every award, or every cycle.

Every figure is counted by the database, grouped (nominations are never looped over here), so
the report costs the same number of queries for ten nominations as for ten thousand.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language_info

from .exports import foundation_time_zone
from .models import Award, Cycle, LetterRequest, Nomination, School, SchoolLevel
from .queries import school_filter

ALL = "all"
YEAR_PREFIX = "year:"
CYCLE_PREFIX = "cycle:"

SUBMITTED = Q(status=Nomination.Status.SUBMITTED)


@dataclass(frozen=True)
class Scope:
    """The cycles a report covers: `nominations` filters Nomination rows to them."""

    key: str
    label: str
    nominations: Q
    cycle: Cycle | None = None  # when the report covers exactly one cycle
    cycles: Q = field(default_factory=Q)  # the same cycles, as a filter on Cycle


def scope_choices() -> list[tuple[str, str]]:
    """Every choice of the report's cycle selector: all cycles, each school year across awards
    (cycles share a name such as "2026-27"), then each cycle, newest first. One query."""
    cycles = list(Cycle.objects.select_related("award").order_by("-opens_at", "award__name"))
    years = list(dict.fromkeys(cycle.name for cycle in cycles))
    return [
        (ALL, "All cycles"),
        *((f"{YEAR_PREFIX}{name}", f"{name}, every award") for name in years),
        *((f"{CYCLE_PREFIX}{cycle.pk}", str(cycle)) for cycle in cycles),
    ]


def scope_for(key: str | None) -> Scope:
    """The scope a selector value names; Http404 for a cycle or year that does not exist (or a
    value that names neither)."""
    key = key or ALL
    if key == ALL:
        return Scope(ALL, "All cycles", Q())
    if key.startswith(YEAR_PREFIX):
        name = key.removeprefix(YEAR_PREFIX)
        if not Cycle.objects.filter(name=name).exists():
            raise Http404
        return Scope(key, f"{name}, every award", Q(cycle__name=name), cycles=Q(name=name))
    if key.startswith(CYCLE_PREFIX) and key.removeprefix(CYCLE_PREFIX).isdigit():
        cycle = Cycle.objects.select_related("award").filter(pk=key.removeprefix(CYCLE_PREFIX))
        found = cycle.first()
        if found is None:
            raise Http404
        return Scope(key, str(found), Q(cycle=found), cycle=found, cycles=Q(pk=found.pk))
    raise Http404


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    percent: int  # of the section's total, rounded


def shares(counts: list[tuple[str, int]], total: int | None = None) -> list[Share]:
    total = sum(count for _, count in counts) if total is None else total
    return [
        Share(label, count, round(100 * count / total) if total else 0) for label, count in counts
    ]


@dataclass(frozen=True)
class AwardRow:
    award: str
    submitted: int
    drafts: int
    withdrawn: int


@dataclass(frozen=True)
class SchoolRow:
    name: str
    code: str
    level: str
    title_i: bool
    submitted: int


@dataclass(frozen=True)
class UnreachedSchool:
    name: str
    code: str
    level: str
    title_i: bool
    drafts: int  # drafts started for this school that were never sent


@dataclass(frozen=True)
class IntakeDay:
    days_to_deadline: int  # 0 on the closing day, negative before it
    day: datetime.date | None  # the calendar day, when the report covers one cycle
    submitted: int
    running_total: int

    @property
    def label(self) -> str:
        """The day as staff say it: "3 days before", "Deadline day", "1 day after"."""
        days = abs(self.days_to_deadline)
        if days == 0:
            return "Deadline day"
        side = "before" if self.days_to_deadline < 0 else "after"
        return f"{days} day{'s' if days != 1 else ''} {side}"


@dataclass(frozen=True)
class LetterRow:
    award: str
    asked: int
    received: int
    still_due: int
    nominations_waiting: int


@dataclass(frozen=True)
class EligibilityRow:
    award: str
    pending: int
    eligible: int
    ineligible: int


@dataclass
class ReachReport:
    scope: Scope
    started: int = 0
    submitted: int = 0
    drafts: int = 0
    withdrawn: int = 0
    by_award: list[AwardRow] = field(default_factory=list)
    by_school: list[SchoolRow] = field(default_factory=list)
    by_title_i: list[Share] = field(default_factory=list)
    by_level: list[Share] = field(default_factory=list)
    roster_size: int = 0
    unreached: list[UnreachedSchool] = field(default_factory=list)
    intake: list[IntakeDay] = field(default_factory=list)
    letters: list[LetterRow] = field(default_factory=list)
    eligibility: list[EligibilityRow] = field(default_factory=list)
    devices: list[Share] = field(default_factory=list)
    languages: list[Share] = field(default_factory=list)

    @property
    def reached(self) -> int:
        return self.roster_size - len(self.unreached)

    @property
    def letters_still_due(self) -> int:
        return sum(row.still_due for row in self.letters)


def reach_report(scope: Scope) -> ReachReport:
    """Every figure of the reach report for `scope`. Eleven queries, whatever the number of
    nominations, schools or days.

    Counted among submitted nominations: schools, Title I and level, the intake curve, letters,
    eligibility and languages (the language a nomination was sent in). Among every nomination
    started (drafts and withdrawn ones too): the device. The roster is the active schools whose
    people one of the scope's awards may honour (levels, Title I); the schools without a
    nomination are those of the roster no submitted nomination of the scope names.
    """
    nominations = Nomination.objects.filter(scope.nominations).order_by()
    report = ReachReport(scope=scope)
    report.by_award = _by_award(nominations)
    report.submitted = sum(row.submitted for row in report.by_award)
    report.drafts = sum(row.drafts for row in report.by_award)
    report.withdrawn = sum(row.withdrawn for row in report.by_award)
    report.started = report.submitted + report.drafts + report.withdrawn
    report.by_school = _by_school(nominations)
    report.by_title_i, report.by_level = _by_school_kind(report.by_school, report.submitted)
    roster = _roster(scope)
    report.roster_size = roster.count()
    report.unreached = _unreached_schools(scope, roster)
    report.intake = _intake(nominations, scope.cycle)
    report.letters = _letters(scope)
    report.eligibility = _eligibility(nominations)
    report.devices = _devices(nominations)
    report.languages = _languages(nominations)
    return report


def _by_award(nominations: QuerySet[Nomination]) -> list[AwardRow]:
    rows = (
        nominations.values("cycle__award__name")
        .annotate(
            submitted=Count("pk", filter=SUBMITTED),
            drafts=Count("pk", filter=Q(status=Nomination.Status.DRAFT)),
            withdrawn=Count("pk", filter=Q(status=Nomination.Status.WITHDRAWN)),
        )
        .order_by("cycle__award__name")
    )
    return [
        AwardRow(row["cycle__award__name"], row["submitted"], row["drafts"], row["withdrawn"])
        for row in rows
    ]


NO_SCHOOL = "No school given"


def _by_school(nominations: QuerySet[Nomination]) -> list[SchoolRow]:
    rows = (
        nominations.filter(SUBMITTED)
        .values("school__name", "school__code", "school__level", "school__title_i")
        .annotate(submitted=Count("pk"))
        .order_by("-submitted", "school__name")
    )
    levels = dict(SchoolLevel.choices)
    return [
        SchoolRow(
            row["school__name"] or NO_SCHOOL,
            row["school__code"] or "",
            str(levels.get(row["school__level"], "")),
            bool(row["school__title_i"]),
            row["submitted"],
        )
        for row in rows
    ]


def _by_school_kind(schools: list[SchoolRow], total: int) -> tuple[list[Share], list[Share]]:
    """Submitted nominations by Title I status and by school level, summed from the per-school
    counts (one row per school, not per nomination)."""
    named = [row for row in schools if row.code]
    unnamed = sum(row.submitted for row in schools if not row.code)
    title_i = [
        ("Title I", sum(row.submitted for row in named if row.title_i)),
        ("Not Title I", sum(row.submitted for row in named if not row.title_i)),
    ]
    levels = [
        (str(label), sum(row.submitted for row in named if row.level == str(label)))
        for _, label in SchoolLevel.choices
    ]
    if unnamed:
        title_i.append((NO_SCHOOL, unnamed))
        levels.append((NO_SCHOOL, unnamed))
    return shares(title_i, total), shares(levels, total)


def _roster(scope: Scope) -> QuerySet[School]:
    """The active schools one of the scope's awards is open to: an award for high-school
    teachers does not make an elementary school one that no one nominated from."""
    awards = Award.objects.filter(cycles__in=Cycle.objects.filter(scope.cycles)).distinct()
    rules = [
        school_filter(award) for award in awards.only("eligible_school_levels", "title_i_only")
    ]
    if not rules:
        return School.objects.none()
    if any(not rule for rule in rules):  # an award open to every school
        return School.objects.filter(active=True)
    either = rules[0]
    for rule in rules[1:]:
        either |= rule
    return School.objects.filter(either, active=True)


def _unreached_schools(scope: Scope, roster: QuerySet[School]) -> list[UnreachedSchool]:
    # The schools nominated from, as one subquery the database runs once (a correlated EXISTS
    # per school scans a cycle's nominations once per school).
    nominated_from = Nomination.objects.filter(
        scope.nominations, SUBMITTED, school__isnull=False
    ).values("school")
    schools = roster.exclude(pk__in=nominated_from).order_by("name")
    levels = dict(SchoolLevel.choices)
    drafts = _draft_counts(scope)
    return [
        UnreachedSchool(
            school.name,
            school.code,
            str(levels.get(school.level, school.level)),
            school.title_i,
            drafts.get(school.pk, 0),
        )
        for school in schools
    ]


def _draft_counts(scope: Scope) -> dict[int, int]:
    return dict(
        Nomination.objects.filter(scope.nominations, status=Nomination.Status.DRAFT)
        .exclude(school=None)
        .values_list("school")
        .annotate(Count("pk"))
        .order_by()
    )


def _intake(nominations: QuerySet[Nomination], cycle: Cycle | None) -> list[IntakeDay]:
    """Submissions per day against each nomination's own cycle deadline, every day between the
    first and the last submission listed (days without any count 0)."""
    # The foundation's days, whatever time zone the staff member reading chose for the admin.
    zone = foundation_time_zone()
    # Grouped by the cycle's closing moment as stored, and converted to a day here: once per
    # cycle rather than once per nomination.
    rows = (
        nominations.filter(SUBMITTED, submitted_at__isnull=False)
        .values("cycle__closes_at", day=TruncDate("submitted_at", tzinfo=zone))
        .annotate(submitted=Count("pk"))
    )
    by_offset: dict[int, int] = {}
    for row in rows:
        deadline = timezone.localtime(row["cycle__closes_at"], zone).date()
        offset = (row["day"] - deadline).days
        by_offset[offset] = by_offset.get(offset, 0) + row["submitted"]
    if not by_offset:
        return []
    closing_day = timezone.localtime(cycle.closes_at, zone).date() if cycle else None
    intake, running = [], 0
    for offset in range(min(by_offset), max(by_offset) + 1):
        running += by_offset.get(offset, 0)
        day = closing_day + datetime.timedelta(days=offset) if closing_day else None
        intake.append(IntakeDay(offset, day, by_offset.get(offset, 0), running))
    return intake


def _letters(scope: Scope) -> list[LetterRow]:
    """Letters of support asked for by submitted nominations (cancelled ones left out), by
    award: how many came, how many are still due, and how many nominations wait for one."""
    letters = LetterRequest.objects.filter(
        nomination__in=Nomination.objects.filter(scope.nominations, SUBMITTED).values("pk")
    ).exclude(status=LetterRequest.Status.CANCELLED)
    due = Q(status=LetterRequest.Status.REQUESTED)
    rows = (
        letters.values("nomination__cycle__award__name")
        .annotate(
            asked=Count("pk"),
            received=Count("pk", filter=Q(status=LetterRequest.Status.RECEIVED)),
            still_due=Count("pk", filter=due),
            waiting=Count("nomination", filter=due, distinct=True),
        )
        .order_by("nomination__cycle__award__name")
    )
    return [
        LetterRow(
            row["nomination__cycle__award__name"],
            row["asked"],
            row["received"],
            row["still_due"],
            row["waiting"],
        )
        for row in rows
    ]


def _eligibility(nominations: QuerySet[Nomination]) -> list[EligibilityRow]:
    outcome = Nomination.Eligibility
    rows = (
        nominations.filter(SUBMITTED)
        .values("cycle__award__name")
        .annotate(
            pending=Count("pk", filter=Q(eligibility=outcome.PENDING)),
            eligible=Count("pk", filter=Q(eligibility=outcome.ELIGIBLE)),
            ineligible=Count("pk", filter=Q(eligibility=outcome.INELIGIBLE)),
        )
        .order_by("cycle__award__name")
    )
    return [
        EligibilityRow(
            row["cycle__award__name"], row["pending"], row["eligible"], row["ineligible"]
        )
        for row in rows
    ]


def _devices(nominations: QuerySet[Nomination]) -> list[Share]:
    """Every nomination started, by the device it was started on; the percentages are of those
    whose device is known."""
    counts = nominations.aggregate(
        phone=Count("pk", filter=Q(started_on_phone=True)),
        other=Count("pk", filter=Q(started_on_phone=False)),
        unknown=Count("pk", filter=Q(started_on_phone=None)),
    )
    known = counts["phone"] + counts["other"]
    return [
        *shares([("Phone", counts["phone"]), ("Computer or tablet", counts["other"])], known),
        Share("Not recorded", counts["unknown"], 0),
    ]


def language_label(code: str) -> str:
    if not code:
        return "Not recorded"
    try:
        info = get_language_info(code)
    except KeyError:
        return code
    return info["name"]


def _languages(nominations: QuerySet[Nomination]) -> list[Share]:
    """Submitted nominations by the language they were sent in, the most used first."""
    rows = (
        nominations.filter(SUBMITTED)
        .values_list("language")
        .annotate(count=Count("pk"))
        .order_by("-count", "language")
    )
    return shares([(language_label(code), count) for code, count in rows])


def reach_rows(report: ReachReport) -> list[tuple[str, str, str, int | str]]:
    """Every figure of `report` as (section, item, measure, value) rows: the CSV download."""
    rows: list[tuple[str, str, str, int | str]] = [
        ("Report", "Cycles", "Covers", report.scope.label),
        ("Totals", "Nominations", "Started", report.started),
        ("Totals", "Nominations", "Submitted", report.submitted),
        ("Totals", "Nominations", "Drafts", report.drafts),
        ("Totals", "Nominations", "Withdrawn", report.withdrawn),
        ("Totals", "Roster schools", "Active", report.roster_size),
        ("Totals", "Roster schools", "With a nomination", report.reached),
        ("Totals", "Letters of support", "Still due", report.letters_still_due),
    ]
    for row in report.by_award:
        for measure in ("submitted", "drafts", "withdrawn"):
            rows.append(("By award", row.award, measure.capitalize(), getattr(row, measure)))
    for row in report.by_school:
        item = f"{row.name} ({row.code})" if row.code else row.name
        rows.append(("By school", item, "Submitted", row.submitted))
    for section, items in (
        ("By Title I status", report.by_title_i),
        ("By school level", report.by_level),
        ("By device started on", report.devices),
        ("By language sent in", report.languages),
    ):
        for share in items:
            rows.append((section, share.label, "Count", share.count))
            rows.append((section, share.label, "Percent", share.percent))
    for school in report.unreached:
        item = f"{school.name} ({school.code})"
        rows.append(("Schools with no nomination", item, "Drafts not sent", school.drafts))
    for day in report.intake:
        item = day.label + (f" ({day.day.isoformat()})" if day.day else "")
        rows.append(("Submitted by day to the deadline", item, "Submitted", day.submitted))
        rows.append(("Submitted by day to the deadline", item, "Running total", day.running_total))
    for row in report.letters:
        for measure, value in (
            ("Asked", row.asked),
            ("Received", row.received),
            ("Still due", row.still_due),
            ("Nominations waiting", row.nominations_waiting),
        ):
            rows.append(("Letters of support", row.award, measure, value))
    for row in report.eligibility:
        for measure, value in (
            ("Not yet checked", row.pending),
            ("Eligible", row.eligible),
            ("Ineligible", row.ineligible),
        ):
            rows.append(("Eligibility", row.award, measure, value))
    return rows
