"""Staff corrections of a sent nomination: each one a revision with its reason, the nominator's
own version kept beside it."""

from django.db import transaction
from django.db.models import Field

from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_change_nominations, require

from ..models import Nomination, NominationRevision, PastWinner
from .nominations import NOMINEE_ATTRIBUTES, record_revision

# The kinds of answer staff may correct as text or choices; files and letters have their own
# screens, and an attestation is the nominator's own word.
CORRECTABLE_KINDS = (
    "short_text",
    "long_text",
    "single_choice",
    "multiple_choice",
    "date",
    "number",
)


class CorrectionRefused(DomainError):
    """The correction cannot be saved as asked; the message says why, for staff."""


def correctable_questions(nomination: Nomination) -> list[dict]:
    """The questions of the form the nomination was sent with whose answers staff may correct."""
    return [q for q in nomination.form_snapshot or [] if q["kind"] in CORRECTABLE_KINDS]


def _cut(name: str, value):
    column = Nomination._meta.get_field(name)
    if isinstance(value, str) and isinstance(column, Field) and column.max_length:
        return value.strip()[: column.max_length]
    return value


def correct_nomination(
    nomination: Nomination, user, *, reason: str, nominee: dict | None = None, answers=None
) -> NominationRevision:
    """Staff correct a submitted nomination's nominee and contact details (`nominee`, by the
    names in NOMINEE_ATTRIBUTES) and its answers (`answers`, by question key; only the
    questions of `correctable_questions`), saying why. Callers validate the values first;
    anything else given is ignored. The candidate the nomination belongs to stays the same
    (staff move it with "Move to its own candidate" if the correction names someone else).

    Side effects: the nomination changed (and its entry on the past-winner roster, if it won
    and is there, renamed with it); before the first correction of a nomination sent
    before revisions were kept, a revision of the nominator's version; a revision of the
    corrected nomination with the reason and every value changed (before and after); an audit
    event. Raises PermissionDenied (not staff allowed to change nominations) or
    CorrectionRefused (no reason, not submitted, nothing changed).
    """
    require(can_change_nominations(user))
    reason = (reason or "").strip()
    if not reason:
        raise CorrectionRefused("Say why the nomination is corrected.")
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.status != Nomination.Status.SUBMITTED:
            raise CorrectionRefused("Only a submitted nomination can be corrected.")
        if not locked.revisions.exists():
            record_revision(locked, locked.nominator)
        changes = {}
        for name, value in (nominee or {}).items():
            if name not in NOMINEE_ATTRIBUTES:
                continue
            value = _cut(name, value)
            before = getattr(locked, name)
            if before != value:
                changes[name] = [before, value]
                setattr(locked, name, value)
        keys = {q["key"] for q in correctable_questions(locked)}
        corrected_answers = dict(locked.answers or {})
        for key, value in (answers or {}).items():
            if key not in keys:
                continue
            before = corrected_answers.get(key)
            if (before or "") != (value or ""):
                changes[f"answers.{key}"] = [before, value]
                corrected_answers[key] = value
        if not changes:
            raise CorrectionRefused("Nothing was changed: correct at least one value.")
        # An answer keeps the language it was written in: a correction mends it, not rewrites it.
        locked.answers = corrected_answers
        locked.save()
        # A winner already on the award's past-winner roster is found there by the corrected
        # name (the "past winners excluded" rule reads it), not by the one mistyped.
        named = {"nominee_first_name": "first_name", "nominee_last_name": "last_name"}
        roster = {named[name]: changes[name][1] for name in named if name in changes}
        if "nominee_email" in changes:
            roster["email"] = changes["nominee_email"][1]
        if roster:
            PastWinner.objects.filter(nomination=locked).update(**roster)
        revision = record_revision(
            locked,
            user,
            kind=NominationRevision.Kind.CORRECTION,
            reason=reason[:2000],
            changes=changes,
        )
        audit(user, "nomination.corrected", locked, reason=reason[:500], fields=sorted(changes))
    nomination.refresh_from_db()
    return revision
