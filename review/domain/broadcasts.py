"""Staff write one message to a selection of a cycle's people: its nominators, the letter
writers whose letters are still due, the reviewers with reviews left, or the nominators of
nominations chosen on the nominations list. Each person gets it once, written with their name,
through the message log (kind "broadcast") and the task queue.

`send_message_to` is the one entry point, for an `Audience` of either kind: the compose screen
names a group of a cycle (`audience`), the nominations list's bulk action a selection of
nominations (`nominators_of`).
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone

from awards.models import Cycle, LetterRequest, Nomination
from portal.errors import DomainError
from portal.mail import sender_context
from portal.models import audit
from portal.permissions import can_send_messages, require

from ..message_templates import render_text
from ..models import OutgoingMessage, ReviewerEnrolment
from ..models.messages import EmailKind
from .outbox import schedule
from .progress import reviewer_progress

PLACEHOLDERS = ["name", "award", "cycle", "foundation", "site_url"]


class Selection(models.TextChoices):
    NOMINATORS = "nominators", "Nominators of the cycle (sent or draft nominations)"
    LETTER_WRITERS_DUE = "letter_writers_due", "Letter writers whose letters are still due"
    REVIEWERS_WITH_WORK_LEFT = "reviewers_with_work_left", "Reviewers with reviews left"


# How the audit names a selection of nominations (Selection names the groups of a cycle).
NOMINATIONS = "nominations"


class AudienceRefused(DomainError):
    """The selection cannot be written to as one message; the message says why, for staff."""


@dataclass(frozen=True)
class Recipient:
    to: str
    name: str


@dataclass(frozen=True)
class Audience:
    """The people one message goes to, all of one cycle (its award and name fill the
    placeholders), each address once; `selection` and `codes` name them in the audit."""

    cycle: Cycle
    selection: str
    people: list[Recipient]
    codes: list[str] = field(default_factory=list)


def audience(cycle: Cycle, selection: str) -> Audience:
    """The people of the group `selection` of `cycle` (see `recipients`)."""
    return Audience(cycle=cycle, selection=selection, people=recipients(cycle, selection))


def nominators_of(nominations: Iterable[Nomination]) -> Audience:
    """The nominators of `nominations`, each once however many of theirs are chosen. Purged
    nominations are left out, as the compose screen leaves them out; a selection of more than
    one cycle is refused (AudienceRefused), as the message names one award."""
    chosen = list(nominations)
    if not chosen:
        raise AudienceRefused("Select at least one nomination.")
    cycles = {n.cycle_id for n in chosen}
    if len(cycles) > 1:
        raise AudienceRefused(
            f"The selection holds nominations of {len(cycles)} cycles, and a message names one "
            "award: filter the list by cycle, then select again."
        )
    kept = sorted(
        (n for n in chosen if n.purged_at is None), key=lambda n: (n.nominator.email, n.pk)
    )
    return Audience(
        cycle=chosen[0].cycle,
        selection=NOMINATIONS,
        people=_once_each((n.nominator.email, n.nominator.display_name) for n in kept),
        codes=sorted(n.code for n in kept),
    )


def recipients(cycle: Cycle, selection: str) -> list[Recipient]:
    """The people of `selection` in `cycle`, each address once, in a stable order. Withdrawn
    and purged nominations, and their letters, are left out."""
    if selection == Selection.NOMINATORS:
        nominations = (
            Nomination.objects.filter(
                cycle=cycle,
                status__in=[Nomination.Status.SUBMITTED, Nomination.Status.DRAFT],
                purged_at__isnull=True,
            )
            .select_related("nominator")
            .order_by("nominator__email")
        )
        people = [(n.nominator.email, n.nominator.display_name) for n in nominations]
    elif selection == Selection.LETTER_WRITERS_DUE:
        letters = (
            LetterRequest.objects.filter(
                nomination__cycle=cycle,
                status=LetterRequest.Status.REQUESTED,
                nomination__purged_at__isnull=True,
            )
            .exclude(nomination__status=Nomination.Status.WITHDRAWN)
            .order_by("writer_email")
        )
        people = [(letter.writer_email, letter.writer_name) for letter in letters]
    elif selection == Selection.REVIEWERS_WITH_WORK_LEFT:
        people = [
            (enrolment.reviewer.email, enrolment.reviewer.display_name)
            for enrolment in reviewer_progress(cycle).filter(status=ReviewerEnrolment.Status.ACTIVE)
            if enrolment.assigned > enrolment.submitted
        ]
    else:
        raise ValueError(f"Unknown selection: {selection}")
    return _once_each(people)


def _once_each(people: Iterable[tuple[str, str]]) -> list[Recipient]:
    seen, found = set(), []
    for to, name in people:
        if to and to.lower() not in seen:
            seen.add(to.lower())
            found.append(Recipient(to=to, name=name or ""))
    return found


def write(
    cycle: Cycle, subject: str, body: str, recipient: Recipient, sender: dict | None = None
) -> tuple[str, str]:
    """`subject` and `body` as `recipient` reads them, placeholders filled in; `sender` is
    `sender_context()`, read here unless given (once for a whole sending)."""
    sender = sender or sender_context()
    values = {
        "name": recipient.name,
        "award": cycle.award.name,
        "cycle": cycle.name,
        "foundation": sender["foundation_name"],
        "site_url": sender["site_url"] + "/",
    }
    return render_text(subject, values)[:250], render_text(body, values)


def send_message_to(audience: Audience, subject: str, body: str, user, sending_key: str) -> int:
    """Write `subject` and `body` to everyone of `audience`, once each, all or nothing.

    `sending_key` names this sending (the compose form makes one when it is shown): a form
    submitted twice sends nothing more. Side effects: one OutgoingMessage per person (kind
    "broadcast"), sent through the task queue after the transaction commits; an audit event
    with the selection (for chosen nominations, their codes) and the count (no addresses).
    Raises PermissionDenied for anyone but staff. Returns how many were queued.
    """
    require(can_send_messages(user))
    cycle = audience.cycle
    sender = sender_context()
    with transaction.atomic():
        new = []
        for person in audience.people:
            who = hashlib.sha256(person.to.strip().lower().encode()).hexdigest()[:24]
            written_subject, written_body = write(cycle, subject, body, person, sender)
            new.append(
                OutgoingMessage(
                    cycle=cycle,
                    kind=EmailKind.BROADCAST,
                    key=f"broadcast:{cycle.pk}:{sending_key}:{who}",
                    to=person.to,
                    subject=written_subject,
                    body=written_body,
                    send_after=timezone.now(),
                )
            )
        known = set(
            OutgoingMessage.objects.filter(key__in=[m.key for m in new]).values_list(
                "key", flat=True
            )
        )
        new = [message for message in new if message.key not in known]
        OutgoingMessage.objects.bulk_create(new, ignore_conflicts=True)
        ids = list(
            OutgoingMessage.objects.filter(
                key__in=[m.key for m in new], status=OutgoingMessage.Status.QUEUED
            ).values_list("pk", flat=True)
        )
        named = {"codes": audience.codes} if audience.selection == NOMINATIONS else {}
        audit(
            user,
            "messages.broadcast",
            cycle,
            selection=audience.selection,
            **named,
            queued=len(new),
        )
        transaction.on_commit(lambda: schedule(ids))
    return len(new)
