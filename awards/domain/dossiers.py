"""Grouping nominations of the same person in a cycle into one dossier (one candidate)."""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_group_candidates, require
from review.domain.conflicts import end_assignments
from review.models import Assignment, Decision

from ..models import Dossier, DossierSuggestion, Nomination
from ..rules import normalised_name


class DossierChangeRefused(DomainError):
    """Staff cannot group or ungroup these nominations this way; the message says why."""


def _others_in_candidates(nomination: Nomination):
    """Other submitted nominations of the cycle that are already in a candidate."""
    return (
        Nomination.objects.filter(cycle=nomination.cycle, status=Nomination.Status.SUBMITTED)
        .exclude(pk=nomination.pk)
        .exclude(dossier=None)
    )


def same_name_and_school(nomination: Nomination) -> list[int]:
    """Dossiers (ids, oldest first) holding a submitted nomination of the cycle that names the
    same person by normalised name at the same school."""
    if not nomination.school_id:
        return []
    name = normalised_name(nomination.nominee_first_name, nomination.nominee_last_name)
    if not name:
        return []
    others = (
        _others_in_candidates(nomination)
        .filter(school_id=nomination.school_id)
        .order_by("dossier_id")
        .only("dossier_id", "nominee_first_name", "nominee_last_name")
    )
    found = []
    for other in others:
        same = normalised_name(other.nominee_first_name, other.nominee_last_name) == name
        if same and other.dossier_id not in found:
            found.append(other.dossier_id)
    return found


def same_email(nomination: Nomination) -> list[int]:
    """Dossiers (ids, oldest first) holding a submitted nomination of the cycle with the same
    nominee e-mail address."""
    if not nomination.nominee_email:
        return []
    return list(
        _others_in_candidates(nomination)
        .filter(nominee_email__iexact=nomination.nominee_email)
        .order_by("dossier_id")
        .values_list("dossier_id", flat=True)
        .distinct()
    )


def review_started(dossier_ids: list[int]) -> set[int]:
    """Those of the dossiers whose review has started: a reviewer was ever assigned, or the
    committee decided."""
    if not dossier_ids:
        return set()
    assigned = Assignment.objects.filter(dossier_id__in=dossier_ids)
    decided = Decision.objects.filter(dossier_id__in=dossier_ids)
    return set(assigned.values_list("dossier_id", flat=True)) | set(
        decided.values_list("dossier_id", flat=True)
    )


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

    Only a nomination naming the same person by name and school joins a candidate on its own,
    and only while that candidate's review has not started: anyone may nominate anyone, so an
    address alone (which the nominator types) must not let their text into another candidate,
    nor may anything be added to a candidate reviewers already read. Every other likeness (the
    same address under another name or school, or a candidate already in review) becomes a
    DossierSuggestion that staff merge or dismiss.

    Called inside submit_nomination's transaction. Side effects: the nomination's dossier (a
    new one if nothing matched), suggestion rows, an audit event per suggestion. A nomination
    already in a dossier stays.
    """
    if nomination.dossier is not None:
        return nomination.dossier
    by_name = same_name_and_school(nomination)
    by_email = same_email(nomination)
    started = review_started(by_name + by_email)
    open_by_name = [pk for pk in by_name if pk not in started]
    if open_by_name:
        dossier = Dossier.objects.get(pk=open_by_name[0])
    else:
        dossier = Dossier.objects.create(cycle=nomination.cycle)
    nomination.dossier = dossier
    nomination.save(update_fields=["dossier"])
    suggested = {}
    for pk in by_name:
        if pk != dossier.pk:
            suggested[pk] = DossierSuggestion.Reason.UNDER_REVIEW
    for pk in by_email:
        if pk != dossier.pk:
            suggested.setdefault(pk, DossierSuggestion.Reason.SAME_EMAIL)
    for pk, reason in suggested.items():
        suggestion = DossierSuggestion.objects.create(
            nomination=nomination, dossier_id=pk, reason=reason
        )
        audit(
            None,
            "dossier.suggested",
            suggestion.dossier,
            nomination=nomination.code,
            reason=reason,
        )
    return dossier


def merge_dossiers(target: Dossier, others: list[Dossier], user) -> Dossier:
    """Staff merge dossiers of the same candidate into `target`. Side effects: nominations move,
    the emptied dossiers are deleted, an audit event. Refused (DossierChangeRefused, nothing
    changed) across cycles, or when a dossier to delete has review assignments."""
    require(can_group_candidates(user))
    with transaction.atomic():
        codes = []
        for other in others:
            if other.pk == target.pk:
                continue
            if other.cycle_id != target.cycle_id:
                raise DossierChangeRefused("Only dossiers of the same cycle can be merged.")
            other.nominations.update(dossier=target)
            codes.append(other.code)
            try:
                other.delete()
            except ProtectedError:
                # Review assignments protect their dossier: moving them is for review to decide.
                raise DossierChangeRefused(
                    "A candidate already assigned to reviewers cannot be merged into another."
                ) from None
        target.merged_by_staff = True
        target.save(update_fields=["merged_by_staff"])
        audit(user, "dossier.merged", target, merged=codes)
    return target


def split_nomination(nomination: Nomination, user) -> Dossier:
    """Staff take a nomination out of its dossier into a dossier of its own. Side effects: a new
    dossier, an audit event. Refused (DossierChangeRefused) when no other nomination shares the
    dossier."""
    require(can_group_candidates(user))
    with transaction.atomic():
        old = nomination.dossier
        if old is None or not old.nominations.exclude(pk=nomination.pk).exists():
            raise DossierChangeRefused("This nomination is already a candidate of its own.")
        dossier = Dossier.objects.create(cycle=nomination.cycle, merged_by_staff=True)
        nomination.dossier = dossier
        nomination.save(update_fields=["dossier"])
        audit(user, "dossier.split", dossier, nomination=nomination.code)
    return dossier


def accept_suggestion(suggestion: DossierSuggestion, user) -> Dossier:
    """Staff agree the suggested nomination names the suggested candidate: the nomination's
    candidate is merged into it (`merge_dossiers`, which refuses a candidate with review
    assignments). Side effects: as the merge; the suggestion resolved as merged; an audit
    event."""
    require(can_group_candidates(user))
    with transaction.atomic():
        locked = DossierSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if locked.resolution:
            raise DossierChangeRefused("This suggestion has already been dealt with.")
        nomination = Nomination.objects.select_related("dossier").get(pk=locked.nomination_id)
        target = Dossier.objects.get(pk=locked.dossier_id)
        if nomination.dossier is not None and nomination.dossier.pk != target.pk:
            merge_dossiers(target, [nomination.dossier], user)
        _resolve(locked, DossierSuggestion.Resolution.MERGED, user)
        audit(user, "dossier.suggestion_merged", target, nomination=nomination.code)
    suggestion.refresh_from_db()
    return target


def dismiss_suggestion(suggestion: DossierSuggestion, user) -> None:
    """Staff decide the suggested nomination names someone else: nothing moves. Side effects:
    the suggestion resolved as dismissed; an audit event."""
    require(can_group_candidates(user))
    with transaction.atomic():
        locked = DossierSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if locked.resolution:
            raise DossierChangeRefused("This suggestion has already been dealt with.")
        _resolve(locked, DossierSuggestion.Resolution.DISMISSED, user)
        audit(
            user,
            "dossier.suggestion_dismissed",
            locked.dossier,
            nomination=locked.nomination.code,
        )
    suggestion.refresh_from_db()


def _resolve(suggestion: DossierSuggestion, resolution: str, user) -> None:
    suggestion.resolution = resolution
    suggestion.resolved_at = timezone.now()
    suggestion.resolved_by = user
    suggestion.save(update_fields=["resolution", "resolved_at", "resolved_by"])
