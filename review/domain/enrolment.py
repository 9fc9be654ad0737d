"""Enrolling reviewers in a cycle by e-mail invitation."""

import uuid
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_invite_reviewers, require

from ..models import ReviewerEnrolment, Stage
from ..tokens import read_invitation_token
from .emails import invitation_email
from .outbox import send_logged


class InvitationRefused(DomainError):
    """The invitations cannot be sent as asked; the message says why, for staff."""


def verify_invited_address(token: str) -> ReviewerEnrolment:
    """The invitation link was opened before signing in: it reached the invited address, so
    that address is verified, and the reviewer signs in with one e-mailed code instead of being
    asked for a second to confirm the address.

    Only a link bound to the invited address, of an invitation not yet accepted, verifies (once
    accepted the link is spent); an address another account holds is left alone. Raises
    DoesNotExist as `enrolment_from_token`. Side effects: the reviewer's allauth EmailAddress
    for the invited address verified (and made primary if they have none); an audit event.
    """
    enrolment, bound = read_invitation_token(token)
    if not bound or enrolment.status != ReviewerEnrolment.Status.INVITED:
        return enrolment
    reviewer = enrolment.reviewer
    email = reviewer.email.strip().lower()
    with transaction.atomic():
        if EmailAddress.objects.filter(email__iexact=email).exclude(user=reviewer).exists():
            return enrolment
        address = EmailAddress.objects.filter(user=reviewer, email__iexact=email).first()
        if address is not None and address.verified:
            return enrolment
        has_primary = EmailAddress.objects.filter(user=reviewer, primary=True).exists()
        if address is None:
            address = EmailAddress(user=reviewer, email=email, primary=not has_primary)
        elif not has_primary:
            address.primary = True
        address.verified = True
        address.save()
        audit(None, "review.invitation_address_verified", enrolment.cycle, enrolment=enrolment.pk)
    return enrolment


def invite_reviewers(
    cycle, emails: list[str], user, *, capacity: int = 10, stage: str = Stage.FIRST
) -> list[str]:
    """Enrol each address in `cycle` as an invited reviewer of `stage` (the finalist round's
    are the committee) and e-mail them a link to accept.

    Addresses without an account get one (they sign in with an e-mailed code; no password is
    set for them). Addresses already enrolled for the stage are skipped. Side effects: users,
    Reviewers (or, for the finalist round, Committee) group membership, enrolments, invitation
    e-mails through the task queue, an audit event. Returns
    the addresses invited. Raises InvitationRefused naming every malformed address, inviting no
    one.
    """
    require(can_invite_reviewers(user))
    cleaned, bad = [], []
    for email in emails:
        email = email.strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            bad.append(email)
        else:
            cleaned.append(email)
    if bad:
        raise InvitationRefused("Not e-mail addresses: " + ", ".join(bad))
    User = get_user_model()
    invited = []
    with transaction.atomic():
        group_name = (
            settings.COMMITTEE_GROUP if stage == Stage.FINALIST else settings.REVIEWERS_GROUP
        )
        group, _ = Group.objects.get_or_create(name=group_name)
        for email in dict.fromkeys(cleaned):
            reviewer = User.objects.filter(email__iexact=email).first()
            if reviewer is None:
                reviewer = User.objects.create_user(email)
            reviewer.groups.add(group)
            enrolment, created = ReviewerEnrolment.objects.get_or_create(
                cycle=cycle, reviewer=reviewer, stage=stage, defaults={"capacity": capacity}
            )
            if created:
                invited.append(email)
                transaction.on_commit(partial(send_reviewer_invitation.enqueue, enrolment.pk))
        extra = {"stage": stage} if stage != Stage.FIRST else {}
        audit(user, "review.reviewers_invited", cycle, invited=len(invited), **extra)
    return invited


def send_pending_invitations(cycle, user) -> int:
    """E-mail again everyone in `cycle`'s pool who has not answered their invitation (those a
    next year's cycle carried over, or whose message was lost). Running it again sends again:
    it is what staff ask for when they press the button.

    Side effects: one invitation e-mail per invited reviewer through the task queue; an audit
    event. Returns how many were sent.
    """
    require(can_invite_reviewers(user))
    with transaction.atomic():
        pending = list(
            ReviewerEnrolment.objects.filter(
                cycle=cycle, status=ReviewerEnrolment.Status.INVITED
            ).values_list("pk", flat=True)
        )
        # Each press is its own sending in the message log (a retried task is not).
        sending = uuid.uuid4().hex[:12]
        for pk in pending:
            transaction.on_commit(partial(send_reviewer_invitation.enqueue, pk, sending))
        audit(user, "review.invitations_sent_again", cycle, sent=len(pending))
    return len(pending)


def accept_invitation(enrolment: ReviewerEnrolment, user) -> None:
    """The invited reviewer accepts. Side effects: the enrolment becomes active; an audit event."""
    if enrolment.reviewer_id != user.pk:
        raise PermissionDenied
    if enrolment.status == ReviewerEnrolment.Status.INVITED:
        enrolment.status = ReviewerEnrolment.Status.ACTIVE
        enrolment.accepted_at = timezone.now()
        enrolment.save(update_fields=["status", "accepted_at"])
        audit(user, "review.invitation_accepted", enrolment.cycle, enrolment=enrolment.pk)


@task
def send_reviewer_invitation(enrolment_id: int, sending: str = "first") -> None:
    """E-mail an invited reviewer their link, once per `sending` (staff may send the
    invitations again); nothing once they have accepted or withdrawn."""
    enrolment = ReviewerEnrolment.objects.select_related(
        "reviewer", "cycle__award", "cycle__review_settings"
    ).get(pk=enrolment_id)
    if enrolment.status != ReviewerEnrolment.Status.INVITED:
        return
    send_logged(invitation_email(enrolment, sending))
