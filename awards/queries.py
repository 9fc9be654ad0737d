"""Who may see which nominations. Every view starts from one of these querysets."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, NamedTuple, TypedDict

from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext, gettext_lazy, ngettext

from portal.permissions import is_staff

from .models import (
    Award,
    Cycle,
    LetterRequest,
    Nomination,
    NomineeCategory,
    School,
    SchoolLevel,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, StrPromise


@dataclass(frozen=True)
class CandidateResponses:
    """What the people asked about a candidate answered, across its submitted nominations."""

    name: str  # as the nominator of the first nomination typed it
    nominee: str  # "Accepted", "Waiting for an answer", ... (distinct answers, joined)
    guardian: str  # "Consented", "Refused", "Waiting for an answer" or "Not asked"
    statements: tuple[str, ...] = ()


def _guardian_summary(answers: list[str]) -> str:
    """The guardians' answers as the publishing rule reads them (see `guardians_consent`)."""
    asked = [answer for answer in answers if answer != Nomination.Response.NOT_ASKED]
    if not asked:
        return str(Nomination.Response.NOT_ASKED.label)
    if Nomination.Response.DECLINED in asked:
        return "Refused"
    if all(answer == Nomination.Response.ACCEPTED for answer in asked):
        return "Consented"
    return str(Nomination.Response.PENDING.label)


def candidate_responses(dossier_ids) -> dict[int, CandidateResponses]:
    """For each candidate (dossier id), the nominee's answer and the parent or guardian's
    consent over its submitted nominations, with the nominee's statements and the name as typed
    on the first: one query."""
    rows: dict[int, list[tuple[str, str, str]]] = {}
    names: dict[int, str] = {}
    for dossier_id, first, last, response, consent, statement in (
        Nomination.objects.filter(
            dossier_id__in=list(dossier_ids), status=Nomination.Status.SUBMITTED
        )
        .order_by("dossier_id", "submitted_at", "pk")
        .values_list(
            "dossier_id",
            "nominee_first_name",
            "nominee_last_name",
            "nominee_response",
            "guardian_consent",
            "nominee_statement",
        )
    ):
        names.setdefault(dossier_id, f"{first} {last}".strip())
        rows.setdefault(dossier_id, []).append((response, consent, statement))
    labels = dict(Nomination.Response.choices)
    summaries = {}
    for dossier_id, answers in rows.items():
        nominee = list(dict.fromkeys(str(labels[response]) for response, _, _ in answers))
        summaries[dossier_id] = CandidateResponses(
            name=names[dossier_id],
            nominee=", ".join(nominee),
            guardian=_guardian_summary([consent for _, consent, _ in answers]),
            statements=tuple(statement for _, _, statement in answers if statement),
        )
    return summaries


def letter_counts() -> dict:
    """Annotations of a nominations queryset: `letters_requested` (every letter asked for and
    not cancelled) and `letters_received`, counted in the same query."""
    return {
        "letters_requested": Count(
            "letters", filter=~Q(letters__status=LetterRequest.Status.CANCELLED)
        ),
        "letters_received": Count(
            "letters", filter=Q(letters__status=LetterRequest.Status.RECEIVED)
        ),
    }


def nominations_visible_to(user) -> QuerySet[Nomination]:
    """Staff see every nomination; a nominator sees their own; everyone else sees none."""
    if not user.is_authenticated or not user.is_active:
        return Nomination.objects.none()
    if is_staff(user):
        return Nomination.objects.all()
    return Nomination.objects.filter(nominator=user)


def own_nominations(user) -> QuerySet[Nomination]:
    """The nominator's own nominations, whatever their other roles."""
    if not user.is_authenticated or not user.is_active:
        return Nomination.objects.none()
    return Nomination.objects.filter(nominator=user)


def _offered_first(now) -> Callable[[Cycle], tuple[int, float]]:
    """Orders an award's Open cycles for `open_cycle_for`: the one taking nominations now (the
    newest, if several are), then the next to open, then the last that closed."""

    def precedence(cycle: Cycle) -> tuple[int, float]:
        if cycle.is_accepting_nominations(now):
            return (0, -cycle.opens_at.timestamp())
        if now < cycle.opens_at:
            return (1, cycle.opens_at.timestamp())
        return (2, -cycle.opens_at.timestamp())

    return precedence


def open_cycle_for(award: Award | int, now=None) -> Cycle | None:
    """The award's (or award id's) current cycle among those set to Open, with its award: the
    one taking nominations now (the newest, if several are), else the next one to open, else
    the last one that closed. A cycle staff set to Open for next year (it opens by its dates)
    never takes the place of this year's while this year's still takes nominations."""
    cycles = Cycle.objects.filter(award=award, status=Cycle.Status.OPEN).select_related("award")
    return min(cycles, key=_offered_first(now or timezone.now()), default=None)


class AwardCycles(NamedTuple):
    open: Cycle | None  # as `open_cycle_for` finds it
    current: Cycle | None  # as `current_cycle_for` finds it


def award_cycles(award: Award | int, now=None) -> AwardCycles:
    """The award's open cycle and its current cycle, each with its award, in one query: an
    award's public page shows both (the call to action, and the rules and dates)."""
    cycles = list(
        Cycle.objects.filter(award=award)
        .annotate(is_current=ExpressionWrapper(_is_current(), output_field=BooleanField()))
        .filter(Q(status=Cycle.Status.OPEN) | Q(is_current=True))
        .select_related("award")
    )
    return AwardCycles(
        open=min(
            (cycle for cycle in cycles if cycle.status == Cycle.Status.OPEN),
            key=_offered_first(now or timezone.now()),
            default=None,
        ),
        current=next((cycle for cycle in cycles if cycle.is_current), None),
    )


def next_cycle_change(now=None):
    """The next moment an open cycle starts or stops taking nominations (None if none is
    scheduled): public pages that show the call to action change then."""
    now = now or timezone.now()
    moments = []
    for opens_at, closes_at, grace in Cycle.objects.filter(status=Cycle.Status.OPEN).values_list(
        "opens_at", "closes_at", "grace_period"
    ):
        moments += [opens_at, closes_at + (grace or timedelta(0))]
    return min((moment for moment in moments if moment > now), default=None)


# What an award asks of a nominee, in words, from the same fields the nomination form enforces:
# the award page, the nomination's start page and the form say the same thing.


def cycles_in_status(cycles: QuerySet[Cycle], status: str, now=None) -> QuerySet[Cycle]:
    """The cycles whose status as of `now` is `status`, as `Cycle.effective_status` reads it
    (an "Open" cycle is Scheduled before it opens and In review once its deadline and grace
    have passed), in one SQL filter so a list can filter and page on it."""
    now = now or timezone.now()
    open_until = ExpressionWrapper(
        F("closes_at") + Coalesce(F("grace_period"), Value(timedelta(0))),
        output_field=DateTimeField(),
    )
    cycles = cycles.alias(open_until=open_until)
    stored_open = Q(status=Cycle.Status.OPEN)
    if status == Cycle.Status.SCHEDULED:
        return cycles.filter(stored_open, opens_at__gt=now)
    if status == Cycle.Status.OPEN:
        return cycles.filter(stored_open, opens_at__lte=now, open_until__gt=now)
    if status == Cycle.Status.REVIEW:
        return cycles.filter(Q(status=status) | (stored_open & Q(open_until__lte=now)))
    return cycles.filter(status=status)


def school_filter(award: Award) -> Q:
    """The award's limits on schools (levels, Title I) as a filter on School."""
    rule = Q()
    if award.eligible_school_levels:
        rule &= Q(level__in=award.eligible_school_levels)
    if award.title_i_only:
        rule &= Q(title_i=True)
    return rule


def eligible_schools(award: Award) -> QuerySet[School]:
    """The schools whose people may be nominated for `award`: the form's list."""
    return School.objects.filter(school_filter(award), active=True).order_by("name")


def _levels_in_words(levels) -> str:
    """The school levels as a list in words: "middle or high"."""
    labels = [str(label).lower() for value, label in SchoolLevel.choices if value in levels]
    return str(get_text_list(labels, gettext("or")))


def school_rule(award: Award) -> str:
    """The school rule in one line, shown beside the form's school list."""
    parts = []
    if award.eligible_school_levels:
        parts.append(
            gettext("%(levels)s schools")
            % {"levels": _levels_in_words(award.eligible_school_levels)}
        )
    if award.title_i_only:
        parts.append(gettext("Title I schools only"))
    return (gettext("Eligible: %(rule)s.") % {"rule": "; ".join(parts)}) if parts else ""


@dataclass(frozen=True)
class RosterEntry:
    name: str
    level: str
    title_i: bool
    eligible: bool
    reason: str  # why a school's people cannot be nominated; "" when they can


@dataclass(frozen=True)
class Eligibility:
    rules: tuple[str, ...]
    roster: tuple[RosterEntry, ...]
    limited_schools: bool  # some schools of the district are not eligible

    @property
    def eligible_count(self) -> int:
        return sum(entry.eligible for entry in self.roster)


FOR_CATEGORY: dict[str, "StrPromise"] = {
    NomineeCategory.TEACHER: gettext_lazy("For teachers."),
    NomineeCategory.PRINCIPAL: gettext_lazy("For principals and assistant principals."),
    NomineeCategory.STAFF: gettext_lazy("For school staff."),
    NomineeCategory.STUDENT: gettext_lazy("For students."),
}


def award_eligibility(award: Award) -> Eligibility:
    """Who can be nominated for `award`, in plain words (in the active language), and every
    school of the roster with whether (and why not) its people qualify. One query."""
    rules = [str(FOR_CATEGORY.get(award.category, ""))]
    if award.eligible_school_levels:
        rules.append(
            gettext("At a %(levels)s school in the district.")
            % {"levels": _levels_in_words(award.eligible_school_levels)}
        )
    else:
        rules.append(gettext("At any school in the district."))
    if award.title_i_only:
        rules.append(gettext("Only at Title I schools."))
    if award.min_years_at_school:
        rules.append(
            ngettext(
                "At least %(count)d year at their current school.",
                "At least %(count)d years at their current school.",
                award.min_years_at_school,
            )
            % {"count": award.min_years_at_school}
        )
    if award.min_years_in_district:
        rules.append(
            ngettext(
                "At least %(count)d year in the district.",
                "At least %(count)d years in the district.",
                award.min_years_in_district,
            )
            % {"count": award.min_years_in_district}
        )
    if award.exclude_past_winners:
        rules.append(gettext("Past winners of this award cannot be nominated for it again."))
    if award.requires_guardian_consent:
        rules.append(
            gettext(
                "A parent or guardian is asked before a student's name or photo is ever published."
            )
        )
    if award.nominee_notice == Award.NomineeNotice.SURPRISE:
        rules.append(
            gettext(
                "This award is a surprise: the nominee is not told they were nominated until "
                "the results. Please keep it a surprise."
            )
        )
    elif award.nominee_handoff:
        rules.append(
            gettext(
                "The nominee is told they were nominated (never by whom) and asked to confirm "
                "and add a short statement of their own."
            )
        )
    else:
        rules.append(gettext("The nominee is told they were nominated (never by whom)."))

    levels = dict(SchoolLevel.choices)
    roster = []
    for school in School.objects.filter(active=True).order_by("name"):
        reasons = []
        if award.eligible_school_levels and school.level not in award.eligible_school_levels:
            reasons.append(
                gettext("%(level)s schools are not part of this award")
                % {"level": levels[school.level]}
            )
        if award.title_i_only and not school.title_i:
            reasons.append(gettext("not a Title I school"))
        reason = "; ".join(reasons)
        roster.append(
            RosterEntry(
                name=school.name,
                level=str(levels[school.level]),
                title_i=school.title_i,
                eligible=not reasons,
                reason=reason[:1].upper() + reason[1:],
            )
        )
    return Eligibility(
        rules=tuple(rules),
        roster=tuple(roster),
        limited_schools=any(not entry.eligible for entry in roster),
    )


@dataclass(frozen=True)
class KeyDate:
    label: "StrOrPromise"
    when: datetime.datetime | datetime.date
    note: str = ""

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime.datetime)

    @property
    def day(self) -> datetime.date:
        if isinstance(self.when, datetime.datetime):
            return timezone.localtime(self.when).date()
        return self.when


def _is_current() -> Q:
    """A cycle is its award's current one: the newest that is not a draft ("this year's")."""
    newest = (
        Cycle.objects.filter(award=OuterRef("award"))
        .exclude(status=Cycle.Status.DRAFT)
        .order_by("-opens_at")
        .values("pk")[:1]
    )
    return Q(pk=Subquery(newest))


def current_cycles() -> QuerySet[Cycle]:
    """Each award's current cycle: its newest one that is not a draft ("this year's")."""
    return Cycle.objects.filter(_is_current())


def current_cycle_for(award: Award | int) -> Cycle | None:
    """The cycle an award's public page speaks of: its current cycle (see `current_cycles`)."""
    return current_cycles().filter(award=award).select_related("award").first()


class NominationCounts(TypedDict):
    submitted: int
    drafts: int
    letters_outstanding: int


def nomination_counts(cycles) -> dict[int, NominationCounts]:
    """For each of `cycles` (ids or a queryset), how many nominations are `submitted` and
    `drafts`, and how many letters of support asked for by submitted nominations are still
    `letters_outstanding`. One query; a cycle without nominations is left out."""
    submitted = Q(status=Nomination.Status.SUBMITTED)
    return {
        row["cycle"]: NominationCounts(
            submitted=row["submitted"],
            drafts=row["drafts"],
            letters_outstanding=row["letters_outstanding"],
        )
        for row in Nomination.objects.filter(cycle__in=cycles)
        .values("cycle")
        .annotate(
            submitted=Count("pk", filter=submitted, distinct=True),
            drafts=Count("pk", filter=Q(status=Nomination.Status.DRAFT), distinct=True),
            letters_outstanding=Count(
                "letters", filter=submitted & Q(letters__status=LetterRequest.Status.REQUESTED)
            ),
        )
        .order_by()
    }


def key_dates(cycle: Cycle | None) -> tuple[KeyDate, ...]:
    """The cycle's dates as the public sees them: when nominations open and close, when
    letters are due and when results are expected. Shown in the foundation's time zone."""
    if cycle is None:
        return ()
    dates = [
        KeyDate(gettext_lazy("Nominations open"), cycle.opens_at),
        KeyDate(gettext_lazy("Nominations close"), cycle.closes_at),
    ]
    if cycle.letters_due_at:
        dates.append(KeyDate(gettext_lazy("Letters of support due"), cycle.letters_due_at))
    if cycle.results_expected_on:
        dates.append(KeyDate(gettext_lazy("Results announced"), cycle.results_expected_on))
    return tuple(dates)
