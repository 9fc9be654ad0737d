"""Staff see what the nominee and the parent or guardian answered, on the nomination and in the
export, and send a lost consent request or hand-off link again."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from awards.domain.responses import (
    AskingAgainRefused,
    resend_guardian_request,
    resend_nominee_handoff,
)
from awards.exports import nomination_rows
from awards.models import Award, Nomination
from portal.models import AuditEvent
from tests.awards.factories import NominationFactory
from tests.factories import AwardFactory, CycleFactory

pytestmark = pytest.mark.django_db

GUARDIAN = "pat.parent@family.example"
NOMINEE = "sam.student@school.example"


@pytest.fixture
def nomination():
    """A student's nomination on an award that asks a guardian and tells the nominee; both
    were asked and neither has answered."""
    award = AwardFactory(requires_guardian_consent=True, nominee_notice=Award.NomineeNotice.NOTIFY)
    return NominationFactory(
        cycle=CycleFactory(award=award),
        status=Nomination.Status.SUBMITTED,
        submitted_at=timezone.now(),
        nominee_email=NOMINEE,
        guardian_name="Pat Parent",
        guardian_email=GUARDIAN,
        guardian_consent=Nomination.Response.PENDING,
        nominee_response=Nomination.Response.PENDING,
    )


def detail_url(nomination):
    return reverse("nomination:inspect", args=(nomination.code,))


def resend_url(nomination, which):
    return reverse(f"nomination:resend_{which}", args=(nomination.code,))


def test_resending_the_consent_request_writes_to_the_guardian_again(
    nomination, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resend_guardian_request(nomination, staff_user)

    assert [message.to for message in mail.outbox] == [[GUARDIAN]]
    assert AuditEvent.objects.get(action="nomination.guardian_request_resent").actor == staff_user


def test_resending_the_handoff_writes_to_the_nominee_again(
    nomination, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resend_nominee_handoff(nomination, staff_user)

    assert [message.to for message in mail.outbox] == [[NOMINEE]]
    assert AuditEvent.objects.filter(action="nomination.nominee_handoff_resent").count() == 1


def test_an_answer_given_is_not_asked_again(nomination, staff_user):
    nomination.guardian_consent = Nomination.Response.ACCEPTED
    nomination.nominee_response = Nomination.Response.DECLINED
    nomination.save()

    with pytest.raises(AskingAgainRefused):
        resend_guardian_request(nomination, staff_user)
    with pytest.raises(AskingAgainRefused):
        resend_nominee_handoff(nomination, staff_user)

    nomination.refresh_from_db()
    assert nomination.guardian_consent == Nomination.Response.ACCEPTED
    assert mail.outbox == []


def test_a_surprise_award_never_hands_the_nomination_to_the_nominee(nomination, staff_user):
    award = nomination.cycle.award
    award.nominee_notice = Award.NomineeNotice.SURPRISE
    award.save()

    with pytest.raises(AskingAgainRefused):
        resend_nominee_handoff(nomination, staff_user)

    assert mail.outbox == []


def test_resending_is_refused_to_the_nominator_and_reviewers(nomination, reviewer_user):
    for user in (nomination.nominator, reviewer_user):
        with pytest.raises(PermissionDenied):
            resend_guardian_request(nomination, user)
        with pytest.raises(PermissionDenied):
            resend_nominee_handoff(nomination, user)

    assert mail.outbox == []


def test_staff_resend_from_the_nomination_page(
    client, staff_user, nomination, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)

    page = client.get(detail_url(nomination)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(nomination, "guardian"), follow=True)

    assert resend_url(nomination, "guardian") in page
    assert resend_url(nomination, "handoff") in page
    assert "The consent request is being sent again." in response.content.decode()
    assert [message.to for message in mail.outbox] == [[GUARDIAN]]


def test_resend_buttons_are_gone_once_answered(client, staff_user, nomination):
    nomination.guardian_consent = Nomination.Response.DECLINED
    nomination.guardian_consent_signature = "Pat Parent"
    nomination.save()
    client.force_login(staff_user)

    page = client.get(detail_url(nomination)).content.decode()

    assert resend_url(nomination, "guardian") not in page
    assert "Refused: Pat Parent" in page


def test_resend_links_are_404_for_a_reviewer_in_the_admin(client, nomination, in_admin_only):
    client.force_login(in_admin_only)

    statuses = [
        client.post(resend_url(nomination, "guardian")).status_code,
        client.post(resend_url(nomination, "handoff")).status_code,
    ]

    assert statuses == [404, 404]
    assert mail.outbox == []


def test_export_has_the_nominees_answer_statement_and_the_guardians_consent(nomination):
    nomination.nominee_response = Nomination.Response.ACCEPTED
    nomination.nominee_statement = "I am honoured to be nominated."
    nomination.guardian_consent = Nomination.Response.ACCEPTED
    nomination.guardian_consent_signature = "Pat Parent"
    nomination.guardian_consent_at = timezone.now()
    nomination.save()

    header, rows = nomination_rows(nomination.cycle)
    row = dict(zip(header, next(rows), strict=False))

    assert row["Nominee's answer"] == "Accepted"
    assert row["Nominee's statement"] == "I am honoured to be nominated."
    assert row["Guardian consent"].startswith("Consented: Pat Parent, ")
