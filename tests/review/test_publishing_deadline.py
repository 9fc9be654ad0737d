"""Results wait for nominations to close: publishing is refused while anyone may still submit a
nomination (the deadline, a nominator's extension, the grace period), unless a staff member
gives a reason, which the approver reads and the audit log keeps."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.models import AuditEvent
from review.domain.decisions import (
    PublicationRefused,
    approve_publication,
    record_decision,
    request_publication,
)
from review.models import Decision, Publication
from review.results import published_results
from tests.awards.factories import DeadlineExtensionFactory
from tests.factories import UserFactory

STILL_OPEN = "still open for nominations"


@pytest.fixture
def second_staff(db):
    return UserFactory(staff=True, verified=True)


@pytest.fixture
def open_cycle(cycle, make_candidate, staff_user, home_page):
    """Nominations close tomorrow; the committee has already found a winner."""
    cycle.opens_at = timezone.now() - timedelta(days=30)
    cycle.closes_at = timezone.now() + timedelta(days=1)
    cycle.grace_period = None
    cycle.save()
    winner = make_candidate(nominee_first_name="Katherine", nominee_last_name="Johnson")
    record_decision(cycle, winner.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    return cycle


def committee_url(cycle) -> str:
    return f"/admin/review/committee/{cycle.pk}/"


def test_publishing_is_refused_before_the_deadline(open_cycle, staff_user):
    with pytest.raises(PublicationRefused, match=STILL_OPEN):
        request_publication(open_cycle, staff_user)
    assert Publication.objects.exists() is False


def test_publishing_is_refused_during_the_grace_period(open_cycle, staff_user):
    open_cycle.closes_at = timezone.now() - timedelta(hours=1)
    open_cycle.grace_period = timedelta(days=2)
    open_cycle.save()
    with pytest.raises(PublicationRefused, match=STILL_OPEN):
        request_publication(open_cycle, staff_user)


def test_publishing_is_refused_while_a_nominators_extension_runs(open_cycle, staff_user):
    open_cycle.closes_at = timezone.now() - timedelta(days=1)
    open_cycle.save()
    DeadlineExtensionFactory(cycle=open_cycle, closes_at=timezone.now() + timedelta(hours=5))
    with pytest.raises(PublicationRefused, match=STILL_OPEN):
        request_publication(open_cycle, staff_user)


def test_publishing_is_allowed_once_deadline_and_grace_have_passed(
    open_cycle, staff_user, second_staff
):
    open_cycle.grace_period = timedelta(hours=12)
    open_cycle.save()
    with time_machine.travel(open_cycle.closes_at + timedelta(hours=12, seconds=1)):
        request_publication(open_cycle, staff_user)
        approve_publication(open_cycle, second_staff)
        assert [r.name for r in published_results(cycle=open_cycle)] == ["Katherine Johnson"]


def test_an_extension_granted_after_the_request_stops_the_approval(
    open_cycle, staff_user, second_staff
):
    open_cycle.closes_at = timezone.now() - timedelta(days=1)
    open_cycle.save()
    request_publication(open_cycle, staff_user)
    DeadlineExtensionFactory(cycle=open_cycle, closes_at=timezone.now() + timedelta(hours=5))
    with pytest.raises(PublicationRefused, match=STILL_OPEN):
        approve_publication(open_cycle, second_staff)
    assert Publication.objects.get().status == Publication.Status.AWAITING_APPROVAL


def test_a_blank_reason_does_not_override(open_cycle, staff_user):
    with pytest.raises(PublicationRefused, match=STILL_OPEN):
        request_publication(open_cycle, staff_user, early_reason="   ")


def test_a_reason_overrides_and_is_audited_and_shown_to_the_approver(
    client, open_cycle, staff_user, second_staff
):
    reason = "The board announces at the gala tonight; late nominations go to next year."
    request_publication(open_cycle, staff_user, early_reason=reason)
    client.force_login(second_staff)
    page = client.get(committee_url(open_cycle)).content.decode()
    assert reason in page
    token = re.search(r'name="request" value="([^"]+)"', page).group(1)
    client.post(committee_url(open_cycle), {"action": "approve", "request": token})
    assert Publication.objects.get().status == Publication.Status.PUBLISHED
    events = {
        event.action: event
        for event in AuditEvent.objects.filter(
            action__in=["results.publication_requested", "results.published"]
        )
    }
    assert reason in str(events["results.publication_requested"].data)
    assert reason in str(events["results.published"].data)


def test_the_committee_screen_says_when_publishing_becomes_possible(client, open_cycle, staff_user):
    client.force_login(staff_user)
    page = client.get(committee_url(open_cycle)).content.decode()
    assert "Nominations are still open" in page
    assert "Reason to publish before nominations close" in page
    response = client.post(
        committee_url(open_cycle), {"action": "request", "publish_at": ""}, follow=True
    )
    assert STILL_OPEN in response.content.decode()
    assert Publication.objects.exists() is False
    client.post(
        committee_url(open_cycle),
        {"action": "request", "publish_at": "", "early_reason": "Announced at the gala."},
    )
    assert Publication.objects.get().early_reason == "Announced at the gala."


def test_once_nominations_close_the_screen_asks_for_no_reason(client, open_cycle, staff_user):
    open_cycle.closes_at = timezone.now() - timedelta(minutes=1)
    open_cycle.save()
    client.force_login(staff_user)
    page = client.get(committee_url(open_cycle)).content.decode()
    assert "Nominations are still open" not in page
    assert "Reason to publish before nominations close" not in page
