"""Enrolling reviewers by e-mail invitation: invite, the e-mail, accepting by link."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.models import User
from review.domain.enrolment import InvitationRefused, invite_reviewers, send_pending_invitations
from review.models import ReviewerEnrolment, ReviewSettings, Stage
from tests.factories import UserFactory
from tests.review.factories import ReviewerEnrolmentFactory


def invite(cycle, staff_user, emails, capture):
    with capture(execute=True):
        return invite_reviewers(cycle, emails, staff_user, capacity=12)


def test_invitation_creates_account_enrolment_and_email(
    cycle, staff_user, django_capture_on_commit_callbacks
):
    invited = invite(
        cycle, staff_user, ["New.Reviewer@District.example", ""], django_capture_on_commit_callbacks
    )
    assert invited == ["new.reviewer@district.example"]
    reviewer = User.objects.get(email__iexact="new.reviewer@district.example")
    assert reviewer.is_reviewer is True
    assert reviewer.has_usable_password() is False
    enrolment = ReviewerEnrolment.objects.get(reviewer=reviewer)
    assert (enrolment.status, enrolment.capacity) == ("invited", 12)
    (message,) = mail.outbox
    assert message.to == ["new.reviewer@district.example"]
    assert "/review/join/" in message.body


def test_a_committee_member_is_invited_to_the_finalist_round_not_to_review_nominations(
    cycle, staff_user, django_capture_on_commit_callbacks
):
    """Someone asked to judge the finalists is told so, with the finalist round's closing
    date, not the first stage's (they never see the first stage's nominations)."""
    closes = timezone.make_aware(datetime.datetime(2031, 5, 20, 17, 0))
    ReviewSettings.objects.create(
        cycle=cycle,
        review_closes_at=closes - datetime.timedelta(days=30),
        finalists_close_at=closes,
    )
    with django_capture_on_commit_callbacks(execute=True):
        invite_reviewers(cycle, ["judge@district.example"], staff_user, stage=Stage.FINALIST)
        invite_reviewers(cycle, ["reader@district.example"], staff_user)

    by_address = {message.to[0]: message for message in mail.outbox}
    judge, reader = by_address["judge@district.example"], by_address["reader@district.example"]
    assert "finalist round" in judge.subject
    assert "committee for the finalist round" in judge.body
    assert "May 20, 2031" in judge.body
    assert "review nominations" not in judge.body
    assert "finalist" not in reader.subject + reader.body
    assert "April 20, 2031" in reader.body


def test_invitation_skips_the_already_enrolled_and_refuses_bad_addresses(
    cycle, staff_user, django_capture_on_commit_callbacks
):
    invite(cycle, staff_user, ["a@district.example"], django_capture_on_commit_callbacks)
    assert (
        invite(cycle, staff_user, ["a@district.example"], django_capture_on_commit_callbacks) == []
    )
    with pytest.raises(InvitationRefused, match="not-an-address"):
        invite(
            cycle,
            staff_user,
            ["b@district.example", "not-an-address"],
            django_capture_on_commit_callbacks,
        )
    assert not User.objects.filter(email="b@district.example").exists()  # nobody invited


def test_invitation_needs_staff(cycle, user):
    with pytest.raises(PermissionDenied):
        invite_reviewers(cycle, ["x@district.example"], user)


def test_accepting_the_invitation_activates_the_enrolment(
    client, cycle, staff_user, django_capture_on_commit_callbacks
):
    invite(cycle, staff_user, ["c@district.example"], django_capture_on_commit_callbacks)
    link = re.search(r"/review/join/\S+/", mail.outbox[0].body).group(0)
    enrolment = ReviewerEnrolment.objects.get()
    client.force_login(UserFactory())
    assert client.get(link).status_code == 404  # someone else's invitation
    enrolment.refresh_from_db()
    assert enrolment.status == "invited"
    client.force_login(enrolment.reviewer)
    response = client.get(link)
    assert response.url == "/review/"
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    assert enrolment.accepted_at is not None


def test_a_tampered_invitation_link_is_refused(client, user):
    client.force_login(user)
    assert client.get("/review/join/not-a-real-token/").status_code == 404


def test_invite_screen_sends_invitations(client, cycle, staff_user):
    client.force_login(staff_user)
    url = f"/admin/review/invite/{cycle.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"emails": "d@district.example, e@district.example", "capacity": "8"}, follow=True
    )
    assert "2 invitations sent." in response.content.decode()
    assert ReviewerEnrolment.objects.filter(cycle=cycle, capacity=8).count() == 2
    response = client.post(url, {"emails": "oops", "capacity": "8"}, follow=True)
    assert "Nobody was invited" in response.content.decode()
    assert "oops" in response.content.decode()


def test_invite_screen_refuses_a_capacity_outside_1_to_999_and_keeps_what_was_typed(
    client, cycle, staff_user
):
    client.force_login(staff_user)
    url = f"/admin/review/invite/{cycle.pk}/"

    for capacity in ("0", "1000", "ten"):
        response = client.post(url, {"emails": "d@district.example", "capacity": capacity})

        html = response.content.decode()
        assert response.status_code == 200
        assert "Capacity must be a whole number from 1 to 999." in html
        assert "d@district.example" in html
    assert ReviewerEnrolment.objects.filter(cycle=cycle).count() == 0


def test_invitations_are_sent_again_only_to_those_who_have_not_accepted(
    client, cycle, staff_user, django_capture_on_commit_callbacks
):
    waiting = ReviewerEnrolmentFactory(cycle=cycle, status=ReviewerEnrolment.Status.INVITED)
    ReviewerEnrolmentFactory(cycle=cycle, status=ReviewerEnrolment.Status.ACTIVE)
    ReviewerEnrolmentFactory(cycle=cycle, status=ReviewerEnrolment.Status.WITHDRAWN)
    client.force_login(staff_user)
    url = f"/admin/review/invite/{cycle.pk}/"
    assert "not accepted yet" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}again/", follow=True)

    assert "1 invitation sent again." in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [waiting.reviewer.email]
    assert "/review/join/" in message.body


def test_sending_invitations_again_needs_staff(client, cycle, user):
    ReviewerEnrolmentFactory(cycle=cycle, status=ReviewerEnrolment.Status.INVITED)
    with pytest.raises(PermissionDenied):
        send_pending_invitations(cycle, user)
    client.force_login(UserFactory(reviewer=True, verified=True))
    response = client.post(f"/admin/review/invite/{cycle.pk}/again/")
    assert response.status_code == 302
    assert mail.outbox == []


def test_sending_invitations_again_answers_only_a_post(client, cycle, staff_user):
    ReviewerEnrolmentFactory(cycle=cycle, status=ReviewerEnrolment.Status.INVITED)
    client.force_login(staff_user)

    response = client.get(f"/admin/review/invite/{cycle.pk}/again/")

    assert response.status_code == 405
    assert mail.outbox == []
