"""Grouping nominations of the same person in a cycle into one dossier (one candidate)."""

import unicodedata

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, Q

from portal.models import audit
from review.domain.conflicts import end_assignments
from review.models import Assignment

from ..models import Dossier, Nomination


def normalised_name(first: str, last: str) -> str:
    """Case, accents, punctuation and spacing removed: "José  O'Neil" -> "jose oneil"."""
    text = unicodedata.normalize("NFKD", f"{first} {last}")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(ch if ch.isalnum() or ch.isspace() else "" for ch in text.casefold())
    return " ".join(text.split())


def matching_nominations(nomination: Nomination):
    """Other submitted nominations in the cycle that name the same person."""
    name = normalised_name(nomination.nominee_first_name, nomination.nominee_last_name)
    others = (
        Nomination.objects.filter(cycle=nomination.cycle, status=Nomination.Status.SUBMITTED)
        .exclude(pk=nomination.pk)
        .exclude(dossier=None)
    )
    condition = Q(pk__in=[])
    if nomination.nominee_email:
        condition |= Q(nominee_email__iexact=nomination.nominee_email)
    if nomination.school_id:
        same_school = others.filter(school_id=nomination.school_id).only(
            "pk", "nominee_first_name", "nominee_last_name"
        )
        ids = [
            other.pk
            for other in same_school
            if normalised_name(other.nominee_first_name, other.nominee_last_name) == name
        ]
        condition |= Q(pk__in=ids)
    return others.filter(condition)


def end_review_if_withdrawn(dossier_id: int | None) -> int:
    """A candidate with no submitted nomination left (every one withdrawn) is no longer
    reviewed: its live assignments end, so reviewers lose access at once and their scores stop
    counting, and the candidate leaves the ranking and the committee's list. Returns how many
    assignments ended. Call inside the transaction that withdrew the last nomination."""
    if dossier_id is None:
        return 0
    submitted = Nomination.objects.filter(dossier_id=dossier_id, status=Nomination.Status.SUBMITTED)
    if submitted.exists():
        return 0
    live = Assignment.objects.filter(dossier_id=dossier_id, removed_at__isnull=True)
    return end_assignments(live.values_list("pk", flat=True))


def file_into_dossier(nomination: Nomination) -> Dossier:
    """Put a newly submitted nomination into its candidate's dossier, creating one if needed.

    Called inside submit_nomination's transaction. A nomination already in a dossier stays.
    """
    if nomination.dossier_id:
        return nomination.dossier
    match = matching_nominations(nomination).select_related("dossier").first()
    dossier = match.dossier if match else Dossier.objects.create(cycle=nomination.cycle)
    nomination.dossier = dossier
    nomination.save(update_fields=["dossier"])
    return dossier


def merge_dossiers(target: Dossier, others: list[Dossier], user) -> Dossier:
    """Staff merge dossiers of the same candidate into `target`. Side effects: nominations move,
    the emptied dossiers are deleted, an audit event. Refused (ValueError, nothing changed) across
    cycles, or when a dossier to delete has review assignments."""
    from ..queries import is_staff

    if not is_staff(user):
        raise PermissionDenied
    with transaction.atomic():
        codes = []
        for other in others:
            if other.pk == target.pk:
                continue
            if other.cycle_id != target.cycle_id:
                raise ValueError("Only dossiers of the same cycle can be merged.")
            other.nominations.update(dossier=target)
            codes.append(other.code)
            try:
                other.delete()
            except ProtectedError:
                # Review assignments protect their dossier: moving them is for review to decide.
                raise ValueError(
                    "A candidate already assigned to reviewers cannot be merged into another."
                ) from None
        target.merged_by_staff = True
        target.save(update_fields=["merged_by_staff"])
        audit(user, "dossier.merged", target, merged=codes)
    return target


def split_nomination(nomination: Nomination, user) -> Dossier:
    """Staff take a nomination out of its dossier into a dossier of its own. Side effects: a new
    dossier, an audit event. Refused (ValueError) when no other nomination shares the dossier."""
    from ..queries import is_staff

    if not is_staff(user):
        raise PermissionDenied
    with transaction.atomic():
        old = nomination.dossier
        if old is None or not old.nominations.exclude(pk=nomination.pk).exists():
            raise ValueError("This nomination is already a candidate of its own.")
        dossier = Dossier.objects.create(cycle=nomination.cycle, merged_by_staff=True)
        nomination.dossier = dossier
        nomination.save(update_fields=["dossier"])
        audit(user, "dossier.split", dossier, nomination=nomination.code)
    return dossier
