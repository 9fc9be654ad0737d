import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from awards.domain.letters import (
    MAX_SENDS,
    RESEND_INTERVAL,
    LetterClosed,
    cancel_letter,
    request_letter,
    resend_letter,
    submit_letter,
)
from awards.domain.nominations import withdraw_nomination
from awards.domain.uploads import UploadRejected
from awards.models import LetterRequest
from awards.tokens import LINK_SALT, letter_from_token, letter_token
from portal.models import AuditEvent
from tests.awards.conftest import exactly
from tests.awards.factories import LetterRequestFactory
from tests.awards.fixtures.files import (
    docx_bytes,
    docx_naming_its_author,
    html_bytes,
    pdf_bytes,
    pdf_naming_its_author,
    png_bytes,
    upload,
)
from tests.awards.fixtures.revealed import docx_findings, pdf_findings
from tests.factories import UserFactory

LINK = re.compile(r"http://testserver/letters/(?P<token>[^/\s]+)/")
# Seeded into a letter to prove it never reaches the nominator.
SECRET_SENTENCE = "In confidence, her 2019 evaluation was the strongest I have signed."
TICK = timedelta(microseconds=1)


def links_in(message) -> list[str]:
    return LINK.findall(message.body)


def stored_files(root) -> list[str]:
    if not root.exists():
        return []
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


@pytest.fixture
def support(questions) -> dict:
    """The letters question: at most two letters."""
    return questions["support"].snapshot()


@pytest.fixture
def letter(draft, user, support, django_capture_on_commit_callbacks):
    """A letter asked of Dana Writer, with the request e-mail sent (and then cleared)."""
    with django_capture_on_commit_callbacks(execute=True):
        asked = request_letter(draft, user, support, "Dana Writer", "dana@example.org")
    mail.outbox.clear()
    return asked


@pytest.fixture
def private_root(isolated_file_storage):
    return isolated_file_storage["private"]


# request_letter


def test_request_letter_emails_the_writer_one_working_link(
    draft, user, support, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = request_letter(draft, user, support, "  Dana Writer ", " Dana@Example.org ")

    assert (letter.writer_name, letter.writer_email) == ("Dana Writer", "dana@example.org")
    assert (letter.status, letter.send_count) == (LetterRequest.Status.REQUESTED, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@example.org"]
    assert message.subject == f"A letter of support for the {draft.cycle.award.name}"
    [token] = links_in(message)
    assert letter_from_token(token) == letter
    assert AuditEvent.objects.filter(action="letter.requested", object_code=draft.code).count() == 1


def test_request_letter_sends_nothing_before_commit(
    draft, user, support, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request_letter(draft, user, support, "Dana Writer", "dana@example.org")

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_request_letter_another_user_is_refused(draft, support):
    with pytest.raises(PermissionDenied):
        request_letter(draft, UserFactory(), support, "Dana Writer", "dana@example.org")

    assert LetterRequest.objects.count() == 0


def test_request_letter_over_the_maximum_is_refused(draft, user, support):
    request_letter(draft, user, support, "First", "first@example.org")
    request_letter(draft, user, support, "Second", "second@example.org")

    with pytest.raises(LetterClosed, match=exactly("You can ask for at most 2 letters here.")):
        request_letter(draft, user, support, "Third", "third@example.org")

    assert LetterRequest.objects.count() == 2


def test_request_letter_cancelled_letters_free_a_place(draft, user, support):
    first = request_letter(draft, user, support, "First", "first@example.org")
    request_letter(draft, user, support, "Second", "second@example.org")
    cancel_letter(first, user)

    third = request_letter(draft, user, support, "Third", "third@example.org")

    assert third.status == LetterRequest.Status.REQUESTED


def test_request_letter_same_writer_twice_is_refused(draft, user, support):
    request_letter(draft, user, support, "Dana Writer", "dana@example.org")

    with pytest.raises(
        LetterClosed, match=exactly("You have already asked this person for a letter.")
    ):
        request_letter(draft, user, support, "Dana W.", "DANA@example.org")


def test_request_letter_after_letters_are_due_is_refused(draft, user, support):
    draft.cycle.letters_due_at = timezone.now() - timedelta(minutes=1)
    draft.cycle.save()

    with pytest.raises(
        LetterClosed,
        match=exactly("Letters of support are no longer accepted for this nomination."),
    ):
        request_letter(draft, user, support, "Dana Writer", "dana@example.org")


def test_request_letter_withdrawn_nomination_is_refused(draft, user, support):
    withdraw_nomination(draft, user)

    with pytest.raises(LetterClosed):
        request_letter(draft, user, support, "Dana Writer", "dana@example.org")


# resend_letter


def test_resend_letter_retires_the_old_link(letter, user, django_capture_on_commit_callbacks):
    old_token = letter_token(letter)

    with django_capture_on_commit_callbacks(execute=True):
        resend_letter(letter, user, now=letter.last_sent_at + RESEND_INTERVAL)

    assert letter.send_count == 2
    [message] = mail.outbox
    assert message.to == ["dana@example.org"]
    assert message.subject.startswith("Reminder: ")
    [new_token] = links_in(message)
    assert new_token != old_token
    assert letter_from_token(new_token) == letter
    with pytest.raises(LetterRequest.DoesNotExist):
        letter_from_token(old_token)


def test_resend_letter_within_the_interval_is_refused(letter, user):
    with pytest.raises(
        LetterClosed,
        match=exactly("The link was sent a few minutes ago. Try again a little later."),
    ):
        resend_letter(letter, user, now=letter.last_sent_at + RESEND_INTERVAL - TICK)

    letter.refresh_from_db()
    assert letter.send_count == 1


def test_resend_letter_at_most_max_sends(letter, user, django_capture_on_commit_callbacks):
    now = letter.last_sent_at
    for _ in range(MAX_SENDS - 1):
        now += timedelta(days=1)  # an address gets only a few letter e-mails a day
        with django_capture_on_commit_callbacks(execute=True):
            resend_letter(letter, user, now=now)

    with pytest.raises(
        LetterClosed, match=exactly("This writer has been reminded several times already.")
    ):
        resend_letter(letter, user, now=now + timedelta(days=1))

    assert letter.send_count == MAX_SENDS == 6
    assert len(mail.outbox) == MAX_SENDS - 1
    tokens = [links_in(message)[0] for message in mail.outbox]
    assert len(set(tokens)) == MAX_SENDS - 1
    assert letter_from_token(tokens[-1]) == letter
    for old_token in tokens[:-1]:
        with pytest.raises(LetterRequest.DoesNotExist):
            letter_from_token(old_token)
    assert AuditEvent.objects.filter(action="letter.resent").count() == MAX_SENDS - 1


def test_resend_letter_received_is_refused(letter, user):
    submit_letter(letter, text="She is wonderful.")

    with pytest.raises(LetterClosed, match=exactly("This letter has already arrived.")):
        resend_letter(letter, user, now=timezone.now() + timedelta(hours=1))


def test_resend_letter_another_user_is_refused(letter):
    with pytest.raises(PermissionDenied):
        resend_letter(letter, UserFactory(), now=timezone.now() + timedelta(hours=1))


# letter_from_token


def test_letter_from_token_tampered_signature_fails(letter):
    token = letter_token(letter)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    with pytest.raises(LetterRequest.DoesNotExist):
        letter_from_token(tampered)


def test_letter_from_token_forged_version_fails(letter):
    # A payload naming the letter, signed with another key, is just a bad signature.
    forged = signing.dumps([letter.code, letter.send_count], key="guessed", salt=LINK_SALT)

    with pytest.raises(LetterRequest.DoesNotExist):
        letter_from_token(forged)


def test_letter_from_token_other_salt_fails(letter):
    other_purpose = signing.dumps([letter.code, letter.send_count], salt="another-purpose")

    with pytest.raises(LetterRequest.DoesNotExist):
        letter_from_token(other_purpose)


@pytest.mark.parametrize("token", ["", "not-a-token", "a:b:c", "x" * 500])
def test_letter_from_token_garbage_fails(db, token):
    with pytest.raises(LetterRequest.DoesNotExist):
        letter_from_token(token)


def test_letter_from_token_of_a_cancelled_letter_fails(letter, user):
    token = letter_token(letter)

    cancel_letter(letter, user)

    with pytest.raises(LetterRequest.DoesNotExist):
        letter_from_token(token)


# cancel_letter


def test_cancel_letter_marks_it_cancelled(letter, user):
    cancel_letter(letter, user)

    letter.refresh_from_db()
    assert letter.status == LetterRequest.Status.CANCELLED
    assert AuditEvent.objects.filter(action="letter.cancelled").count() == 1


def test_cancel_letter_received_is_refused(letter, user):
    submit_letter(letter, text="She is wonderful.")

    with pytest.raises(
        LetterClosed, match=exactly("A letter that has arrived cannot be cancelled.")
    ):
        cancel_letter(letter, user)


def test_cancel_letter_another_user_is_refused(letter):
    with pytest.raises(PermissionDenied):
        cancel_letter(letter, UserFactory())

    letter.refresh_from_db()
    assert letter.status == LetterRequest.Status.REQUESTED


def test_cancelled_letter_cannot_be_submitted(letter, user):
    cancel_letter(letter, user)

    with pytest.raises(LetterClosed):
        submit_letter(letter, text="Too late.")


# submit_letter


def test_submit_letter_text_is_received(letter, django_capture_on_commit_callbacks):
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        submit_letter(letter, text=f"  {SECRET_SENTENCE}  ", now=now)

    letter.refresh_from_db()
    assert letter.status == LetterRequest.Status.RECEIVED
    assert letter.received_at == now
    assert letter.letter_text == SECRET_SENTENCE
    assert letter.letter_file_key == ""
    assert AuditEvent.objects.filter(action="letter.received").count() == 1


def test_submit_letter_tells_the_nominator_without_the_letter(
    letter, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_letter(letter, text=SECRET_SENTENCE)

    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == f"A letter of support arrived: {letter.nomination.cycle.award.name}"
    assert "Dana Writer" in message.body
    # The letter is in the database; it is in no part of the nominator's e-mail.
    assert LetterRequest.objects.get(pk=letter.pk).letter_text == SECRET_SENTENCE
    everything = message.message().as_string()
    for fragment in (SECRET_SENTENCE, "2019 evaluation", "strongest I have signed"):
        assert fragment not in message.subject
        assert fragment not in message.body
        assert fragment not in everything
    assert message.attachments == []


def test_submit_letter_twice_is_refused(letter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit_letter(letter, text="First version.")

    with pytest.raises(
        LetterClosed, match=exactly("This letter has already been received. Thank you!")
    ):
        submit_letter(letter, text="Second version.")

    letter.refresh_from_db()
    assert letter.letter_text == "First version."
    assert len(mail.outbox) == 1


def test_submit_letter_just_before_letters_are_due_is_accepted(letter):
    due = timezone.now() + timedelta(days=2)
    letter.nomination.cycle.letters_due_at = due
    letter.nomination.cycle.save()

    submit_letter(letter, text="Just in time.", now=due - TICK)

    assert letter.status == LetterRequest.Status.RECEIVED


def test_submit_letter_after_letters_are_due_is_refused(letter, django_capture_on_commit_callbacks):
    due = timezone.now() + timedelta(days=2)
    letter.nomination.cycle.letters_due_at = due
    letter.nomination.cycle.save()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(
            LetterClosed, match=exactly("The deadline for letters of support has passed.")
        ),
    ):
        submit_letter(letter, text="Too late.", now=due)

    letter.refresh_from_db()
    assert letter.status == LetterRequest.Status.REQUESTED
    assert letter.letter_text == ""
    assert mail.outbox == []


def test_submit_letter_after_nominations_close_but_before_letters_are_due_is_accepted(letter):
    cycle = letter.nomination.cycle
    cycle.letters_due_at = cycle.closes_at + timedelta(days=14)
    cycle.save()

    submit_letter(letter, text="A week after closing.", now=cycle.closes_at + timedelta(days=7))

    assert letter.status == LetterRequest.Status.RECEIVED


def test_submit_letter_without_a_due_date_closes_with_the_cycle(letter):
    closes_at = letter.nomination.cycle.closes_at

    with pytest.raises(LetterClosed):
        submit_letter(letter, text="Too late.", now=closes_at)


@pytest.mark.parametrize(
    ("name", "make", "display_name"),
    [
        ("Letter for Margaret.pdf", pdf_bytes, "Letter_for_Margaret.pdf"),
        ("letter.docx", docx_bytes, "letter.docx"),
        ("../../letter\u202etxt.pdf", pdf_bytes, "lettertxt.pdf"),
    ],
)
def test_submit_letter_file_is_stored_privately(letter, private_root, name, make, display_name):
    data = make()

    submit_letter(letter, text="", upload=upload(name, data))

    letter.refresh_from_db()
    assert letter.status == LetterRequest.Status.RECEIVED
    assert letter.letter_file_name == display_name
    assert re.fullmatch(
        rf"letters/{letter.nomination.cycle_id}/[A-Za-z0-9_-]{{32}}\.(pdf|docx)",
        letter.letter_file_key,
    )
    assert re.fullmatch(
        rf"originals/letters/{letter.nomination.cycle_id}/[A-Za-z0-9_-]{{32}}\.(pdf|docx)",
        letter.letter_file_original_key,
    )
    assert stored_files(private_root) == sorted(
        [letter.letter_file_key, letter.letter_file_original_key]
    )
    assert (private_root / letter.letter_file_original_key).read_bytes() == data


@pytest.mark.parametrize(
    ("name", "make", "findings"),
    [
        ("letter.pdf", pdf_naming_its_author, pdf_findings),
        ("letter.docx", docx_naming_its_author, docx_findings),
    ],
)
def test_submit_letter_file_is_stored_without_its_authors_metadata_and_the_original_kept(
    letter, private_root, name, make, findings
):
    data = make(author="Dana Writer")
    assert findings(data, "Dana Writer") != []  # the leak is there to be removed

    submit_letter(letter, text="", upload=upload(name, data))

    letter.refresh_from_db()
    assert findings((private_root / letter.letter_file_key).read_bytes(), "Dana Writer") == []
    assert (private_root / letter.letter_file_original_key).read_bytes() == data


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (png_bytes, "This question takes PDF, Word (.docx) files only."),
        (html_bytes, "Web pages, SVG and XML files cannot be uploaded."),
    ],
)
def test_submit_letter_file_of_the_wrong_type_is_refused(letter, private_root, make, message):
    with pytest.raises(UploadRejected) as refused:
        submit_letter(letter, text="", upload=upload("letter.pdf", make()))

    assert str(refused.value) == message
    letter.refresh_from_db()
    assert letter.status == LetterRequest.Status.REQUESTED
    assert stored_files(private_root) == []


def test_submit_letter_received_meanwhile_deletes_the_stored_file(letter, private_root):
    # The writer sends from two tabs: the first wins, the second's file must not linger.
    second_tab = LetterRequest.objects.get(pk=letter.pk)
    submit_letter(letter, text="From the first tab.")

    with pytest.raises(LetterClosed):
        submit_letter(second_tab, text="", upload=upload("letter.pdf", pdf_bytes()))

    assert stored_files(private_root) == []
    assert LetterRequest.objects.get(pk=letter.pk).letter_text == "From the first tab."


def test_letter_request_factory_resolves_through_its_token(db):
    letter = LetterRequestFactory()

    assert letter_from_token(letter_token(letter)) == letter
