"""Telling everyone concerned about published results, once each, through the task queue."""

from django.conf import settings
from django.db import transaction
from django.template import Context, Template
from django.utils import timezone

from awards.models import LetterRequest, Nomination

from ..models import Decision, MessageTemplate, OutgoingMessage, Publication, Review
from ..results import needs_guardian_consent

Kind = MessageTemplate.Kind
MAX_ATTEMPTS = 3

DEFAULTS = {
    Kind.WINNER: (
        "Congratulations: {{ award }}",
        "Dear {{ name }},\n\nWe are delighted to tell you that you have won the {{ award }} "
        "({{ cycle }}).\n\n{{ citation }}\n\nYour certificate is attached. The results are at "
        "{{ results_url }}\n\nWith warm congratulations,\n{{ foundation }}",
    ),
    Kind.NOMINATOR_WON: (
        "Your nominee won: {{ award }}",
        "Hello,\n\n{{ nominee }}, whom you nominated, has won the {{ award }} ({{ cycle }}). "
        "Thank you for taking the time to nominate them.\n\nThe results: {{ results_url }}\n\n"
        "{{ foundation }}",
    ),
    Kind.NOMINATOR_NOT_SELECTED: (
        "{{ award }}: this year's results",
        "Hello,\n\nThank you for nominating {{ nominee }} for the {{ award }} ({{ cycle }}). "
        "The committee read every nomination carefully; {{ nominee }} was not selected this "
        "year. Please consider nominating again.\n\n{{ foundation }}",
    ),
    Kind.LETTER_WRITER: (
        "Thank you for your letter: {{ award }}",
        "Hello {{ name }},\n\nThank you for writing in support of a nominee for the {{ award }} "
        "({{ cycle }}). The results are now public: {{ results_url }}\n\n{{ foundation }}",
    ),
    Kind.REVIEWER: (
        "Thank you for reviewing: {{ award }}",
        "Hello,\n\nThank you for reviewing nominations for the {{ award }} ({{ cycle }}). The "
        "results are now public: {{ results_url }}\n\n{{ foundation }}",
    ),
    Kind.CERTIFICATE: (
        "Certificate of Achievement",
        "This certifies that\n{{ name }}\n{{ role }}, {{ school }}\nhas been awarded the\n"
        "{{ award }}\n{{ cycle }}",
    ),
}


def template_for(kind: str) -> MessageTemplate:
    """The staff-edited template, created from the default on first use."""
    subject, body = DEFAULTS[kind]
    template, _ = MessageTemplate.objects.get_or_create(
        kind=kind, defaults={"subject": subject, "body": body}
    )
    return template


def render_text(text: str, context: dict) -> str:
    # Plain strings only in the context: a staff template cannot reach into models.
    return Template(text).render(Context(context, autoescape=False))


def queue_results_messages(cycle) -> list[int]:
    """Create the announcement e-mails of a published cycle, each at most once (a unique key per
    recipient and kind), due at the publication time. Returns the ids still to send.

    Winners (a student's e-mail goes to the parent or guardian, never to the student), every
    nominator (won or not selected), letter writers whose letter arrived, and reviewers who
    submitted a review.
    """
    publication = Publication.objects.select_related("cycle__award", "results_page").get(
        cycle=cycle, status=Publication.Status.PUBLISHED
    )
    award = cycle.award
    base = {
        "award": award.name,
        "cycle": cycle.name,
        "foundation": getattr(settings, "WAGTAIL_SITE_NAME", ""),
        "results_url": settings.WAGTAILADMIN_BASE_URL
        + (publication.results_page.url if publication.results_page else "/"),
    }
    wanted: list[tuple[str, str, str, dict, Decision | None]] = []
    decisions = {
        d.dossier_id: d for d in Decision.objects.filter(cycle=cycle).select_related("dossier")
    }
    nominations = Nomination.objects.filter(
        cycle=cycle, status=Nomination.Status.SUBMITTED
    ).select_related("nominator", "school")
    for nomination in nominations:
        decision = decisions.get(nomination.dossier_id)
        won = decision is not None and decision.outcome == Decision.Outcome.WINNER
        context = {**base, "nominee": nomination.nominee_name}
        kind = Kind.NOMINATOR_WON if won else Kind.NOMINATOR_NOT_SELECTED
        wanted.append((kind, nomination.nominator.email, f"n{nomination.pk}", context, None))
        if won:
            student = needs_guardian_consent(award.category, award.requires_guardian_consent)
            to = nomination.guardian_email if student else nomination.nominee_email
            if to:
                winner_context = {
                    **base,
                    "name": nomination.nominee_name,
                    "citation": decision.citation,
                }
                wanted.append((Kind.WINNER, to, f"d{decision.pk}", winner_context, decision))
    for letter in LetterRequest.objects.filter(
        nomination__cycle=cycle, status=LetterRequest.Status.RECEIVED
    ):
        context = {**base, "name": letter.writer_name}
        wanted.append((Kind.LETTER_WRITER, letter.writer_email, f"l{letter.pk}", context, None))
    reviewers = (
        Review.objects.filter(cycle=cycle, status=Review.Status.SUBMITTED)
        .values_list("enrolment__reviewer__email", flat=True)
        .distinct()
    )
    for email in reviewers:
        wanted.append((Kind.REVIEWER, email, email.lower(), dict(base), None))

    templates = {kind: template_for(kind) for kind in {row[0] for row in wanted}}
    ids = []
    with transaction.atomic():
        for kind, to, who, context, decision in wanted:
            template = templates[kind]
            message, _ = OutgoingMessage.objects.get_or_create(
                key=f"results:{cycle.pk}:{kind}:{who}",
                defaults={
                    "cycle": cycle,
                    "kind": kind,
                    "to": to,
                    "subject": render_text(template.subject, context)[:250],
                    "body": render_text(template.body, context),
                    "decision": decision,
                    "send_after": publication.publish_at,
                },
            )
            if message.status == OutgoingMessage.Status.QUEUED:
                ids.append(message.pk)
    return ids


def schedule(message_ids: list[int], when=None) -> None:
    """Enqueue sends, deferred to `when` where the task backend can defer."""
    from django.tasks import default_task_backend

    from ..tasks import send_message

    task = send_message
    if when and when > timezone.now() and default_task_backend.supports_defer:
        task = send_message.using(run_after=when)
    for pk in message_ids:
        task.enqueue(pk)


def send_due_messages() -> int:
    """Send every queued message that is due: the safety net behind the queue (run it from
    cron or after an outage). Returns how many were attempted."""
    from ..tasks import send_message

    due = list(
        OutgoingMessage.objects.filter(
            status=OutgoingMessage.Status.QUEUED, send_after__lte=timezone.now()
        ).values_list("pk", flat=True)
    )
    for pk in due:
        send_message.call(pk)
    return len(due)


def retry_messages(message_ids: list[int], user, cycle) -> None:
    """Staff send failed messages again. Side effects: back to queued; sends enqueued; audit."""
    from awards.queries import require_staff
    from portal.models import audit

    require_staff(user)
    with transaction.atomic():
        OutgoingMessage.objects.filter(
            pk__in=message_ids, status=OutgoingMessage.Status.FAILED
        ).update(status=OutgoingMessage.Status.QUEUED, attempts=0)
        audit(user, "results.messages_retried", cycle, messages=len(message_ids))
        transaction.on_commit(lambda: schedule(message_ids))
