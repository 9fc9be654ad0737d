"""A letter writer who reads Somali follows the "stop reminding me" link of a reminder on their
phone, confirms, and gets no more reminders."""

import datetime
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import LetterRequest
from review.domain.reminders import send_due_reminders
from tests.awards.factories import LetterRequestFactory, NominationFactory
from tests.factories import CycleFactory

AWARD = "k8-science-teacher"


def letters_due_in(days: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))


def test_writer_stops_reminders_from_the_emailed_link(journey_site, phone, axe):
    now = timezone.now()
    cycle = CycleFactory(
        award=journey_site[AWARD],
        name="Reminders",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=letters_due_in(20),
        letters_due_at=letters_due_in(7),
    )
    letter = LetterRequestFactory(nomination=NominationFactory(cycle=cycle), language="so")
    assert send_due_reminders() == 1
    (email,) = mail.outbox
    link = re.search(r"(http://\S+/reminders/stop/[^/\s]+/)", email.body).group(1)

    page = phone()
    page.goto(link)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ma joojinaysaa xusuusinta ku saabsan warqaddan?"
    )
    assert axe(page) == []
    page.get_by_role("button", name="Jooji xusuusinta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xusuusinta waa la joojiyay")
    assert LetterRequest.objects.get(pk=letter.pk).reminders_stopped_at is not None
    assert axe(page) == []
