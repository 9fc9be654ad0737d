"""Who holds power over other people's data, decided in one place.

Power in the portal comes from what a user can do, not from a flag: Wagtail's admin access and
model permissions (from their groups or their own, however the account was made), and reviewing
(an enrolment in a cycle, however it was made). `is_staff` and the Reviewers group are labels
that can be missing while the power is there.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Exists

# Kept on the user object: the middleware and the views of one request ask about the same
# `request.user`, and a new request gets a new object (so a new answer).
_MUST_USE_MFA = "_laurel_must_use_mfa"


def must_use_mfa(user) -> bool:
    """True when `user` can see or change other people's private data: a superuser or
    `is_staff` account, anyone holding any permission (admin access, a staff permission on the
    portal's apps, page or collection rights come with admin access; nominators hold none),
    anyone enrolled to review in a cycle (invited or active, not withdrawn), and anyone in the
    Reviewers group (invited to review).

    One query per user object the first time (none for superusers and `is_staff` accounts),
    none after.
    """
    if not user.is_authenticated:
        return False
    known = getattr(user, _MUST_USE_MFA, None)
    if known is None:
        known = user.is_superuser or user.is_staff or _holds_power(user)
        setattr(user, _MUST_USE_MFA, known)
    return known


def _holds_power(user) -> bool:
    enrolments = user.reviewer_enrolments
    withdrawn = enrolments.model.Status.WITHDRAWN
    return (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .filter(
            Exists(Permission.objects.filter(user=user))
            | Exists(Permission.objects.filter(group__user=user))
            | Exists(enrolments.exclude(status=withdrawn))
            | Exists(Group.objects.filter(user=user, name=settings.REVIEWERS_GROUP))
        )
        .exists()
    )
