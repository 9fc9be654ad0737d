"""Background work of the intake side, run by the task worker (`manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string

from .models import Nomination


def send_templated(subject: str, template: str, context: dict, to: str, attachments=()) -> None:
    message = EmailMessage(subject=subject, body=render_to_string(template, context), to=[to])
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


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
        context = {"nomination": nomination, "site_url": settings.WAGTAILADMIN_BASE_URL}
        send_templated(
            f"Nomination received: {nomination.cycle.award.name}",
            "awards/email/submission_receipt.txt",
            context,
            nomination.nominator.email,
            attachments=[
                (f"nomination-{nomination.code}.pdf", receipt_pdf(nomination), "application/pdf")
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
    link = f"{settings.WAGTAILADMIN_BASE_URL}/letters/{letter_token(letter)}/"
    subject, body = letter_request_message(letter, link, reminder=version > 1)
    EmailMessage(subject=subject, body=body, to=[letter.writer_email]).send()


@task
def send_letter_received(letter_id: int) -> None:
    """Tell the nominator a letter arrived (never what it says)."""
    from .models import LetterRequest

    letter = LetterRequest.objects.select_related(
        "nomination__cycle__award", "nomination__nominator"
    ).get(pk=letter_id)
    send_templated(
        f"A letter of support arrived: {letter.nomination.cycle.award.name}",
        "awards/email/letter_received.txt",
        {"letter": letter, "site_url": settings.WAGTAILADMIN_BASE_URL},
        letter.nomination.nominator.email,
    )


@task
def send_nominee_handoff(nomination_id: int) -> None:
    """Tell the nominee they were nominated and, where the award asks, invite their section."""
    from .domain.responses import nominee_token

    nomination = Nomination.objects.select_related("cycle__award").get(pk=nomination_id)
    if nomination.nominee_response != Nomination.Response.PENDING:
        return
    context = {
        "nomination": nomination,
        "link": f"{settings.WAGTAILADMIN_BASE_URL}/nominee/{nominee_token(nomination)}/",
    }
    send_templated(
        f"You have been nominated for the {nomination.cycle.award.name}",
        "awards/email/nominee_handoff.txt",
        context,
        nomination.nominee_email,
    )


@task
def send_guardian_request(nomination_id: int) -> None:
    """Ask a student nominee's parent or guardian for consent to publish if the student wins."""
    from .domain.responses import guardian_token

    nomination = Nomination.objects.select_related("cycle__award", "school").get(pk=nomination_id)
    if nomination.guardian_consent != Nomination.Response.PENDING:
        return
    context = {
        "nomination": nomination,
        "link": f"{settings.WAGTAILADMIN_BASE_URL}/consent/{guardian_token(nomination)}/",
    }
    send_templated(
        f"Your consent for the {nomination.cycle.award.name}",
        "awards/email/guardian_request.txt",
        context,
        nomination.guardian_email,
    )
