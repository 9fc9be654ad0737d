"""Every e-mail the portal sends (sign-in codes aside) is in the message log once, whatever the
number of times its task runs; staff find it by recipient, filter it, and send it again."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.tasks import TaskResultStatus
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import LetterRequest, Nomination
from portal.models import AuditEvent
from portal.roles import ensure_role_groups
from review.domain.emails import (
    send_guardian_request,
    send_letter_received,
    send_letter_request,
    send_nominee_handoff,
    send_submission_receipt,
)
from review.domain.enrolment import send_reviewer_invitation
from review.domain.reminders import send_review_reminder
from review.models import (
    Assignment,
    MessageTemplate,
    OutgoingMessage,
    ReviewerEnrolment,
    ReviewReminder,
    ReviewSettings,
)
from tests.awards.factories import LetterRequestFactory, NominationFactory, candidate
from tests.factories import CycleFactory, UserFactory
from tests.review.factories import ReviewerEnrolmentFactory
from tests.review.test_notifications import closed_port

Response = Nomination.Response


def run(task, *args):
    result = task.enqueue(*args)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    return result


@dataclass
class Sent:
    """One kind of e-mail: the task that sends it, its arguments, and who should get it."""

    task: Any
    args: tuple
    to: str


def receipt() -> Sent:
    nomination = NominationFactory(status=Nomination.Status.SUBMITTED, submitted_at=timezone.now())
    return Sent(send_submission_receipt, (nomination.pk,), nomination.nominator.email)


def letter_request() -> Sent:
    letter = LetterRequestFactory(writer_email="dana@example.org")
    return Sent(send_letter_request, (letter.pk, 1), "dana@example.org")


def letter_request_again() -> Sent:
    letter = LetterRequestFactory(writer_email="dana@example.org", send_count=2)
    return Sent(send_letter_request, (letter.pk, 2), "dana@example.org")


def letter_received() -> Sent:
    letter = LetterRequestFactory(status=LetterRequest.Status.RECEIVED)
    return Sent(send_letter_received, (letter.pk,), letter.nomination.nominator.email)


def handoff() -> Sent:
    nomination = NominationFactory(
        status=Nomination.Status.SUBMITTED, nominee_response=Response.PENDING
    )
    return Sent(send_nominee_handoff, (nomination.pk,), "m.hamilton@school.example")


def guardian_consent() -> Sent:
    nomination = NominationFactory(
        status=Nomination.Status.SUBMITTED,
        guardian_name="Rosa Diaz",
        guardian_email="rosa@family.example",
        guardian_consent=Response.PENDING,
    )
    return Sent(send_guardian_request, (nomination.pk,), "rosa@family.example")


def reviewer_invitation() -> Sent:
    enrolment = ReviewerEnrolmentFactory(status=ReviewerEnrolment.Status.INVITED)
    return Sent(send_reviewer_invitation, (enrolment.pk,), enrolment.reviewer.email)


def reviewer_reminder() -> Sent:
    reminder = ReviewReminder.objects.create(enrolment=ReviewerEnrolmentFactory(), outstanding=2)
    return Sent(send_review_reminder, (reminder.pk,), reminder.enrolment.reviewer.email)


EVERY_KIND = [
    receipt,
    letter_request,
    letter_request_again,
    letter_received,
    handoff,
    guardian_consent,
    reviewer_invitation,
    reviewer_reminder,
]


@pytest.mark.parametrize("make", EVERY_KIND, ids=lambda make: make.__name__)
def test_every_email_is_logged_once_and_sent_once_when_its_task_runs_twice(db, make):
    sent = make()

    run(sent.task, *sent.args)
    run(sent.task, *sent.args)

    [email] = mail.outbox
    [logged] = OutgoingMessage.objects.all()
    assert email.to == [sent.to]
    assert (logged.to, logged.subject, logged.body) == (sent.to, email.subject, email.body)
    assert logged.status == OutgoingMessage.Status.SENT
    assert logged.attempts == 1
    assert logged.kind == make.__name__
    # The key names what the e-mail is about, never the person's address.
    assert "@" not in logged.key
    assert sent.to.split("@")[0] not in logged.key


def test_a_failed_send_is_logged_with_its_error_and_attempts(db, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }
    sent = handoff()

    run(sent.task, *sent.args)

    [logged] = OutgoingMessage.objects.all()
    assert logged.attempts == 1
    assert "ConnectionRefusedError" in logged.last_error
    assert logged.status == OutgoingMessage.Status.QUEUED  # to be tried again a little later
    assert mail.outbox == []


def test_inviting_again_sends_again_but_a_retried_sending_does_not(db):
    enrolment = ReviewerEnrolmentFactory(status=ReviewerEnrolment.Status.INVITED)

    run(send_reviewer_invitation, enrolment.pk)
    run(send_reviewer_invitation, enrolment.pk, "second")
    run(send_reviewer_invitation, enrolment.pk, "second")

    assert len(mail.outbox) == 2
    assert OutgoingMessage.objects.count() == 2


# The log screen ------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, db):
    ensure_role_groups()
    client.force_login(UserFactory(staff=True, verified=True))
    return client


def logged(cycle, to: str, **fields) -> OutgoingMessage:
    return OutgoingMessage.objects.create(
        cycle=cycle,
        kind=fields.pop("kind", "handoff"),
        key=f"test:{OutgoingMessage.objects.count()}",
        to=to,
        subject=fields.pop("subject", "You have been nominated"),
        body=fields.pop("body", "Hello,\n"),
        send_after=timezone.now(),
        **fields,
    )


INDEX = "/admin/message-log/"


def test_log_search_by_recipient_finds_only_their_emails(staff_client):
    cycle = CycleFactory()
    logged(cycle, "ana@school.example")
    logged(cycle, "ben@school.example")

    page = staff_client.get(INDEX, {"q": "ana@"})

    assert page.status_code == 200
    assert b"ana@school.example" in page.content
    assert b"ben@school.example" not in page.content


def test_log_filters_by_status_and_kind(staff_client):
    cycle = CycleFactory()
    logged(cycle, "failed@example.org", status=OutgoingMessage.Status.FAILED)
    logged(cycle, "sent@example.org", status=OutgoingMessage.Status.SENT)
    logged(cycle, "receipt@example.org", kind="receipt", status=OutgoingMessage.Status.FAILED)

    failed = staff_client.get(INDEX, {"status": "failed"}).content
    failed_handoffs = staff_client.get(INDEX, {"status": "failed", "kind": "handoff"}).content

    assert b"failed@example.org" in failed
    assert b"receipt@example.org" in failed
    assert b"sent@example.org" not in failed
    assert b"failed@example.org" in failed_handoffs
    assert b"receipt@example.org" not in failed_handoffs


def test_log_shows_an_emails_text_status_and_error(staff_client):
    message = logged(
        CycleFactory(),
        "ana@school.example",
        body="Dear Ana, you were nominated.",
        status=OutgoingMessage.Status.FAILED,
        attempts=3,
        last_error="SMTPException: mailbox full",
    )

    page = staff_client.get(reverse("message_log:inspect", args=[message.pk]))

    assert page.status_code == 200
    assert b"Dear Ana, you were nominated." in page.content
    assert b"SMTPException: mailbox full" in page.content
    assert b"Send again" in page.content


def test_resend_sends_the_same_text_again_and_is_audited(
    staff_client, django_capture_on_commit_callbacks
):
    message = logged(
        CycleFactory(),
        "ana@school.example",
        subject="Your consent",
        body="Please answer here.",
        status=OutgoingMessage.Status.SENT,
        attempts=1,
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("message_log:resend", args=[message.pk]))

    assert response.status_code == 302
    [email] = mail.outbox
    assert (email.to, email.subject, email.body) == (
        ["ana@school.example"],
        "Your consent",
        "Please answer here.",
    )
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT
    assert message.attempts == 1
    [event] = AuditEvent.objects.filter(action="messages.resent")
    assert event.data == {"message": message.pk, "kind": "handoff"}
    assert "ana@" not in str(event.data)


def test_resend_of_a_failed_email_clears_its_error(
    staff_client, django_capture_on_commit_callbacks
):
    message = logged(
        CycleFactory(),
        "ana@school.example",
        status=OutgoingMessage.Status.FAILED,
        attempts=3,
        last_error="SMTPException: mailbox full",
    )

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("message_log:resend", args=[message.pk]))

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (
        OutgoingMessage.Status.SENT,
        1,
        "",
    )
    assert len(mail.outbox) == 1


def test_resend_is_refused_with_get(staff_client):
    message = logged(CycleFactory(), "ana@school.example", status=OutgoingMessage.Status.SENT)

    response = staff_client.get(reverse("message_log:resend", args=[message.pk]))

    assert response.status_code == 405
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["nominator", "reviewer"])
def test_log_is_not_shown_to_nominators_or_reviewers(client, db, who):
    message = logged(CycleFactory(), "secret@school.example", body="A secret text")
    client.force_login(UserFactory(verified=True, reviewer=who == "reviewer"))

    responses = [
        client.get(INDEX),
        client.get(reverse("message_log:inspect", args=[message.pk])),
        client.post(reverse("message_log:resend", args=[message.pk])),
    ]

    for response in responses:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert b"secret@school.example" not in response.content
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="messages.resent").exists()


def test_log_is_404_to_someone_in_the_admin_who_is_not_staff(client, in_admin_only):
    message = logged(CycleFactory(), "secret@school.example", body="A secret text")
    client.force_login(in_admin_only)

    responses = [
        client.get(INDEX),
        client.get(reverse("message_log:inspect", args=[message.pk])),
        client.post(reverse("message_log:resend", args=[message.pk])),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    for response in responses:
        assert b"secret@school.example" not in response.content
    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.QUEUED


def test_missing_email_is_404_to_staff(staff_client):
    assert staff_client.get(reverse("message_log:inspect", args=[987654])).status_code == 404
    assert staff_client.post(reverse("message_log:resend", args=[987654])).status_code == 404


def test_log_list_query_count_does_not_grow_with_the_emails(staff_client):
    def queries_to_list(count: int) -> int:
        for n in range(count):
            logged(CycleFactory(), f"person{n}@school.example")
        staff_client.get(INDEX)  # sessions, permissions and site settings read once
        with CaptureQueriesContext(connection) as queries:
            page = staff_client.get(INDEX)
        assert page.status_code == 200
        assert all(f"person{n}@school.example".encode() in page.content for n in range(count))
        OutgoingMessage.objects.all().delete()
        return len(queries)

    assert queries_to_list(1) == queries_to_list(12)


# Staff's own texts and the preview -------------------------------------------------------------


def test_staff_text_for_a_kind_and_language_replaces_the_portals_wording(db):
    MessageTemplate.objects.create(
        kind="handoff",
        language="en",
        subject="Good news about the {{ award }}",
        body="Dear {{ name }}, follow {{ link }} to answer.",
    )
    sent = handoff()

    run(sent.task, *sent.args)

    [email] = mail.outbox
    assert email.subject.startswith("Good news about the Teacher of the Year")
    assert email.body.startswith("Dear Margaret, follow http://testserver/")
    assert email.body.endswith(" to answer.")


def test_without_staff_text_the_portals_wording_is_kept(db):
    sent = handoff()

    run(sent.task, *sent.args)

    [email] = mail.outbox
    assert email.subject.startswith("You have been nominated for the Teacher of the Year")
    assert email.body.startswith("Hello Margaret,")


def test_preview_writes_each_email_for_a_real_person_without_their_links(staff_client):
    nomination = NominationFactory(
        status=Nomination.Status.SUBMITTED,
        submitted_at=timezone.now(),
        nominee_first_name="Octavia",
    )
    MessageTemplate.objects.create(
        kind="receipt", language="en", subject="Thanks", body="We have {{ nominee }}'s file."
    )

    page = staff_client.get(reverse("review_admin:email_preview"), {"cycle": nomination.cycle_id})

    html = page.content.decode()
    assert page.status_code == 200
    assert "We have Octavia Hamilton&#x27;s file." in html
    assert "Hello Octavia," in html  # the hand-off, in the portal's own wording
    assert "/nominee/" not in html and "[the personal link]" in html
    assert "No one in this cycle to write this e-mail to yet." in html  # no letters, reviewers


def test_preview_writes_the_reminders_that_go_out_by_themselves(staff_client):
    """The three automatic reminders are previewed like every other e-mail: for the cycle's
    first letter still awaited, first draft and first reviewer with work left, staff's text
    where they wrote one, no personal link; and the screen costs the same however many people
    the cycle has."""
    cycle = CycleFactory()
    NominationFactory(cycle=cycle, nominee_first_name="Dorothy")  # a draft
    LetterRequestFactory(
        nomination=NominationFactory(
            cycle=cycle,
            status=Nomination.Status.SUBMITTED,
            submitted_at=timezone.now(),
            nominee_first_name="Katherine",
        ),
    )
    ReviewSettings.objects.create(cycle=cycle, review_closes_at=timezone.now())
    enrolment = ReviewerEnrolmentFactory(cycle=cycle)
    Assignment.objects.create(dossier=candidate(cycle).dossier, enrolment=enrolment)
    MessageTemplate.objects.create(
        kind="reminder:draft",
        language="en",
        subject="Your draft",
        body="{{ name }}, finish {{ nominee }}'s nomination: {{ link }}",
    )

    def preview() -> str:
        page = staff_client.get(reverse("review_admin:email_preview"), {"cycle": cycle.pk})
        assert page.status_code == 200
        return page.content.decode()

    html = preview()
    sections = {
        label: html.split(f">{label}</h2>")[1].split("</section>")[0]
        for label in (
            "Reminder to a letter writer",
            "Reminder to a nominator: draft not sent",
            "Reminder to a reviewer: reviews to submit",
        )
    }
    assert "nominated Katherine Hamilton" in sections["Reminder to a letter writer"]
    assert "Written from staff's text" in sections["Reminder to a nominator: draft not sent"]
    assert "Dorothy Hamilton&#x27;s nomination: [the personal link]" in html
    assert "1 review still to submit" in sections["Reminder to a reviewer: reviews to submit"]
    for section in sections.values():
        assert "No one in this cycle" not in section
        assert "[the personal link]" in section
    assert "/letters/" not in html and "/reminders/stop/" not in html

    with CaptureQueriesContext(connection) as one_each:
        preview()
    for _ in range(5):
        NominationFactory(cycle=cycle)
        LetterRequestFactory(
            nomination=NominationFactory(
                cycle=cycle, status=Nomination.Status.SUBMITTED, submitted_at=timezone.now()
            )
        )
    with CaptureQueriesContext(connection) as six_each:
        preview()
    assert len(six_each) == len(one_each)


def test_preview_shows_what_a_nominator_typed_as_text_never_as_markup(staff_client):
    """A name is whatever a nominator typed: the preview prints it, it never runs it, in staff's
    text as in the portal's own wording."""
    nomination = NominationFactory(
        status=Nomination.Status.SUBMITTED,
        submitted_at=timezone.now(),
        nominee_first_name='<img src=x onerror="alert(1)">',
    )
    MessageTemplate.objects.create(
        kind="receipt", language="en", subject="Thanks", body="We have {{ nominee }}'s file."
    )

    page = staff_client.get(reverse("review_admin:email_preview"), {"cycle": nomination.cycle_id})

    html = page.content.decode()
    assert "<img src=x" not in html
    assert html.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;") >= 2  # both wordings


def test_preview_is_not_shown_to_someone_in_the_admin_who_is_not_staff(client, in_admin_only):
    NominationFactory(status=Nomination.Status.SUBMITTED, submitted_at=timezone.now())
    client.force_login(in_admin_only)

    response = client.get(reverse("review_admin:email_preview"))

    assert response.status_code in (302, 403, 404)
    assert b"Hamilton" not in response.content
