"""Letters of support: asked of a third party, written through a signed link, no account needed.

A link carries a signature over the letter's code and how many times it was sent, so resending
retires earlier links; letters are accepted until the cycle's letters-due date.
"""

import hashlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError
from portal.i18n import language_or_default
from portal.models import audit
from review.domain.emails import send_letter_received, send_letter_request

from ..models import LetterEmail, LetterRequest, Nomination
from .uploads import attach_letter_file, delete_stored

RESEND_INTERVAL = timedelta(minutes=10)
MAX_SENDS = 6
# Letter requests e-mail people outside the portal, with a link, in the foundation's name. These
# limits keep a nominator from aiming them at anyone: requests to one address per nomination
# (cancelled ones count, so request-cancel-request cannot repeat), e-mails (requests and
# reminders) to one address a day across the portal, and e-mails a nominator sends a day.
MAX_REQUESTS_PER_ADDRESS_AND_NOMINATION = 2
MAX_EMAILS_PER_ADDRESS_PER_DAY = 4
MAX_EMAILS_PER_NOMINATOR_PER_DAY = 15
DAY = timedelta(days=1)


class LetterClosed(DomainError):
    """The letter cannot be written or changed now; the message says why."""


def stop_letter_reminders(letter: LetterRequest, now=None) -> int:
    """The writer asks for no more reminders: about this letter and every other letter still
    awaited from the same address (they asked as a person, not about one e-mail). Letters asked
    for later are reminded again. Safe to repeat. Side effects: the letters' opt-out time, an
    audit event (the letter's code, no address). Returns how many letters it stopped."""
    now = now or timezone.now()
    with transaction.atomic():
        stopped = LetterRequest.objects.filter(
            writer_email__iexact=letter.writer_email,
            status=LetterRequest.Status.REQUESTED,
            reminders_stopped_at__isnull=True,
        ).update(reminders_stopped_at=now)
        audit(None, "letter.reminders_stopped", letter.nomination, letter=letter.code)
    letter.refresh_from_db()
    return stopped


def letters_open(nomination: Nomination, now=None) -> bool:
    due = nomination.cycle.letters_due_at or nomination.cycle.closes_at
    return (now or timezone.now()) < due and nomination.status != Nomination.Status.WITHDRAWN


def _hold_sending(user, address: str) -> None:
    """Serialise the limit checks of concurrent requests: one nominator's (their row) and, on
    PostgreSQL, one address's across nominators (a transaction-scoped advisory lock)."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(address.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _check_daily_limits(user, address: str, now) -> None:
    since = now - DAY
    recent = LetterEmail.objects.filter(sent_at__gt=since)
    if recent.filter(letter__writer_email__iexact=address).count() >= (
        MAX_EMAILS_PER_ADDRESS_PER_DAY
    ):
        # Says nothing of who else wrote to the address: only that it waits a day.
        raise LetterClosed(
            _(
                "We cannot send another letter request to this address today. "
                "Please try again tomorrow."
            )
        )
    if recent.filter(letter__nomination__nominator=user).count() >= (
        MAX_EMAILS_PER_NOMINATOR_PER_DAY
    ):
        raise LetterClosed(
            _(
                "You have sent as many letter requests and reminders as we allow in one day. "
                "Please try again tomorrow."
            )
        )


def request_letter(
    nomination: Nomination, user, question: dict, writer_name, writer_email, language=""
):
    """Ask a writer for a letter.

    Limited, to keep requests from being aimed at anyone: at most
    MAX_REQUESTS_PER_ADDRESS_AND_NOMINATION requests to one address per nomination (cancelled
    ones count), MAX_EMAILS_PER_ADDRESS_PER_DAY e-mails to one address a day across the portal
    and MAX_EMAILS_PER_NOMINATOR_PER_DAY e-mails a day from one nominator (reminders count
    too). Raises PermissionDenied or LetterClosed (the message says why, for the nominator).

    Side effects: a LetterRequest and its LetterEmail, an audit event, and after commit the
    e-mail with the writer's link (a task).
    """
    if nomination.nominator_id != user.pk:
        raise PermissionDenied
    if not letters_open(nomination):
        raise LetterClosed(_("Letters of support are no longer accepted for this nomination."))
    address = writer_email.strip().lower()
    active = nomination.letters.filter(question_key=question["key"]).exclude(
        status=LetterRequest.Status.CANCELLED
    )
    if active.count() >= question["max_letters"]:
        raise LetterClosed(
            ngettext(
                "You can ask for at most %(count)d letter here.",
                "You can ask for at most %(count)d letters here.",
                question["max_letters"],
            )
            % {"count": question["max_letters"]}
        )
    if active.filter(writer_email__iexact=address).exists():
        raise LetterClosed(_("You have already asked this person for a letter."))
    now = timezone.now()
    with transaction.atomic():
        _hold_sending(user, address)
        asked = nomination.letters.filter(writer_email__iexact=address).count()
        if asked >= MAX_REQUESTS_PER_ADDRESS_AND_NOMINATION:
            raise LetterClosed(
                _(
                    "You have already asked this person twice for this nomination. "
                    "Please ask someone else."
                )
            )
        _check_daily_limits(user, address, now)
        letter = LetterRequest.objects.create(
            nomination=nomination,
            question_key=question["key"],
            writer_name=writer_name.strip(),
            writer_email=address,
            language=language_or_default(language or nomination.language or get_language()),
            send_count=1,
            last_sent_at=now,
        )
        LetterEmail.objects.create(letter=letter, kind=LetterEmail.Kind.REQUEST, sent_at=now)
        audit(user, "letter.requested", nomination, letter=letter.code)
        transaction.on_commit(lambda: send_letter_request.enqueue(letter.pk, 1))
    return letter


def resend_letter(letter: LetterRequest, user, now=None) -> None:
    """Send the writer a fresh link (and a reminder). Earlier links stop working.

    Limited to one send per RESEND_INTERVAL and MAX_SENDS in all, and counted in the daily
    limits of request_letter. Side effects: the letter's send count and time, a LetterEmail,
    an audit event, and after commit the e-mail (a task).
    """
    now = now or timezone.now()
    if letter.nomination.nominator_id != user.pk:
        raise PermissionDenied
    if not letters_open(letter.nomination, now):
        raise LetterClosed(_("Letters of support are no longer accepted for this nomination."))
    with transaction.atomic():
        _hold_sending(user, letter.writer_email.lower())
        # Checked on the locked row, so two reminders at the same moment cannot both pass.
        locked = LetterRequest.objects.select_for_update().get(pk=letter.pk)
        if locked.status != LetterRequest.Status.REQUESTED:
            raise LetterClosed(_("This letter has already arrived."))
        if locked.send_count >= MAX_SENDS:
            raise LetterClosed(_("This writer has been reminded several times already."))
        if locked.last_sent_at and now - locked.last_sent_at < RESEND_INTERVAL:
            raise LetterClosed(_("The link was sent a few minutes ago. Try again a little later."))
        _check_daily_limits(user, locked.writer_email.lower(), now)
        locked.send_count += 1
        locked.last_sent_at = now
        locked.save(update_fields=["send_count", "last_sent_at"])
        LetterEmail.objects.create(letter=locked, kind=LetterEmail.Kind.REMINDER, sent_at=now)
        audit(user, "letter.resent", letter.nomination, letter=letter.code)
        version = locked.send_count
        transaction.on_commit(lambda: send_letter_request.enqueue(locked.pk, version))
    letter.refresh_from_db()


def cancel_letter(letter: LetterRequest, user) -> None:
    if letter.nomination.nominator_id != user.pk:
        raise PermissionDenied
    if letter.status != LetterRequest.Status.REQUESTED:
        raise LetterClosed(_("A letter that has arrived cannot be cancelled."))
    with transaction.atomic():
        letter.status = LetterRequest.Status.CANCELLED
        letter.save(update_fields=["status"])
        audit(user, "letter.cancelled", letter.nomination, letter=letter.code)


def submit_letter(letter: LetterRequest, *, text: str, upload=None, now=None) -> None:
    """The writer sends the letter. Side effects: the letter's text and/or a private file (a
    clean copy for reviewers' packets and the original for staff), status received, an audit
    event, and after commit a note to the nominator (no content). A refused or unstored file
    leaves the letter as it was."""
    if letter.status != LetterRequest.Status.REQUESTED:
        raise LetterClosed(_("This letter has already been received. Thank you!"))
    if not letters_open(letter.nomination, now):
        raise LetterClosed(_("The deadline for letters of support has passed."))
    stored = attach_letter_file(letter, upload) if upload else None
    try:
        with transaction.atomic():
            locked = LetterRequest.objects.select_for_update().get(pk=letter.pk)
            if locked.status != LetterRequest.Status.REQUESTED:
                raise LetterClosed(_("This letter has already been received. Thank you!"))
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
