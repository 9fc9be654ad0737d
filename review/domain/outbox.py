"""The one way the portal sends an e-mail (sign-in codes aside).

Each e-mail is first written into the message log (OutgoingMessage) under a key that names what
it is about (a nomination, a letter, an enrolment, a day), then handed to the mail server by
`deliver`, which records its status, attempts and last error. A second request with the same
key finds the row and sends nothing, so "never sent twice" holds for every kind, not only the
results. Keys name objects by primary key and never hold an address or a name.

Staff send an e-mail of the log again with `resend_message` (audited).
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.tasks import default_task_backend, task
from django.utils import timezone

from portal.models import audit
from portal.permissions import can_send_messages, require

from ..models import OutgoingMessage
from ..models.messages import EmailKind

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Email:
    """One e-mail as it will be logged and sent."""

    kind: str
    key: str
    cycle_id: int
    to: str
    subject: str
    body: str
    nomination_id: int | None = None  # the receipt of this nomination goes with it


def log_email(email: Email) -> tuple[OutgoingMessage, bool]:
    """Write `email` into the message log, once per key; whether it was new.

    Side effects: an OutgoingMessage row, queued and due now (nothing when its key is known).
    """
    return OutgoingMessage.objects.get_or_create(
        key=email.key,
        defaults={
            "cycle_id": email.cycle_id,
            "kind": email.kind,
            "to": email.to,
            "subject": email.subject[:250],
            "body": email.body,
            "nomination_id": email.nomination_id,
            "send_after": timezone.now(),
        },
    )


def send_logged(email: Email) -> OutgoingMessage:
    """Log `email` (once per key) and hand it to the mail server now, in this process (it is
    called from a task): a message already sent, being sent or failed is left alone.

    Side effects: see `log_email` and `deliver`.
    """
    message, _created = log_email(email)
    if message.status == OutgoingMessage.Status.QUEUED:
        deliver(message.pk)
        message.refresh_from_db()
    return message


def deliver(message_id: int) -> None:
    """Send one logged e-mail, at most once.

    The message is marked "sending" in its own transaction before it is handed to the mail
    server, and "sent" after. A retried call finds it sent and does nothing. A call that finds
    it still "sending" ran in a worker that died mid-hand-over: whether the mail server took it
    cannot be known, so it is not sent again but shown to staff as failed, with that reason
    (they may send it again). An error from the mail server is recorded and retried up to
    MAX_ATTEMPTS times, then shown to staff as failed.
    """
    with transaction.atomic():
        message = (
            OutgoingMessage.objects.select_for_update(of=("self",))
            .select_related("decision")
            .get(pk=message_id)
        )
        if message.status == OutgoingMessage.Status.SENDING:
            message.status = OutgoingMessage.Status.FAILED
            message.last_error = (
                "Interrupted while being handed to the mail server: it may have gone out. "
                "Check with the recipient before sending it again."
            )
            message.save(update_fields=["status", "last_error"])
            return
        if message.status != OutgoingMessage.Status.QUEUED:
            return
        if message.send_after > timezone.now():
            return  # not due yet: a deferred task or send_due_messages will come back
    # The e-mail, any PDF included (a WeasyPrint render), is built before the message is
    # claimed and outside any transaction: no database lock is held while it renders, and a
    # worker that dies while rendering leaves the message queued, not "sending".
    try:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.to],
            headers={"Message-ID": stable_message_id(message)},
        )
        for attachment in attachments(message):
            email.attach(*attachment)
    except Exception as exc:
        message.attempts += 1
        _record_send_failure(message, exc)
        return
    claimed = OutgoingMessage.objects.filter(
        pk=message.pk, status=OutgoingMessage.Status.QUEUED
    ).update(status=OutgoingMessage.Status.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return  # another run took it while this one built the e-mail
    message.attempts += 1
    handed_over = False
    try:
        with transaction.atomic():  # recorded as sent together with the hand-over
            email.send()
            handed_over = True
            message.status = OutgoingMessage.Status.SENT
            message.sent_at = timezone.now()
            message.save(update_fields=["status", "sent_at"])
    except Exception as exc:
        if handed_over:  # sent but not recorded: it stays "sending" and is never sent again
            raise
        _record_send_failure(message, exc)


@task
def send_message(message_id: int) -> None:
    """Send one e-mail of the message log, at most once (`deliver`)."""
    deliver(message_id)


def schedule(message_ids: list[int], when=None) -> None:
    """Enqueue sends, deferred to `when` where the task backend can defer."""
    send = send_message
    if when and when > timezone.now() and default_task_backend.supports_defer:
        send = send_message.using(run_after=when)
    for pk in message_ids:
        send.enqueue(pk)


def attachments(message: OutgoingMessage) -> list[tuple[str, bytes, str]]:
    """What goes with `message`, rendered when it is sent: a winner's certificate, a
    nomination's receipt."""
    # WeasyPrint loads on the first PDF, not with every module that sends an e-mail.
    from awards.models import Nomination
    from awards.pdf import receipt_pdf

    from ..pdf import certificate_pdf

    found = []
    if message.decision_id:
        found.append(
            ("certificate.pdf", certificate_pdf(message.decision, message.to), "application/pdf")
        )
    if message.kind == EmailKind.RECEIPT and message.nomination_id:
        nomination = Nomination.objects.select_related("cycle__award", "nominator", "school").get(
            pk=message.nomination_id
        )
        found.append(
            (f"nomination-{nomination.code}.pdf", receipt_pdf(nomination), "application/pdf")
        )
    return found


def _record_send_failure(message: OutgoingMessage, exc: Exception) -> None:
    """Keep the error; queue the message again a little later, or after MAX_ATTEMPTS show it
    to staff as failed."""
    message.last_error = f"{type(exc).__name__}: {exc}"[:500]
    message.status = (
        OutgoingMessage.Status.FAILED
        if message.attempts >= MAX_ATTEMPTS
        else OutgoingMessage.Status.QUEUED
    )
    message.save(update_fields=["attempts", "last_error", "status"])
    if message.status == OutgoingMessage.Status.QUEUED:
        retry_at = timezone.now() + timedelta(minutes=5 * message.attempts)
        transaction.on_commit(lambda: schedule([message.pk], retry_at))


def stable_message_id(message: OutgoingMessage) -> str:
    """The same Message-ID on every attempt at one message: should staff send again a message
    whose hand-over was interrupted, a reader who got both sees one e-mail in many mail
    systems."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:32]
    return f"<{digest}.{message.pk}@{domain}>"


def resend_message(message: OutgoingMessage, user) -> None:
    """Staff send one e-mail of the log again, whatever became of it (sent, failed, lost in
    the recipient's spam): the same text to the same address, under the same key.

    Side effects: the message back to queued with its attempts and error cleared; its send
    enqueued after the transaction commits; an audit event (naming the message, not the
    address). Raises PermissionDenied for anyone but staff.
    """
    require(can_send_messages(user))
    with transaction.atomic():
        locked = OutgoingMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status == OutgoingMessage.Status.SENDING:
            return  # being handed over right now: sending it again would send it twice
        OutgoingMessage.objects.filter(pk=locked.pk).update(
            status=OutgoingMessage.Status.QUEUED,
            attempts=0,
            last_error="",
            sent_at=None,
            send_after=timezone.now(),
        )
        audit(user, "messages.resent", locked.cycle, message=locked.pk, kind=locked.kind)
        transaction.on_commit(lambda: schedule([locked.pk]))
