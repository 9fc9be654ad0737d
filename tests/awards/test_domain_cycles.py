"""Next year in one step: a cycle's form, rubric, review settings and reviewer pool are carried
to next year's cycle with every date a year on, and nothing about people's nominations goes with
them. And a cycle's status follows its dates, with staff closing early or extending."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.domain.cycles import (
    CycleChangeRefused,
    NextCycleDates,
    a_year_later,
    close_early,
    extend,
    next_cycle_name,
    start_next_cycle,
)
from awards.models import Cycle, DeadlineExtension, Dossier, Nomination
from portal.models import AuditEvent
from review.models import (
    Conflict,
    Criterion,
    Decision,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
    Score,
)
from tests.awards.conftest import question_rows
from tests.awards.factories import (
    QuestionFactory,
)
from tests.factories import CycleFactory, SchoolFactory, UserFactory
from tests.review.factories import ReviewerEnrolmentFactory

SITE_ZONE = ZoneInfo("America/Los_Angeles")


def criterion_rows(rubric) -> list[dict]:
    return list(
        rubric.criteria.order_by("sort_order", "pk").values(
            *(f.name for f in Criterion._meta.concrete_fields if f.name not in {"id", "rubric"})
        )
    )


def pool(cycle) -> dict:
    """Each reviewer's enrolment as next year's would compare: who, what, where."""
    return {
        enrolment.reviewer_id: (
            enrolment.capacity,
            enrolment.categories,
            enrolment.preferred_categories,
            enrolment.is_principal,
            sorted(school.pk for school in enrolment.schools.all()),
        )
        for enrolment in cycle.reviewer_enrolments.exclude(
            status=ReviewerEnrolment.Status.WITHDRAWN
        ).prefetch_related("schools")
    }


# What is copied


def test_start_next_cycle_copies_the_form_with_its_translations(last_year, staff_user, dates):
    new = start_next_cycle(last_year, staff_user, dates)

    assert question_rows(new) == question_rows(last_year)
    assert len(question_rows(new)) == len(question_rows(last_year)) > 0
    assert new.translations == last_year.translations
    assert new.questions.get(key="impact").translations == {"es": {"label": {"How?": "¿Cómo?"}}}
    assert new.award_id == last_year.award_id
    assert new.grace_period == timedelta(hours=2)
    assert new.copied_from == last_year


def test_start_next_cycle_copies_the_newest_rubric_unlocked_as_version_one(
    last_year, staff_user, dates
):
    newest = last_year.rubrics.get(version=2)

    new = start_next_cycle(last_year, staff_user, dates)

    copied = new.rubrics.get()
    assert (copied.name, copied.version, copied.locked, copied.tie_break) == (
        "Teaching rubric",
        1,
        False,
        Rubric.TieBreak.MORE_REVIEWS,
    )
    assert criterion_rows(copied) == criterion_rows(newest)
    assert [row["name"] for row in criterion_rows(copied)] == ["Impact", "Care"]


def test_start_next_cycle_copies_review_settings_with_the_new_dates(last_year, staff_user, dates):
    new = start_next_cycle(last_year, staff_user, dates)

    kept = [
        f.name
        for f in ReviewSettings._meta.concrete_fields
        if f.name not in {"id", "cycle", "release_at", "review_closes_at"}
    ]
    old, copied = ReviewSettings.objects.get(cycle=last_year), new.review_settings
    assert {name: getattr(copied, name) for name in kept} == {
        name: getattr(old, name) for name in kept
    }
    assert copied.release_at == a_year_later(old.release_at)
    assert copied.review_closes_at == a_year_later(old.review_closes_at)


def test_start_next_cycle_invites_the_pool_again_with_schools_and_categories(
    last_year, staff_user, dates, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        new = start_next_cycle(last_year, staff_user, dates)

    assert pool(new) == pool(last_year)
    assert len(pool(new)) == 3  # the withdrawn reviewer is not asked again
    enrolments = new.reviewer_enrolments.all()
    assert {e.status for e in enrolments} == {ReviewerEnrolment.Status.INVITED}
    assert {(e.accepted_at, e.scored_count, e.score_sum) for e in enrolments} == {(None, 0, 0)}
    assert mailoutbox == []  # invitations are sent when staff choose


# What is left behind


def test_start_next_cycle_leaves_everything_personal_behind(last_year, staff_user, dates):
    new = start_next_cycle(last_year, staff_user, dates)

    assert Nomination.objects.filter(cycle=last_year).exists()
    assert not Nomination.objects.filter(cycle=new).exists()
    assert not Dossier.objects.filter(cycle=new).exists()
    assert not Decision.objects.filter(cycle=new).exists()
    assert not DeadlineExtension.objects.filter(cycle=new).exists()
    assert not Conflict.objects.filter(enrolment__cycle=new).exists()
    assert not Score.objects.filter(review__assignment__enrolment__cycle=new).exists()
    assert not new.rankings.exists()
    assert not new.messages.exists()
    assert new.status == Cycle.Status.DRAFT


def test_start_next_cycle_is_audited_on_both_cycles(last_year, staff_user, dates):
    new = start_next_cycle(last_year, staff_user, dates)

    started = AuditEvent.objects.get(action="cycle.started_from")
    assert (started.object_code, started.actor) == (str(new.pk), staff_user)
    assert started.data["copied_from"] == last_year.pk
    assert started.data["reviewers"] == 3
    assert AuditEvent.objects.get(action="cycle.next_started").object_code == str(last_year.pk)


# Dates


def test_a_year_later_keeps_the_day_and_the_local_time(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    # 9:00 in winter, 9:00 the next winter; 17:00 in summer, 17:00 the next summer.
    winter = datetime(2026, 1, 15, 9, 0, tzinfo=SITE_ZONE)
    summer = datetime(2026, 7, 1, 17, 0, tzinfo=SITE_ZONE)
    with timezone.override(SITE_ZONE):
        assert timezone.localtime(a_year_later(winter)).replace(tzinfo=None) == datetime(
            2027, 1, 15, 9, 0
        )
        assert timezone.localtime(a_year_later(summer)).replace(tzinfo=None) == datetime(
            2027, 7, 1, 17, 0
        )
    assert a_year_later(date(2026, 5, 1)) == date(2027, 5, 1)
    assert a_year_later(None) is None


def test_a_year_later_from_29_february_is_28_february():
    leap = datetime(2028, 2, 29, 8, 0, tzinfo=UTC)
    with timezone.override(UTC):
        assert a_year_later(leap) == datetime(2029, 2, 28, 8, 0, tzinfo=UTC)
    assert a_year_later(date(2028, 2, 29)) == date(2029, 2, 28)
    # The day before a leap day goes to the day before the next one's 1 March.
    assert a_year_later(date(2027, 2, 28)) == date(2028, 2, 28)


def test_next_year_dates_shift_every_date_of_the_cycle(last_year):
    shifted = NextCycleDates.a_year_after(last_year)

    assert shifted.opens_at == a_year_later(last_year.opens_at)
    assert shifted.closes_at == a_year_later(last_year.closes_at)
    assert shifted.letters_due_at == a_year_later(last_year.letters_due_at)
    assert shifted.results_expected_on == date(2028, 5, 1)
    assert timedelta(days=365) <= shifted.opens_at - last_year.opens_at <= timedelta(days=366)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2026-27", "2027-28"),
        ("2099-00", "2100-01"),
        ("2026/2027", "2027/2028"),
        ("Spring 2026", "Spring 2027"),
        ("Founders round", "Founders round (next)"),
    ],
)
def test_next_cycle_name_moves_every_year_on(name, expected):
    assert next_cycle_name(name) == expected


# Running twice


def test_start_next_cycle_twice_makes_one_next_cycle(last_year, staff_user, dates):
    first = start_next_cycle(last_year, staff_user, dates)

    with pytest.raises(CycleChangeRefused, match="already has a next cycle"):
        start_next_cycle(last_year, staff_user, dates)

    assert list(last_year.next_cycles.all()) == [first]
    assert Cycle.objects.filter(award=last_year.award).count() == 2


def test_start_next_cycle_again_when_asked_makes_a_second(last_year, staff_user, dates):
    first = start_next_cycle(last_year, staff_user, dates)
    dates.name = "2027-28 (second call)"

    second = start_next_cycle(last_year, staff_user, dates, another=True)

    assert set(last_year.next_cycles.all()) == {first, second}
    assert question_rows(second) == question_rows(last_year)


def test_start_next_cycle_refuses_dates_that_do_not_fit_and_makes_nothing(
    last_year, staff_user, dates
):
    dates.closes_at = dates.opens_at

    with pytest.raises(CycleChangeRefused):
        start_next_cycle(last_year, staff_user, dates)

    assert not last_year.next_cycles.exists()


def test_start_next_cycle_by_anyone_but_staff_is_refused(last_year, dates):
    for person in (UserFactory(verified=True), UserFactory(reviewer=True, verified=True)):
        with pytest.raises(PermissionDenied):
            start_next_cycle(last_year, person, dates)
    assert not last_year.next_cycles.exists()


# Queries


def test_start_next_cycle_queries_do_not_grow_with_rows(db):
    def measure(size: int) -> int:
        staff = UserFactory(staff=True)  # a fresh one each time: its permissions not yet read
        cycle = CycleFactory()
        for n in range(size):
            QuestionFactory(cycle=cycle, key=f"q{n}")
        rubric = Rubric.objects.create(cycle=cycle)
        for n in range(size):
            Criterion.objects.create(rubric=rubric, name=f"C{n}")
        ReviewSettings.objects.create(cycle=cycle)
        for _n in range(size):
            ReviewerEnrolmentFactory(cycle=cycle).schools.set([SchoolFactory(), SchoolFactory()])
        dates = NextCycleDates.a_year_after(cycle)
        with CaptureQueriesContext(connection) as queries:
            new = start_next_cycle(cycle, staff, dates)
        assert new.questions.count() == size
        assert (
            ReviewerEnrolment.schools.through.objects.filter(reviewerenrolment__cycle=new).count()
            == 2 * size
        )
        return len(queries)

    assert measure(1) == measure(6)


# Status follows the dates


def test_an_open_cycle_is_scheduled_then_open_then_in_review_by_its_dates(db):
    opens = datetime(2027, 9, 1, 8, 0, tzinfo=UTC)
    cycle = CycleFactory(
        opens_at=opens, closes_at=opens + timedelta(days=30), grace_period=timedelta(hours=2)
    )
    second = timedelta(seconds=1)
    deadline = cycle.closes_at + timedelta(hours=2)

    assert cycle.effective_status(opens - second) == Cycle.Status.SCHEDULED
    assert cycle.effective_status(opens) == Cycle.Status.OPEN
    assert cycle.effective_status(deadline - second) == Cycle.Status.OPEN
    assert cycle.effective_status(deadline) == Cycle.Status.REVIEW
    # The status says what accepting nominations does, at every one of these moments.
    for moment in (opens - second, opens, deadline - second, deadline):
        assert cycle.is_accepting_nominations(moment) is (
            cycle.effective_status(moment) == Cycle.Status.OPEN
        )


@pytest.mark.parametrize("status", [Cycle.Status.DRAFT, Cycle.Status.DECIDED, Cycle.Status.CLOSED])
def test_a_cycle_not_open_keeps_the_status_staff_gave_it(db, status):
    cycle = CycleFactory(status=status)
    for moment in (cycle.opens_at - timedelta(days=1), cycle.closes_at + timedelta(days=1)):
        assert cycle.effective_status(moment) == status


def test_close_early_puts_an_open_cycle_in_review_now(cycle, staff_user):
    cycle.grace_period = timedelta(hours=2)
    cycle.save()
    old_deadline = cycle.closes_at
    now = timezone.now()

    close_early(cycle, staff_user, reason="Budget cut", now=now)

    assert cycle.effective_status(now) == Cycle.Status.REVIEW
    assert cycle.is_accepting_nominations(now) is False
    event = AuditEvent.objects.get(action="cycle.closed_early")
    assert event.data["closes_at"] == old_deadline.isoformat()
    assert event.data["reason"] == "Budget cut"


def test_close_early_refuses_a_cycle_not_open(cycle, staff_user):
    later = cycle.closes_at + timedelta(days=1)
    with pytest.raises(CycleChangeRefused):
        close_early(cycle, staff_user, now=later)
    assert not AuditEvent.objects.filter(action="cycle.closed_early").exists()


def test_extend_opens_a_cycle_past_its_deadline_again(cycle, staff_user):
    after = cycle.closes_at + timedelta(hours=1)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.REVIEW)
    cycle.refresh_from_db()

    extend(cycle, staff_user, after + timedelta(days=7), now=after)

    assert cycle.status == Cycle.Status.OPEN
    assert cycle.effective_status(after) == Cycle.Status.OPEN
    assert AuditEvent.objects.filter(action="cycle.extended").count() == 1


def test_extend_to_an_earlier_deadline_is_refused(cycle, staff_user):
    with pytest.raises(CycleChangeRefused):
        extend(cycle, staff_user, cycle.closes_at - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        extend(cycle, UserFactory(verified=True), cycle.closes_at + timedelta(days=1))


def test_start_next_cycle_keeps_the_reminder_settings_staff_chose(last_year, staff_user, dates):
    last_year.remind_nominators = False
    last_year.letter_reminder_days = 12
    last_year.reviewer_reminder_days = 5
    last_year.save()

    new = start_next_cycle(last_year, staff_user, dates)

    assert new.remind_nominators is False
    assert new.letter_reminder_days == 12
    assert new.reviewer_reminder_days == 5
    assert new.remind_letter_writers is True
