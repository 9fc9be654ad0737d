"""What each e-mail of the intake and the review says (the results have review.domain.
notifications, the reminders review.domain.reminders), written in its reader's language.

Each is written from the staff's text for its kind and language (a MessageTemplate row, with
{{ placeholders }}) where staff wrote one, else from the portal's own wording: the e-mail
templates under templates/*/email/ read through the language's catalogue, so translations
still apply. The tasks at the end of this module (the intake's e-mails, queued by awards.domain),
review.domain.enrolment's and review.domain.reminders' log and send what these functions write;
the preview screen shows the same, written for a real person of the current cycle.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from awards.emails import letter_request_message
from awards.models import Cycle, LetterRequest, Nomination
from awards.tokens import guardian_token, letter_token, nominee_token
from portal.i18n import absolute_url, language_or_default
from portal.mail import sender_context

from ..message_templates import render_text
from ..models import MessageTemplate, ReviewerEnrolment, ReviewReminder, Stage
from ..models.messages import EmailKind
from ..tokens import invitation_token
from .outbox import Email, log_email, send_logged

# The placeholders staff may use in each kind's text (every one a plain string).
COMMON = ["name", "award", "cycle", "foundation", "site_url"]
PLACEHOLDERS = {
    EmailKind.RECEIPT: [*COMMON, "nominee", "code", "submitted_at", "link"],
    EmailKind.LETTER_REQUEST: [*COMMON, "nominee", "nominator", "link"],
    EmailKind.LETTER_REQUEST_AGAIN: [*COMMON, "nominee", "nominator", "link"],
    EmailKind.LETTER_RECEIVED: [*COMMON, "nominee", "writer", "link"],
    EmailKind.HANDOFF: [*COMMON, "nominee", "link"],
    EmailKind.GUARDIAN_CONSENT: [*COMMON, "nominee", "school", "link"],
    EmailKind.REVIEWER_INVITATION: [*COMMON, "capacity", "closes_at", "link"],
    EmailKind.REVIEWER_REMINDER: [*COMMON, "outstanding", "closes_at", "link"],
    # The reminders that go out by themselves (review.domain.reminders).
    "reminder:letter": [*COMMON, "nominee", "nominator", "due", "link", "letters", "stop_link"],
    "reminder:draft": [*COMMON, "nominee", "deadline", "link"],
    "reminder:review": [*COMMON, "outstanding", "closes_at", "link"],
}


@dataclass(frozen=True)
class Wording:
    """One e-mail's default subject and body (already in its language), and what gives the
    plain-string values of its placeholders for a staff-written text (asked only then)."""

    subject: str
    body: str
    placeholders: Callable[[], dict]


def written(
    kind: str,
    language: str,
    wording: Callable[[], Wording],
    *,
    key: str,
    cycle_id: int,
    to: str,
    nomination_id: int | None = None,
    staff_texts: dict | None = None,
) -> Email:
    """The `kind` e-mail to `to` in `language`, logged under `key`: the staff's text for that
    kind and language where there is one, else the portal's own `wording`. `staff_texts`
    (from `staff_texts_for`) spares a query per e-mail where many are written at once."""
    language = language_or_default(language)
    with translation.override(language):
        default = wording()
        if staff_texts is None:
            staff = MessageTemplate.objects.filter(kind=kind, language=language).first()
        else:
            staff = staff_texts.get((kind, language))
        if staff is None:
            subject, body = default.subject, default.body
        else:
            values = default.placeholders()
            subject, body = render_text(staff.subject, values), render_text(staff.body, values)
    return Email(
        kind=kind,
        key=key,
        cycle_id=cycle_id,
        to=to,
        subject=subject[:250],
        body=body,
        nomination_id=nomination_id,
    )


def staff_texts_for(kinds) -> dict[tuple[str, str], MessageTemplate]:
    """Staff's texts of these kinds, by (kind, language), in one query."""
    return {
        (text.kind, text.language): text for text in MessageTemplate.objects.filter(kind__in=kinds)
    }


def common_values(cycle: Cycle, language: str, name: str = "", sender: dict | None = None) -> dict:
    """The placeholders every e-mail has; `sender` (`sender_context(language)`) where the
    caller read it already."""
    sender = sender or sender_context(language)
    return {
        "name": name,
        "award": cycle.award.local_name,
        "cycle": cycle.name,
        "foundation": sender["foundation_name"],
        "site_url": sender["site_url"] + "/",
    }


def _body(template: str, context: dict) -> str:
    """A text e-mail's body from the portal's own template, as plain text (not marked safe:
    the preview screen escapes it like any other text)."""
    return str.__str__(
        render_to_string(template, {"language": translation.get_language(), **context})
    )


def date_text(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


def _who(text: str) -> str:
    # Keys name a person without holding their address.
    return hashlib.sha256(text.strip().lower().encode()).hexdigest()[:16]


def receipt_email(
    nomination: Nomination, link: str | None = None, language: str | None = None
) -> Email:
    """The nominator's receipt of a submission (the PDF of what was sent goes with it)."""
    language = language_or_default(language or nomination.language)
    link = link or absolute_url("awards:mine", language=language)
    cycle = nomination.cycle

    def wording() -> Wording:
        return Wording(
            gettext("Nomination received: %(award)s") % {"award": cycle.award.local_name},
            _body(
                "awards/email/submission_receipt.txt",
                {"nomination": nomination, "nominations_url": link},
            ),
            lambda: {
                **common_values(cycle, language, nomination.nominator.get_full_name()),
                "nominee": nomination.nominee_name,
                "code": nomination.code,
                "submitted_at": date_text(nomination.submitted_at),
                "link": link,
            },
        )

    submitted = nomination.submitted_at.isoformat() if nomination.submitted_at else ""
    return written(
        EmailKind.RECEIPT,
        language,
        wording,
        key=f"receipt:{nomination.pk}:{submitted}",
        cycle_id=cycle.pk,
        to=nomination.nominator.email,
        nomination_id=nomination.pk,
    )


def letter_request_email(
    letter: LetterRequest, version: int, link: str | None = None, language: str | None = None
) -> Email:
    """A letter writer asked for their letter (`version` 1), or asked again."""
    language = language_or_default(language or letter.language)
    link = link or absolute_url("awards:write_letter", letter_token(letter), language=language)
    nomination = letter.nomination
    kind = EmailKind.LETTER_REQUEST if version <= 1 else EmailKind.LETTER_REQUEST_AGAIN

    def wording() -> Wording:
        subject, body = letter_request_message(letter, link, reminder=version > 1)
        return Wording(
            subject,
            body,
            lambda: {
                **common_values(nomination.cycle, language),
                "nominee": nomination.nominee_name,
                "nominator": nomination.nominator.get_full_name() or nomination.nominator.email,
                "link": link,
            },
        )

    return written(
        kind,
        language,
        wording,
        key=f"letter:{letter.pk}:{version}",
        cycle_id=nomination.cycle_id,
        to=letter.writer_email,
    )


def letter_received_email(
    letter: LetterRequest, link: str | None = None, language: str | None = None
) -> Email:
    """The nominator told a letter arrived (never what it says)."""
    nomination = letter.nomination
    language = language_or_default(language or nomination.language)
    link = link or absolute_url("awards:mine", language=language)

    def wording() -> Wording:
        return Wording(
            gettext("A letter of support arrived: %(award)s")
            % {"award": nomination.cycle.award.local_name},
            _body("awards/email/letter_received.txt", {"letter": letter, "nominations_url": link}),
            lambda: {
                **common_values(nomination.cycle, language, nomination.nominator.get_full_name()),
                "nominee": nomination.nominee_name,
                "writer": letter.writer_name,
                "link": link,
            },
        )

    return written(
        EmailKind.LETTER_RECEIVED,
        language,
        wording,
        key=f"letter_received:{letter.pk}",
        cycle_id=nomination.cycle_id,
        to=nomination.nominator.email,
    )


def handoff_email(
    nomination: Nomination, link: str | None = None, language: str | None = None
) -> Email:
    """The nominee told they were nominated and, where the award asks, invited to add their
    section."""
    language = language_or_default(language or nomination.family_language)
    link = link or absolute_url(
        "awards:nominee_response", nominee_token(nomination), language=language
    )

    def wording() -> Wording:
        return Wording(
            gettext("You have been nominated for the %(award)s")
            % {"award": nomination.cycle.award.local_name},
            _body("awards/email/nominee_handoff.txt", {"nomination": nomination, "link": link}),
            lambda: {
                **common_values(nomination.cycle, language, nomination.nominee_first_name),
                "nominee": nomination.nominee_name,
                "link": link,
            },
        )

    return written(
        EmailKind.HANDOFF,
        language,
        wording,
        key=f"handoff:{nomination.pk}:{_who(nomination.nominee_email)}",
        cycle_id=nomination.cycle_id,
        to=nomination.nominee_email,
    )


def guardian_consent_email(
    nomination: Nomination, link: str | None = None, language: str | None = None
) -> Email:
    """A student nominee's parent or guardian asked for consent to publish."""
    language = language_or_default(language or nomination.family_language)
    link = link or absolute_url(
        "awards:guardian_consent", guardian_token(nomination), language=language
    )

    def wording() -> Wording:
        return Wording(
            gettext("Your consent for the %(award)s")
            % {"award": nomination.cycle.award.local_name},
            _body("awards/email/guardian_request.txt", {"nomination": nomination, "link": link}),
            lambda: {
                **common_values(nomination.cycle, language, nomination.guardian_name),
                "nominee": nomination.nominee_first_name,
                "school": nomination.school.name if nomination.school is not None else "",
                "link": link,
            },
        )

    return written(
        EmailKind.GUARDIAN_CONSENT,
        language,
        wording,
        key=f"guardian:{nomination.pk}:{_who(nomination.guardian_email)}",
        cycle_id=nomination.cycle_id,
        to=nomination.guardian_email,
    )


def invitation_email(
    enrolment: ReviewerEnrolment,
    sending: str = "first",
    link: str | None = None,
    language: str | None = None,
) -> Email:
    """An invited reviewer's link to accept; `sending` tells one sending from another (staff
    may send the invitations again)."""
    cycle = enrolment.cycle
    review_settings = getattr(cycle, "review_settings", None)
    finalist_round = enrolment.stage == Stage.FINALIST
    closes_at = review_settings and (
        review_settings.finalists_close_at if finalist_round else review_settings.review_closes_at
    )
    language = language_or_default(language or enrolment.reviewer.preferred_language)
    link = link or absolute_url("review:join", invitation_token(enrolment), language=language)

    def wording() -> Wording:
        common = common_values(cycle, language)
        subject = (
            gettext("Invitation to the finalist round: %(award)s")
            if finalist_round
            else gettext("Invitation to review: %(award)s")
        )
        return Wording(
            subject % {"award": cycle.award.local_name},
            _body(
                "review/email/invitation.txt",
                {
                    "enrolment": enrolment,
                    "cycle": cycle,
                    "foundation": common["foundation"],
                    "closes_at": closes_at,
                    "finalist_round": finalist_round,
                    "link": link,
                },
            ),
            lambda: {
                **common,
                "capacity": str(enrolment.capacity or ""),
                "closes_at": date_text(closes_at),
                "link": link,
            },
        )

    return written(
        EmailKind.REVIEWER_INVITATION,
        language,
        wording,
        key=f"invitation:{enrolment.pk}:{sending}",
        cycle_id=cycle.pk,
        to=enrolment.reviewer.email,
    )


def reviewer_reminder_email(
    reminder: ReviewReminder, link: str | None = None, language: str | None = None
) -> Email:
    """A reminder staff sent a reviewer about their outstanding reviews."""
    enrolment = reminder.enrolment
    cycle = enrolment.cycle
    review_settings = getattr(cycle, "review_settings", None)
    closes_at = review_settings.review_closes_at if review_settings else None
    language = language_or_default(language or enrolment.reviewer.preferred_language)
    link = link or absolute_url("review:dashboard", language=language)

    def wording() -> Wording:
        return Wording(
            gettext("Reviews outstanding: %(award)s") % {"award": cycle.award.local_name},
            _body(
                "review/email/reminder.txt",
                {
                    "reminder": reminder,
                    "cycle": cycle,
                    "closes_at": closes_at,
                    "reviews_url": link,
                },
            ),
            lambda: {
                **common_values(cycle, language),
                "outstanding": str(reminder.outstanding),
                "closes_at": date_text(closes_at),
                "link": link,
            },
        )

    return written(
        EmailKind.REVIEWER_REMINDER,
        language,
        wording,
        key=f"review_reminder:{reminder.pk}",
        cycle_id=cycle.pk,
        to=enrolment.reviewer.email,
    )


# The intake's e-mails, queued by awards.domain after it commits ------------------------------


@task
def send_submission_receipt(nomination_id: int) -> None:
    """E-mail the nominator a confirmation with the PDF receipt, once per submission.

    A retried task finds the receipt already in the message log and sends nothing.
    """
    with transaction.atomic():
        nomination = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("cycle__award", "nominator", "school")
            .get(pk=nomination_id)
        )
        if nomination.status != Nomination.Status.SUBMITTED:
            return
        if nomination.receipt_sent_for == nomination.submitted_at:
            return
        email = receipt_email(nomination)
        log_email(email)
        nomination.receipt_sent_for = nomination.submitted_at
        nomination.save(update_fields=["receipt_sent_for"])
    # Handed to the mail server once the log row is committed: no lock held while it renders.
    send_logged(email)


@task
def send_letter_request(letter_id: int, version: int) -> None:
    """E-mail a letter writer their link. A send superseded by a newer one is skipped."""
    letter = LetterRequest.objects.select_related(
        "nomination__cycle__award", "nomination__nominator"
    ).get(pk=letter_id)
    if letter.send_count != version or letter.status != LetterRequest.Status.REQUESTED:
        return
    send_logged(letter_request_email(letter, version))


@task
def send_letter_received(letter_id: int) -> None:
    """Tell the nominator a letter arrived (never what it says)."""
    letter = LetterRequest.objects.select_related(
        "nomination__cycle__award", "nomination__nominator"
    ).get(pk=letter_id)
    send_logged(letter_received_email(letter))


@task
def send_nominee_handoff(nomination_id: int) -> None:
    """Tell the nominee they were nominated and, where the award asks, invite their section."""
    nomination = Nomination.objects.select_related("cycle__award").get(pk=nomination_id)
    if nomination.nominee_response != Nomination.Response.PENDING:
        return
    send_logged(handoff_email(nomination))


@task
def send_guardian_request(nomination_id: int) -> None:
    """Ask a student nominee's parent or guardian for consent to publish if the student wins."""
    nomination = Nomination.objects.select_related("cycle__award", "school").get(pk=nomination_id)
    if nomination.guardian_consent != Nomination.Response.PENDING:
        return
    send_logged(guardian_consent_email(nomination))
