"""Announcing results by e-mail: who hears what, each message once, certificates, failures
retried and then shown to staff."""

import io
import socket

import pytest
from django.core import mail
from django.tasks import TaskResultStatus
from pypdf import PdfReader

from awards.models import LetterRequest
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.domain.notifications import queue_results_messages, send_due_messages
from review.domain.outbox import send_message
from review.models import Assignment, Decision, MessageTemplate, OutgoingMessage, Review, Rubric
from tests.awards.factories import LetterRequestFactory
from tests.factories import UserFactory


@pytest.fixture
def second_staff(db):
    return UserFactory(staff=True, verified=True)


@pytest.fixture
def announced(make_candidate, enrol, cycle, staff_user, second_staff, home_page):
    def run(capture):
        winner = make_candidate(
            nominee_first_name="Mary",
            nominee_last_name="Jackson",
            nominee_email="mary.jackson@school.example",
            nominator=UserFactory(email="won.nominator@example.org"),
        )
        other = make_candidate(
            nominee_email="other.nominee@school.example",
            nominator=UserFactory(email="other.nominator@example.org"),
        )
        LetterRequestFactory(
            nomination=winner,
            writer_email="letter.writer@example.org",
            writer_name="Letter Writer",
            status=LetterRequest.Status.RECEIVED,
        )
        enrolment = enrol(user=UserFactory(email="thanked.reviewer@example.org"))
        assignment = Assignment.objects.create(dossier=winner.dossier, enrolment=enrolment)
        Review.objects.create(
            assignment=assignment,
            rubric=Rubric.objects.create(cycle=cycle),
            cycle=cycle,
            dossier=winner.dossier,
            enrolment=enrolment,
            status=Review.Status.SUBMITTED,
        )
        record_decision(
            cycle, winner.dossier, staff_user, outcome=Decision.Outcome.WINNER, citation="Brave."
        )
        record_decision(cycle, other.dossier, staff_user, outcome=Decision.Outcome.NOT_SELECTED)
        request_publication(cycle, staff_user)
        with capture(execute=True):
            approve_publication(cycle, second_staff)
        return winner

    return run


def by_recipient():
    return {message.to[0]: message for message in mail.outbox}


SEND = "review.domain.outbox.send_message"


def delivery() -> list[tuple[str, str, int]]:
    """Every announcement's recipient, state and attempts, by recipient."""
    return sorted(OutgoingMessage.objects.values_list("to", "status", "attempts"))


def test_everyone_concerned_hears_once(
    announced, cycle, django_capture_on_commit_callbacks, finished_tasks
):
    announced(django_capture_on_commit_callbacks)
    assert finished_tasks == [(SEND, TaskResultStatus.SUCCESSFUL)] * 6
    sent = by_recipient()
    assert sorted(sent) == [
        "letter.writer@example.org",
        "mary.jackson@school.example",
        "other.nominator@example.org",
        "other.nominee@school.example",
        "thanked.reviewer@example.org",
        "won.nominator@example.org",
    ]
    assert "won the" in sent["mary.jackson@school.example"].body
    assert "has won" in sent["won.nominator@example.org"].body
    assert "was not selected this year" in sent["other.nominator@example.org"].body
    assert "not selected this year" in sent["other.nominee@school.example"].body
    assert delivery() == [(to, "sent", 1) for to in sorted(sent)]
    # Queueing again and re-running every send changes nothing: each run finds its message
    # sent and ends well, sending nothing (a run that crashed would also send nothing).
    assert queue_results_messages(cycle) == []
    reruns = [
        send_message.enqueue(pk) for pk in OutgoingMessage.objects.values_list("pk", flat=True)
    ]
    assert [run.status for run in reruns] == [TaskResultStatus.SUCCESSFUL] * 6
    assert len(mail.outbox) == 6
    assert delivery() == [(to, "sent", 1) for to in sorted(sent)]


def test_winner_certificate_names_the_winner(announced, django_capture_on_commit_callbacks):
    announced(django_capture_on_commit_callbacks)
    message = by_recipient()["mary.jackson@school.example"]
    (name, content, mimetype), *_ = message.attachments
    assert (name, mimetype) == ("certificate.pdf", "application/pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Mary Jackson" in text
    assert "Certificate of Achievement" in text


def test_staff_edited_template_is_used(announced, django_capture_on_commit_callbacks):
    MessageTemplate.objects.filter(kind=MessageTemplate.Kind.REVIEWER, language="en").update(
        subject="Merci, {{ award }}",
        body="Custom thanks for {{ cycle }}.",
    )
    announced(django_capture_on_commit_callbacks)
    message = by_recipient()["thanked.reviewer@example.org"]
    assert message.subject.startswith("Merci, ")
    assert message.body.startswith("Custom thanks for ")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_failed_sends_are_retried_then_shown_to_staff(
    announced,
    cycle,
    settings,
    client,
    staff_user,
    django_capture_on_commit_callbacks,
    finished_tasks,
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }
    announced(django_capture_on_commit_callbacks)
    # Three attempts at each of the six, each ending well (the error recorded, not raised).
    assert finished_tasks == [(SEND, TaskResultStatus.SUCCESSFUL)] * 18
    recipients = sorted(OutgoingMessage.objects.values_list("to", flat=True))
    assert delivery() == [(to, "failed", 3) for to in recipients]
    failed = OutgoingMessage.objects.filter(status="failed")
    assert "ConnectionRefusedError" in failed.first().last_error
    client.force_login(staff_user)
    html = client.get(f"/admin/review/messages/{cycle.pk}/").content.decode()
    assert "ConnectionRefusedError" in html
    assert "Send the 6 failed messages again" in html
    # The mail server is back: staff retry and each message goes exactly once.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    finished_tasks.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/review/messages/{cycle.pk}/", {"action": "retry"})
    assert finished_tasks == [(SEND, TaskResultStatus.SUCCESSFUL)] * 6
    assert sorted(m.to[0] for m in mail.outbox) == recipients
    assert delivery() == [(to, "sent", 1) for to in recipients]
    assert send_due_messages() == 0


def test_scheduled_announcement_waits_for_its_time(
    make_candidate,
    cycle,
    staff_user,
    second_staff,
    home_page,
    django_capture_on_commit_callbacks,
    finished_tasks,
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    winner = make_candidate(nominee_email="later@school.example")
    record_decision(cycle, winner.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    at = timezone.now() + timedelta(days=1)
    request_publication(cycle, staff_user, at)
    with django_capture_on_commit_callbacks(execute=True):
        approve_publication(cycle, second_staff)
    # The sends ran (this backend cannot wait) and ended well, leaving both messages queued
    # and untried for their time; so did the roster update, which adds no one before the time.
    sends = [task for task in finished_tasks if task[0] == SEND]
    assert sends == [(SEND, TaskResultStatus.SUCCESSFUL)] * 2
    assert sorted(finished_tasks) == sorted(
        [*sends, ("review.domain.decisions.record_past_winners_task", TaskResultStatus.SUCCESSFUL)]
    )
    assert mail.outbox == []
    recipients = sorted(OutgoingMessage.objects.values_list("to", flat=True))
    assert "later@school.example" in recipients
    assert delivery() == [(to, "queued", 0) for to in recipients]
    assert send_due_messages() == 0
    with time_machine.travel(at + timedelta(minutes=1)):
        assert send_due_messages() == 2  # the winner and their nominator
    assert sorted(m.to[0] for m in mail.outbox) == recipients
    assert delivery() == [(to, "sent", 1) for to in recipients]


def test_staff_download_a_winners_certificate(client, make_candidate, cycle, staff_user, user):
    winner = make_candidate(nominee_first_name="Hedy", nominee_last_name="Lamarr")
    decision = record_decision(cycle, winner.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    url = f"/admin/review/certificates/{decision.pk}/"
    client.force_login(user)
    assert client.get(url).status_code in (302, 403)
    client.force_login(staff_user)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Hedy Lamarr" in text
    assert (
        "Certificate (PDF)" in client.get(f"/admin/review/committee/{cycle.pk}/").content.decode()
    )


def test_certificate_that_cannot_be_built_leaves_the_message_queued_for_a_retry(
    announced, monkeypatch, django_capture_on_commit_callbacks
):
    from review import pdf

    calls = []

    def broken_once(decision, to=""):
        calls.append(decision.pk)
        if len(calls) == 1:
            raise OSError("font cache unreadable")
        return real_certificate(decision, to)

    real_certificate = pdf.certificate_pdf
    monkeypatch.setattr(pdf, "certificate_pdf", broken_once)
    announced(django_capture_on_commit_callbacks)

    winner_message = OutgoingMessage.objects.get(to="mary.jackson@school.example")
    # The first build failed: the message was queued again, with the error, and went out once
    # on the retry, certificate attached.
    assert len(calls) == 2
    assert (winner_message.status, winner_message.attempts) == ("sent", 2)
    assert "OSError: font cache unreadable" in winner_message.last_error
    assert [m.to for m in mail.outbox].count(["mary.jackson@school.example"]) == 1
    assert by_recipient()["mary.jackson@school.example"].attachments[0][0] == "certificate.pdf"
