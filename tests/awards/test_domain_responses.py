"""Answers from people other than the nominator: the parent or guardian's consent to publish a
student's name, and the nominee's own answer to being nominated."""

import pytest
from django.core import mail

from awards.domain.nominations import submit_nomination
from awards.domain.responses import record_guardian_consent, record_nominee_response
from awards.models import Award, Nomination, NomineeCategory
from awards.tokens import nomination_for_nominee, nominee_token
from cms.models import ResultsPage
from review.domain.assignment import candidates_for_review
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.domain.ranking import RankingPages, compute_ranking
from review.models import Decision, OutgoingMessage
from review.queries import assignments_for
from review.results import published_results
from tests.awards.factories import NominationFactory, submitted_review
from tests.factories import AwardFactory, CycleFactory, UserFactory, close_nominations

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
    close_nominations(cycle)
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

    with django_capture_on_commit_callbacks(execute=True):  # committed, as the guardian's is
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


# The nominee's answer: "No, please withdraw me"


@pytest.fixture
def notify_award(db):
    return AwardFactory(nominee_notice=Award.NomineeNotice.NOTIFY, nominee_handoff=True)


def decline(nomination) -> None:
    """The nominee answers "No, please withdraw me" through their e-mailed link."""
    record_nominee_response(
        nomination_for_nominee(nominee_token(nomination)), accepted=False, statement=""
    )
    nomination.refresh_from_db()


def reviewed_dossier_ids(cycle) -> list[int]:
    return [entry.dossier_id for entry in RankingPages(cycle, unranked=True)[0:100]]


def test_a_nominees_decline_withdraws_the_nomination_from_review(
    notify_award, user, school, django_capture_on_commit_callbacks
):
    nomination = submitted_nomination(
        notify_award, user, school, django_capture_on_commit_callbacks
    )
    assert nomination.nominee_response == Nomination.Response.PENDING
    reviewer = submitted_review(nomination.dossier).enrolment.reviewer
    cycle = nomination.cycle
    assert reviewed_dossier_ids(cycle) == [nomination.dossier_id]
    assert assignments_for(reviewer).count() == 1

    decline(nomination)

    assert nomination.status == Nomination.Status.WITHDRAWN
    assert nomination.nominee_response == Nomination.Response.DECLINED
    assert nomination.nominee_responded_at is not None
    assert nomination.withdrawn_at is not None
    assert assignments_for(reviewer).count() == 0
    assert compute_ranking(cycle).entries == []
    assert list(candidates_for_review(cycle)) == []
    assert reviewed_dossier_ids(cycle) == []


def test_a_nominee_who_declined_is_neither_published_nor_written_about(
    client,
    notify_award,
    user,
    school,
    staff_user,
    second_staff,
    home_page,
    django_capture_on_commit_callbacks,
):
    nomination = submitted_nomination(
        notify_award, user, school, django_capture_on_commit_callbacks
    )
    cycle = nomination.cycle
    record_decision(cycle, nomination.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    decline(nomination)
    mail.outbox.clear()
    before = list(OutgoingMessage.objects.values_list("pk", flat=True))  # the hand-off
    close_nominations(cycle)

    with django_capture_on_commit_callbacks(execute=True):
        request_publication(cycle, staff_user)
        approve_publication(cycle, second_staff)

    assert published_results(cycle=cycle) == []
    assert "Hamilton" not in results_page_html(client, cycle)
    written = list(
        OutgoingMessage.objects.exclude(pk__in=before).values_list("to", "subject", "body")
    )
    written += [(", ".join(m.to), m.subject, m.body) for m in mail.outbox]
    assert [row for row in written if "Hamilton" in " ".join(row)] == []
    recipients = " ".join(row[0] for row in written)
    assert nomination.nominee_email not in recipients
    assert user.email not in recipients


def test_a_decline_withdraws_every_nomination_of_the_candidate_sent_to_that_address(
    notify_award, user, school, django_capture_on_commit_callbacks
):
    first = submitted_nomination(notify_award, user, school, django_capture_on_commit_callbacks)
    cycle = first.cycle
    same_address, other_address = (
        NominationFactory(
            cycle=cycle,
            school=school,
            nominee_email=email,
            status=Nomination.Status.SUBMITTED,
            dossier=first.dossier,
            nominee_response=Nomination.Response.PENDING,
        )
        for email in ("M.Hamilton@School.example", "margaret@home.example")
    )

    decline(first)

    same_address.refresh_from_db()
    other_address.refresh_from_db()
    assert same_address.status == Nomination.Status.WITHDRAWN
    assert same_address.nominee_response == Nomination.Response.DECLINED
    # Another address may be another person's: their own link decides for them.
    assert other_address.status == Nomination.Status.SUBMITTED
    assert list(candidates_for_review(cycle)) == [first.dossier]
