"""A language added later gets its version of every results text with one command, once its
catalogue is compiled; one without a compiled catalogue is left out rather than given English
texts under its name, and staff edits are never overwritten."""

import subprocess
from io import StringIO

from django.core import mail
from django.core.management import call_command

from awards.models import LetterRequest
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.models import (
    AnnouncementTemplate,
    Decision,
    MessageTemplate,
)
from tests.awards.factories import LetterRequestFactory
from tests.factories import UserFactory
from tests.i18n.conftest import pseudo  # noqa: F401 - the pseudo language, a compiled catalogue
from tests.i18n.pseudo import CLOSE, CODE, OPEN, english_left


def seed() -> str:
    out = StringIO()
    call_command("seed_template_languages", stdout=out)
    return out.getvalue()


def test_a_new_language_with_a_catalogue_gets_every_text(pseudo, db):  # noqa: F811
    edited = AnnouncementTemplate.objects.get(outcome="winner", recipient="nominee", language="es")
    edited.subject = "Editado por el personal"
    edited.save()

    report = seed()

    assert f"{CODE}: 15 text(s) added." in report
    assert "es: 0 text(s) added." in report
    assert AnnouncementTemplate.objects.filter(language=CODE).count() == 12
    assert MessageTemplate.objects.filter(language=CODE).count() == 3
    certificate = MessageTemplate.objects.get(kind="certificate", language=CODE)
    assert certificate.subject.startswith(OPEN) and certificate.subject.endswith(CLOSE)
    edited.refresh_from_db()
    assert edited.subject == "Editado por el personal"


def test_a_new_language_without_a_compiled_catalogue_is_left_out(settings, db):
    settings.LANGUAGES = [*settings.LANGUAGES, ("de", "German")]
    report = seed()
    assert "de: left out" in report
    assert not AnnouncementTemplate.objects.filter(language="de").exists()
    assert not MessageTemplate.objects.filter(language="de").exists()


def test_every_word_of_a_results_email_and_certificate_comes_from_the_catalogue(
    pseudo,  # noqa: F811
    make_candidate,
    reviewed,
    cycle,
    staff_user,
    home_page,
    django_capture_on_commit_callbacks,
    settings,
):
    """Seeded from the pseudo language's catalogue, every e-mail of the results and the
    certificate read in it: any English word left outside the catalogue would show."""
    seed()
    nomination = make_candidate(
        nominee_first_name="«Ada»",
        nominee_last_name="«Lovelace»",
        nominee_role="«Teacher»",
        nominee_email="ada@school.example",
        language=CODE,
        contact_language=CODE,
        nominator=UserFactory(email="nominator@example.org", display_name="«Charles»"),
    )
    LetterRequestFactory(
        nomination=nomination,
        writer_email="writer@example.org",
        writer_name="«Lin»",
        language=CODE,
        status=LetterRequest.Status.RECEIVED,
    )
    reviewed(UserFactory(email="rev@example.org", preferred_language=CODE), nomination.dossier)
    record_decision(
        cycle, nomination.dossier, staff_user, outcome=Decision.Outcome.WINNER, citation="«Bold»"
    )
    request_publication(cycle, staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        approve_publication(cycle, UserFactory(staff=True, verified=True))

    data = {
        cycle.award.name,
        cycle.name,
        nomination.school.name,
        getattr(settings, "WAGTAIL_SITE_NAME", ""),
    }
    sent = {message.to[0]: message for message in mail.outbox}
    assert sorted(sent) == [
        "ada@school.example",
        "nominator@example.org",
        "rev@example.org",
        "writer@example.org",
    ]
    for message in sent.values():
        assert english_left([message.subject, *message.body.splitlines()], data) == [], (
            message.subject
        )
    (_name, content, _type), *_ = sent["ada@school.example"].attachments
    text = subprocess.run(
        ["pdftotext", "-", "-"],  # noqa: S607 - poppler-utils, a fixed program
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    lines = [line for line in text.splitlines() if line.strip()]
    assert english_left(lines, data) == [], lines
