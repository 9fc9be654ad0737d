"""Letter requests cannot be turned into an e-mail cannon aimed at an outside address, and the
e-mail carries no text the nominator typed in its greeting or subject.

The rule: to one address, at most 2 requests per nomination (cancelled ones count) and at most
4 e-mails a day across the portal (requests and reminders); each nominator at most 15 e-mails a
day. The greeting is a plain "Hello,"; the nominator is named by their account's name, or their
address when the account has no name.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from awards.domain.letters import LetterClosed, cancel_letter, request_letter, resend_letter
from awards.models import LetterRequest
from tests.awards.factories import NominationFactory, question_dict
from tests.factories import UserFactory

TARGET = "victim@outside.example"
# A writer's "name" the way the review typed it: an advert with a link.
ATTACKER_TEXT = "Claim your prize at http://evil.example/win now"


@pytest.fixture
def letters_question() -> dict:
    return question_dict(key="support", kind="letters", min_letters=0, max_letters=30)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Ask for a letter as the view does, the e-mail sent once the request commits."""

    def ask(nomination, question, writer_email=TARGET, writer_name="Dana Writer"):
        with django_capture_on_commit_callbacks(execute=True):
            return request_letter(
                nomination, nomination.nominator, question, writer_name, writer_email
            )

    return ask


def sent_to(address) -> int:
    return sum(address in message.to for message in mail.outbox)


def test_request_cancel_request_reaches_one_address_at_most_twice_per_nomination(
    draft, letters_question, send
):
    for _ in range(2):
        letter = send(draft, letters_question)
        cancel_letter(letter, draft.nominator)

    with pytest.raises(LetterClosed) as refused:
        send(draft, letters_question)

    assert "twice" in str(refused.value)
    assert sent_to(TARGET) == 2
    assert LetterRequest.objects.filter(writer_email=TARGET).count() == 2


def test_one_address_gets_at_most_four_letter_emails_a_day_across_the_portal(
    cycle, letters_question, send
):
    nominations = [NominationFactory(cycle=cycle) for _ in range(5)]
    for nomination in nominations[:4]:
        send(nomination, letters_question, writer_email=TARGET.upper())

    with pytest.raises(LetterClosed) as refused:
        send(nominations[4], letters_question)

    assert "tomorrow" in str(refused.value)
    assert sent_to(TARGET) == 4
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        send(nominations[4], letters_question)
    assert sent_to(TARGET) == 5


def test_reminders_count_towards_the_daily_limit_of_an_address(
    draft, letters_question, send, django_capture_on_commit_callbacks
):
    letter = send(draft, letters_question)
    now = letter.last_sent_at
    for _ in range(3):
        now += timedelta(minutes=11)
        with django_capture_on_commit_callbacks(execute=True):
            resend_letter(letter, draft.nominator, now=now)

    with pytest.raises(LetterClosed):
        resend_letter(letter, draft.nominator, now=now + timedelta(minutes=11))

    assert sent_to(TARGET) == 4
    with django_capture_on_commit_callbacks(execute=True):
        resend_letter(letter, draft.nominator, now=letter.last_sent_at + timedelta(days=1))
    assert sent_to(TARGET) == 5


def test_a_nominator_sends_at_most_fifteen_letter_emails_a_day(cycle, user, letters_question, send):
    nomination = NominationFactory(cycle=cycle, nominator=user)
    for number in range(15):
        send(nomination, letters_question, writer_email=f"writer{number}@example.org")

    with pytest.raises(LetterClosed) as refused:
        send(nomination, letters_question, writer_email="one-more@example.org")

    assert "tomorrow" in str(refused.value)
    assert len(mail.outbox) == 15
    # Another nominator is not held back by this one.
    send(NominationFactory(cycle=cycle), letters_question, writer_email="one-more@example.org")
    assert sent_to("one-more@example.org") == 1


def test_the_request_email_carries_no_typed_text_in_greeting_or_subject(
    cycle, letters_question, send
):
    nominator = UserFactory(display_name="Pat Nominator")
    nomination = NominationFactory(cycle=cycle, nominator=nominator)

    send(nomination, letters_question, writer_name=ATTACKER_TEXT)

    [message] = mail.outbox
    assert message.subject == f"A letter of support for the {cycle.award.name}"
    assert message.body.splitlines()[0] == "Hello,"
    assert "evil.example" not in message.subject + message.body
    assert "Claim your prize" not in message.subject + message.body
    assert "Pat Nominator has nominated Margaret Hamilton" in message.body
    assert nominator.email not in message.body


def test_the_request_email_names_a_nominator_without_a_name_by_their_address(
    cycle, letters_question, send
):
    nominator = UserFactory(display_name="", first_name="", last_name="")
    nomination = NominationFactory(cycle=cycle, nominator=nominator)

    send(nomination, letters_question)

    [message] = mail.outbox
    assert f"{nominator.email} has nominated Margaret Hamilton" in message.body
