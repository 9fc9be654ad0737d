"""Background work of the review side, run by the task worker."""

import hashlib
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext

from awards.tasks import send_templated
from portal.i18n import absolute_url, language_or_default
from portal.mail import sender_context

from .domain.reminders import send_due_reminders
from .models import ReviewReminder


@task
def send_review_reminder(reminder_id: int) -> None:
    """E-mail one reminder. A retried task finds it already sent and sends nothing."""
    with transaction.atomic():
        reminder = (
            ReviewReminder.objects.select_for_update(of=("self",))
            .select_related("enrolment__reviewer", "enrolment__cycle__award")
            .get(pk=reminder_id)
        )
        if reminder.sent_at is not None:
            return
        cycle = reminder.enrolment.cycle
        review_settings = getattr(cycle, "review_settings", None)
        language = language_or_default(reminder.enrolment.reviewer.preferred_language)
        with translation.override(language):
            send_templated(
                gettext("Reviews outstanding: %(award)s") % {"award": cycle.award.local_name},
                "review/email/reminder.txt",
                {
                    "reminder": reminder,
                    "cycle": cycle,
                    "closes_at": review_settings.review_closes_at if review_settings else None,
                    "reviews_url": absolute_url("review:dashboard", language=language),
                },
                reminder.enrolment.reviewer.email,
            )
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])


@task
def send_reminders() -> int:
    """Queue today's reminders (review.domain.reminders); safe to run any number of times."""
    return send_due_reminders()


@task
def record_past_winners(cycle_id: int) -> None:
    """At the results' publication time: add the cycle's public winners to the past-winner
    roster (nothing if run early or after unpublishing; safe to run again)."""
    from awards.models import Cycle

    # Imported here: review.domain.decisions imports this module to schedule this task.
    from .domain.decisions import record_past_winners as record

    record(Cycle.objects.select_related("award").get(pk=cycle_id))


@task
def add_extra_reviewers(cycle_id: int) -> None:
    """After a review is submitted: where scores disagree near the cutoff, add one reviewer."""
    from awards.models import Cycle

    from .domain.ranking import add_reviewers_near_cutoff

    cycle = Cycle.objects.select_related("award").get(pk=cycle_id)
    if cycle.review_settings.extra_reviewer_near_cutoff:
        add_reviewers_near_cutoff(cycle)


@task
def send_reviewer_invitation(enrolment_id: int) -> None:
    """E-mail an invited reviewer their link; nothing once they have accepted or withdrawn."""
    from .domain.enrolment import invitation_token
    from .models import ReviewerEnrolment

    enrolment = ReviewerEnrolment.objects.select_related("reviewer", "cycle__award").get(
        pk=enrolment_id
    )
    if enrolment.status != ReviewerEnrolment.Status.INVITED:
        return
    cycle = enrolment.cycle
    review_settings = getattr(cycle, "review_settings", None)
    language = language_or_default(enrolment.reviewer.preferred_language)
    link = absolute_url("review:join", invitation_token(enrolment), language=language)
    with translation.override(language):
        send_templated(
            gettext("Invitation to review: %(award)s") % {"award": cycle.award.local_name},
            "review/email/invitation.txt",
            {
                "enrolment": enrolment,
                "cycle": cycle,
                "foundation": sender_context(language)["foundation_name"],
                "closes_at": review_settings.review_closes_at if review_settings else None,
                "link": link,
            },
            enrolment.reviewer.email,
        )


@task
def send_message(message_id: int) -> None:
    """Send one announcement e-mail, at most once.

    The message is marked "sending" in its own transaction before it is handed to the mail
    server, and "sent" after. A retried task finds it sent and does nothing. A task that finds
    it still "sending" ran in a worker that died mid-hand-over: whether the mail server took it
    cannot be known, so it is not sent again but shown to staff as failed, with that reason
    (they may send it again). An error from the mail server is recorded and retried up to
    MAX_ATTEMPTS times, then shown to staff as failed.
    """
    from django.core.mail import EmailMessage

    from .domain.notifications import MAX_ATTEMPTS, schedule
    from .models import OutgoingMessage

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
    # The e-mail, certificate included (a WeasyPrint render), is built before the message is
    # claimed and outside any transaction: no database lock is held while it renders, and a
    # worker that dies while rendering leaves the message queued, not "sending".
    try:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.to],
            headers={"Message-ID": stable_message_id(message)},
        )
        if message.decision_id:
            from .pdf import certificate_pdf

            email.attach(
                "certificate.pdf", certificate_pdf(message.decision, message.to), "application/pdf"
            )
    except Exception as exc:
        message.attempts += 1
        _record_send_failure(message, exc, MAX_ATTEMPTS, schedule)
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
        _record_send_failure(message, exc, MAX_ATTEMPTS, schedule)


def _record_send_failure(message, exc: Exception, max_attempts: int, schedule) -> None:
    """Keep the error; queue the message again a little later, or after `max_attempts` show it
    to staff as failed."""
    from .models import OutgoingMessage

    message.last_error = f"{type(exc).__name__}: {exc}"[:500]
    message.status = (
        OutgoingMessage.Status.FAILED
        if message.attempts >= max_attempts
        else OutgoingMessage.Status.QUEUED
    )
    message.save(update_fields=["attempts", "last_error", "status"])
    if message.status == OutgoingMessage.Status.QUEUED:
        retry_at = timezone.now() + timedelta(minutes=5 * message.attempts)
        transaction.on_commit(lambda: schedule([message.pk], retry_at))


def stable_message_id(message) -> str:
    """The same Message-ID on every attempt at one message: should staff send again a message
    whose hand-over was interrupted, a reader who got both sees one e-mail in many mail
    systems."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:32]
    return f"<{digest}.{message.pk}@{domain}>"


@task
def build_packet(job_id: int) -> None:
    """Build a committee packet in the background (progress shown on the committee screen)."""
    from .domain.packets import run_packet_job

    run_packet_job(job_id)
