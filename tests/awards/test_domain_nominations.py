import io
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from pypdf import PdfReader

from awards import spec
from awards.domain.nominations import (
    DraftChangedElsewhere,
    EligibilityRefused,
    NominationClosed,
    SubmissionIncomplete,
    SubmissionProblems,
    draft_version,
    record_eligibility,
    save_draft,
    start_nomination,
    submission_problems,
    submit_nomination,
    update_submitted,
    withdraw_nomination,
)
from awards.forms import NomineeForm
from awards.models import Cycle, Nomination, NominationRevision
from portal.models import AuditEvent
from tests.awards.conftest import COMPLETE_ANSWERS, exactly
from tests.awards.factories import DeadlineExtensionFactory, NominationFactory, QuestionFactory
from tests.factories import CycleFactory, UserFactory

OPENS_AT = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
CLOSES_AT = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
GRACE = timedelta(hours=2)
TICK = timedelta(microseconds=1)


def audit_actions(nomination) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_code=nomination.code)
        .order_by("id")
        .values_list("action", flat=True)
    )


def pdf_text(data: bytes) -> str:
    """The PDF's text with every run of whitespace made one space (lines wrap anywhere)."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def move_deadline(cycle, closes_at) -> None:
    cycle.opens_at = closes_at - timedelta(days=30)
    cycle.closes_at = closes_at
    cycle.save()


@pytest.fixture
def submitted(draft, user, django_capture_on_commit_callbacks):
    """The draft, submitted (its receipt e-mail is in the outbox)."""
    with django_capture_on_commit_callbacks(execute=True):
        submit_nomination(draft, user, draft.submission_key)
    return draft


@pytest.fixture
def dated_cycle(db):
    """An open cycle with fixed dates and a two-hour grace period, and no questions."""
    return CycleFactory(opens_at=OPENS_AT, closes_at=CLOSES_AT, grace_period=GRACE)


# start_nomination


def test_start_nomination_creates_an_empty_draft_and_an_audit_event(cycle, user):
    nomination = start_nomination(user, cycle)

    assert nomination.status == Nomination.Status.DRAFT
    assert nomination.nominator == user
    assert nomination.cycle == cycle
    assert nomination.answers == {}
    assert audit_actions(nomination) == ["nomination.started"]


def test_start_nomination_keeps_whether_it_was_opened_on_a_phone(cycle, user):
    assert start_nomination(user, cycle, on_phone=True).started_on_phone is True


def test_start_nomination_reusing_an_untouched_draft_keeps_its_first_device(cycle, user):
    first = start_nomination(user, cycle, on_phone=False)

    again = start_nomination(user, cycle, on_phone=True)

    assert again == first
    assert again.started_on_phone is False


def test_start_nomination_anonymous_user_is_refused(cycle):
    with pytest.raises(PermissionDenied):
        start_nomination(AnonymousUser(), cycle)

    assert Nomination.objects.count() == 0


@pytest.mark.parametrize(
    "cycle_fields",
    [
        {"status": Cycle.Status.DRAFT},
        {"status": Cycle.Status.REVIEW},
        {"status": Cycle.Status.CLOSED},
        {"opens_at": OPENS_AT, "closes_at": CLOSES_AT},
    ],
    ids=["draft-cycle", "in-review", "closed-status", "opens-later"],
)
def test_start_nomination_cycle_not_accepting_is_refused(user, cycle_fields):
    cycle = CycleFactory(**cycle_fields)

    with pytest.raises(NominationClosed, match=exactly("Nominations for this award are closed.")):
        start_nomination(user, cycle, now=OPENS_AT - timedelta(days=1))

    assert Nomination.objects.count() == 0


def test_start_nomination_after_closing_is_refused(user, dated_cycle):
    with pytest.raises(NominationClosed):
        start_nomination(user, dated_cycle, now=CLOSES_AT + GRACE)

    assert Nomination.objects.count() == 0


# save_draft


def test_save_draft_keeps_partial_and_invalid_answers(draft, user):
    save_draft(
        draft,
        user,
        answers={
            "impact": "word " * 80,
            "subjects": ["Cooking"],
            "years": "",
        },
    )

    draft.refresh_from_db()
    assert draft.answers == {
        **COMPLETE_ANSWERS,
        "impact": "word " * 80,
        "subjects": ["Cooking"],
        "years": "",
    }


def test_save_draft_two_saves_from_one_version_the_second_is_refused(draft, user):
    # Two tabs opened on the same saved state; each saves what it typed.
    opened_at = draft_version(Nomination.objects.get(pk=draft.pk))
    first_name = draft.nominee_first_name
    first_tab = Nomination.objects.get(pk=draft.pk)
    second_tab = Nomination.objects.get(pk=draft.pk)
    save_draft(
        first_tab, user, answers={"impact": "Newer, from the laptop."}, edited_from=opened_at
    )

    with pytest.raises(DraftChangedElsewhere):
        save_draft(
            second_tab,
            user,
            nominee={"nominee_first_name": "Stale"},
            answers={"impact": "Older, from the phone."},
            edited_from=opened_at,
        )

    draft.refresh_from_db()
    assert draft.answers["impact"] == "Newer, from the laptop."
    assert draft.nominee_first_name == first_name != "Stale"
    assert draft_version(draft) == draft_version(first_tab)


def test_save_draft_saves_from_one_tab_in_turn_all_succeed(draft, user):
    version = draft_version(draft)
    for text in ("One", "One two", "One two three"):
        save_draft(draft, user, answers={"impact": text}, edited_from=version)
        assert draft_version(draft) != version
        version = draft_version(draft)

    draft.refresh_from_db()
    assert draft.answers["impact"] == "One two three"


def test_save_draft_keeps_an_invalid_nominee_step(cycle, questions, user):
    nomination = start_nomination(user, cycle)
    form = NomineeForm(
        {"nominee_first_name": "Margaret", "nominee_email": "not-an-address"}, award=cycle.award
    )

    save_draft(nomination, user, nominee=form.raw_values())

    nomination.refresh_from_db()
    assert form.is_valid() is False
    assert nomination.nominee_first_name == "Margaret"
    assert nomination.nominee_email == "not-an-address"
    assert nomination.school_id is None


def test_save_draft_ignores_unknown_answer_keys(draft, user):
    save_draft(draft, user, answers={"impact": "Kind.", "is_winner": "yes"})

    draft.refresh_from_db()
    assert draft.answers == {**COMPLETE_ANSWERS, "impact": "Kind."}


def test_save_draft_ignores_fields_outside_the_nominee_step(draft, user):
    other = UserFactory()

    save_draft(
        draft,
        user,
        nominee={
            "nominee_first_name": "Ada",
            "status": Nomination.Status.SUBMITTED,
            "eligibility": Nomination.Eligibility.ELIGIBLE,
            "nominator_id": other.pk,
            "form_snapshot": [],
        },
    )

    draft.refresh_from_db()
    assert draft.nominee_first_name == "Ada"
    assert draft.status == Nomination.Status.DRAFT
    assert draft.eligibility == Nomination.Eligibility.PENDING
    assert draft.nominator == user


def test_save_draft_overlong_nominee_values_fit_their_columns(draft, user):
    form = NomineeForm({"nominee_first_name": "M" * 140}, award=draft.cycle.award)

    save_draft(draft, user, nominee=form.raw_values())

    draft.refresh_from_db()
    assert draft.nominee_first_name == "M" * 100


def test_save_draft_another_user_is_refused(draft):
    with pytest.raises(PermissionDenied):
        save_draft(draft, UserFactory(), answers={"impact": "Hijacked."})

    draft.refresh_from_db()
    assert draft.answers == COMPLETE_ANSWERS


def test_save_draft_submitted_nomination_is_refused(submitted, user):
    with pytest.raises(NominationClosed, match=exactly("Only drafts save automatically.")):
        save_draft(submitted, user, answers={"impact": "Changed quietly."})

    submitted.refresh_from_db()
    assert submitted.answers == COMPLETE_ANSWERS


def test_save_draft_after_the_deadline_is_refused(draft, user):
    move_deadline(draft.cycle, timezone.now() - timedelta(minutes=1))

    with pytest.raises(
        NominationClosed, match=exactly("The deadline for this nomination has passed.")
    ):
        save_draft(draft, user, answers={"impact": "Late."})


# submission_problems


def test_submission_problems_empty_draft_lists_problems_by_step(cycle, questions, user):
    nomination = start_nomination(user, cycle)

    problems = submission_problems(nomination)

    required = ["This field is required."]
    needs_answer = ["This question needs an answer."]
    assert problems.by_step == {
        1: {
            "nominee_first_name": required,
            "nominee_last_name": required,
            "nominee_role": required,
            "school": required,
            "nominator_relationship": required,
        },
        2: {"impact": needs_answer, "subjects": needs_answer},
        3: {"years": needs_answer, "attest": needs_answer},
    }


def test_submission_problems_complete_draft_has_none(draft):
    assert submission_problems(draft).by_step == {}
    assert bool(submission_problems(draft)) is False


def test_submission_problems_active_conditional_question_must_be_answered(draft):
    draft.answers = {**COMPLETE_ANSWERS, "lab_story": ""}

    assert submission_problems(draft).by_step == {
        2: {"lab_story": ["This question needs an answer."]}
    }


def test_submission_problems_inactive_conditional_question_is_skipped(draft):
    draft.answers = {**COMPLETE_ANSWERS, "subjects": ["Art"], "lab_story": ""}

    assert submission_problems(draft).by_step == {}


def test_submission_problems_ineligible_school_is_a_nominee_step_problem(draft):
    draft.cycle.award.title_i_only = True
    draft.cycle.award.save()

    assert list(submission_problems(draft).by_step) == [1]
    assert list(submission_problems(draft).by_step[1]) == ["school"]


def test_submission_problems_counts_files_and_letters(draft, questions):
    questions["documents"].required = True
    questions["documents"].save()
    questions["support"].min_letters = 1
    questions["support"].save()

    assert submission_problems(draft).by_step == {
        4: {
            "documents": ["Upload a file."],
            "support": ["Ask for at least 1 letter of support."],
        }
    }


# submit_nomination


def test_submit_nomination_sets_status_time_snapshot_revision_and_audit(
    draft, user, questions, django_capture_on_commit_callbacks
):
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        result = submit_nomination(draft, user, draft.submission_key, now=now)

    draft.refresh_from_db()
    assert result == draft
    assert draft.status == Nomination.Status.SUBMITTED
    assert draft.submitted_at == now
    assert draft.form_snapshot == [question.snapshot() for question in questions.values()]
    revision = NominationRevision.objects.get(nomination=draft)
    assert revision.created_by == user
    assert revision.data["status"] == Nomination.Status.SUBMITTED
    assert revision.data["answers"] == COMPLETE_ANSWERS
    assert revision.data["nominee_last_name"] == "Hamilton"
    assert audit_actions(draft) == ["nomination.submitted"]


def test_submit_nomination_emails_the_nominator_one_pdf_receipt(
    draft, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_nomination(draft, user, draft.submission_key)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == f"Nomination received: {draft.cycle.award.name}"
    assert draft.code in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename == f"nomination-{draft.code}.pdf"
    assert mimetype == "application/pdf"
    text = pdf_text(content)
    assert "Margaret Hamilton" in text
    assert COMPLETE_ANSWERS["lab_story"] in text


def test_submit_nomination_sends_nothing_before_commit(
    draft, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_nomination(draft, user, draft.submission_key)

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_submit_nomination_twice_with_the_same_key_is_idempotent(
    draft, user, django_capture_on_commit_callbacks
):
    key = str(draft.submission_key)

    with django_capture_on_commit_callbacks(execute=True):
        submit_nomination(draft, user, key)
    first_submitted_at = Nomination.objects.get().submitted_at
    with django_capture_on_commit_callbacks(execute=True) as second_callbacks:
        again = submit_nomination(draft, user, key)

    assert again.status == Nomination.Status.SUBMITTED
    assert Nomination.objects.count() == 1
    assert Nomination.objects.get().submitted_at == first_submitted_at
    assert NominationRevision.objects.count() == 1
    assert audit_actions(draft) == ["nomination.submitted"]
    assert second_callbacks == []
    assert len(mail.outbox) == 1


def test_submit_nomination_wrong_key_is_refused(draft, user, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(
            NominationClosed,
            match=exactly("This page is out of date. Review the nomination again."),
        ),
    ):
        submit_nomination(draft, user, "00000000-0000-0000-0000-000000000000")

    draft.refresh_from_db()
    assert draft.status == Nomination.Status.DRAFT
    assert NominationRevision.objects.count() == 0
    assert mail.outbox == []


def test_submit_nomination_again_with_another_key_is_refused(submitted, user):
    with pytest.raises(NominationClosed, match=exactly("This nomination has already been sent.")):
        submit_nomination(submitted, user, "00000000-0000-0000-0000-000000000000")

    assert NominationRevision.objects.count() == 1


def test_submit_nomination_another_user_is_refused(draft):
    with pytest.raises(PermissionDenied):
        submit_nomination(draft, UserFactory(), draft.submission_key)

    draft.refresh_from_db()
    assert draft.status == Nomination.Status.DRAFT


def test_submit_nomination_with_problems_raises_them_and_changes_nothing(
    draft, user, django_capture_on_commit_callbacks
):
    draft.answers = {**COMPLETE_ANSWERS, "years": "40"}
    draft.save()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(SubmissionIncomplete) as raised,
    ):
        submit_nomination(draft, user, draft.submission_key)

    problems = raised.value.problems
    assert isinstance(problems, SubmissionProblems)
    assert problems.by_step == {3: {"years": ["Choose one of the options."]}}
    draft.refresh_from_db()
    assert draft.status == Nomination.Status.DRAFT
    assert draft.form_snapshot == []
    assert draft.submitted_at is None
    assert mail.outbox == []


def test_submit_nomination_withdrawn_is_refused(draft, user):
    withdraw_nomination(draft, user)

    with pytest.raises(NominationClosed):
        submit_nomination(draft, user, draft.submission_key)


@pytest.mark.parametrize(
    "now",
    [CLOSES_AT - TICK, CLOSES_AT, CLOSES_AT + GRACE - TICK],
    ids=["just-before-closing", "at-closing-within-grace", "end-of-grace"],
)
def test_submit_nomination_before_the_end_of_grace_is_accepted(dated_cycle, user, now):
    nomination = NominationFactory(cycle=dated_cycle, nominator=user)

    submit_nomination(nomination, user, nomination.submission_key, now=now)

    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.submitted_at == now


@pytest.mark.parametrize(
    "now",
    [CLOSES_AT + GRACE, CLOSES_AT + timedelta(days=1)],
    ids=["grace-over", "a-day-late"],
)
def test_submit_nomination_after_grace_is_refused(dated_cycle, user, now):
    nomination = NominationFactory(cycle=dated_cycle, nominator=user)

    with pytest.raises(
        NominationClosed, match=exactly("The deadline for this nomination has passed.")
    ):
        submit_nomination(nomination, user, nomination.submission_key, now=now)

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.DRAFT


def test_submit_nomination_before_opening_is_refused(dated_cycle, user):
    nomination = NominationFactory(cycle=dated_cycle, nominator=user)

    with pytest.raises(NominationClosed):
        submit_nomination(nomination, user, nomination.submission_key, now=OPENS_AT - TICK)


def test_submit_nomination_extension_lets_only_its_nominator_submit_late(dated_cycle, user):
    other = UserFactory()
    DeadlineExtensionFactory(cycle=dated_cycle, nominator=user, closes_at=CLOSES_AT + timedelta(3))
    extended = NominationFactory(cycle=dated_cycle, nominator=user)
    not_extended = NominationFactory(cycle=dated_cycle, nominator=other)
    a_day_late = CLOSES_AT + timedelta(days=1)

    submit_nomination(extended, user, extended.submission_key, now=a_day_late)
    with pytest.raises(NominationClosed):
        submit_nomination(not_extended, other, not_extended.submission_key, now=a_day_late)

    assert extended.status == Nomination.Status.SUBMITTED
    not_extended.refresh_from_db()
    assert not_extended.status == Nomination.Status.DRAFT


def test_submit_nomination_extension_ends_with_its_own_grace(dated_cycle, user):
    extension = DeadlineExtensionFactory(cycle=dated_cycle, nominator=user)
    nomination = NominationFactory(cycle=dated_cycle, nominator=user)

    with pytest.raises(NominationClosed):
        submit_nomination(
            nomination, user, nomination.submission_key, now=extension.closes_at + GRACE
        )
    submit_nomination(
        nomination, user, nomination.submission_key, now=extension.closes_at + GRACE - TICK
    )

    assert nomination.status == Nomination.Status.SUBMITTED


def test_submit_nomination_extension_earlier_than_the_cycle_changes_nothing(dated_cycle, user):
    DeadlineExtensionFactory(cycle=dated_cycle, nominator=user, closes_at=CLOSES_AT - timedelta(3))
    nomination = NominationFactory(cycle=dated_cycle, nominator=user)

    submit_nomination(nomination, user, nomination.submission_key, now=CLOSES_AT - TICK)

    assert nomination.status == Nomination.Status.SUBMITTED


# The form snapshot


def test_submitted_nomination_keeps_its_questions_when_the_form_changes(submitted, questions):
    before = spec.questions_for(submitted)
    questions["impact"].label = "A question reworded after the nomination arrived"
    questions["impact"].word_limit = 3
    questions["impact"].save()
    questions["years"].delete()
    QuestionFactory(cycle=submitted.cycle, key="added-later", section="Why this teacher")

    submitted.refresh_from_db()
    assert spec.questions_for(submitted) == before
    assert [q["key"] for q in before] == list(questions)
    assert before[0]["label"] == "How has this teacher changed your child's year?"
    assert submission_problems(submitted).by_step == {}


def test_submitted_nomination_with_no_questions_keeps_answering_none(dated_cycle, user):
    nomination = NominationFactory(cycle=dated_cycle, nominator=user)
    submit_nomination(nomination, user, nomination.submission_key, now=CLOSES_AT - TICK)

    QuestionFactory(cycle=dated_cycle, key="added-later", required=True)

    nomination.refresh_from_db()
    assert nomination.form_snapshot == []
    assert spec.questions_for(nomination) == []
    assert submission_problems(nomination).by_step == {}


# update_submitted


def test_update_submitted_records_a_revision_per_edit(submitted, user):
    update_submitted(submitted, user, answers={"impact": "First change."})
    update_submitted(submitted, user, nominee={"nominee_role": "Principal"})

    submitted.refresh_from_db()
    assert submitted.answers == {**COMPLETE_ANSWERS, "impact": "First change."}
    assert submitted.nominee_role == "Principal"
    revisions = list(submitted.revisions.order_by("id"))
    assert len(revisions) == 3
    assert [r.data["answers"]["impact"] for r in revisions] == [
        COMPLETE_ANSWERS["impact"],
        "First change.",
        "First change.",
    ]
    assert [r.data["nominee_role"] for r in revisions] == [
        "7th grade science teacher",
        "7th grade science teacher",
        "Principal",
    ]
    assert audit_actions(submitted) == [
        "nomination.submitted",
        "nomination.edited",
        "nomination.edited",
    ]


def test_update_submitted_ignores_keys_outside_the_snapshot(submitted, user):
    QuestionFactory(cycle=submitted.cycle, key="added-later")

    update_submitted(submitted, user, answers={"added-later": "Sneaked in.", "impact": "Edited."})

    submitted.refresh_from_db()
    assert submitted.answers == {**COMPLETE_ANSWERS, "impact": "Edited."}


def test_update_submitted_ignores_fields_outside_the_nominee_step(submitted, user):
    update_submitted(
        submitted,
        user,
        nominee={"nominee_first_name": "Ada", "eligibility": Nomination.Eligibility.ELIGIBLE},
    )

    submitted.refresh_from_db()
    assert submitted.nominee_first_name == "Ada"
    assert submitted.eligibility == Nomination.Eligibility.PENDING


def test_update_submitted_after_the_deadline_is_refused(submitted, user):
    move_deadline(submitted.cycle, timezone.now() - timedelta(minutes=1))

    with pytest.raises(
        NominationClosed, match=exactly("This nomination can no longer be changed.")
    ):
        update_submitted(submitted, user, answers={"impact": "Too late."})

    submitted.refresh_from_db()
    assert submitted.answers == COMPLETE_ANSWERS
    assert submitted.revisions.count() == 1


def test_update_submitted_draft_is_refused(draft, user):
    with pytest.raises(NominationClosed):
        update_submitted(draft, user, answers={"impact": "Not yet sent."})

    assert NominationRevision.objects.count() == 0


def test_update_submitted_another_user_is_refused(submitted):
    with pytest.raises(PermissionDenied):
        update_submitted(submitted, UserFactory(), answers={"impact": "Hijacked."})

    submitted.refresh_from_db()
    assert submitted.answers == COMPLETE_ANSWERS


# withdraw_nomination


def test_withdraw_nomination_submitted(submitted, user):
    withdraw_nomination(submitted, user)

    assert submitted.status == Nomination.Status.WITHDRAWN
    assert submitted.withdrawn_at is not None
    assert audit_actions(submitted) == ["nomination.submitted", "nomination.withdrawn"]


def test_withdraw_nomination_twice_records_one_event(draft, user):
    withdraw_nomination(draft, user)
    first_withdrawn_at = draft.withdrawn_at
    withdraw_nomination(draft, user)

    assert draft.withdrawn_at == first_withdrawn_at
    assert audit_actions(draft) == ["nomination.withdrawn"]


def test_withdraw_nomination_another_user_is_refused(draft):
    with pytest.raises(PermissionDenied):
        withdraw_nomination(draft, UserFactory())

    draft.refresh_from_db()
    assert draft.status == Nomination.Status.DRAFT


def test_withdrawn_nomination_can_no_longer_be_edited(submitted, user):
    withdraw_nomination(submitted, user)

    with pytest.raises(NominationClosed):
        update_submitted(submitted, user, answers={"impact": "Changed after withdrawing."})


# record_eligibility


def test_record_eligibility_by_staff(submitted, staff_user):
    record_eligibility(submitted, staff_user, Nomination.Eligibility.ELIGIBLE)

    assert submitted.eligibility == Nomination.Eligibility.ELIGIBLE
    assert submitted.eligibility_reason == ""
    event = AuditEvent.objects.get(action="nomination.eligibility")
    assert (event.actor, event.object_code, event.data) == (
        staff_user,
        submitted.code,
        {"decision": "eligible"},
    )


def test_record_eligibility_ineligible_with_a_reason(submitted, staff_user):
    record_eligibility(
        submitted, staff_user, Nomination.Eligibility.INELIGIBLE, "  Not a district school.  "
    )

    assert submitted.eligibility == Nomination.Eligibility.INELIGIBLE
    assert submitted.eligibility_reason == "Not a district school."


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_record_eligibility_ineligible_without_a_reason_is_refused(submitted, staff_user, reason):
    with pytest.raises(EligibilityRefused, match=exactly("Say why the nomination is ineligible.")):
        record_eligibility(submitted, staff_user, Nomination.Eligibility.INELIGIBLE, reason)

    submitted.refresh_from_db()
    assert submitted.eligibility == Nomination.Eligibility.PENDING


def test_record_eligibility_unknown_decision_is_refused(submitted, staff_user):
    with pytest.raises(ValueError, match=exactly("Unknown eligibility decision 'maybe'")):
        record_eligibility(submitted, staff_user, "maybe")


@pytest.mark.parametrize("role", ["nominator", "other-nominator", "reviewer", "anonymous"])
def test_record_eligibility_without_staff_rights_is_refused(submitted, user, role):
    actor = {
        "nominator": user,
        "other-nominator": UserFactory(),
        "reviewer": UserFactory(reviewer=True),
        "anonymous": AnonymousUser(),
    }[role]

    with pytest.raises(PermissionDenied):
        record_eligibility(submitted, actor, Nomination.Eligibility.ELIGIBLE)

    submitted.refresh_from_db()
    assert submitted.eligibility == Nomination.Eligibility.PENDING
    assert "nomination.eligibility" not in audit_actions(submitted)
