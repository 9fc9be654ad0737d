"""Reminders that go out by themselves: to letter writers, nominators with unsent drafts and
reviewers with reviews to submit, each on its cycle's reminder day, once a day, never once the
work is done or the deadline passed, in the recipient's language."""

import datetime
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from awards.models import Cycle, LetterRequest, Nomination
from portal.models import AuditEvent
from review.domain.reminders import send_due_reminders
from review.models import (
    Assignment,
    MessageTemplate,
    OutgoingMessage,
    ReviewerEnrolment,
    ReviewSettings,
    Stage,
)
from tests.awards.factories import (
    DeadlineExtensionFactory,
    LetterRequestFactory,
    NominationFactory,
    candidate,
    submitted_review,
)
from tests.factories import CycleFactory, UserFactory

# Nine in the morning, the portal's time, today: a cron run's hour.
NOW = timezone.make_aware(
    datetime.datetime.combine(timezone.localdate(), datetime.time(9, 0)),
    timezone.get_current_timezone(),
)


def local_day(days: int, hour: int = 17) -> datetime.datetime:
    """`hour` o'clock (the portal's time) on the day `days` days from NOW's."""
    day = NOW.date() + timedelta(days=days)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, 0)), timezone.get_current_timezone()
    )


def open_cycle(days_to_close: int = 7, letters_in: int | None = None, **fields) -> Cycle:
    """An open cycle closing at five in the afternoon `days_to_close` days from today, its
    letters due `letters_in` days from today (or when it closes)."""
    return CycleFactory(
        opens_at=NOW - timedelta(days=30),
        closes_at=local_day(days_to_close),
        letters_due_at=local_day(letters_in) if letters_in is not None else None,
        **fields,
    )


def reviewing_cycle(closes_in: int = 3, **fields) -> Cycle:
    """A cycle in review whose scoring closes `closes_in` days from today, assignments out."""
    cycle = CycleFactory(
        opens_at=NOW - timedelta(days=60),
        closes_at=NOW - timedelta(days=20),
        status=Cycle.Status.REVIEW,
        **fields,
    )
    ReviewSettings.objects.create(
        cycle=cycle, release_at=NOW - timedelta(days=10), review_closes_at=local_day(closes_in)
    )
    return cycle


def run(now=NOW, capture=None) -> int:
    """One run of the reminders, its e-mails handed over (the tasks run on commit)."""
    if capture is None:
        return send_due_reminders(now)
    with capture(execute=True):
        return send_due_reminders(now)


def sent_to() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


# Letter writers


def test_letter_writer_reminded_on_the_cycles_day_before_letters_are_due(
    db, django_capture_on_commit_callbacks
):
    cycle = open_cycle(days_to_close=20, letters_in=7)
    letter = LetterRequestFactory(nomination=NominationFactory(cycle=cycle))

    assert run(capture=django_capture_on_commit_callbacks) == 1

    assert sent_to() == [letter.writer_email]
    body = mail.outbox[0].body
    assert f"/letters/{letter.nomination.cycle_id}" not in body  # links carry signed tokens
    assert re.search(r"http://testserver/letters/[^/\s]+/", body)
    assert re.search(r"http://testserver/reminders/stop/[^/\s]+/", body)
    message = OutgoingMessage.objects.get()
    assert (message.kind, message.status) == ("reminder:letter", OutgoingMessage.Status.SENT)
    assert letter.writer_email not in message.key


def test_letter_writers_whose_work_is_done_or_who_opted_out_are_not_reminded(
    db, django_capture_on_commit_callbacks
):
    cycle = open_cycle(days_to_close=20, letters_in=7)
    awaited = LetterRequestFactory(nomination=NominationFactory(cycle=cycle))
    LetterRequestFactory(
        nomination=NominationFactory(cycle=cycle), status=LetterRequest.Status.RECEIVED
    )
    LetterRequestFactory(
        nomination=NominationFactory(cycle=cycle), status=LetterRequest.Status.CANCELLED
    )
    LetterRequestFactory(nomination=NominationFactory(cycle=cycle), reminders_stopped_at=NOW)
    LetterRequestFactory(
        nomination=NominationFactory(cycle=cycle, status=Nomination.Status.WITHDRAWN)
    )
    # Not the reminder day; reminders turned off; letters already due.
    LetterRequestFactory(nomination=NominationFactory(cycle=open_cycle(20, letters_in=6)))
    quiet = open_cycle(20, letters_in=7, remind_letter_writers=False)
    LetterRequestFactory(nomination=NominationFactory(cycle=quiet))
    past = CycleFactory(
        opens_at=NOW - timedelta(days=30),
        closes_at=NOW - timedelta(days=2),
        letters_due_at=NOW - timedelta(hours=1),
        letter_reminder_days=1,
    )
    LetterRequestFactory(nomination=NominationFactory(cycle=past))

    assert run(capture=django_capture_on_commit_callbacks) == 1

    assert sent_to() == [awaited.writer_email]


def test_letters_for_a_draft_that_can_no_longer_be_sent_are_not_reminded(
    db, django_capture_on_commit_callbacks
):
    # Nominations closed two days ago; letters are due a week from today.
    closed = CycleFactory(
        opens_at=NOW - timedelta(days=60),
        closes_at=NOW - timedelta(days=2),
        letters_due_at=local_day(7),
    )
    LetterRequestFactory(
        nomination=NominationFactory(cycle=closed), writer_email="late@example.org"
    )
    sent = LetterRequestFactory(
        nomination=NominationFactory(cycle=closed, status=Nomination.Status.SUBMITTED),
        writer_email="sent@example.org",
    )
    extended = NominationFactory(cycle=closed)
    DeadlineExtensionFactory(
        cycle=closed, nominator=extended.nominator, closes_at=NOW + timedelta(days=5)
    )
    LetterRequestFactory(nomination=extended, writer_email="extended@example.org")

    assert run(capture=django_capture_on_commit_callbacks) == 2

    assert sorted(sent_to()) == ["extended@example.org", sent.writer_email]


def test_letter_writer_asked_twice_gets_one_reminder_naming_both(
    db, django_capture_on_commit_callbacks
):
    cycle = open_cycle(days_to_close=20, letters_in=7)
    first = LetterRequestFactory(
        nomination=NominationFactory(cycle=cycle, nominee_first_name="Ada"),
        writer_email="same@example.org",
    )
    LetterRequestFactory(
        nomination=NominationFactory(cycle=cycle, nominee_first_name="Grace"),
        writer_email="same@example.org",
    )

    assert run(capture=django_capture_on_commit_callbacks) == 1

    assert sent_to() == [first.writer_email]
    assert "Ada Hamilton" in mail.outbox[0].body
    assert "Grace Hamilton" in mail.outbox[0].body


# Nominators with drafts


def test_nominator_with_a_draft_is_reminded_n_days_before_and_the_day_before(
    db, django_capture_on_commit_callbacks
):
    cycle = open_cycle(days_to_close=7)
    draft = NominationFactory(cycle=cycle)

    assert run(capture=django_capture_on_commit_callbacks) == 1
    assert run(NOW + timedelta(days=1), capture=django_capture_on_commit_callbacks) == 0
    assert run(NOW + timedelta(days=6), capture=django_capture_on_commit_callbacks) == 1
    # The deadline day itself and after it: nothing.
    assert run(NOW + timedelta(days=7), capture=django_capture_on_commit_callbacks) == 0
    assert run(NOW + timedelta(days=8), capture=django_capture_on_commit_callbacks) == 0

    assert sent_to() == [draft.nominator.email] * 2


def test_nominators_whose_work_is_done_are_not_reminded(db, django_capture_on_commit_callbacks):
    cycle = open_cycle(days_to_close=7)
    drafting = NominationFactory(cycle=cycle)
    NominationFactory(cycle=cycle, status=Nomination.Status.SUBMITTED)
    NominationFactory(cycle=cycle, status=Nomination.Status.WITHDRAWN)
    NominationFactory(cycle=open_cycle(days_to_close=7, remind_nominators=False))
    NominationFactory(cycle=open_cycle(days_to_close=5))

    assert run(capture=django_capture_on_commit_callbacks) == 1

    assert sent_to() == [drafting.nominator.email]


def test_nominator_with_an_extension_is_reminded_before_their_own_deadline(
    db, django_capture_on_commit_callbacks
):
    cycle = open_cycle(days_to_close=7)
    extended = NominationFactory(cycle=cycle)
    DeadlineExtensionFactory(cycle=cycle, nominator=extended.nominator, closes_at=local_day(10))
    on_time = NominationFactory(cycle=cycle)

    assert run(capture=django_capture_on_commit_callbacks) == 1
    assert sent_to() == [on_time.nominator.email]

    assert run(NOW + timedelta(days=3), capture=django_capture_on_commit_callbacks) == 1
    assert sent_to() == sorted([on_time.nominator.email, extended.nominator.email])


def test_nominator_with_two_drafts_gets_one_reminder_a_day(db, django_capture_on_commit_callbacks):
    nominator = UserFactory()
    NominationFactory(cycle=open_cycle(days_to_close=7), nominator=nominator)
    NominationFactory(cycle=open_cycle(days_to_close=1), nominator=nominator)

    assert run(capture=django_capture_on_commit_callbacks) == 1

    assert sent_to() == [nominator.email]
    assert mail.outbox[0].body.count("saved as a draft") == 2


# Reviewers


def test_reviewer_with_reviews_to_submit_is_reminded_and_others_not(
    db, django_capture_on_commit_callbacks
):
    cycle = reviewing_cycle(closes_in=3)
    busy = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(), status=ReviewerEnrolment.Status.ACTIVE
    )
    done = submitted_review(candidate(cycle).dossier).assignment.enrolment
    withdrawn = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(), status=ReviewerEnrolment.Status.WITHDRAWN
    )
    unassigned = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(), status=ReviewerEnrolment.Status.ACTIVE
    )
    for enrolment in (busy, withdrawn):
        Assignment.objects.create(dossier=candidate(cycle).dossier, enrolment=enrolment)
        Assignment.objects.create(dossier=candidate(cycle).dossier, enrolment=enrolment)
    Assignment.objects.create(
        dossier=candidate(cycle).dossier, enrolment=unassigned, removed_at=NOW
    )
    submitted_review(candidate(cycle).dossier)  # another reviewer, done
    Assignment.objects.create(
        dossier=Assignment.objects.filter(enrolment=done).get().dossier, enrolment=busy
    )

    assert run(capture=django_capture_on_commit_callbacks) == 1

    assert sent_to() == [busy.reviewer.email]
    assert "You have 3 reviews still to submit" in mail.outbox[0].body


def test_staff_see_when_a_reviewer_was_last_reminded_by_the_portal_itself(
    db, django_capture_on_commit_callbacks, staff_user
):
    """The progress screen's "Last reminded" counts the reminders that went out by themselves,
    not only those staff sent, so staff do not remind someone the portal reminded this morning."""
    cycle = reviewing_cycle(closes_in=3)
    busy = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(), status=ReviewerEnrolment.Status.ACTIVE
    )
    idle = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(), status=ReviewerEnrolment.Status.ACTIVE
    )
    Assignment.objects.create(dossier=candidate(cycle).dossier, enrolment=busy)
    client = Client()
    client.force_login(staff_user)

    def last_reminded() -> dict[str, str]:
        html = client.get(f"/admin/review/progress/{cycle.pk}/").content.decode()
        rows = re.findall(r"<tr><td>([^<]+@[^<]+)</td>.*?<td>([^<]*)</td></tr>", html)
        return dict(rows)

    assert last_reminded() == {busy.reviewer.email: "never", idle.reviewer.email: "never"}
    assert run(capture=django_capture_on_commit_callbacks) == 1

    shown = last_reminded()
    assert shown[idle.reviewer.email] == "never"
    sent_at = OutgoingMessage.objects.get(to=busy.reviewer.email).sent_at
    with translation.override("en"):
        assert shown[busy.reviewer.email] == formats.date_format(
            timezone.localtime(sent_at), "DATETIME_FORMAT"
        )


def test_reviewer_is_not_reminded_after_scoring_closes_or_before_the_day(
    db, django_capture_on_commit_callbacks
):
    cycle = reviewing_cycle(closes_in=3)
    enrolment = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(), status=ReviewerEnrolment.Status.ACTIVE
    )
    Assignment.objects.create(dossier=candidate(cycle).dossier, enrolment=enrolment)

    assert run(NOW - timedelta(days=1), capture=django_capture_on_commit_callbacks) == 0
    assert run(NOW + timedelta(days=4), capture=django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_committee_member_is_reminded_before_the_finalist_round_closes(
    db, django_capture_on_commit_callbacks
):
    """A committee member's finalists are due when the finalist round closes, not when the
    first stage did: reminded on that day's reminder day, not on the first stage's."""
    cycle = reviewing_cycle(closes_in=3)
    ReviewSettings.objects.filter(cycle=cycle).update(finalists_close_at=local_day(10))
    member = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(), stage=Stage.FINALIST, status="active"
    )
    Assignment.objects.create(dossier=candidate(cycle).dossier, enrolment=member)

    assert run(capture=django_capture_on_commit_callbacks) == 0
    assert run(NOW + timedelta(days=7), capture=django_capture_on_commit_callbacks) == 1
    assert sent_to() == [member.reviewer.email]


# Once a day, idempotent


def test_running_twice_in_a_day_sends_once(db, django_capture_on_commit_callbacks):
    cycle = open_cycle(days_to_close=7, letters_in=7)
    NominationFactory(cycle=cycle)
    LetterRequestFactory(nomination=NominationFactory(cycle=cycle, status="submitted"))

    assert run(capture=django_capture_on_commit_callbacks) == 2
    assert run(NOW + timedelta(hours=8), capture=django_capture_on_commit_callbacks) == 0
    call_command("send_reminders")  # today's real run: nothing is due at this hour's date

    assert len(mail.outbox) == 2
    assert OutgoingMessage.objects.count() == 2


def test_next_day_sends_again_while_still_due(db, django_capture_on_commit_callbacks):
    cycle = open_cycle(days_to_close=2, nominator_reminder_days=2)
    draft = NominationFactory(cycle=cycle)

    assert run(capture=django_capture_on_commit_callbacks) == 1
    assert run(NOW + timedelta(hours=5), capture=django_capture_on_commit_callbacks) == 0
    assert run(NOW + timedelta(days=1), capture=django_capture_on_commit_callbacks) == 1

    assert sent_to() == [draft.nominator.email] * 2


def test_the_periodic_task_queues_todays_reminders(db):
    from review.domain.reminders import send_reminders

    NominationFactory(cycle=CycleFactory(closes_at=timezone.now() + timedelta(days=7)))

    result = send_reminders.enqueue()

    assert result.return_value == 1
    assert OutgoingMessage.objects.filter(kind="reminder:draft").count() == 1


# Language


@pytest.mark.parametrize("language", ["es", "so", "vi", "zh-hans"])
def test_reminders_are_written_in_each_recipients_language(
    db, django_capture_on_commit_callbacks, language
):
    letters = open_cycle(days_to_close=20, letters_in=7)
    letter = LetterRequestFactory(nomination=NominationFactory(cycle=letters), language=language)
    drafts = open_cycle(days_to_close=7)
    nominator = UserFactory(preferred_language=language)
    NominationFactory(cycle=drafts, nominator=nominator)
    reviewing = reviewing_cycle(closes_in=3)
    reviewer = UserFactory(preferred_language=language)
    enrolment = ReviewerEnrolment.objects.create(
        cycle=reviewing, reviewer=reviewer, status=ReviewerEnrolment.Status.ACTIVE
    )
    Assignment.objects.create(dossier=candidate(reviewing).dossier, enrolment=enrolment)
    english = UserFactory(preferred_language="en")
    NominationFactory(cycle=drafts, nominator=english)

    assert run(capture=django_capture_on_commit_callbacks) == 4

    by_address = {message.to[0]: message for message in mail.outbox}
    with translation.override(language):
        hello = gettext("Hello,")
        expected = {
            letter.writer_email: gettext("Reminder: a letter of support for the %(award)s")
            % {"award": letters.award.local_name},
            nominator.email: gettext("Reminder: your nomination for the %(award)s is not sent yet")
            % {"award": drafts.award.local_name},
            reviewer.email: gettext("Reviews outstanding: %(award)s")
            % {"award": reviewing.award.local_name},
        }
    assert hello != "Hello,"
    for address, subject in expected.items():
        assert by_address[address].subject == subject
        assert by_address[address].body.startswith(hello)
        assert f"http://testserver/{language}/" in by_address[address].body
    assert by_address[english.email].subject == (
        f"Reminder: your nomination for the {drafts.award.name} is not sent yet"
    )
    assert by_address[english.email].body.startswith("Hello,")


# Queries


def write_staff_texts():
    """Staff's own text for each reminder kind, using its placeholders."""
    for kind, body in (
        (
            "reminder:letter",
            "Dear {{ name }}, {{ nominee }} needs your letter by {{ due }}: "
            "{{ link }} (no more reminders: {{ stop_link }})",
        ),
        (
            "reminder:draft",
            "Dear {{ name }}, your draft for {{ nominee }} closes {{ deadline }}: {{ link }}",
        ),
        (
            "reminder:review",
            "Dear {{ name }}, {{ outstanding }} to score by {{ closes_at }}: {{ link }}",
        ),
    ):
        MessageTemplate.objects.create(
            kind=kind, language="en", subject=f"{{{{ foundation }}}}: {kind}", body=body
        )


def test_staff_text_of_each_reminder_kind_replaces_the_portals_wording(
    db, django_capture_on_commit_callbacks
):
    writer_cycle = open_cycle(days_to_close=20, letters_in=7)
    letter = LetterRequestFactory(
        nomination=NominationFactory(cycle=writer_cycle, nominee_first_name="Ada"),
        writer_name="Wendy Writer",
    )
    draft_cycle = open_cycle(days_to_close=7)
    draft = NominationFactory(cycle=draft_cycle, nominee_first_name="Grace")
    reviewing = reviewing_cycle(closes_in=3)
    reviewer = UserFactory(first_name="Rita", last_name="Reviewer")
    enrolment = ReviewerEnrolment.objects.create(
        cycle=reviewing, reviewer=reviewer, status=ReviewerEnrolment.Status.ACTIVE
    )
    Assignment.objects.create(dossier=candidate(reviewing).dossier, enrolment=enrolment)
    write_staff_texts()

    assert run(capture=django_capture_on_commit_callbacks) == 3

    by_address = {email.to[0]: email for email in mail.outbox}
    to_writer = by_address[letter.writer_email]
    assert to_writer.subject.endswith(": reminder:letter")
    assert to_writer.body.startswith(
        f"Dear Wendy Writer, {letter.nomination.nominee_name} needs your letter by "
    )
    assert "/reminders/stop/" in to_writer.body and "/letters/" in to_writer.body
    to_nominator = by_address[draft.nominator.email]
    assert to_nominator.body.startswith(
        f"Dear {draft.nominator.get_full_name()}, your draft for {draft.nominee_name} closes "
    )
    to_reviewer = by_address[reviewer.email]
    assert to_reviewer.body.startswith("Dear Rita Reviewer, 1 to score by ")
    assert to_reviewer.body.endswith("/review/")


@pytest.mark.parametrize("staff_texts", [False, True], ids=["portal wording", "staff texts"])
def test_query_count_does_not_grow_with_the_people_reminded(
    db, django_assert_num_queries, staff_texts
):
    if staff_texts:
        write_staff_texts()

    def seed(count: int):
        letters = open_cycle(days_to_close=20, letters_in=7)
        drafts = open_cycle(days_to_close=7)
        reviewing = reviewing_cycle(closes_in=3)
        for _ in range(count):
            LetterRequestFactory(nomination=NominationFactory(cycle=letters))
            NominationFactory(cycle=drafts)
            enrolment = ReviewerEnrolment.objects.create(
                cycle=reviewing, reviewer=UserFactory(), status=ReviewerEnrolment.Status.ACTIVE
            )
            Assignment.objects.create(dossier=candidate(reviewing).dossier, enrolment=enrolment)

    def run_after_seeding(count: int) -> int:
        Cycle.objects.update(status=Cycle.Status.CLOSED)  # the earlier round's people are done
        seed(count)
        with CaptureQueriesContext(connection) as queries:
            assert send_due_reminders(NOW) == 3 * count
        return len(queries)

    run_after_seeding(1)  # the first run reads what is cached afterwards (content types)
    one = run_after_seeding(1)

    Cycle.objects.update(status=Cycle.Status.CLOSED)
    seed(20)
    with django_assert_num_queries(one):
        assert send_due_reminders(NOW) == 60


# The letter writer's "stop reminding me" link


def stop_link(body: str) -> str:
    return re.search(r"http://testserver(/\S*/reminders/stop/[^/\s]+/)", body).group(1)


def test_stop_link_from_the_email_stops_later_reminders(db, django_capture_on_commit_callbacks):
    cycle = open_cycle(days_to_close=20, letters_in=7)
    letter = LetterRequestFactory(nomination=NominationFactory(cycle=cycle), language="es")
    other = LetterRequestFactory(nomination=NominationFactory(cycle=cycle))
    run(capture=django_capture_on_commit_callbacks)
    email = next(message for message in mail.outbox if message.to == [letter.writer_email])
    path = stop_link(email.body)
    assert path.startswith("/es/")
    assert letter.code not in path and "example.org" not in path
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(path)
    assert page.status_code == 200
    with translation.override("es"):
        assert gettext("Stop reminding me") in page.content.decode()
    csrf = page.cookies["csrftoken"].value
    assert browser.post(path).status_code == 403  # no CSRF token: nothing recorded
    letter.refresh_from_db()
    assert letter.reminders_stopped_at is None

    done = browser.post(path, {"csrfmiddlewaretoken": csrf})

    assert done.status_code == 200
    letter.refresh_from_db()
    assert letter.reminders_stopped_at is not None
    # Staff move letters' due date: tomorrow is a reminder day again; only the other writer.
    Cycle.objects.filter(pk=cycle.pk).update(letters_due_at=local_day(8))
    mail.outbox.clear()
    assert run(NOW + timedelta(days=1), capture=django_capture_on_commit_callbacks) == 1
    assert sent_to() == [other.writer_email]


def test_stop_link_opened_without_confirming_changes_nothing(db, client):
    from awards.tokens import stop_reminders_token

    letter = LetterRequestFactory()

    response = client.get(f"/reminders/stop/{stop_reminders_token(letter)}/")

    assert response.status_code == 200
    letter.refresh_from_db()
    assert letter.reminders_stopped_at is None


def test_tampered_stop_link_is_404_and_stops_nothing(db, client):
    from awards.tokens import letter_token, stop_reminders_token

    letter = LetterRequestFactory()
    token = stop_reminders_token(letter)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    for bad in (tampered, letter_token(letter), "nonsense"):
        assert client.get(f"/reminders/stop/{bad}/").status_code == 404
        assert client.post(f"/reminders/stop/{bad}/").status_code == 404
    letter.refresh_from_db()
    assert letter.reminders_stopped_at is None


def test_stopping_covers_every_awaited_letter_from_the_same_address(db, client):
    from awards.tokens import stop_reminders_token

    letter = LetterRequestFactory(writer_email="writer@example.org")
    same = LetterRequestFactory(writer_email="writer@example.org")
    someone_else = LetterRequestFactory()

    client.post(f"/reminders/stop/{stop_reminders_token(letter)}/")

    stopped = set(
        LetterRequest.objects.filter(reminders_stopped_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    assert stopped == {letter.pk, same.pk}
    assert someone_else.pk not in stopped
    event = AuditEvent.objects.get(action="letter.reminders_stopped")
    assert event.data == {"letter": letter.code}
    assert "writer@example.org" not in str(event.data) + event.object_code
