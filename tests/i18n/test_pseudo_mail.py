"""E-mails and PDFs in the recipient's language, checked with the pseudo language: every word a
recipient reads (subject, body, the receipt PDF's text) came through the catalogue, and every
link opens the page in the same language. The language is the one each person chose or used:
the nominator's when they sent the nomination, the one the nominator chose for the letter
writer and for the nominee and parent or guardian, the page's for a sign-in code, the
reviewer's own for reviewer e-mails.

The messages the e-mails ask for must also be in every shipped language's catalogue."""

import io
import re
import subprocess

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from pypdf import PdfReader

from awards.models import Nomination
from review.domain.enrolment import invite_reviewers
from tests.awards.factories import LetterRequestFactory, NominationFactory
from tests.factories import UserFactory

from .pseudo import CODE, english_left, own_catalogue, readable_text

LINK = re.compile(r"https?://\S+")


def address(name: str, language: str, *args) -> str:
    """A page's address in `language`, whatever language the last request left active."""
    with translation.override(language):
        return reverse(name, args=args)


def text_of(message) -> list[str]:
    return [message.subject, *message.body.splitlines()]


def assert_in_language(message, data: set[str]) -> None:
    leaks = english_left(text_of(message), data)
    assert leaks == [], f"{message.subject!r}:\n" + "\n".join(leaks)
    links = LINK.findall(message.body)
    site = settings.WAGTAILADMIN_BASE_URL
    # The site's own address in the signature is not a page; every page link carries the code.
    pages = [link for link in links if link.rstrip("/") != site.rstrip("/")]
    assert pages, message.body
    assert all(link.startswith(f"{site}/{CODE}/") for link in pages), pages


def pdf_text(data: bytes) -> list[str]:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607
        input=data,
        capture_output=True,
        check=True,
    )
    return [line for line in result.stdout.decode().splitlines() if line.strip()]


def complete_draft(world) -> Nomination:
    draft = NominationFactory(
        cycle=world["sent"].cycle,
        nominator=world["nominator"],
        school=world["school"],
        answers=world["answers"],
        **world["people"],
    )
    LetterRequestFactory(nomination=draft, question_key="q8", writer_name="«Grace»")
    return draft


def send_in_pseudo(client, world, capture) -> dict:
    """Every e-mail of a nomination's life, each asked for in the pseudo language the way a
    person does: submitted from a /qps/ page with the nominee's e-mails in it too, a letter
    asked for from an English page in it, a sign-in code asked for from a /qps/ page, a
    reviewer whose own language it is invited."""
    nominator = world["nominator"]
    draft = complete_draft(world)
    client.force_login(nominator)
    with capture(execute=True):
        response = client.post(
            address("awards:review", CODE, draft.code),
            {"submission_key": draft.submission_key, "contact_language": CODE},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    recipients = {
        nominator.email: "receipt",
        "ada@school.example": "nominee",
        "anna@family.example": "guardian",
    }
    sent = {recipients[message.to[0]]: message for message in mail.outbox}
    assert len(sent) == len(mail.outbox) == 3
    mail.outbox.clear()

    with capture(execute=True):
        client.post(
            address("awards:step", "en", world["draft"].code, 4),
            {
                "action": "add_letter:q8",
                "letter-writer_name": "«Lin»",
                "letter-writer_email": "lin@writer.example",
                "letter-language": CODE,
            },
        )
    (sent["letter request"],) = mail.outbox
    mail.outbox.clear()

    client.logout()
    client.post(address("account_request_login_code", CODE), {"email": "new@family.example"})
    (sent["sign-in code"],) = mail.outbox
    mail.outbox.clear()

    reviewer = UserFactory(email="rev@district.example", preferred_language=CODE)
    with capture(execute=True):
        invite_reviewers(world["sent"].cycle, [reviewer.email], UserFactory(staff=True))
    (sent["reviewer invitation"],) = mail.outbox
    mail.outbox.clear()
    return sent


def data_of(world) -> set[str]:
    return world["data"] | {"new@family.example", "rev@district.example", "lin@writer.example"}


@pytest.mark.parametrize(
    "kind",
    [
        "receipt",
        "nominee",
        "guardian",
        "letter request",
        "sign-in code",
        "reviewer invitation",
    ],
)
def test_each_email_reads_in_its_recipients_language(
    client, pseudo, world, django_capture_on_commit_callbacks, kind
):
    sent = send_in_pseudo(client, world, django_capture_on_commit_callbacks)

    message = sent[kind]

    if kind == "sign-in code":
        # The code e-mail's only link is the site's own address: nothing to open in a language.
        code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, flags=re.M)
        assert code, message.body
        assert english_left(text_of(message), data_of(world) | {code.group(1)}) == []
    else:
        assert_in_language(message, data_of(world))


def test_the_receipt_pdf_is_in_the_nominators_language_and_tagged(
    client, pseudo, world, django_capture_on_commit_callbacks
):
    sent = send_in_pseudo(client, world, django_capture_on_commit_callbacks)

    (_name, pdf, kind) = sent["receipt"].attachments[0]

    assert kind == "application/pdf"
    assert english_left(pdf_text(pdf), data_of(world)) == []
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root, "the receipt is not a tagged PDF"
    assert root["/Lang"] == CODE


def test_a_link_in_an_email_opens_the_page_in_the_emails_language(
    client, pseudo, world, django_capture_on_commit_callbacks
):
    sent = send_in_pseudo(client, world, django_capture_on_commit_callbacks)
    site = settings.WAGTAILADMIN_BASE_URL

    for kind in ("letter request", "guardian", "nominee"):
        (link,) = [
            link for link in LINK.findall(sent[kind].body) if link.rstrip("/") != site.rstrip("/")
        ]
        client.logout()
        response = client.get(link.removeprefix(site))

        html = response.content.decode()
        assert response.status_code == 200, kind
        assert f'<html lang="{CODE}"' in html, kind
        assert english_left(readable_text(html), data_of(world)) == [], kind


def test_the_nominators_own_language_is_the_default_for_everyone_they_write_to(
    client, pseudo, world, django_capture_on_commit_callbacks
):
    """Sent from a /qps/ page without choosing: the nominee's and the guardian's e-mails follow
    the nominator's language."""
    draft = complete_draft(world)
    client.force_login(world["nominator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            address("awards:review", CODE, draft.code),
            {"submission_key": draft.submission_key},
        )

    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert_in_language(message, data_of(world))


def test_an_english_nomination_writes_in_english(
    client, pseudo, world, django_capture_on_commit_callbacks
):
    draft = complete_draft(world)
    client.force_login(world["nominator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            address("awards:review", "en", draft.code),
            {"submission_key": draft.submission_key},
        )

    (receipt,) = [message for message in mail.outbox if message.to == [world["nominator"].email]]
    assert receipt.subject.startswith("Nomination received")
    assert "⟪" not in receipt.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}/nominations/" in receipt.body


@pytest.mark.parametrize("language", [c for c, _ in settings.LANGUAGES if c != "en"])
def test_every_message_an_email_asks_for_is_translated(
    client, pseudo, world, django_capture_on_commit_callbacks, language
):
    pseudo.asked.clear()
    send_in_pseudo(client, world, django_capture_on_commit_callbacks)
    ours = own_catalogue(language)
    shipped = trans_real.DjangoTranslation(language)

    missing = sorted(
        message
        for message in pseudo.asked
        if message not in ours and shipped.gettext(message) == message
    )

    assert missing == [], "\n".join(message.replace("\x04", " | ") for message in missing)
