"""Announcing each outcome: a decided candidate's nominee (a student's parent or guardian
instead, never the student) and every nominator hear exactly the outcome decided, from the
staff-edited text for that outcome and person; nobody hears "not selected" unless the committee
decided so; a candidate without a decision is not written about; a surprise award's nominee
hears at publication, not before."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from awards.models import Award, Nomination, NomineeCategory
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.domain.notifications import send_due_messages
from tests.factories import UserFactory

OUTCOMES = ["winner", "finalist", "honourable_mention", "not_selected"]
# What each outcome's e-mail must say, and no other outcome's may.
SAYS = {
    "winner": r"\b(have|has) won\b",
    "finalist": r"\bfinalist\b",
    "honourable_mention": r"\bhonourable mention\b",
    "not_selected": r"\bnot selected\b",
}
NOMINEE = "grace.nominee@school.example"
GUARDIAN = "parent.of.grace@family.example"
NOMINATORS = ["first.nominator@example.org", "second.nominator@example.org"]
UNDECIDED = ["undecided.nominee@school.example", "undecided.nominator@example.org"]


@pytest.fixture
def second_staff(db):
    return UserFactory(staff=True, verified=True)


@pytest.fixture(params=[NomineeCategory.TEACHER, NomineeCategory.STUDENT])
def category(request, cycle):
    cycle.award.category = request.param
    cycle.award.save()
    return request.param


@pytest.fixture
def nominated(make_candidate, category):
    """Grace, nominated twice (the nominations merged into one candidate), and a second
    candidate the committee has not decided on."""
    first = make_candidate(
        nominee_first_name="Grace",
        nominee_last_name="Hopper",
        nominee_email=NOMINEE,
        guardian_name="Mary Hopper",
        guardian_email=GUARDIAN,
        nominator=UserFactory(email=NOMINATORS[0]),
    )
    second = make_candidate(
        nominee_first_name="Grace",
        nominee_last_name="Hopper",
        nominee_email=NOMINEE,
        guardian_name="Mary Hopper",
        guardian_email=GUARDIAN,
        nominator=UserFactory(email=NOMINATORS[1]),
    )
    second.dossier = first.dossier
    second.save(update_fields=["dossier"])
    make_candidate(
        nominee_first_name="Una",
        nominee_last_name="Decided",
        nominee_email=UNDECIDED[0],
        guardian_email="undecided.guardian@family.example",
        nominator=UserFactory(email=UNDECIDED[1]),
    )
    return first


def publish(cycle, staff_user, second_staff, capture, publish_at=None):
    request_publication(cycle, staff_user, publish_at)
    with capture(execute=True):
        approve_publication(cycle, second_staff)


def sent_to() -> dict[str, list]:
    by_address = {}
    for message in mail.outbox:
        by_address.setdefault(message.to[0], []).append(message)
    return by_address


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_each_person_hears_exactly_the_outcome_decided(
    nominated,
    category,
    outcome,
    cycle,
    staff_user,
    second_staff,
    home_page,
    django_capture_on_commit_callbacks,
):
    undecided = Nomination.objects.exclude(dossier=nominated.dossier).get()
    if outcome != "winner":  # publishing needs a winner: the other candidate
        record_decision(cycle, undecided.dossier, staff_user, outcome="winner")
    record_decision(cycle, nominated.dossier, staff_user, outcome=outcome, citation="Kind.")
    publish(cycle, staff_user, second_staff, django_capture_on_commit_callbacks)

    student = category == NomineeCategory.STUDENT
    sent = sent_to()
    for address in [GUARDIAN if student else NOMINEE, *NOMINATORS]:
        (message,) = sent.pop(address)  # exactly one each
        text = f"{message.subject}\n{message.body}"
        assert "Grace Hopper" in text, address
        assert re.search(SAYS[outcome], text, re.IGNORECASE), (address, text)
        for other_outcome, phrase in SAYS.items():
            if other_outcome != outcome:
                assert not re.search(phrase, text, re.IGNORECASE), (address, other_outcome)
    assert NOMINEE not in sent  # a student is never written to
    if outcome == "winner":  # the other candidate is undecided: nobody hears about them
        for address in UNDECIDED:
            assert address not in sent
    # What is left is only about the other candidate, who won.
    for messages in sent.values():
        for message in messages:
            assert "Grace" not in message.body
            assert not re.search(SAYS["not_selected"], message.body, re.IGNORECASE)


def test_only_the_winners_own_email_carries_the_certificate(
    nominated, category, cycle, staff_user, second_staff, home_page,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    record_decision(cycle, nominated.dossier, staff_user, outcome="winner")
    publish(cycle, staff_user, second_staff, django_capture_on_commit_callbacks)
    sent = sent_to()
    own = GUARDIAN if category == NomineeCategory.STUDENT else NOMINEE
    assert [name for name, *_ in sent[own][0].attachments] == ["certificate.pdf"]
    for address in NOMINATORS:
        assert sent[address][0].attachments == []


@pytest.mark.parametrize("outcome", ["winner", "finalist", "honourable_mention"])
def test_a_surprise_awards_nominee_hears_only_at_publication(
    make_candidate,
    outcome,
    cycle,
    staff_user,
    second_staff,
    home_page,
    django_capture_on_commit_callbacks,
):
    cycle.award.nominee_notice = Award.NomineeNotice.SURPRISE
    cycle.award.save()
    nominee = make_candidate(nominee_email=NOMINEE, nominator=UserFactory(email=NOMINATORS[0]))
    if outcome != "winner":
        record_decision(cycle, make_candidate().dossier, staff_user, outcome="winner")
    record_decision(cycle, nominee.dossier, staff_user, outcome=outcome)
    at = timezone.now() + timedelta(days=1)
    request_publication(cycle, staff_user, at)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        approve_publication(cycle, second_staff)
    assert mail.outbox == []  # approved, but not public yet
    send_due_messages()
    assert mail.outbox == []
    with time_machine.travel(at + timedelta(minutes=1)):
        send_due_messages()
    (message,) = sent_to()[NOMINEE]
    assert re.search(SAYS[outcome], message.body, re.IGNORECASE)
