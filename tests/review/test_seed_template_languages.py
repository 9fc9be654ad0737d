"""A language added later gets its version of every results text with one command, once its
catalogue is compiled; one without a compiled catalogue is left out rather than given English
texts under its name, and staff edits are never overwritten."""

from io import StringIO

from django.core.management import call_command

from review.models import AnnouncementTemplate, MessageTemplate
from tests.i18n.conftest import pseudo  # noqa: F401 - the pseudo language, a compiled catalogue
from tests.i18n.pseudo import CLOSE, CODE, OPEN


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
