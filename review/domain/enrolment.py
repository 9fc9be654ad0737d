"""Enrolling reviewers in a cycle by e-mail invitation."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from portal.models import audit

from ..models import ReviewerEnrolment

INVITATION_SALT = "review.invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 30


def _address_digest(email: str) -> str:
    """Binds a link to the address it was sent to, without putting the address in the URL."""
    return salted_hmac(INVITATION_SALT, email.strip().lower(), algorithm="sha256").hexdigest()[:24]


def invitation_token(enrolment: ReviewerEnrolment) -> str:
    return signing.dumps(
        [enrolment.pk, _address_digest(enrolment.reviewer.email)],
        salt=INVITATION_SALT,
        compress=False,
    )


def _read_token(token: str) -> tuple[ReviewerEnrolment, bool]:
    """The enrolment a link points at and whether the link is bound to the invited address
    (links sent before binding are not). DoesNotExist for a bad or expired link, one of a
    withdrawn enrolment, or one sent to an address that is no longer the reviewer's."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        raise ReviewerEnrolment.DoesNotExist from None
    if isinstance(payload, int):
        pk, digest = payload, None
    elif isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int):
        pk, digest = payload
    else:
        raise ReviewerEnrolment.DoesNotExist
    enrolment = (
        ReviewerEnrolment.objects.select_related("cycle__award", "reviewer")
        .exclude(status=ReviewerEnrolment.Status.WITHDRAWN)
        .get(pk=pk)
    )
    if digest is not None and not constant_time_compare(
        str(digest), _address_digest(enrolment.reviewer.email)
    ):
        raise ReviewerEnrolment.DoesNotExist
    return enrolment, digest is not None


def enrolment_from_token(token: str) -> ReviewerEnrolment:
    """The enrolment an invitation link points at; DoesNotExist for a bad or expired link, a
    withdrawn enrolment, or a link sent to an address that is no longer the reviewer's."""
    return _read_token(token)[0]


def verify_invited_address(token: str) -> ReviewerEnrolment:
    """The invitation link was opened before signing in: it reached the invited address, so
    that address is verified, and the reviewer signs in with one e-mailed code instead of being
    asked for a second to confirm the address.

    Only a link bound to the invited address, of an invitation not yet accepted, verifies (once
    accepted the link is spent); an address another account holds is left alone. Raises
    DoesNotExist as `enrolment_from_token`. Side effects: the reviewer's allauth EmailAddress
    for the invited address verified (and made primary if they have none); an audit event.
    """
    enrolment, bound = _read_token(token)
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


def invite_reviewers(cycle, emails: list[str], user, *, capacity: int = 10) -> list[str]:
    """Enrol each address in `cycle` as an invited reviewer and e-mail them a link to accept.

    Addresses without an account get one (they sign in with an e-mailed code; no password is
    set for them). Already enrolled addresses are skipped. Side effects: users, Reviewers group
    membership, enrolments, invitation e-mails through the task queue, an audit event. Returns
    the addresses invited. Raises ValueError naming every malformed address, inviting no one.
    """
    from awards.queries import require_staff

    from ..tasks import send_reviewer_invitation

    require_staff(user)
    cleaned, bad = [], []
    for email in emails:
        email = email.strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except Exception:
            bad.append(email)
        else:
            cleaned.append(email)
    if bad:
        raise ValueError("Not e-mail addresses: " + ", ".join(bad))
    User = get_user_model()
    invited = []
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=settings.REVIEWERS_GROUP)
        for email in dict.fromkeys(cleaned):
            reviewer = User.objects.filter(email__iexact=email).first()
            if reviewer is None:
                reviewer = User.objects.create_user(email)
            reviewer.groups.add(group)
            enrolment, created = ReviewerEnrolment.objects.get_or_create(
                cycle=cycle, reviewer=reviewer, defaults={"capacity": capacity}
            )
            if created:
                invited.append(email)
                transaction.on_commit(lambda pk=enrolment.pk: send_reviewer_invitation.enqueue(pk))
        audit(user, "review.reviewers_invited", cycle, invited=len(invited))
    return invited


def send_pending_invitations(cycle, user) -> int:
    """E-mail again everyone in `cycle`'s pool who has not answered their invitation (those a
    next year's cycle carried over, or whose message was lost). Running it again sends again:
    it is what staff ask for when they press the button.

    Side effects: one invitation e-mail per invited reviewer through the task queue; an audit
    event. Returns how many were sent.
    """
    from awards.queries import require_staff

    from ..tasks import send_reviewer_invitation

    require_staff(user)
    with transaction.atomic():
        pending = list(
            ReviewerEnrolment.objects.filter(
                cycle=cycle, status=ReviewerEnrolment.Status.INVITED
            ).values_list("pk", flat=True)
        )
        for pk in pending:
            transaction.on_commit(lambda pk=pk: send_reviewer_invitation.enqueue(pk))
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
