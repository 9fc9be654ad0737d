"""The e-mail preview: each e-mail the portal writes (sign-in codes and outcomes aside, which
have their own screens), as it would go out now to a real person of a cycle."""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from awards.models import Cycle, LetterRequest, Nomination
from portal.i18n import language_or_default

from ..models import MessageTemplate, Review, ReviewerEnrolment, ReviewReminder, Stage
from ..models.messages import EmailKind, template_kinds
from .emails import (
    PLACEHOLDERS,
    guardian_consent_email,
    handoff_email,
    invitation_email,
    letter_received_email,
    letter_request_email,
    receipt_email,
    reviewer_reminder_email,
)
from .outbox import Email
from .reminders import (
    DRAFT,
    LETTER,
    REVIEW,
    draft_reminder,
    letter_reminder,
    review_reminder,
    run_for,
)

PREVIEW_LINK = "[the personal link]"


@dataclass(frozen=True)
class Preview:
    """One kind of e-mail as it would be written now, for the preview screen."""

    kind: str
    label: str
    placeholders: list[str]
    email: Email | None  # None: the cycle has no one to write this e-mail to yet
    staff_text: bool  # written from staff's text, not the portal's own wording


def email_previews(cycle: Cycle, language: str) -> list[Preview]:
    """Every kind of e-mail of `emails` and the reminders that go out by themselves, written in
    `language` for the first person of `cycle` it would go to (the first submitted nomination,
    letter, draft, reviewer), exactly as the tasks write it except that personal links are left
    out (a working link is no one's to see but its reader's). A fixed number of queries
    whatever the size of the cycle."""
    nominations = Nomination.objects.filter(
        cycle=cycle, status=Nomination.Status.SUBMITTED
    ).select_related("cycle__award", "nominator", "school")
    nomination = nominations.order_by("submitted_at", "pk").first()
    with_guardian = nominations.exclude(guardian_email="").order_by("submitted_at", "pk").first()
    letters = LetterRequest.objects.filter(nomination__cycle=cycle).select_related(
        "nomination__cycle__award", "nomination__nominator"
    )
    letter = letters.order_by("requested_at", "pk").first()
    received = (
        letters.filter(status=LetterRequest.Status.RECEIVED).order_by("received_at", "pk").first()
    )
    enrolment = (
        ReviewerEnrolment.objects.filter(cycle=cycle)
        .select_related("reviewer", "cycle__award", "cycle__review_settings")
        .order_by("pk")
        .first()
    )
    staff_kinds = set(
        MessageTemplate.objects.filter(language=language_or_default(language)).values_list(
            "kind", flat=True
        )
    )
    options = {"link": PREVIEW_LINK, "language": language}
    run = run_for(timezone.localdate(), language=language, link=PREVIEW_LINK)
    awaited = (
        letters.filter(status=LetterRequest.Status.REQUESTED).order_by("requested_at", "pk").first()
    )
    draft = (
        Nomination.objects.filter(cycle=cycle, status=Nomination.Status.DRAFT)
        .select_related("cycle__award", "nominator")
        .annotate(deadline=F("cycle__closes_at"))  # as a nominator without an extension has it
        .order_by("created_at", "pk")
        .first()
    )
    outstanding = (
        ReviewerEnrolment.objects.filter(cycle=cycle, stage=Stage.FIRST)
        .select_related("reviewer", "cycle__award", "cycle__review_settings")
        .annotate(
            outstanding=Count(
                "assignments",
                filter=Q(assignments__removed_at__isnull=True)
                & ~Q(assignments__review__status=Review.Status.SUBMITTED),
            )
        )
        .filter(outstanding__gt=0, cycle__review_settings__isnull=False)
        .order_by("pk")
        .first()
    )
    written_for = {
        EmailKind.RECEIPT: nomination and (lambda: receipt_email(nomination, **options)),
        EmailKind.LETTER_REQUEST: letter and (lambda: letter_request_email(letter, 1, **options)),
        EmailKind.LETTER_REQUEST_AGAIN: letter
        and (lambda: letter_request_email(letter, 2, **options)),
        EmailKind.LETTER_RECEIVED: received
        and (lambda: letter_received_email(received, **options)),
        EmailKind.HANDOFF: nomination and (lambda: handoff_email(nomination, **options)),
        EmailKind.GUARDIAN_CONSENT: with_guardian
        and (lambda: guardian_consent_email(with_guardian, **options)),
        EmailKind.REVIEWER_INVITATION: enrolment
        and (lambda: invitation_email(enrolment, "preview", **options)),
        EmailKind.REVIEWER_REMINDER: enrolment
        and (
            lambda: reviewer_reminder_email(
                ReviewReminder(enrolment=enrolment, outstanding=enrolment.capacity), **options
            )
        ),
        LETTER: awaited and (lambda: letter_reminder([awaited], run)),
        DRAFT: draft and (lambda: draft_reminder(draft.nominator, [draft], run)),
        REVIEW: outstanding and (lambda: review_reminder(outstanding.reviewer, [outstanding], run)),
    }
    labels = dict(template_kinds())
    return [
        Preview(
            kind=kind,
            label=labels[kind],
            placeholders=PLACEHOLDERS[kind],
            email=write() if write else None,
            staff_text=kind in staff_kinds,
        )
        for kind, write in written_for.items()
    ]
