"""Individual deadline extensions, granted by staff."""

from django.db import transaction

from portal.models import audit
from portal.permissions import can_change_cycles, require

from ..models import Cycle, DeadlineExtension
from .cycles import CycleChangeRefused


def grant_extension(cycle: Cycle, nominator, closes_at, reason: str, user) -> DeadlineExtension:
    """Let one nominator submit to `cycle` until `closes_at`.

    Side effects: a DeadlineExtension row (granted_by the staff member); an audit event.
    Raises PermissionDenied, or CycleChangeRefused for an extension ending before the cycle's
    own deadline.
    """
    require(can_change_cycles(user))
    if closes_at <= cycle.closes_at:
        raise CycleChangeRefused("An extension must end after the cycle closes.")
    with transaction.atomic():
        extension = DeadlineExtension.objects.create(
            cycle=cycle, nominator=nominator, closes_at=closes_at, reason=reason, granted_by=user
        )
        audit(
            user,
            "cycle.deadline_extended",
            cycle,
            extension=extension.pk,
            nominator=nominator.pk,
        )
    return extension
