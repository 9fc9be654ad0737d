"""Telling everyone concerned about published results, once each, through the task queue.

Each outcome has its own e-mail to the nominee (a student's goes to their parent or guardian
instead), to each nominator, staff-edited as AnnouncementTemplate rows (seeded by a migration).
A candidate without a decision is not written about at all: "not selected" is a decision.

Every e-mail is written in its recipient's language, from that language's version of the
template (the English one where staff deleted it): see `outcome_announcements`. The default
texts of every language come from one source, review.announcement_texts.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation

from awards.models import Award, Dossier, LetterRequest, Nomination
from portal.i18n import address_in
from portal.mail import foundation_names
from portal.models import audit
from portal.permissions import can_send_messages, require

from ..announcement_texts import default_announcement
from ..message_templates import choose_version, render_text, template_for
from ..models import (
    AnnouncementTemplate,
    Decision,
    MessageTemplate,
    OutgoingMessage,
    Publication,
    Review,
)
from ..results import needs_guardian_consent
from .outbox import schedule, send_message

Kind = MessageTemplate.Kind
Recipient = AnnouncementTemplate.Recipient
WHO = {
    Recipient.NOMINEE: "the nominee",
    Recipient.GUARDIAN: "the parent or guardian",
    Recipient.NOMINATOR: "a nominator",
}


@dataclass(frozen=True)
class Announcement:
    """One e-mail as it will be written."""

    kind: str
    to: str
    key: str
    subject: str
    body: str
    decision: Decision | None = None  # set on a winner's own e-mail: the certificate goes with it
    recipient: str = ""  # who they are to the candidate, in words (the preview says it)
    language: str = ""  # the language it is written in (the preview says it)


def _money(amount: Decimal | None) -> str:
    """The amount in dollars, its digits grouped the way the active language writes them."""
    if amount is None:
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    return "$" + formats.number_format(amount, places, use_l10n=True, force_grouping=True)


def _key(cycle, kind: str, dossier_id: int, email: str) -> str:
    # An address can be long; the key only has to tell two recipients apart.
    who = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]
    return f"results:{cycle.pk}:{kind}:{dossier_id}:{who}"


def _base_context(cycle, publication: Publication | None) -> dict:
    """What every e-mail of the cycle says, whatever its language (`in_language` adds the
    rest)."""
    page = publication.results_page if publication else None
    return {
        "award": cycle.award.name,
        "cycle": cycle.name,
        "results_path": page.url if page else "",
        "foundation_names": foundation_names(),
    }


def in_language(base: dict, award: Award, language: str) -> dict:
    """`base` as read in `language`: the award's name translated (where staff translated it),
    the results page's address in that language, the foundation's name as that language's
    readers see it in the site's header."""
    path = base.get("results_path", "")
    names = base.get("foundation_names", {})
    return {
        **{key: value for key, value in base.items() if key != "foundation_names"},
        "foundation": names.get(language) or names.get(settings.LANGUAGE_CODE, ""),
        "award": award.localised("name", language),
        "results_url": settings.WAGTAILADMIN_BASE_URL + (address_in(path, language) or path)
        if path
        else "(the results page's address)",
    }


def outcome_announcements(cycle, decisions, base: dict) -> list[Announcement]:
    """The e-mails telling `decisions`' people their outcome: for each candidate, the nominee
    (for a student, the parent or guardian named on each nomination instead) and each
    nominator, each address once per candidate, from the template of the outcome and of who
    they are, in their language: the nominator's own (the one they nominated in), the one the
    nominator chose for the nominee and family. Where staff deleted a language's version the
    English one is used (and an English one deleted too is made again from its default).
    Outcome, amount, award name and the results page's address read in that language too."""
    decisions = list(decisions)
    templates: dict[tuple[str, str], dict[str, AnnouncementTemplate]] = {}
    for template in AnnouncementTemplate.objects.all():
        templates.setdefault((template.outcome, template.recipient), {})[template.language] = (
            template
        )

    def template_of(outcome: str, recipient: str, language: str) -> AnnouncementTemplate:
        return choose_version(
            templates.setdefault((outcome, recipient), {}),
            language,
            lambda english: AnnouncementTemplate.objects.get_or_create(
                outcome=outcome,
                recipient=recipient,
                language=english,
                defaults=dict(
                    zip(
                        ("subject", "body"),
                        default_announcement(outcome, recipient, english),
                        strict=True,
                    )
                ),
            )[0],
        )

    nominations_of: dict[int | None, list[Nomination]] = {}
    for nomination in (
        Nomination.objects.filter(
            dossier_id__in=[decision.dossier_id for decision in decisions],
            status=Nomination.Status.SUBMITTED,
        )
        .select_related("nominator", "school")
        .order_by("submitted_at", "pk")
    ):
        nominations_of.setdefault(nomination.dossier_id, []).append(nomination)
    award = cycle.award
    student = needs_guardian_consent(award.category, award.requires_guardian_consent)
    announcements = []
    for decision in decisions:
        nominations = nominations_of.get(decision.dossier_id, [])
        if not nominations:
            continue
        first = nominations[0]
        context = {
            **base,
            "nominee": decision.public_name or first.nominee_name,
            "role": first.nominee_role,
            "school": first.school.name if first.school is not None else "",
            "citation": decision.citation,
        }
        # A student is never written to: their parent or guardian is.
        people = [
            (Recipient.GUARDIAN, n.guardian_email, n.guardian_name, n.family_language)
            if student
            else (Recipient.NOMINEE, n.nominee_email, n.nominee_name, n.family_language)
            for n in nominations
        ] + [
            (
                Recipient.NOMINATOR,
                n.nominator.email,
                n.nominator.display_name or n.nominator.get_full_name(),
                n.nominator_language,
            )
            for n in nominations
        ]
        written = set()
        for recipient, email, name, language in people:
            email = (email or "").strip()
            if not email or (recipient, email.lower()) in written:
                continue
            written.add((recipient, email.lower()))
            template = template_of(decision.outcome, recipient, language)
            with translation.override(template.language):
                personal = {
                    **in_language(context, award, template.language),
                    "name": name,
                    "outcome": str(decision.get_outcome_display()),
                    "amount": _money(decision.amount),
                }
                subject = render_text(template.subject, personal)[:250]
                body = render_text(template.body, personal)
            announcements.append(
                Announcement(
                    kind=template.kind,
                    to=email,
                    key=_key(cycle, template.kind, decision.dossier_id, email),
                    subject=subject,
                    body=body,
                    decision=decision
                    if decision.outcome == Decision.Outcome.WINNER
                    and recipient != Recipient.NOMINATOR
                    else None,
                    recipient=WHO[recipient],
                    language=template.language,
                )
            )
    return announcements


def announcement_preview(cycle) -> dict:
    """What publishing will send, for the committee screen: for each outcome decided, the
    e-mails of its first candidate (in the results page's order) exactly as they will be
    written, how many candidates have that outcome, and how many candidates have no decision
    (nobody connected with them will be written to)."""
    publication = Publication.objects.filter(cycle=cycle).select_related("results_page").first()
    decisions = list(
        Decision.objects.filter(cycle=cycle).order_by(Decision.outcome_rank(), "position", "pk")
    )
    first_of: dict[str, Decision] = {}
    counts: dict[str, int] = {}
    for decision in decisions:
        first_of.setdefault(decision.outcome, decision)
        counts[decision.outcome] = counts.get(decision.outcome, 0) + 1
    undecided = (
        Dossier.objects.filter(cycle=cycle, nominations__status=Nomination.Status.SUBMITTED)
        .exclude(pk__in=[decision.dossier_id for decision in decisions])
        .distinct()
        .count()
    )
    announcements = outcome_announcements(
        cycle, first_of.values(), _base_context(cycle, publication)
    )
    by_kind_outcome: dict[str, list[Announcement]] = {}
    for announcement in announcements:
        by_kind_outcome.setdefault(announcement.kind.split(":")[0], []).append(announcement)
    outcomes = [
        {
            "outcome": decision.get_outcome_display(),
            "count": counts[outcome],
            "messages": by_kind_outcome.get(outcome, []),
        }
        for outcome, decision in first_of.items()
    ]
    return {"outcomes": outcomes, "undecided": undecided}


def queue_results_messages(cycle) -> list[int]:
    """Create the announcement e-mails of a published cycle, each at most once (a unique key per
    recipient, candidate and kind), due at the publication time. Returns the ids still to send.

    Every decided candidate's nominee (a student's parent or guardian instead, never the
    student) and nominators, each told that candidate's outcome; letter writers whose letter
    arrived, and reviewers who submitted a review, thanked.
    """
    publication = Publication.objects.select_related("cycle__award", "results_page").get(
        cycle=cycle, status=Publication.Status.PUBLISHED
    )
    base = _base_context(cycle, publication)
    wanted = outcome_announcements(cycle, Decision.objects.filter(cycle=cycle), base)
    # (kind, address, who in the key, name, language)
    thanks: list[tuple[str, str, str, str, str]] = [
        (
            Kind.LETTER_WRITER,
            letter.writer_email,
            f"l{letter.pk}",
            letter.writer_name,
            letter.language or letter.nomination.language,
        )
        for letter in LetterRequest.objects.filter(
            nomination__cycle=cycle, status=LetterRequest.Status.RECEIVED
        ).select_related("nomination")
    ]
    reviewers = (
        Review.objects.filter(cycle=cycle, status=Review.Status.SUBMITTED)
        .values_list("enrolment__reviewer__email", "enrolment__reviewer__preferred_language")
        .distinct()
    )
    thanks += [(Kind.REVIEWER, email, email.lower(), "", language) for email, language in reviewers]
    versions: dict[str, dict[str, MessageTemplate]] = {}
    for row in MessageTemplate.objects.filter(kind__in={row[0] for row in thanks}):
        versions.setdefault(row.kind, {})[row.language] = row
    for kind, to, who, name, language in thanks:
        template = choose_version(
            versions.setdefault(kind, {}),
            language,
            lambda english, kind=kind: template_for(kind, english),
        )
        with translation.override(template.language):
            context = {**in_language(base, cycle.award, template.language), "name": name}
            wanted.append(
                Announcement(
                    kind=kind,
                    to=to,
                    key=f"results:{cycle.pk}:{kind}:{who}",
                    subject=render_text(template.subject, context)[:250],
                    body=render_text(template.body, context),
                    language=template.language,
                )
            )
    ids = []
    with transaction.atomic():
        for announcement in wanted:
            message, _ = OutgoingMessage.objects.get_or_create(
                key=announcement.key,
                defaults={
                    "cycle": cycle,
                    "kind": announcement.kind,
                    "to": announcement.to,
                    "subject": announcement.subject,
                    "body": announcement.body,
                    "decision": announcement.decision,
                    "send_after": publication.publish_at,
                },
            )
            if message.status == OutgoingMessage.Status.QUEUED:
                ids.append(message.pk)
    return ids


def send_due_messages() -> int:
    """Send every queued message that is due: the safety net behind the queue (run it from
    cron or after an outage). Returns how many were attempted."""
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
    require(can_send_messages(user))
    with transaction.atomic():
        OutgoingMessage.objects.filter(
            pk__in=message_ids, status=OutgoingMessage.Status.FAILED
        ).update(status=OutgoingMessage.Status.QUEUED, attempts=0)
        audit(user, "results.messages_retried", cycle, messages=len(message_ids))
        transaction.on_commit(lambda: schedule(message_ids))
