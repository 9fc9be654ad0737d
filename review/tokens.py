"""The signed invitation link e-mailed to a reviewer, bound to the address it was sent to.

Used by the enrolment operations, the join view and the invitation e-mail task.
"""

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import ReviewerEnrolment

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


def read_invitation_token(token: str) -> tuple[ReviewerEnrolment, bool]:
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
    return read_invitation_token(token)[0]
