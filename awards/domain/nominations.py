"""Operations on nominations. Views, the admin, commands and tests all call these."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, Field, OuterRef
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError
from portal.i18n import language_or_default
from portal.models import audit
from portal.permissions import can_change_nominations, require
from review.domain.emails import send_submission_receipt
from review.results import is_published_candidate

from .. import spec
from ..forms import NomineeForm, stored_nominee_data
from ..models import (
    Cycle,
    LetterRequest,
    Nomination,
    NominationFile,
    NominationRevision,
    PastWinner,
)
from ..rules import normalised_name
from .dossiers import end_review_if_withdrawn, file_into_dossier
from .responses import ask_third_parties


class NominationClosed(DomainError):
    """The cycle does not accept this change now (not open yet, past the deadline, withdrawn)."""


class EligibilityRefused(DomainError):
    """The eligibility decision cannot be recorded as asked; the message says why, for staff."""


class WithdrawalRefused(DomainError):
    """Staff cannot withdraw the nomination as asked (they gave no reason); the message says
    why."""


class DraftChangedElsewhere(DomainError):
    """The draft was saved from somewhere else (another tab or device) after the page that sent
    this change was made: saving it would silently overwrite newer answers."""


def draft_version(nomination: Nomination) -> str:
    """Which saved state of the draft a page was made from. Every save of a draft moves it on;
    a page sends it back with its changes (see `save_draft`'s `edited_from`), and a browser's
    offline copy names it, so an older state is never written over a newer one."""
    return str(nomination.updated_at.timestamp())


@dataclass
class SubmissionProblems:
    """What stops a nomination from being submitted, step by step."""

    by_step: dict[int, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, step: int, key: str, message: str) -> None:
        self.by_step.setdefault(step, {}).setdefault(key, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_step)


class SubmissionIncomplete(DomainError):
    """Answers still stop the nomination from being sent: `problems` lists them step by step."""

    def __init__(self, problems: SubmissionProblems):
        super().__init__(_("Some answers still need attention."))
        self.problems = problems


# What the nominee step may set; nothing else on a nomination comes from the nominator's input.
NOMINEE_ATTRIBUTES = (
    "nominee_first_name",
    "nominee_last_name",
    "nominee_email",
    "nominee_role",
    "school_id",
    "nominator_relationship",
    "years_at_school",
    "years_in_district",
    "guardian_name",
    "guardian_email",
)


def _apply_nominee(nomination: Nomination, nominee: dict) -> None:
    """Copy the nominee step's values; text is cut to its column so an over-long draft saves."""
    for name in NOMINEE_ATTRIBUTES:
        if name not in nominee:
            continue
        value = nominee[name]
        column = Nomination._meta.get_field(name)
        if isinstance(value, str) and isinstance(column, Field) and column.max_length:
            value = value[: column.max_length]
        setattr(nomination, name, value)


def _require_nominator(nomination: Nomination, user) -> None:
    if nomination.nominator_id != getattr(user, "pk", None):
        raise PermissionDenied


def can_edit(nomination: Nomination, user, now=None) -> bool:
    """Drafts and submissions can be edited by their nominator until the deadline."""
    return (
        nomination.nominator_id == getattr(user, "pk", None)
        and nomination.status in (Nomination.Status.DRAFT, Nomination.Status.SUBMITTED)
        and nomination.cycle.accepts_submission_from(user, now)
    )


def untouched_drafts(user, cycle: Cycle):
    """The user's drafts in `cycle` with nothing in them yet: opened, never filled in."""
    return Nomination.objects.filter(
        nominator=user,
        cycle=cycle,
        status=Nomination.Status.DRAFT,
        nominee_first_name="",
        nominee_last_name="",
        school__isnull=True,
        answers={},
    ).filter(
        ~Exists(NominationFile.objects.filter(nomination=OuterRef("pk"))),
        ~Exists(LetterRequest.objects.filter(nomination=OuterRef("pk"))),
    )


def same_nominee_elsewhere(nomination: Nomination) -> list[Nomination]:
    """The nominator's other drafts and submissions in the cycle that name the same person
    (same name, or same e-mail address): a second nomination of one person usually means the
    first was forgotten."""
    name = normalised_name(nomination.nominee_first_name, nomination.nominee_last_name)
    email = nomination.nominee_email.strip().lower()
    if not name and not email:
        return []
    others = (
        Nomination.objects.filter(nominator_id=nomination.nominator_id, cycle=nomination.cycle_id)
        .exclude(pk=nomination.pk)
        .exclude(status=Nomination.Status.WITHDRAWN)
        .order_by("-updated_at")
    )
    return [
        other
        for other in others
        if (name and normalised_name(other.nominee_first_name, other.nominee_last_name) == name)
        or (email and other.nominee_email.strip().lower() == email)
    ]


def start_nomination(user, cycle: Cycle, now=None, on_phone: bool | None = None) -> Nomination:
    """Open a draft for `user` in `cycle`: a draft they opened and never filled in is opened
    again, so looking at the form leaves no trail of empty drafts. `on_phone` says whether it
    is opened on a phone (None: not known), for the staff's reach report.

    Side effects: a Nomination row (status draft) and an audit event, unless an untouched
    draft is reused.
    """
    if not user.is_authenticated:
        raise PermissionDenied
    if not cycle.accepts_submission_from(user, now):
        raise NominationClosed(_("Nominations for this award are closed."))
    with transaction.atomic():
        existing = untouched_drafts(user, cycle).order_by("created_at").first()
        if existing is not None:
            return existing
        nomination = Nomination.objects.create(
            cycle=cycle, nominator=user, started_on_phone=on_phone
        )
        audit(user, "nomination.started", nomination, cycle=cycle.pk)
    return nomination


def _apply_answers(nomination: Nomination, answers: dict, known: set, language) -> None:
    """Merge `answers` (those of `known` questions) into the nomination as written. Each
    answer that changed takes `language` as the language it was written in (none when it was
    emptied, or when `language` is not known); an unchanged one keeps its own."""
    given = {key: value for key, value in answers.items() if key in known}
    languages = dict(nomination.answer_languages or {})
    for key, value in given.items():
        if nomination.answers.get(key) == value:
            continue
        if language and value not in (None, "", []):
            languages[key] = language
        else:
            languages.pop(key, None)
    nomination.answers = {**nomination.answers, **given}
    nomination.answer_languages = languages


def save_draft(
    nomination: Nomination,
    user,
    *,
    nominee: dict | None = None,
    answers=None,
    language: str | None = None,
    edited_from: str | None = None,
) -> None:
    """Store what the nominator typed, valid or not. Only drafts are saved this way.

    `nominee` holds the Step 1 fields (as NomineeForm.raw_values gives them); `answers` maps
    question keys to values, written in `language` (a language code: the page's). Unknown keys
    (and any field outside the nominee step) are ignored. `edited_from` is the `draft_version`
    the page was made from (None: no check, for callers that are not a page): when the draft has
    been saved since, nothing is written and DraftChangedElsewhere is raised. Side effects: the
    draft row is updated, with the language of each answer that changed.
    """
    _require_nominator(nomination, user)
    if nomination.status != Nomination.Status.DRAFT:
        raise NominationClosed(_("Only drafts save automatically."))
    if not nomination.cycle.accepts_submission_from(user):
        raise NominationClosed(_("The deadline for this nomination has passed."))
    known = {q["key"] for q in spec.questions_for(nomination)}
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        # Checked under the row lock: of two saves made from one state, the second is refused.
        if edited_from is not None and edited_from != draft_version(locked):
            raise DraftChangedElsewhere
        if nominee:
            _apply_nominee(locked, nominee)
        if answers:
            _apply_answers(locked, answers, known, language)
        locked.save()
    nomination.refresh_from_db()


def update_submitted(
    nomination: Nomination, user, *, nominee=None, answers=None, language: str | None = None
) -> None:
    """Change a submitted nomination before the deadline; the previous version is kept.

    Callers validate first. `answers` are written in `language`, as for `save_draft`. Side
    effects: the changed answers with their languages; a NominationRevision of the new state;
    an audit event.
    """
    _require_nominator(nomination, user)
    if not can_edit(nomination, user) or nomination.status != Nomination.Status.SUBMITTED:
        raise NominationClosed(_("This nomination can no longer be changed."))
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        _apply_nominee(locked, nominee or {})
        if answers:
            _apply_answers(locked, answers, {q["key"] for q in locked.form_snapshot}, language)
        locked.save()
        record_revision(locked, user)
        audit(user, "nomination.edited", locked)
    nomination.refresh_from_db()


def submission_problems(nomination: Nomination) -> SubmissionProblems:
    """Check every step the way the forms do; nothing is changed."""
    problems = SubmissionProblems()
    form = NomineeForm(data=stored_nominee_data(nomination), award=nomination.cycle.award)
    if not form.is_valid():
        for key, messages in form.errors.items():
            for message in messages:  # an ErrorList hands out each error as its message
                problems.add(1, key, str(message))
    # Localised: a refused yes/no answer's message reads in the language of the page asking.
    questions = spec.localised(spec.questions_for(nomination))
    file_counts, letter_counts = _attachment_counts(nomination)
    for step in spec.steps_for(questions)[1:]:
        for question in step.questions:
            if not spec.is_active(question, nomination.answers):
                continue
            for message in spec.answer_errors(
                question,
                nomination.answers.get(question["key"]),
                file_count=file_counts.get(question["key"], 0),
                letter_count=letter_counts.get(question["key"], 0),
            ):
                problems.add(step.number, question["key"], message)
    return problems


def _attachment_counts(nomination: Nomination) -> tuple[dict, dict]:
    files = dict(
        nomination.files.values("question_key")
        .annotate(n=Count("id"))
        .values_list("question_key", "n")
    )
    letters = dict(
        nomination.letters.exclude(status="cancelled")
        .values("question_key")
        .annotate(n=Count("id"))
        .values_list("question_key", "n")
    )
    return files, letters


def revision_data(nomination: Nomination) -> dict:
    """What a revision keeps of a nomination: everything the nominator gave, as it stands."""
    return {
        "status": nomination.status,
        "nominee_first_name": nomination.nominee_first_name,
        "nominee_last_name": nomination.nominee_last_name,
        "nominee_email": nomination.nominee_email,
        "nominee_role": nomination.nominee_role,
        "school_id": nomination.school_id,
        "nominator_relationship": nomination.nominator_relationship,
        "years_at_school": nomination.years_at_school,
        "years_in_district": nomination.years_in_district,
        "guardian_name": nomination.guardian_name,
        "guardian_email": nomination.guardian_email,
        "answers": nomination.answers,
        "answer_languages": nomination.answer_languages,
        "files": list(nomination.files.values_list("code", flat=True)),
    }


def record_revision(
    nomination: Nomination,
    user,
    *,
    kind: str = NominationRevision.Kind.NOMINATOR,
    reason: str = "",
    changes: dict | None = None,
) -> NominationRevision:
    """Keep a copy of the nomination as it stands now (after a submission, an edit or a
    correction), by `user`."""
    return NominationRevision.objects.create(
        nomination=nomination,
        created_by=user,
        kind=kind,
        reason=reason,
        changes=changes or {},
        data=revision_data(nomination),
    )


def submit_nomination(
    nomination: Nomination, user, submission_key, now=None, contact_language=""
) -> Nomination:
    """Submit a draft. Idempotent: a repeated request with the same key changes nothing.

    The language active now (the page's) is the nominator's: their receipt and later e-mails
    use it. `contact_language` is the one they chose for the e-mails to the nominee and the
    parent or guardian (their own when not given).

    Checks the deadline (the user's own, with grace) on the server, and every answer. Side
    effects: status submitted, the form snapshot, a revision, an audit event, and after commit
    the confirmation e-mail with its PDF receipt (a task). Raises NominationClosed, or
    SubmissionIncomplete carrying the problems (nothing changed).
    """
    _require_nominator(nomination, user)
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update()
            .select_related("cycle__award")
            .get(pk=nomination.pk)
        )
        if locked.status == Nomination.Status.SUBMITTED and str(locked.submission_key) == str(
            submission_key
        ):
            return locked
        if locked.status != Nomination.Status.DRAFT:
            raise NominationClosed(_("This nomination has already been sent."))
        if not locked.cycle.accepts_submission_from(user, now):
            raise NominationClosed(_("The deadline for this nomination has passed."))
        if str(locked.submission_key) != str(submission_key):
            raise NominationClosed(_("This page is out of date. Review the nomination again."))
        problems = submission_problems(locked)
        if problems:
            raise SubmissionIncomplete(problems)
        locked.form_snapshot = spec.questions_for(locked)
        locked.status = Nomination.Status.SUBMITTED
        locked.submitted_at = now
        locked.language = language_or_default(get_language())
        locked.contact_language = language_or_default(contact_language or locked.language)
        locked.save()
        file_into_dossier(locked)
        ask_third_parties(locked)
        record_revision(locked, user)
        audit(user, "nomination.submitted", locked)
        nomination_id = locked.pk
        transaction.on_commit(lambda: send_submission_receipt.enqueue(nomination_id))
    nomination.refresh_from_db()
    return nomination


ANNOUNCED = _(
    "The results naming this nomination are published. To withdraw it, please contact the "
    "foundation."
)


def withdraw_nomination(nomination: Nomination, user, reason: str = "") -> None:
    """The nominator withdraws a draft or a submission, or staff withdraw one, saying why.

    Once results naming the candidate are published (or scheduled), only staff may: a
    nominator alone must not take an announced winner off the public results
    (NominationClosed, with a message to contact the foundation). Staff give a reason.

    Side effects: status withdrawn; a candidate left with no submitted nomination ends its live
    review assignments (reviewers lose access, scores stop counting) and, if announced, leaves
    the past-winner roster with the results; an audit event. Raises PermissionDenied,
    NominationClosed or WithdrawalRefused (staff without a reason).
    """
    staff = can_change_nominations(user)
    if nomination.nominator_id != getattr(user, "pk", None) and not staff:
        raise PermissionDenied
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.status == Nomination.Status.WITHDRAWN:
            return
        dossier_id = locked.dossier_id
        announced = dossier_id is not None and is_published_candidate(dossier_id)
        by_staff = staff and (announced or locked.nominator_id != user.pk)
        if announced and not staff:
            raise NominationClosed(ANNOUNCED)
        if by_staff and not reason.strip():
            if locked.nominator_id == user.pk:
                # Staff withdrawing their own nomination as its nominator (no reason asked):
                # an announced candidate is withdrawn in the admin, with a reason.
                raise NominationClosed(ANNOUNCED)
            raise WithdrawalRefused("Say why the nomination is withdrawn.")
        locked.status = Nomination.Status.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.save()
        ended = end_review_if_withdrawn(dossier_id)
        if (
            announced
            and dossier_id is not None
            and not Nomination.objects.filter(
                dossier_id=dossier_id, status=Nomination.Status.SUBMITTED
            ).exists()
        ):
            PastWinner.objects.filter(nomination__dossier_id=dossier_id).delete()
        audit(
            user,
            "nomination.withdrawn",
            locked,
            by_staff=by_staff,
            reason=reason.strip()[:500] if by_staff else "",
            assignments_ended=ended,
        )
    nomination.refresh_from_db()


def record_eligibility(nomination: Nomination, user, decision: str, reason: str = "") -> None:
    """Staff decide whether a submitted nomination is eligible, with a reason the nominator may
    be told. Side effects: the decision on the nomination; an audit event. Raises
    PermissionDenied, EligibilityRefused (a nomination not submitted, an ineligible decision
    without a reason) or ValueError (a decision that is not one of Nomination.Eligibility: the
    caller's form offers only those)."""
    require(can_change_nominations(user))
    if nomination.status != Nomination.Status.SUBMITTED:
        raise EligibilityRefused("Only submitted nominations get an eligibility decision.")
    if decision not in Nomination.Eligibility.values:
        raise ValueError(f"Unknown eligibility decision {decision!r}")
    if decision == Nomination.Eligibility.INELIGIBLE and not reason.strip():
        raise EligibilityRefused("Say why the nomination is ineligible.")
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        locked.eligibility = decision
        locked.eligibility_reason = reason.strip()
        locked.save(update_fields=["eligibility", "eligibility_reason", "updated_at"])
        audit(user, "nomination.eligibility", locked, decision=decision)
    nomination.refresh_from_db()
