"""Answers from people other than the nominator: the parent or guardian's consent to publish a
student's name, and the nominee's own answer to being nominated."""

import pytest
from django.core import mail

from awards.domain.nominations import submit_nomination
from awards.domain.responses import record_guardian_consent
from awards.models import Nomination, NomineeCategory
from cms.models import ResultsPage
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.models import Decision
from review.results import published_results
from tests.awards.factories import NominationFactory
from tests.factories import AwardFactory, CycleFactory, UserFactory

GUARDIAN_EMAIL = "guardian@family.example"


@pytest.fixture
def second_staff(db):
    return UserFactory(staff=True, verified=True)


def submitted_nomination(award, user, school, capture, **fields) -> Nomination:
    """A nomination of Margaret Hamilton for `award`, with her guardian's name and address,
    submitted (e-mails sent)."""
    nomination = NominationFactory(
        cycle=CycleFactory(award=award),
        nominator=user,
        school=school,
        guardian_name="Gwen Guardian",
        guardian_email=GUARDIAN_EMAIL,
        **fields,
    )
    with capture(execute=True):
        submit_nomination(nomination, user, nomination.submission_key)
    nomination.refresh_from_db()
    return nomination


def announce(nomination, staff_user, second_staff) -> list[str]:
    """The nominee decided a winner and published now; the names the public results show."""
    cycle = nomination.cycle
    record_decision(cycle, nomination.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    request_publication(cycle, staff_user)
    approve_publication(cycle, second_staff)
    return [result.name for result in published_results(cycle=cycle)]


def results_page_html(client, cycle) -> str:
    page = ResultsPage.objects.get(cycle=cycle)
    return client.get(page.get_url()).content.decode()


# The award's "requires guardian consent" setting


@pytest.mark.parametrize("category", [NomineeCategory.TEACHER, NomineeCategory.STUDENT])
def test_guardian_consent_required_asks_the_guardian_and_withholds_the_name_until_consent(
    client,
    user,
    school,
    staff_user,
    second_staff,
    home_page,
    django_capture_on_commit_callbacks,
    category,
):
    award = AwardFactory(category=category, requires_guardian_consent=True)

    nomination = submitted_nomination(award, user, school, django_capture_on_commit_callbacks)

    assert nomination.guardian_consent == Nomination.Response.PENDING
    assert [message.to for message in mail.outbox if GUARDIAN_EMAIL in message.to] == [
        [GUARDIAN_EMAIL]
    ]
    assert announce(nomination, staff_user, second_staff) == [f"A student at {school.name}"]
    assert "Hamilton" not in results_page_html(client, nomination.cycle)

    record_guardian_consent(nomination, consent=True, signature="Gwen Guardian")

    assert [result.name for result in published_results(cycle=nomination.cycle)] == [
        "Margaret Hamilton"
    ]
    assert "Margaret Hamilton" in results_page_html(client, nomination.cycle)


def test_guardian_consent_not_required_asks_no_guardian_and_names_the_winner(
    client, user, school, staff_user, second_staff, home_page, django_capture_on_commit_callbacks
):
    award = AwardFactory(category=NomineeCategory.TEACHER, requires_guardian_consent=False)

    nomination = submitted_nomination(award, user, school, django_capture_on_commit_callbacks)

    assert nomination.guardian_consent == Nomination.Response.NOT_ASKED
    assert [message for message in mail.outbox if GUARDIAN_EMAIL in message.to] == []
    assert announce(nomination, staff_user, second_staff) == ["Margaret Hamilton"]
    assert "Margaret Hamilton" in results_page_html(client, nomination.cycle)
