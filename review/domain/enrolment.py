"""Enrolling reviewers in a cycle by e-mail invitation."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from portal.models import audit

from ..models import ReviewerEnrolment

INVITATION_SALT = "review.invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 30


def invitation_token(enrolment: ReviewerEnrolment) -> str:
    return signing.dumps(enrolment.pk, salt=INVITATION_SALT, compress=False)


def enrolment_from_token(token: str) -> ReviewerEnrolment:
    """The enrolment an invitation link points at; DoesNotExist for a bad or expired link."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        raise ReviewerEnrolment.DoesNotExist from None
    return ReviewerEnrolment.objects.select_related("cycle__award", "reviewer").get(pk=pk)


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


def accept_invitation(enrolment: ReviewerEnrolment, user) -> None:
    """The invited reviewer accepts. Side effects: the enrolment becomes active; an audit event."""
    if enrolment.reviewer_id != user.pk:
        raise PermissionDenied
    if enrolment.status == ReviewerEnrolment.Status.INVITED:
        enrolment.status = ReviewerEnrolment.Status.ACTIVE
        enrolment.accepted_at = timezone.now()
        enrolment.save(update_fields=["status", "accepted_at"])
        audit(user, "review.invitation_accepted", enrolment.cycle, enrolment=enrolment.pk)
