"""The announcement e-mails as staff edit them: one per outcome and recipient, edited in the
Wagtail admin, each reaching exactly its outcome's people, and previewed on the committee screen
with a real candidate before anything is published."""

import re
from itertools import product

import pytest
from django.core import mail
from django.utils.html import escape

from awards.models import NomineeCategory
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.models import AnnouncementTemplate
from tests.factories import UserFactory

OUTCOMES = ["winner", "finalist", "honourable_mention", "not_selected"]
RECIPIENTS = ["guardian", "nominator", "nominee"]


@pytest.fixture
def second_staff(db):
    return UserFactory(staff=True, verified=True)


def edit_in_admin(
    client, outcome: str, recipient: str, subject: str, body: str, language: str = "en"
):
    template = AnnouncementTemplate.objects.get(
        outcome=outcome, recipient=recipient, language=language
    )
    response = client.post(
        f"/admin/announcementtemplate/edit/{template.pk}/",
        {
            "outcome": outcome,
            "recipient": recipient,
            "language": language,
            "subject": subject,
            "body": body,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_every_outcome_and_recipient_starts_with_an_editable_text(client, staff_user, db):
    english = AnnouncementTemplate.objects.filter(language="en")
    assert sorted(english.values_list("outcome", "recipient")) == sorted(
        product(OUTCOMES, RECIPIENTS)
    )
    client.force_login(staff_user)
    listing = client.get("/admin/announcementtemplate/").content.decode()
    assert listing.count("/admin/announcementtemplate/edit/") >= 12
    template = english.get(outcome="finalist", recipient="nominator")
    form = client.get(f"/admin/announcementtemplate/edit/{template.pk}/").content.decode()
    for placeholder in ("{{ nominee }}", "{{ name }}", "{{ citation }}", "{{ results_url }}"):
        assert escape(placeholder) in form or placeholder in form


@pytest.mark.parametrize(
    "outcome,category", list(product(OUTCOMES, [NomineeCategory.TEACHER, "student"]))
)
def test_staff_edited_text_reaches_exactly_its_outcome_and_recipient(
    client,
    make_candidate,
    cycle,
    staff_user,
    second_staff,
    home_page,
    outcome,
    category,
    django_capture_on_commit_callbacks,
):
    cycle.award.category = category
    cycle.award.save()
    client.force_login(staff_user)
    for each_outcome, recipient in product(OUTCOMES, RECIPIENTS):
        edit_in_admin(
            client,
            each_outcome,
            recipient,
            f"{each_outcome} to {recipient}: {{{{ nominee }}}}",
            f"Dear {{{{ name }}}}, {each_outcome}/{recipient} ({{{{ award }}}}, {{{{ cycle }}}}).",
        )
    nomination = make_candidate(
        nominee_first_name="Ada",
        nominee_last_name="Lovelace",
        nominee_email="ada@school.example",
        guardian_name="Anne Byron",
        guardian_email="anne@family.example",
        nominator=UserFactory(email="charles@example.org", display_name="Charles Babbage"),
    )
    if outcome != "winner":
        record_decision(cycle, make_candidate().dossier, staff_user, outcome="winner")
    record_decision(cycle, nomination.dossier, staff_user, outcome=outcome)
    request_publication(cycle, staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        approve_publication(cycle, second_staff)

    told = {
        message.to[0]: (message.subject, message.body)
        for message in mail.outbox
        if "Lovelace" in message.subject
    }
    award, name = cycle.award.name, cycle.name
    own = (
        ("anne@family.example", "guardian", "Anne Byron")
        if category == "student"
        else ("ada@school.example", "nominee", "Ada Lovelace")
    )
    assert told == {
        own[0]: (
            f"{outcome} to {own[1]}: Ada Lovelace",
            f"Dear {own[2]}, {outcome}/{own[1]} ({award}, {name}).",
        ),
        "charles@example.org": (
            f"{outcome} to nominator: Ada Lovelace",
            f"Dear Charles Babbage, {outcome}/nominator ({award}, {name}).",
        ),
    }


def test_the_committee_screen_previews_each_outcome_with_a_real_candidate(
    client, make_candidate, cycle, staff_user, home_page
):
    people = {}
    for first, outcome in (
        ("Ada", "winner"),
        ("Grace", "finalist"),
        ("Hedy", "honourable_mention"),
    ):
        nomination = make_candidate(
            nominee_first_name=first,
            nominee_last_name="Example",
            nominee_email=f"{first.lower()}@school.example",
            nominator=UserFactory(email=f"nominator.of.{first.lower()}@example.org"),
        )
        record_decision(cycle, nomination.dossier, staff_user, outcome=outcome, citation="Bold.")
        people[outcome] = first
    make_candidate(nominee_first_name="Una")  # undecided
    client.force_login(staff_user)
    edit_in_admin(
        client,
        "finalist",
        "nominator",
        "Finalist news about {{ nominee }}",
        "{{ nominee }} ({{ school }}) is a finalist of the {{ award }}. Citation: {{ citation }}",
    )
    page = client.get(f"/admin/review/committee/{cycle.pk}/").content.decode()
    preview = page.split('id="announcements-heading"')[1].split("</section>")[0]
    for label in ("Winner", "Finalist", "Honourable mention"):
        assert re.search(rf"<h3>{label}\b", preview), label
    for first in people.values():
        assert f"{first.lower()}@school.example" in preview
        assert f"nominator.of.{first.lower()}@example.org" in preview
    school = cycle.nominations.get(nominee_first_name="Grace").school.name
    assert "Finalist news about Grace Example" in preview
    assert f"Grace Example ({school}) is a finalist of the {cycle.award.name}." in preview
    assert "Citation: Bold." in preview
    assert "you have won the" in preview
    assert "1 candidate without a decision" in preview
    assert mail.outbox == []
