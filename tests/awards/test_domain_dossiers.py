"""Filing a submitted nomination into its candidate's dossier: automatically only when the name
and the school agree and the candidate's review has not started; any other likeness becomes a
suggestion staff merge or dismiss."""

import pytest
from django.core.exceptions import PermissionDenied

from awards.domain.dossiers import accept_suggestion, dismiss_suggestion
from awards.domain.nominations import submit_nomination
from awards.models import Dossier, DossierSuggestion, Nomination
from portal.models import AuditEvent
from review.domain.decisions import record_decision
from review.models import Assignment, Decision, ReviewerEnrolment
from tests.awards.factories import NominationFactory
from tests.factories import SchoolFactory, UserFactory

VICTIM_EMAIL = "jordan.lee@students.example"


@pytest.fixture
def lakeside(db):
    return SchoolFactory(name="Lakeside High")


def nominate(cycle, school, **fields) -> Nomination:
    """A nomination of `fields` (Jordan Lee at `school` unless said otherwise), submitted."""
    nomination = NominationFactory(
        cycle=cycle,
        school=school,
        **{
            "nominee_first_name": "Jordan",
            "nominee_last_name": "Lee",
            "nominee_email": VICTIM_EMAIL,
            **fields,
        },
    )
    submit_nomination(nomination, nomination.nominator, nomination.submission_key)
    nomination.refresh_from_db()
    return nomination


def start_review(dossier) -> None:
    enrolment = ReviewerEnrolment.objects.create(
        cycle=dossier.cycle, reviewer=UserFactory(), status=ReviewerEnrolment.Status.ACTIVE
    )
    Assignment.objects.create(dossier=dossier, enrolment=enrolment)


def suggestions() -> list[tuple[str, str, str]]:
    return [
        (s.nomination.code, s.dossier.code, s.reason)
        for s in DossierSuggestion.objects.order_by("pk")
    ]


def test_same_name_and_school_before_review_are_grouped(cycle, lakeside):
    first = nominate(cycle, lakeside)

    second = nominate(
        cycle, lakeside, nominee_first_name="JORDAN", nominee_last_name="Lée", nominee_email=""
    )

    assert second.dossier_id == first.dossier_id
    assert suggestions() == []


def test_the_same_email_under_another_name_and_school_is_not_grouped_but_suggested(cycle, lakeside):
    victim = nominate(cycle, lakeside)

    injected = nominate(
        cycle,
        SchoolFactory(name="Elsewhere Middle"),
        nominee_first_name="Not",
        nominee_last_name="Jordan",
        nominee_email=VICTIM_EMAIL.upper(),
        answers={"impact": "Text the attacker wants reviewers to read."},
    )

    assert injected.dossier_id != victim.dossier_id
    assert list(victim.dossier.nominations.all()) == [victim]
    assert suggestions() == [
        (injected.code, victim.dossier.code, DossierSuggestion.Reason.SAME_EMAIL)
    ]


@pytest.mark.parametrize("started_by", ["assignment", "decision"])
def test_same_name_and_school_once_review_started_are_not_grouped_but_suggested(
    cycle, lakeside, staff_user, started_by
):
    under_review = nominate(cycle, lakeside)
    if started_by == "assignment":
        start_review(under_review.dossier)
    else:
        record_decision(cycle, under_review.dossier, staff_user, outcome=Decision.Outcome.FINALIST)

    late = nominate(cycle, lakeside)

    assert late.dossier_id != under_review.dossier_id
    assert list(under_review.dossier.nominations.all()) == [under_review]
    assert suggestions() == [
        (late.code, under_review.dossier.code, DossierSuggestion.Reason.UNDER_REVIEW)
    ]


def test_a_nomination_that_matches_nothing_starts_its_own_candidate(cycle, lakeside):
    nominate(cycle, lakeside)

    other = nominate(
        cycle, lakeside, nominee_first_name="Sam", nominee_email="sam@students.example"
    )

    assert other.dossier.nominations.count() == 1
    assert suggestions() == []


def test_staff_accept_a_suggestion_through_the_merge(cycle, lakeside, staff_user):
    victim = nominate(cycle, lakeside)
    nominate(cycle, SchoolFactory(), nominee_first_name="J.", nominee_email=VICTIM_EMAIL)
    suggestion = DossierSuggestion.objects.get()
    emptied = suggestion.nomination.dossier

    accept_suggestion(suggestion, staff_user)

    suggestion.refresh_from_db()
    assert suggestion.resolution == DossierSuggestion.Resolution.MERGED
    assert (suggestion.resolved_by, suggestion.resolved_at is not None) == (staff_user, True)
    assert set(victim.dossier.nominations.all()) == {victim, suggestion.nomination}
    assert Dossier.objects.filter(pk=emptied.pk).exists() is False
    assert AuditEvent.objects.filter(action="dossier.merged").count() == 1


def test_staff_dismiss_a_suggestion_and_nothing_moves(cycle, lakeside, staff_user):
    victim = nominate(cycle, lakeside)
    nominate(cycle, SchoolFactory(), nominee_first_name="J.", nominee_email=VICTIM_EMAIL)
    suggestion = DossierSuggestion.objects.get()

    dismiss_suggestion(suggestion, staff_user)

    suggestion.refresh_from_db()
    assert suggestion.resolution == DossierSuggestion.Resolution.DISMISSED
    assert list(victim.dossier.nominations.all()) == [victim]
    assert AuditEvent.objects.filter(action="dossier.suggestion_dismissed").count() == 1


def test_only_staff_resolve_suggestions(cycle, lakeside):
    nominate(cycle, lakeside)
    injected = nominate(cycle, SchoolFactory(), nominee_first_name="J.")
    suggestion = DossierSuggestion.objects.get()

    for operation in (accept_suggestion, dismiss_suggestion):
        with pytest.raises(PermissionDenied):
            operation(suggestion, injected.nominator)

    suggestion.refresh_from_db()
    assert suggestion.resolution == ""
