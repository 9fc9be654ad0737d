"""Reminders that go out by themselves: letter writers before letters are due, nominators with
unsent drafts before nominations close, reviewers with reviews to submit before scoring closes.

`send_due_reminders` is run by cron or the task worker (`manage.py send_reminders`, the
`send_reminders` task), hourly or daily. A reminder is due on the day (in the portal's time
zone) that is the cycle's number of days before the deadline; nominators are also reminded the
day before. Each e-mail goes through the announcement message log (OutgoingMessage) under a key
made of the kind, the person and the day, so a second run that day queues nothing, and a person
gets one e-mail of a kind a day whatever the number of letters, drafts or cycles it names.
"""

import datetime
import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from awards.emails import letters_message
from awards.models import Cycle, DeadlineExtension, LetterRequest, Nomination
from awards.tokens import letter_token, stop_reminders_token
from portal.i18n import absolute_url, language_or_default
from portal.mail import sender_context
from portal.models import AuditEvent

from ..models import (
    Assignment,
    OutgoingMessage,
    Review,
    ReviewerEnrolment,
    ReviewReminder,
    Stage,
)
from ..models.messages import REMINDER_KINDS
from .emails import (
    Wording,
    common_values,
    date_text,
    reviewer_reminder_email,
    staff_texts_for,
    written,
)
from .outbox import Email, log_email, schedule, send_logged

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

LETTER, DRAFT, REVIEW = (kind for kind, _label in REMINDER_KINDS)
DRAFT_SUBJECT = gettext_noop("Reminder: your nomination for the %(award)s is not sent yet")
REVIEW_SUBJECT = gettext_noop("Reviews outstanding: %(award)s")
LAST_DAY = 1  # nominators are reminded again the day before their deadline


class DraftDeadline(TypedDict):
    deadline: datetime.datetime  # the cycle's close, or the nominator's extension if later


class OutstandingReviews(TypedDict):
    outstanding: int  # live assignments whose review is not submitted


@dataclass(frozen=True)
class Run:
    """What every reminder of one run shares, read once: the day, the signature and sender in
    each language, staff's texts of the reminder kinds; for the preview, one language and a
    stand-in for every personal link."""

    today: datetime.date
    signatures: Callable[[str], str]
    senders: Callable[[str], dict]
    texts: dict
    language: str | None = None
    link: str | None = None


def run_for(today: datetime.date, language: str | None = None, link: str | None = None) -> Run:
    """What the reminders of a run on `today` share (for the preview: in `language`, every
    personal link replaced by `link`)."""
    return Run(
        today,
        functools.cache(_signature),
        functools.cache(sender_context),
        staff_texts_for([LETTER, DRAFT, REVIEW]),
        language,
        link,
    )


def _day_window(today: datetime.date, days: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The start and end of the local day `days` after `today`."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time.min)
    return (
        timezone.make_aware(start, zone),
        timezone.make_aware(start + datetime.timedelta(days=1), zone),
    )


def _due_on_day(field: str, cycles: list[tuple[int, list[int]]], today, now) -> Q:
    """Rows of `cycles` (a cycle's id and its reminder days) whose deadline `field` falls on a
    reminder day, and is still to come."""
    due = Q(pk__in=[])
    for cycle_id, days in cycles:
        for day in days:
            start, end = _day_window(today, day)
            due |= Q(cycle_id=cycle_id, **{f"{field}__gte": start, f"{field}__lt": end})
    return due & Q(**{f"{field}__gt": now})


def _who(text: str) -> str:
    # The key names the person without holding their address.
    return hashlib.sha256(text.strip().lower().encode()).hexdigest()[:24]


def _signature(language: str) -> str:
    sender = sender_context(language)
    return f"{sender['foundation_name']}\n{sender['site_url']}/\n"


def _to_account(
    kind: str,
    person,
    cycle: Cycle,
    language: str,
    subject: str,
    template: str,
    context: dict,
    page: str,
    run: Run,
    values: Callable[[], dict],
) -> Email:
    """A reminder to someone with an account, in their language, pointing at their `page`,
    signed with the foundation's name as that language reads it: staff's text of `kind` where
    they wrote one (`values` gives its placeholders beyond the common ones and the link)."""
    language = language_or_default(run.language or language)
    link = run.link or absolute_url(page, language=language)

    def wording() -> Wording:
        body = render_to_string(
            template, {**context, "signature": run.signatures(language), "page_url": link}
        )
        return Wording(
            gettext(subject) % {"award": cycle.award.local_name},
            str.__str__(body),
            lambda: {
                **common_values(cycle, language, person.get_full_name(), run.senders(language)),
                "link": link,
                **values(),
            },
        )

    return written(
        kind,
        language,
        wording,
        key=f"{kind}:{person.pk}:{run.today.isoformat()}",
        cycle_id=cycle.pk,
        to=person.email,
        staff_texts=run.texts,
    )


def _draft_closed_to_its_nominator(now: datetime.datetime) -> Q:
    """Letters whose nomination is a draft its nominator can no longer send at `now`: past the
    cycle's close and grace period, with no extension of theirs still running."""
    extension = DeadlineExtension.objects.filter(
        cycle_id=OuterRef("nomination__cycle_id"),
        nominator_id=OuterRef("nomination__nominator_id"),
        closes_at__gt=now,
    )
    return (
        Q(nomination__status=Nomination.Status.DRAFT)
        & Q(nomination_ends_at__lte=now)
        & ~Q(Exists(extension))
    )


def letter_reminders(now: datetime.datetime, today: datetime.date) -> list[Email]:
    """One e-mail per writer with letters still awaited whose letters are due on their
    cycle's reminder day; none to a writer who asked to stop, about a withdrawn or purged
    nomination, about a draft that can no longer be sent (its nominator's deadline, with any
    extension and the grace period, has passed), or once the letter arrived or was cancelled."""
    cycles = list(
        Cycle.objects.filter(remind_letter_writers=True)
        .exclude(status__in=[Cycle.Status.DRAFT, Cycle.Status.CLOSED])
        .values_list("pk", "letter_reminder_days")
    )
    if not cycles:
        return []
    letters = (
        LetterRequest.objects.annotate(
            cycle_id=F("nomination__cycle_id"),
            due_at=Coalesce("nomination__cycle__letters_due_at", "nomination__cycle__closes_at"),
            nomination_ends_at=F("nomination__cycle__closes_at")
            + Coalesce(
                "nomination__cycle__grace_period",
                Value(datetime.timedelta(0), output_field=DurationField()),
            ),
        )
        .filter(
            _due_on_day("due_at", [(pk, [days]) for pk, days in cycles], today, now),
            status=LetterRequest.Status.REQUESTED,
            reminders_stopped_at__isnull=True,
            nomination__purged_at__isnull=True,
        )
        .exclude(nomination__status=Nomination.Status.WITHDRAWN)
        .exclude(_draft_closed_to_its_nominator(now))
        .select_related("nomination__cycle__award", "nomination__nominator")
        .order_by("writer_email", "requested_at")
    )
    by_writer = defaultdict(list)
    for letter in letters:
        by_writer[letter.writer_email.lower()].append(letter)
    run = run_for(today)
    return [letter_reminder(awaited, run) for awaited in by_writer.values()]


def letter_reminder(awaited: Sequence[LetterRequest], run: Run) -> Email:
    """One writer's reminder naming every letter still awaited from them, each with its link,
    and how to stop the reminders."""
    first = awaited[0]
    nomination = first.nomination
    cycle = nomination.cycle
    language = language_or_default(run.language or first.language)
    links = [
        (
            letter,
            run.link
            or absolute_url("awards:write_letter", letter_token(letter), language=language),
        )
        for letter in awaited
    ]
    stop = run.link or absolute_url(
        "awards:stop_letter_reminders", stop_reminders_token(first), language=language
    )

    def wording() -> Wording:
        subject, body = letters_message(
            links, reminder=True, stop_link=stop, sender=run.senders(language)
        )
        return Wording(
            subject,
            body,
            lambda: {
                **common_values(cycle, language, first.writer_name, run.senders(language)),
                "nominee": nomination.nominee_name,
                "nominator": nomination.nominator.get_full_name() or nomination.nominator.email,
                "due": date_text(cycle.letters_due_at or cycle.closes_at),
                "link": links[0][1],
                "letters": "\n".join(
                    f"{letter.nomination.nominee_name}: {link}" for letter, link in links
                ),
                "stop_link": stop,
            },
        )

    return written(
        LETTER,
        language,
        wording,
        key=f"{LETTER}:{_who(first.writer_email)}:{run.today.isoformat()}",
        cycle_id=cycle.pk,
        to=first.writer_email,
        staff_texts=run.texts,
    )


def draft_reminders(now: datetime.datetime, today: datetime.date) -> list[Email]:
    """One e-mail per nominator with a draft (not sent, not withdrawn, not purged) in an open
    cycle whose deadline for them (the cycle's close, or their extension if later) is the
    cycle's number of days away, or one day away."""
    cycles = list(
        Cycle.objects.filter(remind_nominators=True, status=Cycle.Status.OPEN).values_list(
            "pk", "nominator_reminder_days"
        )
    )
    if not cycles:
        return []
    extended = (
        DeadlineExtension.objects.filter(
            cycle_id=OuterRef("cycle_id"), nominator_id=OuterRef("nominator_id")
        )
        .order_by()
        .values("nominator_id")
        .annotate(latest=Max("closes_at"))
        .values("latest")
    )
    drafts = (
        Nomination.objects.annotate(
            deadline=Greatest("cycle__closes_at", Coalesce(Subquery(extended), "cycle__closes_at"))
        )
        .filter(
            _due_on_day(
                "deadline", [(pk, sorted({days, LAST_DAY})) for pk, days in cycles], today, now
            ),
            status=Nomination.Status.DRAFT,
            purged_at__isnull=True,
        )
        .select_related("cycle__award", "nominator")
        .order_by("nominator_id", "deadline", "pk")
    )
    by_nominator = defaultdict(list)
    for draft in drafts:
        by_nominator[draft.nominator].append(draft)
    run = run_for(today)
    return [draft_reminder(nominator, unsent, run) for nominator, unsent in by_nominator.items()]


def draft_reminder(
    nominator, unsent: "Sequence[WithAnnotations[Nomination, DraftDeadline]]", run: Run
) -> Email:
    """A nominator's reminder of their drafts not sent (each with its `deadline` for them)."""
    first = unsent[0]
    return _to_account(
        DRAFT,
        nominator,
        first.cycle,
        nominator.preferred_language or first.language,
        DRAFT_SUBJECT,
        "awards/email/draft_reminder.txt",
        {"drafts": unsent},
        "awards:mine",
        run,
        lambda: {"nominee": first.nominee_name, "deadline": date_text(first.deadline)},
    )


def review_reminders(now: datetime.datetime, today: datetime.date) -> list[Email]:
    """One e-mail per active reviewer with live assignments not yet submitted in a cycle whose
    scoring closes in the cycle's number of days (and whose assignments are released). A
    committee member's finalists count from the finalist round's closing date."""
    cycles = list(
        Cycle.objects.filter(remind_reviewers=True, review_settings__isnull=False)
        .exclude(status__in=[Cycle.Status.DRAFT, Cycle.Status.CLOSED])
        .values_list("pk", "reviewer_reminder_days")
    )
    if not cycles:
        return []
    outstanding = (
        Assignment.objects.annotate(
            cycle_id=F("enrolment__cycle_id"),
            # A committee member's finalists close with the finalist round.
            closes_at=Case(
                When(
                    enrolment__stage=Stage.FINALIST,
                    then=F("enrolment__cycle__review_settings__finalists_close_at"),
                ),
                default=F("enrolment__cycle__review_settings__review_closes_at"),
            ),
        )
        .filter(
            _due_on_day("closes_at", [(pk, [days]) for pk, days in cycles], today, now),
            Q(enrolment__stage=Stage.FINALIST)
            | Q(enrolment__cycle__review_settings__release_at__isnull=True)
            | Q(enrolment__cycle__review_settings__release_at__lte=now),
            removed_at__isnull=True,
            enrolment__status=ReviewerEnrolment.Status.ACTIVE,
        )
        .exclude(review__status=Review.Status.SUBMITTED)
        .values("enrolment_id")
        .annotate(count=Count("pk"))
        .values_list("enrolment_id", "count")
    )
    counts = dict(outstanding)
    enrolments = (
        ReviewerEnrolment.objects.filter(pk__in=counts)
        .select_related("reviewer", "cycle__award", "cycle__review_settings")
        .order_by("reviewer_id", "cycle__review_settings__review_closes_at")
    )
    by_reviewer = defaultdict(list)
    for enrolment in enrolments:
        # Counted by the query above, set here as an annotation would be.
        reminded = cast("WithAnnotations[ReviewerEnrolment, OutstandingReviews]", enrolment)
        reminded.outstanding = counts[enrolment.pk]
        by_reviewer[enrolment.reviewer].append(reminded)
    run = run_for(today)
    return [review_reminder(reviewer, enrolled, run) for reviewer, enrolled in by_reviewer.items()]


def review_reminder(
    reviewer, enrolled: "Sequence[WithAnnotations[ReviewerEnrolment, OutstandingReviews]]", run: Run
) -> Email:
    """A reviewer's reminder of the reviews they have left (`outstanding` on each enrolment),
    every cycle in one e-mail."""
    closing = [
        enrolment.cycle.review_settings.review_closes_at
        for enrolment in enrolled
        if enrolment.cycle.review_settings.review_closes_at
    ]
    return _to_account(
        REVIEW,
        reviewer,
        enrolled[0].cycle,
        reviewer.preferred_language,
        REVIEW_SUBJECT,
        "review/email/review_reminder_due.txt",
        {"enrolments": enrolled},
        "review:dashboard",
        run,
        lambda: {
            "outstanding": str(sum(enrolment.outstanding for enrolment in enrolled)),
            "closes_at": date_text(min(closing) if closing else None),
        },
    )


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Queue every reminder due today (see the module's docstring). Safe to run any number of
    times: a reminder already in the message log for that person, kind and day is not queued
    again.

    Side effects: OutgoingMessage rows (kind reminder:…), sent through the task queue after the
    transaction commits; an audit event when any were queued. Returns how many were queued.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    wanted = [
        *letter_reminders(now, today),
        *draft_reminders(now, today),
        *review_reminders(now, today),
    ]
    if not wanted:
        return 0
    with transaction.atomic():
        known = set(
            OutgoingMessage.objects.filter(key__in=[r.key for r in wanted]).values_list(
                "key", flat=True
            )
        )
        new = [
            OutgoingMessage(
                cycle_id=reminder.cycle_id,
                kind=reminder.kind,
                key=reminder.key,
                to=reminder.to,
                subject=reminder.subject[:250],
                body=reminder.body,
                send_after=timezone.now(),  # straight away, whatever day `now` stands for
            )
            for reminder in wanted
            if reminder.key not in known
        ]
        # A run at the same moment may have queued some: those are skipped, not sent twice
        # (and a message scheduled by both runs is claimed by one send only).
        OutgoingMessage.objects.bulk_create(new, ignore_conflicts=True)
        ids = list(
            OutgoingMessage.objects.filter(
                key__in=[message.key for message in new], status=OutgoingMessage.Status.QUEUED
            ).values_list("pk", flat=True)
        )
        per_cycle: defaultdict[int, int] = defaultdict(int)
        for message in new:
            per_cycle[message.cycle_id] += 1
        AuditEvent.objects.log_for_each(
            "reminders.queued",
            Cycle,
            {cycle_id: {"reminders": count} for cycle_id, count in per_cycle.items()},
        )
        transaction.on_commit(lambda: schedule(ids))
    return len(new)


@task
def send_reminders() -> int:
    """Queue today's reminders ; safe to run any number of times."""
    return send_due_reminders()


@task
def send_review_reminder(reminder_id: int) -> None:
    """E-mail one reminder staff sent (review.domain.progress). A retried task finds it already
    sent and sends nothing."""
    with transaction.atomic():
        reminder = (
            ReviewReminder.objects.select_for_update(of=("self",))
            .select_related(
                "enrolment__reviewer",
                "enrolment__cycle__award",
                "enrolment__cycle__review_settings",
            )
            .get(pk=reminder_id)
        )
        if reminder.sent_at is not None:
            return
        email = reviewer_reminder_email(reminder)
        log_email(email)
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
    send_logged(email)
