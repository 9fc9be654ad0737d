"""Who may do what, decided in one place: the staff screens, the domain operations behind
them, the admin menus and the MFA middleware all ask these predicates.

Power in the portal comes from what a user can do, not from a flag: Wagtail's admin access and
model permissions (from their groups or their own, however the account was made), and reviewing
(an enrolment in a cycle, however it was made). `is_staff` and the Reviewers group are labels
that can be missing while the power is there.

Staff are whoever may view nominations (or a superuser); each staff power is one model
permission on top, so a foundation can make a group that reads the ranking but does not decide.
A view checks the predicate to refuse early (404 or 403 as its screen does), and the domain
operation checks the same predicate again, so no other entry point (a bulk action, a command,
a task) can skip it. Answers are cached per user object, so per request: Django's permission
backend keeps a user's permissions on the object after the first query, and `must_use_mfa`
keeps its own answer there.

What a reviewer may open is a matter of assignments, not of permissions: see
`review.queries.assignments_for`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Exists


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless `allowed`: `require(can_decide(user))`."""
    if not allowed:
        raise PermissionDenied


def is_staff(user) -> bool:
    """Staff: a superuser, or an active account that may view nominations."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("awards.view_nomination"))
    )


def require_staff(user) -> None:
    """Raise PermissionDenied for anyone but staff."""
    require(is_staff(user))


def may(user, permission: str) -> bool:
    """Staff holding `permission` ("app_label.codename")."""
    return is_staff(user) and user.has_perm(permission)


# Nominations and cycles


def can_change_nominations(user) -> bool:
    """Correct what a nominator sent, note and tag, record eligibility, withdraw, and ask the
    nominee or the parent or guardian again."""
    return may(user, "awards.change_nomination")


def can_group_candidates(user) -> bool:
    """Group nominations of one nominee into a candidate, split them, and settle the
    suggestions to group."""
    return may(user, "awards.change_dossier")


def can_start_next_cycle(user) -> bool:
    """Start next year's cycle from this one: it makes a cycle."""
    return may(user, "awards.add_cycle")


def can_change_cycles(user) -> bool:
    """Close a cycle early, extend it, and translate its form."""
    return may(user, "awards.change_cycle")


def can_translate_awards(user) -> bool:
    """Translate an award's name and description as well as its cycles' forms."""
    return can_change_cycles(user) and user.has_perm("awards.change_award")


# Review


def can_invite_reviewers(user) -> bool:
    """Enrol and invite reviewers and committee members to a cycle."""
    return may(user, "review.add_reviewerenrolment")


def can_record_conflicts(user) -> bool:
    """Record, dismiss and restore conflicts of interest."""
    return may(user, "review.change_conflict")


def can_assign(user) -> bool:
    """Assign reviewers to candidates, by the planner or by hand."""
    return may(user, "review.add_assignment")


def can_manage_assignments(user) -> bool:
    """Follow the reviewers' progress, take assignments back, send their reminders, and build
    review packets."""
    return may(user, "review.change_assignment")


def can_read_ranking(user) -> bool:
    """Read the ranking and the candidates export, and record the ranking."""
    return may(user, "review.view_review")


def can_choose_finalists(user) -> bool:
    """Choose a cycle's finalists for a second review stage."""
    return may(user, "review.add_finalist")


# Results


def can_see_decisions(user) -> bool:
    """See the committee's decisions, and the certificates and packets that carry them."""
    return may(user, "review.view_decision")


def can_decide(user) -> bool:
    """Record the committee's decisions: outcome, amount, citation, public name and photo."""
    return may(user, "review.change_decision")


def can_publish(user) -> bool:
    """Ask for the results to be published, approve another's request (never one's own),
    withdraw it, or take the results down."""
    return may(user, "review.change_publication")


# E-mail


def can_read_message_log(user) -> bool:
    """Read the log of every e-mail the portal sent."""
    return may(user, "review.view_outgoingmessage")


def can_send_messages(user) -> bool:
    """Send an e-mail of the log again, or write one message to a group."""
    return may(user, "review.change_outgoingmessage")


def can_preview_emails(user) -> bool:
    """Preview the e-mails staff can edit, on the cycle's real data."""
    return may(user, "review.view_messagetemplate")


# Kept on the user object: the middleware and the views of one request ask about the same
# `request.user`, and a new request gets a new object (so a new answer).
_MUST_USE_MFA = "_laurel_must_use_mfa"


def must_use_mfa(user) -> bool:
    """True when `user` can see or change other people's private data: a superuser or
    `is_staff` account, anyone holding any permission (admin access, a staff permission on the
    portal's apps, page or collection rights come with admin access; nominators hold none),
    anyone enrolled to review in a cycle (invited or active, not withdrawn; committee members
    of a finalist round are enrolled too), and anyone in the Reviewers or Committee group
    (invited to review or to score finalists).

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
            | Exists(
                Group.objects.filter(
                    user=user, name__in=[settings.REVIEWERS_GROUP, settings.COMMITTEE_GROUP]
                )
            )
        )
        .exists()
    )
