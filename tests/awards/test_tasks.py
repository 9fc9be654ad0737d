import io
import re

import pytest
from django.core import mail
from django.tasks import TaskResultStatus
from pypdf import PdfReader

from awards.domain.letters import RESEND_INTERVAL, cancel_letter, request_letter, resend_letter
from awards.domain.nominations import submit_nomination, withdraw_nomination
from awards.domain.uploads import attach_file
from awards.models import LetterRequest, Nomination
from awards.tokens import letter_from_token
from review.domain.emails import send_letter_received, send_letter_request, send_submission_receipt
from tests.awards.conftest import COMPLETE_ANSWERS
from tests.awards.factories import LetterRequestFactory
from tests.awards.fixtures.files import pdf_bytes, upload

LINK = re.compile(r"http://testserver/letters/(?P<token>[^/\s]+)/")
SECRET_SENTENCE = "Between us, she turned down the district job to stay with these kids."


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def run(task, *args):
    """Enqueue on the immediate backend and insist it finished: that backend records a failed
    task instead of raising, which would otherwise pass for 'sent nothing'."""
    result = task.enqueue(*args)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    return result


@pytest.fixture
def submitted_quietly(draft, user, django_capture_on_commit_callbacks):
    """The draft, submitted, with its receipt task not run yet."""
    with django_capture_on_commit_callbacks(execute=False):
        submit_nomination(draft, user, draft.submission_key)
    draft.refresh_from_db()
    return draft


# send_submission_receipt


def test_send_submission_receipt_run_twice_sends_one_email(submitted_quietly, user):
    run(send_submission_receipt, submitted_quietly.pk)
    run(send_submission_receipt, submitted_quietly.pk)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    submitted_quietly.refresh_from_db()
    assert submitted_quietly.receipt_sent_for == submitted_quietly.submitted_at


def test_send_submission_receipt_attaches_what_was_submitted(submitted_quietly, school):
    run(send_submission_receipt, submitted_quietly.pk)

    [(filename, content, mimetype)] = mail.outbox[0].attachments
    text = pdf_text(content)
    assert (filename, mimetype) == (f"nomination-{submitted_quietly.code}.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    assert submitted_quietly.code in text
    assert "Margaret Hamilton" in text
    assert "Lakeside High" in text
    assert "How has this teacher changed your child's year?" in text
    assert COMPLETE_ANSWERS["impact"] in text
    assert "Science, Art" in text


def test_send_submission_receipt_lists_files_and_letters_but_no_letter_text(
    draft, user, questions, django_capture_on_commit_callbacks
):
    documents, support = questions["documents"].snapshot(), questions["support"].snapshot()
    attach_file(draft, user, documents, upload("Classroom plan.pdf", pdf_bytes()))
    letter = request_letter(draft, user, support, "Dana Writer", "dana@example.org")
    LetterRequest.objects.filter(pk=letter.pk).update(
        status=LetterRequest.Status.RECEIVED, letter_text=SECRET_SENTENCE
    )
    with django_capture_on_commit_callbacks(execute=False):
        submit_nomination(draft, user, draft.submission_key)

    run(send_submission_receipt, draft.pk)

    [(_, content, _)] = mail.outbox[0].attachments
    text = pdf_text(content)
    assert "Classroom_plan.pdf" in text
    assert "Dana Writer (received)" in text
    assert SECRET_SENTENCE not in text
    assert "district job" not in text
    assert SECRET_SENTENCE not in mail.outbox[0].body


def test_send_submission_receipt_for_a_draft_sends_nothing(draft):
    run(send_submission_receipt, draft.pk)

    assert mail.outbox == []
    draft.refresh_from_db()
    assert draft.receipt_sent_for is None


def test_send_submission_receipt_for_a_withdrawn_nomination_sends_nothing(submitted_quietly, user):
    withdraw_nomination(submitted_quietly, user)

    run(send_submission_receipt, submitted_quietly.pk)

    assert submitted_quietly.status == Nomination.Status.WITHDRAWN
    assert mail.outbox == []


# send_letter_request


@pytest.fixture
def letter(draft, user, questions, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return request_letter(
            draft, user, questions["support"].snapshot(), "Dana Writer", "dana@example.org"
        )


def test_send_letter_request_current_version_sends_a_working_link(letter, draft):
    run(send_letter_request, letter.pk, 1)

    [message] = mail.outbox
    assert message.to == ["dana@example.org"]
    assert message.body.startswith("Hello,\n")  # the typed writer's name is not echoed
    assert "Dana Writer" not in message.subject + message.body
    assert "Margaret Hamilton" in message.body
    [token] = LINK.findall(message.body)
    assert letter_from_token(token) == letter


def test_send_letter_request_superseded_version_sends_nothing(
    letter, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        resend_letter(letter, user, now=letter.last_sent_at + RESEND_INTERVAL)

    run(send_letter_request, letter.pk, 1)
    assert mail.outbox == []
    run(send_letter_request, letter.pk, 2)
    assert len(mail.outbox) == 1


def test_send_letter_request_cancelled_letter_sends_nothing(letter, user):
    cancel_letter(letter, user)

    run(send_letter_request, letter.pk, 1)

    assert mail.outbox == []


# send_letter_received


def test_send_letter_received_tells_the_nominator_not_the_content(db):
    letter = LetterRequestFactory(
        status=LetterRequest.Status.RECEIVED,
        letter_text=SECRET_SENTENCE,
        writer_name="Dana Writer",
    )

    run(send_letter_received, letter.pk)

    [message] = mail.outbox
    assert message.to == [letter.nomination.nominator.email]
    assert "Dana Writer" in message.body
    assert SECRET_SENTENCE not in message.message().as_string()
    assert "district job" not in message.body
