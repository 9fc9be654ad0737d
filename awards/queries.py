"""Who may see which nominations. Every view starts from one of these querysets."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from .models import Award, Cycle, Nomination


def is_staff(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("awards.view_nomination"))
    )


def require_staff(user) -> None:
    """Raise PermissionDenied for anyone but staff: where staff-only operations start."""
    if not is_staff(user):
        raise PermissionDenied


def nominations_visible_to(user) -> QuerySet[Nomination]:
    """Staff see every nomination; a nominator sees their own; everyone else sees none."""
    if not user.is_authenticated or not user.is_active:
        return Nomination.objects.none()
    if is_staff(user):
        return Nomination.objects.all()
    return Nomination.objects.filter(nominator=user)


def own_nominations(user) -> QuerySet[Nomination]:
    """The nominator's own nominations, whatever their other roles."""
    if not user.is_authenticated or not user.is_active:
        return Nomination.objects.none()
    return Nomination.objects.filter(nominator=user)


def open_cycle_for(award: Award | int) -> Cycle | None:
    """The award's (or award id's) current open cycle, if any (the newest one that is open),
    with its award."""
    return (
        Cycle.objects.filter(award=award, status=Cycle.Status.OPEN)
        .select_related("award")
        .order_by("-opens_at")
        .first()
    )


def next_cycle_change(now=None):
    """The next moment an open cycle starts or stops taking nominations (None if none is
    scheduled): public pages that show the call to action change then."""
    now = now or timezone.now()
    moments = []
    for opens_at, closes_at, grace in Cycle.objects.filter(status=Cycle.Status.OPEN).values_list(
        "opens_at", "closes_at", "grace_period"
    ):
        moments += [opens_at, closes_at + (grace or timedelta(0))]
    return min((moment for moment in moments if moment > now), default=None)
