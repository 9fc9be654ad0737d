"""Staff write one message to a selection of a cycle's people: each gets it once, with their
name, through the message log."""

import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import LetterRequest, Nomination
from portal.models import AuditEvent
from portal.roles import ensure_role_groups
from review.domain.broadcasts import (
    AudienceRefused,
    Selection,
    audience,
    nominators_of,
    send_message_to,
)
from review.models import OutgoingMessage
from tests.awards.factories import LetterRequestFactory, NominationFactory
from tests.factories import CycleFactory, UserFactory
from tests.faults.conftest import QueryFault


@pytest.fixture
def cycle(db):
    return CycleFactory()


def test_every_nominator_of_the_cycle_gets_the_message_once_with_their_name(
    cycle, staff_user, django_capture_on_commit_callbacks
):
    ana = UserFactory(email="ana@example.org", display_name="Ana")
    NominationFactory(cycle=cycle, nominator=ana, status=Nomination.Status.SUBMITTED)
    NominationFactory(cycle=cycle, nominator=ana)  # a draft of hers too
    NominationFactory(cycle=cycle, status=Nomination.Status.WITHDRAWN)
    NominationFactory(status=Nomination.Status.SUBMITTED)  # another cycle

    with django_capture_on_commit_callbacks(execute=True):
        queued = send_message_to(
            audience(cycle, Selection.NOMINATORS),
            "About the {{ award }}",
            "Dear {{ name }}, the ceremony moves.",
            staff_user,
            "k1",
        )

    assert queued == 1
    [email] = mail.outbox
    assert email.to == ["ana@example.org"]
    assert email.subject == f"About the {cycle.award.name}"
    assert email.body == "Dear Ana, the ceremony moves."
    [logged] = OutgoingMessage.objects.all()
    assert (logged.kind, logged.status) == ("broadcast", "sent")
    [event] = AuditEvent.objects.filter(action="messages.broadcast")
    assert event.data == {"selection": "nominators", "queued": 1}


def test_writing_to_many_costs_the_same_queries_as_writing_to_one(cycle, staff_user):
    """A message to a whole cycle's nominators is queued in a fixed number of queries: the
    foundation's name is read once for the sending, not once per person."""

    def queries_to_queue_for(count: int, key: str) -> int:
        for _ in range(count):
            NominationFactory(cycle=cycle, status=Nomination.Status.SUBMITTED)
        people = audience(cycle, Selection.NOMINATORS)
        with CaptureQueriesContext(connection) as queries:
            assert send_message_to(people, "News", "Dear {{ name }}.", staff_user, key) == len(
                people.people
            )
        return len(queries)

    queries_to_queue_for(1, "first")  # reads what is cached afterwards (content types)
    assert queries_to_queue_for(1, "one") == queries_to_queue_for(9, "ten")


def test_the_same_sending_submitted_twice_sends_once(
    cycle, staff_user, django_capture_on_commit_callbacks
):
    NominationFactory(cycle=cycle, status=Nomination.Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        send_message_to(audience(cycle, Selection.NOMINATORS), "Hi", "Text", staff_user, "k1")
        again = send_message_to(
            audience(cycle, Selection.NOMINATORS), "Hi", "Text", staff_user, "k1"
        )

    assert again == 0
    assert len(mail.outbox) == 1


def test_only_letter_writers_still_due_are_written_to(
    cycle, staff_user, django_capture_on_commit_callbacks
):
    nomination = NominationFactory(cycle=cycle)
    LetterRequestFactory(nomination=nomination, writer_email="due@example.org")
    LetterRequestFactory(
        nomination=nomination,
        writer_email="done@example.org",
        status=LetterRequest.Status.RECEIVED,
    )

    with django_capture_on_commit_callbacks(execute=True):
        send_message_to(
            audience(cycle, Selection.LETTER_WRITERS_DUE), "Letters", "Soon", staff_user, "k2"
        )

    assert [email.to for email in mail.outbox] == [["due@example.org"]]


def test_a_nominator_cannot_write_to_a_selection(cycle, user):
    NominationFactory(cycle=cycle, status=Nomination.Status.SUBMITTED)

    with pytest.raises(PermissionDenied):
        send_message_to(audience(cycle, Selection.NOMINATORS), "Hi", "Text", user, "k3")

    assert OutgoingMessage.objects.count() == 0
    assert mail.outbox == []


def test_staff_preview_then_send_from_the_compose_screen(
    client, cycle, django_capture_on_commit_callbacks
):
    ensure_role_groups()
    client.force_login(UserFactory(staff=True, verified=True))
    ana = UserFactory(email="ana@example.org", display_name="Ana")
    NominationFactory(cycle=cycle, nominator=ana, status=Nomination.Status.SUBMITTED)
    url = reverse("review_admin:broadcast", args=[cycle.pk])
    form = {
        "selection": "nominators",
        "subject": "News",
        "body": "Dear {{ name }}, hello.",
        "sending_key": "abc",
    }

    preview = client.post(url, {**form, "action": "preview"})

    assert preview.status_code == 200
    assert b"Dear Ana, hello." in preview.content
    assert b"Send to 1" in preview.content
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {**form, "action": "send"})
        client.post(url, {**form, "action": "send"})  # pressed twice
    assert sent.status_code == 302
    assert [email.body for email in mail.outbox] == ["Dear Ana, hello."]


def test_compose_screen_sends_nothing_for_someone_in_the_admin_who_is_not_staff(
    client, cycle, in_admin_only
):
    NominationFactory(cycle=cycle, status=Nomination.Status.SUBMITTED)
    client.force_login(in_admin_only)

    response = client.post(
        reverse("review_admin:broadcast", args=[cycle.pk]),
        {
            "selection": "nominators",
            "subject": "x",
            "body": "y",
            "sending_key": "k",
            "action": "send",
        },
    )

    assert response.status_code in (302, 403, 404)
    assert OutgoingMessage.objects.count() == 0


# The nominators of nominations chosen on the list ------------------------------------------------


@pytest.fixture
def chosen(cycle):
    """Three submitted nominations of one cycle: two by Ana, one by Ben."""
    ana = UserFactory(email="ana@example.org", display_name="Ana")
    ben = UserFactory(email="ben@example.org", display_name="Ben")
    return [
        NominationFactory(cycle=cycle, nominator=nominator, status=Nomination.Status.SUBMITTED)
        for nominator in (ana, ana, ben)
    ]


def test_each_nominator_of_a_selection_gets_the_message_once_with_their_name(
    chosen, staff_user, django_capture_on_commit_callbacks
):
    NominationFactory(cycle=chosen[0].cycle, status=Nomination.Status.SUBMITTED)  # not chosen

    with django_capture_on_commit_callbacks(execute=True):
        queued = send_message_to(
            nominators_of(chosen), "{{ award }}", "Dear {{ name }}.", staff_user, "k1"
        )

    assert queued == 2
    assert sorted((email.to[0], email.body) for email in mail.outbox) == [
        ("ana@example.org", "Dear Ana."),
        ("ben@example.org", "Dear Ben."),
    ]
    assert {email.subject for email in mail.outbox} == {chosen[0].cycle.award.name}
    assert set(OutgoingMessage.objects.values_list("kind", "status")) == {("broadcast", "sent")}
    [event] = AuditEvent.objects.filter(action="messages.broadcast")
    assert event.data == {
        "selection": "nominations",
        "codes": sorted(n.code for n in chosen),
        "queued": 2,
    }
    assert "ana@example.org" not in str(event.data)


def test_a_selection_sent_twice_with_the_same_key_sends_once(
    chosen, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_message_to(nominators_of(chosen), "Hi", "Text", staff_user, "k1")
        again = send_message_to(nominators_of(chosen), "Hi", "Text", staff_user, "k1")

    assert again == 0
    assert len(mail.outbox) == 2


def test_a_selection_of_two_cycles_is_refused_before_anything_is_queued(chosen, staff_user):
    other = NominationFactory(status=Nomination.Status.SUBMITTED)

    with pytest.raises(AudienceRefused, match="a message names one award"):
        send_message_to(nominators_of([*chosen, other]), "Hi", "Text", staff_user, "k1")

    assert OutgoingMessage.objects.count() == 0


def test_a_purged_nomination_of_the_selection_is_not_written_to(chosen, staff_user):
    purged = NominationFactory(cycle=chosen[0].cycle, purged_at=timezone.now())

    people = nominators_of([*chosen, purged]).people

    assert [person.to for person in people] == ["ana@example.org", "ben@example.org"]


def test_reviewers_and_nominators_cannot_write_to_a_selection(chosen, user, reviewer_user):
    for someone in (user, reviewer_user, chosen[0].nominator):
        with pytest.raises(PermissionDenied):
            send_message_to(nominators_of(chosen), "Hi", "Text", someone, "k1")

    assert OutgoingMessage.objects.count() == 0
    assert not AuditEvent.objects.filter(action="messages.broadcast").exists()


class RolledBack(Exception):
    pass


def test_a_failure_part_way_leaves_no_message_queued(
    chosen, staff_user, django_capture_on_commit_callbacks
):
    """Every query of the sending in turn fails, as a lost connection would: whichever it is,
    no message is logged or sent and no audit event stays."""
    failed_runs = 0
    for fail_at in itertools.count(1):
        fault = QueryFault(fail_at)
        with pytest.raises(RolledBack), transaction.atomic():
            try:
                with (
                    django_capture_on_commit_callbacks(execute=True),
                    connection.execute_wrapper(fault),
                ):
                    send_message_to(nominators_of(chosen), "Hi", "Text", staff_user, "k1")
            except OperationalError:
                failed_runs += 1
                assert OutgoingMessage.objects.count() == 0, f"query {fail_at} failed"
                assert AuditEvent.objects.count() == 0, f"query {fail_at} failed"
                assert mail.outbox == [], f"query {fail_at} failed"
            else:
                assert OutgoingMessage.objects.count() == 2
            mail.outbox.clear()
            raise RolledBack  # each run starts with nothing queued
        if fault.seen < fail_at:
            break  # every query of the sending has been failed in turn
    assert failed_runs >= 4
