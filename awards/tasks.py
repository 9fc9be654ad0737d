"""Background work of the intake side, run by the task worker (`manage.py db_worker`)."""

from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from portal.i18n import absolute_url, language_or_default

from .models import Nomination


def send_templated(subject: str, template: str, context: dict, to: str, attachments=()) -> None:
    """Send `template` rendered with `context`. Call it inside `translation.override(language)`:
    the subject (already translated by the caller) and the body read in the recipient's
    language."""
    context = {"language": translation.get_language(), **context}
    message = EmailMessage(subject=subject, body=render_to_string(template, context), to=[to])
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


def contact_language(nomination: Nomination) -> str:
    """The language of the e-mails to the nominee and the parent or guardian: the nominator's
    choice, else the language the nominator used."""
    return nomination.family_language


@task
def send_submission_receipt(nomination_id: int) -> None:
    """E-mail the nominator a confirmation with the PDF receipt, once per submission.

    A retried task finds the receipt already recorded and sends nothing.
    """
    from .pdf import receipt_pdf

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
        language = language_or_default(nomination.language)
        with translation.override(language):
            send_templated(
                gettext("Nomination received: %(award)s")
                % {"award": nomination.cycle.award.local_name},
                "awards/email/submission_receipt.txt",
                {
                    "nomination": nomination,
                    "nominations_url": absolute_url("awards:mine", language=language),
                },
                nomination.nominator.email,
                attachments=[
                    (
                        f"nomination-{nomination.code}.pdf",
                        receipt_pdf(nomination),
                        "application/pdf",
                    )
                ],
            )
        nomination.receipt_sent_for = nomination.submitted_at
        nomination.save(update_fields=["receipt_sent_for"])


@task
def send_letter_request(letter_id: int, version: int) -> None:
    """E-mail a letter writer their link. A send superseded by a newer one is skipped."""
    from .domain.letters import letter_request_message, letter_token
    from .models import LetterRequest

    letter = LetterRequest.objects.select_related(
        "nomination__cycle__award", "nomination__nominator"
    ).get(pk=letter_id)
    if letter.send_count != version or letter.status != LetterRequest.Status.REQUESTED:
        return
    language = language_or_default(letter.language)
    link = absolute_url("awards:write_letter", letter_token(letter), language=language)
    with translation.override(language):
        subject, body = letter_request_message(letter, link, reminder=version > 1)
    EmailMessage(subject=subject, body=body, to=[letter.writer_email]).send()


@task
def send_letter_received(letter_id: int) -> None:
    """Tell the nominator a letter arrived (never what it says)."""
    from .models import LetterRequest

    letter = LetterRequest.objects.select_related(
        "nomination__cycle__award", "nomination__nominator"
    ).get(pk=letter_id)
    language = language_or_default(letter.nomination.language)
    with translation.override(language):
        send_templated(
            gettext("A letter of support arrived: %(award)s")
            % {"award": letter.nomination.cycle.award.local_name},
            "awards/email/letter_received.txt",
            {
                "letter": letter,
                "nominations_url": absolute_url("awards:mine", language=language),
            },
            letter.nomination.nominator.email,
        )


@task
def send_nominee_handoff(nomination_id: int) -> None:
    """Tell the nominee they were nominated and, where the award asks, invite their section."""
    from .domain.responses import nominee_token

    nomination = Nomination.objects.select_related("cycle__award").get(pk=nomination_id)
    if nomination.nominee_response != Nomination.Response.PENDING:
        return
    language = contact_language(nomination)
    link = absolute_url("awards:nominee_response", nominee_token(nomination), language=language)
    with translation.override(language):
        send_templated(
            gettext("You have been nominated for the %(award)s")
            % {"award": nomination.cycle.award.local_name},
            "awards/email/nominee_handoff.txt",
            {"nomination": nomination, "link": link},
            nomination.nominee_email,
        )


@task
def send_guardian_request(nomination_id: int) -> None:
    """Ask a student nominee's parent or guardian for consent to publish if the student wins."""
    from .domain.responses import guardian_token

    nomination = Nomination.objects.select_related("cycle__award", "school").get(pk=nomination_id)
    if nomination.guardian_consent != Nomination.Response.PENDING:
        return
    language = contact_language(nomination)
    link = absolute_url("awards:guardian_consent", guardian_token(nomination), language=language)
    with translation.override(language):
        send_templated(
            gettext("Your consent for the %(award)s")
            % {"award": nomination.cycle.award.local_name},
            "awards/email/guardian_request.txt",
            {"nomination": nomination, "link": link},
            nomination.guardian_email,
        )
