"""Individual deadline extensions, granted by staff."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal.models import audit

from ..models import Cycle, DeadlineExtension


def grant_extension(cycle: Cycle, nominator, closes_at, reason: str, user) -> DeadlineExtension:
    """Let one nominator submit to `cycle` until `closes_at`.

    Side effects: a DeadlineExtension row (granted_by the staff member); an audit event.
    """
    from ..queries import is_staff

    if not is_staff(user):
        raise PermissionDenied
    if closes_at <= cycle.closes_at:
        raise ValueError("An extension must end after the cycle closes.")
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
