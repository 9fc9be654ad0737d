"""Staff correct a sent nomination: a reason each time, a revision each time, the nominator's own
version kept and readable on the nomination's page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.domain.corrections import CorrectionRefused, correct_nomination
from awards.domain.nominations import record_revision
from awards.models import Nomination, NominationRevision, PastWinner, Question
from portal.models import AuditEvent
from tests.awards.factories import NominationFactory, QuestionFactory
from tests.factories import CycleFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

TYPED = '=HYPERLINK("http://x") Franklin'


@pytest.fixture
def nomination():
    """A submitted nomination whose nominee's last name was mistyped, as the nominator sent it
    (with the revision its submission kept)."""
    cycle = CycleFactory()
    questions = [
        QuestionFactory(cycle=cycle, key="essay", section="Why them", label="Why this teacher?"),
        QuestionFactory(
            cycle=cycle,
            key="subject",
            section="Why them",
            kind=Question.Kind.SINGLE_CHOICE,
            label="Subject taught",
            choices=["Science", "Art"],
        ),
        QuestionFactory(cycle=cycle, key="letters", section="Support", letters=True),
    ]
    nomination = NominationFactory(
        cycle=cycle,
        status=Nomination.Status.SUBMITTED,
        submitted_at=timezone.now(),
        form_snapshot=[question.snapshot() for question in questions],
        nominee_first_name="Rosalind",
        nominee_last_name=TYPED,
        answers={"essay": "She teaches with grace.", "subject": "Science"},
        answer_languages={"essay": "en"},
    )
    record_revision(nomination, nomination.nominator)
    return nomination


def correct_url(nomination):
    return reverse("nomination:correct", args=(nomination.code,))


def detail_url(nomination):
    return reverse("nomination:inspect", args=(nomination.code,))


# The domain operation ---------------------------------------------------------------------------


def test_correction_changes_the_nomination_and_keeps_the_nominators_version(nomination, staff_user):
    revision = correct_nomination(
        nomination,
        staff_user,
        reason="The nominator's spreadsheet pasted a formula into the name.",
        nominee={"nominee_last_name": "Franklin"},
        answers={"essay": "She teaches with grace and patience."},
    )

    nomination.refresh_from_db()
    assert nomination.nominee_last_name == "Franklin"
    assert nomination.answers == {
        "essay": "She teaches with grace and patience.",
        "subject": "Science",
    }
    # A mended answer keeps the language it was written in.
    assert nomination.answer_languages == {"essay": "en"}
    original, corrected = nomination.revisions.order_by("created_at", "pk")
    assert original.kind == NominationRevision.Kind.NOMINATOR
    assert original.data["nominee_last_name"] == TYPED
    assert original.data["answers"]["essay"] == "She teaches with grace."
    assert corrected == revision
    assert corrected.kind == NominationRevision.Kind.CORRECTION
    assert corrected.created_by == staff_user
    assert corrected.reason == "The nominator's spreadsheet pasted a formula into the name."
    assert corrected.changes == {
        "nominee_last_name": [TYPED, "Franklin"],
        "answers.essay": ["She teaches with grace.", "She teaches with grace and patience."],
    }
    assert corrected.data["nominee_last_name"] == "Franklin"


def test_a_winner_corrected_after_the_results_is_found_on_the_roster_by_the_right_name(
    nomination, staff_user
):
    """The "past winners excluded" rule reads the award's roster: a winner whose name was
    mistyped must be there under the corrected name, or next year's nomination of the same
    person would pass."""
    mistyped = PastWinner.objects.create(
        award=nomination.cycle.award,
        first_name="Rosalind",
        last_name=TYPED,
        year="2025-26",
        nomination=nomination,
    )
    by_hand = PastWinner.objects.create(
        award=nomination.cycle.award, first_name="Lise", last_name="Meitner", year="2019-20"
    )

    correct_nomination(
        nomination, staff_user, reason="Name mistyped.", nominee={"nominee_last_name": "Franklin"}
    )

    mistyped.refresh_from_db()
    by_hand.refresh_from_db()
    assert (mistyped.first_name, mistyped.last_name) == ("Rosalind", "Franklin")
    assert (by_hand.first_name, by_hand.last_name) == ("Lise", "Meitner")


def test_correction_is_audited_with_its_reason(nomination, staff_user):
    correct_nomination(
        nomination, staff_user, reason="Typo.", nominee={"nominee_last_name": "Franklin"}
    )

    event = AuditEvent.objects.get(action="nomination.corrected")
    assert event.actor == staff_user
    assert event.object_code == nomination.code
    assert event.data == {"reason": "Typo.", "fields": ["nominee_last_name"]}


def test_correction_without_a_reason_is_refused_and_changes_nothing(nomination, staff_user):
    with pytest.raises(CorrectionRefused, match="Say why the nomination is corrected"):
        correct_nomination(
            nomination, staff_user, reason="   ", nominee={"nominee_last_name": "Franklin"}
        )

    nomination.refresh_from_db()
    assert nomination.nominee_last_name == TYPED
    assert nomination.revisions.count() == 1
    assert not AuditEvent.objects.filter(action="nomination.corrected").exists()


def test_correction_that_changes_nothing_is_refused(nomination, staff_user):
    with pytest.raises(CorrectionRefused, match="Nothing was changed"):
        correct_nomination(
            nomination, staff_user, reason="Checked.", nominee={"nominee_first_name": "Rosalind"}
        )

    assert nomination.revisions.count() == 1


def test_correction_of_a_draft_is_refused(staff_user):
    draft = NominationFactory()

    with pytest.raises(CorrectionRefused, match="Only a submitted nomination"):
        correct_nomination(draft, staff_user, reason="x", nominee={"nominee_last_name": "Y"})


@pytest.mark.parametrize("role", ["nominator", "reviewer", "other nominator"])
def test_correction_by_anyone_but_staff_is_refused(nomination, reviewer_user, role):
    user = {
        "nominator": nomination.nominator,
        "reviewer": reviewer_user,
        "other nominator": UserFactory(),
    }[role]

    with pytest.raises(PermissionDenied):
        correct_nomination(nomination, user, reason="Mine.", nominee={"nominee_last_name": "X"})

    nomination.refresh_from_db()
    assert nomination.nominee_last_name == TYPED


def test_first_correction_keeps_the_original_of_a_nomination_without_revisions(staff_user):
    """Nominations seeded or sent before revisions were kept: the first correction saves the
    nominator's version first, so it is never lost."""
    nomination = NominationFactory(status=Nomination.Status.SUBMITTED, nominee_last_name="Smtih")

    correct_nomination(
        nomination, staff_user, reason="Typo.", nominee={"nominee_last_name": "Smith"}
    )

    original, corrected = nomination.revisions.order_by("created_at", "pk")
    assert original.created_by == nomination.nominator
    assert original.data["nominee_last_name"] == "Smtih"
    assert corrected.data["nominee_last_name"] == "Smith"


def test_correction_ignores_fields_outside_the_nominee_step_and_the_form(nomination, staff_user):
    correct_nomination(
        nomination,
        staff_user,
        reason="Typo.",
        nominee={"nominee_last_name": "Franklin", "status": "draft", "eligibility": "eligible"},
        answers={"letters": ["x"], "unknown": "y"},
    )

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.eligibility == Nomination.Eligibility.PENDING
    assert "letters" not in nomination.answers
    assert "unknown" not in nomination.answers


# The admin screen -------------------------------------------------------------------------------


def form_data(nomination, **changes):
    """The correction form as it opens (every value as it stands), with `changes`."""
    data = {
        "nominee_first_name": nomination.nominee_first_name,
        "nominee_last_name": nomination.nominee_last_name,
        "nominee_email": nomination.nominee_email,
        "nominee_role": nomination.nominee_role,
        "school": nomination.school_id or "",
        "nominator_relationship": nomination.nominator_relationship,
        "years_at_school": "",
        "years_in_district": "",
        "guardian_name": "",
        "guardian_email": "",
        "answer_essay": nomination.answers["essay"],
        "answer_subject": nomination.answers["subject"],
        "reason": "",
    }
    data.update(changes)
    return data


def test_staff_correct_a_nomination_and_read_its_history(client, staff_user, nomination):
    client.force_login(staff_user)

    form = client.get(correct_url(nomination))
    response = client.post(
        correct_url(nomination),
        form_data(nomination, nominee_last_name="Franklin", reason="Formula pasted as name."),
    )

    assert form.status_code == 200
    assert 'value="=HYPERLINK(&quot;http://x&quot;) Franklin"' in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == detail_url(nomination)
    detail = client.get(detail_url(nomination)).content.decode()
    assert "Formula pasted as name." in detail
    assert staff_user.email in detail
    # The nominator's version stays readable, the mistyped name included (escaped, as text).
    assert "=HYPERLINK(&quot;http://x&quot;) Franklin" in detail
    assert "Sent by the nominator" in detail
    assert "Corrected by staff" in detail
    assert correct_url(nomination) in detail


def test_correction_without_reason_keeps_what_was_typed(client, staff_user, nomination):
    client.force_login(staff_user)

    response = client.post(
        correct_url(nomination), form_data(nomination, nominee_last_name="Franklin")
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert 'value="Franklin"' in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.nominee_last_name == TYPED


def test_correction_that_changes_nothing_says_so_on_the_form(client, staff_user, nomination):
    client.force_login(staff_user)
    revisions = nomination.revisions.count()

    response = client.post(correct_url(nomination), form_data(nomination, reason="Checked."))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was changed: correct at least one value." in html
    assert ">\nChecked.</textarea>" in html  # what was typed is kept
    assert nomination.revisions.count() == revisions
    assert not AuditEvent.objects.filter(action="nomination.corrected").exists()


def test_correction_respects_the_forms_word_limit(client, staff_user, nomination):
    snapshot = nomination.form_snapshot
    snapshot[0]["word_limit"] = 3
    nomination.form_snapshot = snapshot
    nomination.save()
    client.force_login(staff_user)

    response = client.post(
        correct_url(nomination),
        form_data(nomination, answer_essay="one two three four", reason="Shorter."),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["answer_essay"] == ["Use at most 3 words (you have 4)."]


def test_correction_can_move_the_nominee_to_another_school(client, staff_user, nomination):
    school = SchoolFactory(name="Riverside Elementary")
    client.force_login(staff_user)

    client.post(correct_url(nomination), form_data(nomination, school=school.pk, reason="Moved."))

    nomination.refresh_from_db()
    assert nomination.school == school
    detail = client.get(detail_url(nomination)).content.decode()
    assert "Riverside Elementary" in detail


def test_correction_screen_is_404_for_nominator_and_reviewer(client, nomination, in_admin_only):
    """The nominator is sent to sign in as for every admin page; a reviewer let into the admin
    by mistake gets 404, as for a nomination that does not exist."""
    client.force_login(nomination.nominator)
    as_nominator = client.post(
        correct_url(nomination), form_data(nomination, nominee_last_name="X", reason="Mine.")
    )
    client.force_login(in_admin_only)
    as_reviewer = [
        client.get(correct_url(nomination)),
        client.post(
            correct_url(nomination), form_data(nomination, nominee_last_name="X", reason="r")
        ),
    ]

    assert as_nominator.status_code == 302
    assert as_nominator["Location"].startswith("/accounts/login/")
    assert [response.status_code for response in as_reviewer] == [404, 404]
    nomination.refresh_from_db()
    assert nomination.nominee_last_name == TYPED


def test_correction_screen_of_draft_or_unknown_code_is_404(client, staff_user):
    draft = NominationFactory()
    client.force_login(staff_user)

    assert client.get(correct_url(draft)).status_code == 404
    assert client.get("/admin/nomination/notarealcode/correct/").status_code == 404


def test_history_costs_the_same_queries_for_one_correction_or_many(client, staff_user, nomination):
    def detail_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(detail_url(nomination))
        assert response.status_code == 200
        return len(queries)

    client.force_login(staff_user)
    correct_nomination(
        nomination, staff_user, reason="First.", nominee={"nominee_last_name": "Franklin"}
    )
    client.get(detail_url(nomination))  # warms process-wide caches (content types, site)
    with_one = detail_queries()
    for index in range(5):
        school = SchoolFactory()
        correct_nomination(
            nomination,
            UserFactory(staff=True),
            reason=f"Correction {index}.",
            nominee={"school_id": school.pk, "nominee_role": f"Role {index}"},
        )

    with_six = detail_queries()

    assert nomination.revisions.count() == 7
    assert with_six == with_one
