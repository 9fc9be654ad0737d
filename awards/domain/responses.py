"""Answers from people who are not the nominator: the nominee (hand-off) and a student's
parent or guardian (consent to publish). Each answers through a signed e-mailed link.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_change_nominations, require
from review.domain.emails import send_guardian_request, send_nominee_handoff
from review.results import is_published_candidate

from ..models import Award, Nomination, PastWinner
from .dossiers import end_review_if_withdrawn


class ResponseClosed(DomainError):
    """The answer can no longer be given or changed."""


class AskingAgainRefused(DomainError):
    """Staff cannot send the request again: the nomination is not sent, the award does not ask,
    there is no address, or the answer is already given."""


def ask_third_parties(nomination: Nomination) -> None:
    """After a first submission: ask the guardian for consent and hand the nomination to the
    nominee, as the award says. Called inside submit_nomination's transaction.

    Side effects: response states set to pending; e-mails queued after commit.
    """
    award = nomination.cycle.award
    changed = []
    not_asked = Nomination.Response.NOT_ASKED
    if (
        award.requires_guardian_consent
        and nomination.guardian_email
        and nomination.guardian_consent == not_asked
    ):
        nomination.guardian_consent = Nomination.Response.PENDING
        changed.append("guardian_consent")
        transaction.on_commit(lambda: send_guardian_request.enqueue(nomination.pk))
    if (
        award.nominee_notice == Award.NomineeNotice.NOTIFY
        and nomination.nominee_email
        and nomination.nominee_response == not_asked
    ):
        nomination.nominee_response = Nomination.Response.PENDING
        changed.append("nominee_response")
        transaction.on_commit(lambda: send_nominee_handoff.enqueue(nomination.pk))
    if changed:
        nomination.save(update_fields=changed)


STILL_OPEN = (Nomination.Response.NOT_ASKED, Nomination.Response.PENDING)


@dataclass(frozen=True)
class _Asked:
    """Someone a submitted nomination asks for an answer by e-mail, and what refuses asking
    them again."""

    answer: str  # the Nomination field holding their answer
    address: str  # the Nomination field holding their e-mail address
    asks: Callable[[Award], bool]  # whether the award asks them at all
    refusals: tuple[str, str, str, str]  # not submitted, not asked, no address, answered
    action: str  # the audit event
    send: Task


GUARDIAN = _Asked(
    answer="guardian_consent",
    address="guardian_email",
    asks=lambda award: award.requires_guardian_consent,
    refusals=(
        "Only a submitted nomination's guardian is asked.",
        "This award does not ask a parent or guardian for consent.",
        "The nomination gives no parent or guardian e-mail address.",
        "The parent or guardian has already answered; their link lets them change it.",
    ),
    action="nomination.guardian_request_resent",
    send=send_guardian_request,
)
NOMINEE = _Asked(
    answer="nominee_response",
    address="nominee_email",
    asks=lambda award: award.nominee_notice == Award.NomineeNotice.NOTIFY,
    refusals=(
        "Only a submitted nomination is handed to the nominee.",
        "This award does not tell the nominee before the results.",
        "The nomination gives no e-mail address for the nominee.",
        "The nominee has already answered.",
    ),
    action="nomination.nominee_handoff_resent",
    send=send_nominee_handoff,
)


def _ask_again(nomination: Nomination, user, asked: _Asked) -> None:
    require(can_change_nominations(user))
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update()
            .select_related("cycle__award")
            .get(pk=nomination.pk)
        )
        address = getattr(locked, asked.address)
        problems = (
            locked.status != Nomination.Status.SUBMITTED,
            not asked.asks(locked.cycle.award),
            not address,
            getattr(locked, asked.answer) not in STILL_OPEN,
        )
        for problem, refusal in zip(problems, asked.refusals, strict=True):
            if problem:
                raise AskingAgainRefused(refusal)
        setattr(locked, asked.answer, Nomination.Response.PENDING)
        locked.save(update_fields=[asked.answer])
        audit(user, asked.action, locked, to=address)
        nomination_id = locked.pk
        transaction.on_commit(lambda: asked.send.enqueue(nomination_id))
    nomination.refresh_from_db()


def resend_guardian_request(nomination: Nomination, user) -> None:
    """Staff send the parent or guardian's consent request again (a lost e-mail, an address
    corrected), with a fresh link. Only while no answer is given: an answer already given
    stands, and the guardian's own link changes it.

    Side effects: consent set to waiting for an answer; an audit event; the e-mail queued
    after commit. Raises PermissionDenied (not staff allowed to change nominations) or
    AskingAgainRefused (the award asks no consent, no address, already answered, not
    submitted).
    """
    _ask_again(nomination, user, GUARDIAN)


def resend_nominee_handoff(nomination: Nomination, user) -> None:
    """Staff send the nominee's hand-off link again, on an award that tells the nominee (never
    on a surprise award). Only while the nominee has not answered.

    Side effects: the nominee's answer set to waiting; an audit event; the e-mail queued after
    commit. Raises PermissionDenied or AskingAgainRefused, as `resend_guardian_request`.
    """
    _ask_again(nomination, user, NOMINEE)


def record_nominee_response(nomination: Nomination, *, accepted: bool, statement: str) -> None:
    """The nominee confirms (with their own section, where the award asks) or declines.

    A decline ("No, please withdraw me") withdraws the nomination, and every other submitted
    nomination of the same candidate sent to the same nominee address (the same person asked
    through another nominator); nominations naming another address stay, as their own links
    decide for whoever holds them. A withdrawn nomination is out of review, of the results page
    and of the announcement e-mails; a candidate left with none ends its review assignments.
    Once results naming the candidate are published or scheduled, a decline is refused
    (ResponseClosed): withdrawing an announced candidate takes staff.

    Side effects: the answer and its time on the nomination(s); on a decline, status withdrawn
    and the withdrawal time, live assignments of an emptied candidate ended (scores stop
    counting); one audit event per nomination. Raises ResponseClosed after letters are due.
    """
    if nomination.cycle.letters_due_at and timezone.now() > nomination.cycle.letters_due_at:
        raise ResponseClosed(_("The time to answer has passed."))
    # The nominee's address is typed by the nominator: once the results name the candidate,
    # a decline through the link would let a nominator withdraw an announced winner alone.
    if not accepted and nomination.dossier_id and is_published_candidate(nomination.dossier_id):
        raise ResponseClosed(
            _("The results are already published. To be withdrawn, please contact the foundation.")
        )
    now = timezone.now()
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if accepted:
            locked.nominee_response = Nomination.Response.ACCEPTED
            if nomination.cycle.award.nominee_handoff:
                locked.nominee_statement = statement.strip()[:20_000]
            locked.nominee_responded_at = now
            locked.save(
                update_fields=["nominee_response", "nominee_statement", "nominee_responded_at"]
            )
            audit(None, "nomination.nominee_responded", locked, accepted=True)
        else:
            declined = [locked]
            if locked.dossier_id and locked.nominee_email:
                declined += (
                    Nomination.objects.select_for_update()
                    .filter(
                        dossier_id=locked.dossier_id,
                        status=Nomination.Status.SUBMITTED,
                        nominee_email__iexact=locked.nominee_email,
                    )
                    .exclude(pk=locked.pk)
                    .order_by("pk")
                )
            for withdrawn in declined:
                withdrawn.nominee_response = Nomination.Response.DECLINED
                withdrawn.nominee_responded_at = now
                withdrawn.status = Nomination.Status.WITHDRAWN
                withdrawn.withdrawn_at = now
                withdrawn.save(
                    update_fields=[
                        "nominee_response",
                        "nominee_responded_at",
                        "status",
                        "withdrawn_at",
                        "updated_at",
                    ]
                )
                audit(
                    None,
                    "nomination.nominee_responded",
                    withdrawn,
                    accepted=False,
                    withdrawn=True,
                    link=locked.code,
                )
            ended = end_review_if_withdrawn(locked.dossier_id)
            if ended:
                audit(None, "dossier.review_ended", locked.dossier, assignments=ended)
    nomination.refresh_from_db()


def record_guardian_consent(nomination: Nomination, *, consent: bool, signature: str) -> None:
    """A parent or guardian gives or refuses consent to publish the student's name and photo.

    The answer can be changed later through the same link; the latest one counts.

    Side effects: the answer, signature and time; on a refusal, the candidate taken off the
    past-winner roster (a student is listed there only while they may be named); an audit
    event.
    """
    if not signature.strip():
        raise ResponseClosed(_("Type your name to sign."))
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        locked.guardian_consent = (
            Nomination.Response.ACCEPTED if consent else Nomination.Response.DECLINED
        )
        locked.guardian_consent_signature = signature.strip()[:150]
        locked.guardian_consent_at = timezone.now()
        locked.save(
            update_fields=["guardian_consent", "guardian_consent_signature", "guardian_consent_at"]
        )
        if not consent and locked.dossier_id:
            PastWinner.objects.filter(nomination__dossier_id=locked.dossier_id).delete()
        audit(None, "nomination.guardian_consent", locked, consent=consent)
    nomination.refresh_from_db()
