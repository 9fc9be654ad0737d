"""Letters of support: asked of a third party, written through a signed link, no account needed.

A link carries a signature over the letter's code and how many times it was sent, so resending
retires earlier links; letters are accepted until the cycle's letters-due date.
"""

from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal.models import audit

from ..models import LetterRequest, Nomination
from .uploads import attach_letter_file, delete_stored

LINK_SALT = "awards.letter-link"
RESEND_INTERVAL = timedelta(minutes=10)
MAX_SENDS = 6


class LetterClosed(Exception):
    """The letter cannot be written or changed now; the message says why."""


def letter_token(letter: LetterRequest) -> str:
    return signing.dumps([letter.code, letter.send_count], salt=LINK_SALT, compress=False)


def letter_from_token(token: str) -> LetterRequest:
    """The letter a link points at; raises LetterRequest.DoesNotExist for any bad or old link."""
    try:
        code, version = signing.loads(token, salt=LINK_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise LetterRequest.DoesNotExist from None
    letter = LetterRequest.objects.select_related(
        "nomination__cycle__award", "nomination__nominator"
    ).get(code=code)
    if letter.send_count != version or letter.status == LetterRequest.Status.CANCELLED:
        raise LetterRequest.DoesNotExist
    return letter


def letters_open(nomination: Nomination, now=None) -> bool:
    due = nomination.cycle.letters_due_at or nomination.cycle.closes_at
    return (now or timezone.now()) < due and nomination.status != Nomination.Status.WITHDRAWN


def request_letter(nomination: Nomination, user, question: dict, writer_name, writer_email):
    """Ask a writer for a letter. Side effects: a LetterRequest, an audit event, and after
    commit the e-mail with the writer's link (a task)."""
    from ..tasks import send_letter_request

    if nomination.nominator_id != user.pk:
        raise PermissionDenied
    if not letters_open(nomination):
        raise LetterClosed("Letters of support are no longer accepted for this nomination.")
    active = nomination.letters.filter(question_key=question["key"]).exclude(
        status=LetterRequest.Status.CANCELLED
    )
    if active.count() >= question["max_letters"]:
        raise LetterClosed(f"You can ask for at most {question['max_letters']} letters here.")
    if active.filter(writer_email__iexact=writer_email).exists():
        raise LetterClosed("You have already asked this person for a letter.")
    with transaction.atomic():
        letter = LetterRequest.objects.create(
            nomination=nomination,
            question_key=question["key"],
            writer_name=writer_name.strip(),
            writer_email=writer_email.strip().lower(),
            send_count=1,
            last_sent_at=timezone.now(),
        )
        audit(user, "letter.requested", nomination, letter=letter.code)
        transaction.on_commit(lambda: send_letter_request.enqueue(letter.pk, 1))
    return letter


def resend_letter(letter: LetterRequest, user, now=None) -> None:
    """Send the writer a fresh link (and a reminder). Earlier links stop working.

    Limited to one send per RESEND_INTERVAL and MAX_SENDS in all.
    """
    from ..tasks import send_letter_request

    now = now or timezone.now()
    if letter.nomination.nominator_id != user.pk:
        raise PermissionDenied
    if not letters_open(letter.nomination, now):
        raise LetterClosed("Letters of support are no longer accepted for this nomination.")
    with transaction.atomic():
        # Checked on the locked row, so two reminders at the same moment cannot both pass.
        locked = LetterRequest.objects.select_for_update().get(pk=letter.pk)
        if locked.status != LetterRequest.Status.REQUESTED:
            raise LetterClosed("This letter has already arrived.")
        if locked.send_count >= MAX_SENDS:
            raise LetterClosed("This writer has been reminded several times already.")
        if locked.last_sent_at and now - locked.last_sent_at < RESEND_INTERVAL:
            raise LetterClosed("The link was sent a few minutes ago. Try again a little later.")
        locked.send_count += 1
        locked.last_sent_at = now
        locked.save(update_fields=["send_count", "last_sent_at"])
        audit(user, "letter.resent", letter.nomination, letter=letter.code)
        version = locked.send_count
        transaction.on_commit(lambda: send_letter_request.enqueue(locked.pk, version))
    letter.refresh_from_db()


def cancel_letter(letter: LetterRequest, user) -> None:
    if letter.nomination.nominator_id != user.pk:
        raise PermissionDenied
    if letter.status != LetterRequest.Status.REQUESTED:
        raise LetterClosed("A letter that has arrived cannot be cancelled.")
    with transaction.atomic():
        letter.status = LetterRequest.Status.CANCELLED
        letter.save(update_fields=["status"])
        audit(user, "letter.cancelled", letter.nomination, letter=letter.code)


def submit_letter(letter: LetterRequest, *, text: str, upload=None, now=None) -> None:
    """The writer sends the letter. Side effects: the letter's text and/or a private file (a
    clean copy for reviewers' packets and the original for staff), status received, an audit
    event, and after commit a note to the nominator (no content). A refused or unstored file
    leaves the letter as it was."""
    from ..tasks import send_letter_received

    if letter.status != LetterRequest.Status.REQUESTED:
        raise LetterClosed("This letter has already been received. Thank you!")
    if not letters_open(letter.nomination, now):
        raise LetterClosed("The deadline for letters of support has passed.")
    stored = attach_letter_file(letter, upload) if upload else None
    try:
        with transaction.atomic():
            locked = LetterRequest.objects.select_for_update().get(pk=letter.pk)
            if locked.status != LetterRequest.Status.REQUESTED:
                raise LetterClosed("This letter has already been received. Thank you!")
            locked.letter_text = text.strip()
            if stored:
                locked.letter_file_key = stored.key
                locked.letter_file_original_key = stored.original_key
                locked.letter_file_name = letter.letter_file_name
            locked.status = LetterRequest.Status.RECEIVED
            locked.received_at = now or timezone.now()
            locked.save()
            audit(None, "letter.received", letter.nomination, letter=letter.code)
            transaction.on_commit(lambda: send_letter_received.enqueue(locked.pk))
    except Exception:
        if stored:
            delete_stored(stored.key, stored.original_key)
        raise
    letter.refresh_from_db()
