"""What a reviewer may see: only live, released, conflict-free assignments of their own."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import Assignment, Conflict, ReviewerEnrolment


def assignments_for(user, now=None) -> QuerySet[Assignment]:
    """The user's assignments a reviewer may open now; none for anyone else (deny by default).

    Removed assignments, withdrawn enrolments, assignments not yet released and any pair with
    an active conflict are excluded, so taking a reviewer off cuts access on the next request.
    """
    if not user.is_authenticated or not user.is_active:
        return Assignment.objects.none()
    now = now or timezone.now()
    conflicted = Conflict.objects.filter(
        enrolment=OuterRef("enrolment"), dossier=OuterRef("dossier"), dismissed_at__isnull=True
    )
    return (
        Assignment.objects.filter(
            enrolment__reviewer=user,
            enrolment__status=ReviewerEnrolment.Status.ACTIVE,
            removed_at__isnull=True,
            enrolment__cycle__review_settings__release_at__lte=now,
        )
        .filter(~Exists(conflicted))
        .select_related("dossier", "enrolment__cycle__award", "enrolment__cycle__review_settings")
    )


def reviewable_by(user) -> Q:
    return Q(pk__in=assignments_for(user).values("pk"))
