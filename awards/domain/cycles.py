"""Operations on a cycle as a whole: starting next year's from this year's, and moving its
deadline (close early, extend). The cycle's status follows its dates (`Cycle.effective_status`);
these operations change the dates, never a stored "open" or "in review"."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import overload

from django.db import transaction
from django.utils import timezone

from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_change_cycles, can_start_next_cycle, require
from review.models import Criterion, ReviewerEnrolment, ReviewSettings, Rubric, Stage

from ..models import Cycle, Question

# Review settings copied as they are (how a cycle is reviewed); its dates are moved on.
REVIEW_SETTING_FIELDS = tuple(
    field.name
    for field in ReviewSettings._meta.concrete_fields
    # The finalist round's closing date is the next year's to set: a year-old one would close
    # the round before it starts.
    if field.name not in {"id", "cycle", "release_at", "review_closes_at", "finalists_close_at"}
)
# How the cycle's reminders run (on or off, and how many days before each date).
REMINDER_SETTINGS = (
    "remind_letter_writers",
    "letter_reminder_days",
    "remind_nominators",
    "nominator_reminder_days",
    "remind_reviewers",
    "reviewer_reminder_days",
)
QUESTION_FIELDS = tuple(
    field.name
    for field in Question._meta.concrete_fields
    if field.name not in {"id", "cycle", "sort_order"}
)
CRITERION_FIELDS = tuple(
    field.name
    for field in Criterion._meta.concrete_fields
    if field.name not in {"id", "rubric", "sort_order"}
)


class CycleChangeRefused(DomainError):
    """The cycle cannot be changed this way now; the message says why, for staff."""


@overload
def a_year_later(moment: datetime) -> datetime: ...
@overload
def a_year_later(moment: date) -> date: ...
@overload
def a_year_later(moment: None) -> None: ...
def a_year_later(moment: datetime | date | None) -> datetime | date | None:
    """The same day and local time a year later; 29 February becomes 28 February. A time keeps
    its wall-clock hour in the site's time zone (9:00 stays 9:00 across a change of summer time)."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        local = timezone.localtime(moment)
        return _next_year(local.replace(tzinfo=None)).replace(tzinfo=local.tzinfo)
    return _next_year(moment)


def _next_year(moment):
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + 1, day=28)


def next_cycle_name(name: str) -> str:
    """This year's name with every year in it one on: "2026-27" gives "2027-28", "2026" gives
    "2027"; a name without a year gets " (next)"."""
    shifted = re.sub(
        r"(?<!\d)(\d{4})(?:(\s*[-/\u2013]\s*)(\d{2}|\d{4}))?(?!\d)",
        lambda m: (
            str(int(m[1]) + 1)
            + (
                f"{m[2]}{(int(m[3]) + 1) % (10 ** len(m[3])):0{len(m[3])}d}"
                if m[3] is not None
                else ""
            )
        ),
        name,
    )
    return shifted if shifted != name else f"{name} (next)"


@dataclass
class NextCycleDates:
    """The new cycle's name and dates: this year's a year on, until staff change them."""

    name: str
    opens_at: datetime
    closes_at: datetime
    letters_due_at: datetime | None
    results_expected_on: date | None
    release_at: datetime | None
    review_closes_at: datetime | None

    @classmethod
    def a_year_after(cls, cycle: Cycle) -> "NextCycleDates":
        review = ReviewSettings.objects.filter(cycle=cycle).first()
        return cls(
            name=next_cycle_name(cycle.name),
            opens_at=a_year_later(cycle.opens_at),
            closes_at=a_year_later(cycle.closes_at),
            letters_due_at=a_year_later(cycle.letters_due_at),
            results_expected_on=a_year_later(cycle.results_expected_on),
            release_at=a_year_later(review.release_at) if review else None,
            review_closes_at=a_year_later(review.review_closes_at) if review else None,
        )


@dataclass
class NextCycleSummary:
    """What "Start next year's cycle" carries over from a cycle, for the confirmation page."""

    questions: int
    criteria: int
    rubric: Rubric | None
    has_review_settings: bool
    reviewers: int
    existing_next: list[Cycle]

    @classmethod
    def of(cls, cycle: Cycle) -> "NextCycleSummary":
        rubric = _current_rubric(cycle)
        return cls(
            questions=cycle.questions.count(),
            criteria=rubric.criteria.count() if rubric else 0,
            rubric=rubric,
            has_review_settings=ReviewSettings.objects.filter(cycle=cycle).exists(),
            reviewers=_carried_enrolments(cycle).count(),
            existing_next=list(cycle.next_cycles.order_by("opens_at")),
        )


def _current_rubric(cycle: Cycle) -> Rubric | None:
    return cycle.rubrics.filter(stage=Stage.FIRST).order_by("-version").first()


def _carried_enrolments(cycle: Cycle):
    """The reviewers asked again next year: everyone in this year's pool who did not withdraw."""
    return cycle.reviewer_enrolments.exclude(status=ReviewerEnrolment.Status.WITHDRAWN)


def start_next_cycle(cycle: Cycle, user, dates: NextCycleDates, *, another: bool = False) -> Cycle:
    """Make next year's cycle of `cycle`'s award from it, in one transaction.

    Copied: the nomination form (questions with their translations and the section titles'),
    the newest rubric (as version 1, unlocked, with its criteria, weights, scales and bands), the
    review settings (with `dates`' release and review close), and the reviewer pool (everyone who
    did not withdraw, as invited again, with their capacity, categories, schools and principal
    flag; no e-mail is sent: staff send invitations when they are ready). Left behind: everything
    about people's nominations (nominations, files, letters, dossiers, scores, rankings,
    decisions, conflicts, extensions, messages) and the reviewers' running statistics.

    The new cycle is a draft (it runs by its dates once staff set it to Open). Refused when
    `cycle` already has a next cycle, unless `another`. Side effects: the rows above; an audit
    event on the new cycle and on `cycle`. Raises PermissionDenied for anyone but staff who may
    add cycles, CycleChangeRefused for a second next cycle or dates that do not fit.
    """
    require(can_start_next_cycle(user))
    if dates.closes_at <= dates.opens_at:
        raise CycleChangeRefused("The new cycle must close after it opens.")
    if dates.letters_due_at and dates.letters_due_at < dates.opens_at:
        raise CycleChangeRefused("Letters cannot be due before the new cycle opens.")
    with transaction.atomic():
        # Locked so that two staff pressing the button at once make one next cycle.
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        existing = list(locked.next_cycles.all())
        if existing and not another:
            raise CycleChangeRefused(
                f"{cycle} already has a next cycle ({existing[0].name}). Start another only "
                "if that is what you mean."
            )
        if Cycle.objects.filter(award_id=locked.award_id, name=dates.name).exists():
            raise CycleChangeRefused(f"The award already has a cycle named “{dates.name}”.")
        new = Cycle.objects.create(
            award_id=locked.award_id,
            name=dates.name,
            opens_at=dates.opens_at,
            closes_at=dates.closes_at,
            letters_due_at=dates.letters_due_at,
            grace_period=locked.grace_period,
            results_expected_on=dates.results_expected_on,
            status=Cycle.Status.DRAFT,
            translations=locked.translations,
            copied_from=locked,
            **{field: getattr(locked, field) for field in REMINDER_SETTINGS},
        )
        Question.objects.bulk_create(
            Question(
                cycle=new,
                sort_order=question.sort_order,
                **{name: getattr(question, name) for name in QUESTION_FIELDS},
            )
            for question in locked.questions.order_by("sort_order", "pk")
        )
        rubric = _copy_rubric(locked, new)
        review_settings = _copy_review_settings(locked, new, dates)
        reviewers = _copy_pool(locked, new)
        audit(
            user,
            "cycle.started_from",
            new,
            copied_from=locked.pk,
            rubric=rubric.pk if rubric else None,
            review_settings=review_settings,
            reviewers=reviewers,
        )
        audit(user, "cycle.next_started", locked, next_cycle=new.pk)
    return new


def _copy_rubric(cycle: Cycle, new: Cycle) -> Rubric | None:
    rubric = _current_rubric(cycle)
    if rubric is None:
        return None
    copy = Rubric.objects.create(cycle=new, name=rubric.name, tie_break=rubric.tie_break)
    Criterion.objects.bulk_create(
        Criterion(
            rubric=copy,
            sort_order=criterion.sort_order,
            **{name: getattr(criterion, name) for name in CRITERION_FIELDS},
        )
        for criterion in rubric.criteria.order_by("sort_order", "pk")
    )
    return copy


def _copy_review_settings(cycle: Cycle, new: Cycle, dates: NextCycleDates) -> bool:
    review = ReviewSettings.objects.filter(cycle=cycle).first()
    if review is None:
        return False
    ReviewSettings.objects.create(
        cycle=new,
        release_at=dates.release_at,
        review_closes_at=dates.review_closes_at,
        **{name: getattr(review, name) for name in REVIEW_SETTING_FIELDS},
    )
    return True


def _copy_pool(cycle: Cycle, new: Cycle) -> int:
    """The reviewers, invited again, with their school ties: a constant number of queries."""
    enrolments = list(_carried_enrolments(cycle).prefetch_related("schools"))
    copies = ReviewerEnrolment.objects.bulk_create(
        ReviewerEnrolment(
            cycle=new,
            reviewer_id=enrolment.reviewer_id,
            stage=enrolment.stage,
            status=ReviewerEnrolment.Status.INVITED,
            capacity=enrolment.capacity,
            categories=enrolment.categories,
            preferred_categories=enrolment.preferred_categories,
            is_principal=enrolment.is_principal,
        )
        for enrolment in enrolments
    )
    ties = ReviewerEnrolment.schools.through
    ties.objects.bulk_create(
        ties(reviewerenrolment_id=copy.pk, school_id=school.pk)
        for enrolment, copy in zip(enrolments, copies, strict=True)
        for school in enrolment.schools.all()
    )
    return len(copies)


def close_early(cycle: Cycle, user, reason: str = "", now=None) -> None:
    """Stop taking nominations now: the deadline becomes this moment, with no grace period, so
    the cycle is in review from now on. Nominators with their own extension keep it.

    Side effects: the cycle's deadline; an audit event with the deadline and grace period it had.
    Raises CycleChangeRefused when the cycle is not open now.
    """
    require(can_change_cycles(user))
    now = now or timezone.now()
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.effective_status(now) != Cycle.Status.OPEN:
            raise CycleChangeRefused("Only an open cycle can be closed early.")
        was = (locked.closes_at, locked.grace_period)
        locked.closes_at, locked.grace_period = now, None
        locked.save(update_fields=["closes_at", "grace_period"])
        audit(
            user,
            "cycle.closed_early",
            locked,
            closes_at=was[0].isoformat(),
            grace_period=str(was[1] or ""),
            reason=reason,
        )
    cycle.refresh_from_db()


def extend(cycle: Cycle, user, closes_at: datetime, reason: str = "", now=None) -> None:
    """Take nominations until `closes_at` (later than now and than the current deadline). A cycle
    staff had moved to "In review" by hand runs by its dates again.

    Side effects: the cycle's deadline (and status); an audit event with the deadline it had.
    Raises CycleChangeRefused for a deadline that is not later, or a cycle that is a draft or
    already decided or closed.
    """
    require(can_change_cycles(user))
    now = now or timezone.now()
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.status not in (Cycle.Status.OPEN, Cycle.Status.REVIEW):
            raise CycleChangeRefused("Only an open or in-review cycle can be extended.")
        if closes_at <= max(now, locked.closes_at):
            raise CycleChangeRefused(
                "The new deadline must be later than now and than the old one."
            )
        was = locked.closes_at
        locked.closes_at, locked.status = closes_at, Cycle.Status.OPEN
        locked.save(update_fields=["closes_at", "status"])
        audit(user, "cycle.extended", locked, closes_at=was.isoformat(), reason=reason)
    cycle.refresh_from_db()
