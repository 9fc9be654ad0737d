"""Results e-mails and certificates in each person's language: the nominator reads the language
they nominated in, the nominee and a student's family the one the nominator chose for them,
a letter writer the one chosen for them, a reviewer their own. Each language has its own
staff-editable version of every text, seeded for every language the portal speaks; where staff
deleted a language's version, the English one goes instead. Keys and the message log are the
same whatever the language."""

import io
import re
import subprocess
from decimal import Decimal
from itertools import product

import pytest
from django.conf import settings
from django.core import mail
from pypdf import PdfReader

from awards.models import LetterRequest, NomineeCategory
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.models import (
    AnnouncementTemplate,
    Decision,
    MessageTemplate,
    OutgoingMessage,
)
from tests.awards.factories import LetterRequestFactory
from tests.factories import UserFactory

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ENGLISH = settings.LANGUAGE_CODE
# A template's placeholders and the variables its tags read: what a translation must keep.
NAMES = re.compile(r"\{\{\s*(\w+)|\{%\s*(?:if|elif)\s+(\w+)")


@pytest.fixture
def second_staff(db):
    return UserFactory(staff=True, verified=True)


@pytest.fixture
def publish(cycle, staff_user, second_staff, home_page, django_capture_on_commit_callbacks):
    def run():
        request_publication(cycle, staff_user)
        with django_capture_on_commit_callbacks(execute=True):
            approve_publication(cycle, second_staff)
        return {message.to[0]: message for message in mail.outbox}

    return run


def student_award(cycle):
    cycle.award.category = NomineeCategory.STUDENT
    cycle.award.requires_guardian_consent = True
    cycle.award.save()


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"],  # noqa: S607 - poppler-utils, a fixed program
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()


def names(text: str) -> set[str]:
    return {first or second for first, second in NAMES.findall(text)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_seeded_in_each_language_with_the_english_placeholders(language, db):
    announcements = {
        (row.outcome, row.recipient): row
        for row in AnnouncementTemplate.objects.filter(language=language)
    }
    messages = {row.kind: row for row in MessageTemplate.objects.filter(language=language)}
    assert sorted(announcements) == sorted(
        product(Decision.Outcome.values, AnnouncementTemplate.Recipient.values)
    )
    assert sorted(messages) == sorted(MessageTemplate.Kind.values)
    for key, row in [*announcements.items(), *messages.items()]:
        english = (
            AnnouncementTemplate.objects.get(outcome=key[0], recipient=key[1], language=ENGLISH)
            if isinstance(key, tuple)
            else MessageTemplate.objects.get(kind=key, language=ENGLISH)
        )
        assert names(row.subject) == names(english.subject), (key, row.subject)
        assert names(row.body) == names(english.body), (key, row.body)
        if language != ENGLISH:  # translated, not English copied
            assert row.body != english.body, (key, row.body)


def test_a_somali_nominator_hears_in_somali_and_an_english_one_in_english(
    make_candidate, cycle, staff_user, publish
):
    somali = make_candidate(
        nominee_first_name="Hodan",
        nominee_last_name="Warsame",
        nominee_email="hodan@school.example",
        contact_language="en",
        language="so",
        nominator=UserFactory(email="somali.nominator@example.org"),
    )
    english = make_candidate(
        nominee_email="other@school.example",
        language="en",
        nominator=UserFactory(email="english.nominator@example.org"),
    )
    award = cycle.award
    award.translations = {"so": {"name": {award.name: "Abaalmarinta Macallinka"}}}
    award.save()
    record_decision(cycle, somali.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    record_decision(cycle, english.dossier, staff_user, outcome=Decision.Outcome.FINALIST)
    sent = publish()

    message = sent["somali.nominator@example.org"]
    # The award's name as staff translated it.
    assert message.subject == "Qofka aad magacaabtay wuu ku guulaystay: Abaalmarinta Macallinka"
    assert "Your nominee won" not in message.subject
    assert (
        f"Abaalmarinta Macallinka ({cycle.name}) waxaa ku guulaystay Hodan Warsame, oo aad adigu "
        "magacaabtay. Waad ku mahadsan tahay waqtiga aad gelisay magacaabista."
    ) in message.body
    assert "Natiijooyinka waxaad ka heli kartaa" in message.body
    assert "Thank you" not in message.body
    # The results page's address opens in Somali.
    assert f"{settings.WAGTAILADMIN_BASE_URL}/so/" in message.body
    # The nominee, whose language the nominator chose as English, reads English.
    assert sent["hodan@school.example"].subject == f"Congratulations: {cycle.award.name}"
    assert sent["english.nominator@example.org"].subject == (
        f"Your nominee is a finalist: {cycle.award.name}"
    )
    # The same keys as before languages: one message per person, the log in the database.
    keys = set(OutgoingMessage.objects.values_list("key", flat=True))
    assert len(keys) == len(sent) == 4
    assert all(
        re.fullmatch(rf"results:{cycle.pk}:[a-z_]+:[a-z]+:\d+:[0-9a-f]{{24}}", k) for k in keys
    )


def test_a_family_reads_the_language_the_nominator_chose_for_them(
    make_candidate, cycle, staff_user, publish
):
    student_award(cycle)
    spanish = make_candidate(
        nominee_first_name="Lucía",
        nominee_last_name="Ramos",
        guardian_name="Marta Ramos",
        guardian_email="marta@family.example",
        language="en",
        contact_language="es",
        nominator=UserFactory(email="teacher@school.example"),
    )
    english = make_candidate(
        nominee_first_name="Ann",
        nominee_last_name="Lee",
        guardian_name="Bo Lee",
        guardian_email="bo@family.example",
        language="en",
        contact_language="en",
    )
    record_decision(
        cycle, spanish.dossier, staff_user, outcome=Decision.Outcome.WINNER, citation="Valiente."
    )
    record_decision(cycle, english.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    sent = publish()

    family = sent["marta@family.example"]
    assert family.subject == f"Lucía Ramos ganó el {cycle.award.name}"
    assert family.body.startswith("Estimado/a Marta Ramos:\n\nNos alegra mucho informarle que")
    assert "por favor, compártale la noticia" in family.body
    assert "has won" not in family.subject + family.body
    # The nominator nominated in English and reads English.
    assert sent["teacher@school.example"].subject == f"Your nominee won: {cycle.award.name}"
    assert sent["bo@family.example"].subject == f"Ann Lee has won the {cycle.award.name}"
    assert sent["bo@family.example"].body.startswith("Dear Bo Lee,")


def test_outcome_and_amount_read_in_the_recipients_language(
    client, make_candidate, cycle, staff_user, publish
):
    nomination = make_candidate(
        nominee_email="ana@school.example", contact_language="es", language="es"
    )
    client.force_login(staff_user)
    template = AnnouncementTemplate.objects.get(
        outcome="winner", recipient="nominee", language="es"
    )
    response = client.post(
        f"/admin/announcementtemplate/edit/{template.pk}/",
        {
            "outcome": "winner",
            "recipient": "nominee",
            "language": "es",
            "subject": "{{ outcome }}: {{ award }}",
            "body": "Resultado: {{ outcome }}. Premio: {{ amount }}.",
        },
    )
    assert response.status_code == 302
    record_decision(
        cycle,
        nomination.dossier,
        staff_user,
        outcome=Decision.Outcome.WINNER,
        amount=Decimal("1500"),
    )
    message = publish()["ana@school.example"]
    assert message.subject == f"Ganador/a: {cycle.award.name}"
    # Spanish groups thousands with a (non-breaking) space, not a comma.
    assert message.body == "Resultado: Ganador/a. Premio: $1\xa0500."


def test_a_deleted_language_version_falls_back_to_english(
    make_candidate, cycle, staff_user, publish
):
    nomination = make_candidate(
        nominee_email="nominee@school.example",
        contact_language="en",
        language="so",
        nominator=UserFactory(email="somali.nominator@example.org"),
    )
    AnnouncementTemplate.objects.filter(
        outcome="not_selected", recipient="nominator", language="so"
    ).delete()
    record_decision(cycle, nomination.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    other = make_candidate(language="so", nominator=UserFactory(email="second@example.org"))
    record_decision(cycle, other.dossier, staff_user, outcome=Decision.Outcome.NOT_SELECTED)
    sent = publish()

    fallback = sent["second@example.org"]
    assert fallback.subject == f"{cycle.award.name}: this year's results"
    assert "The committee read every nomination carefully" in fallback.body
    # Its other Somali versions are untouched.
    assert sent["somali.nominator@example.org"].subject.startswith("Qofka aad magacaabtay")
    assert not AnnouncementTemplate.objects.filter(
        outcome="not_selected", recipient="nominator", language="so"
    ).exists()


def test_thank_yous_go_in_the_letter_writers_and_the_reviewers_language(
    make_candidate, reviewed, cycle, staff_user, publish
):
    nomination = make_candidate(language="en")
    LetterRequestFactory(
        nomination=nomination,
        writer_email="writer@example.org",
        writer_name="Lan Nguyen",
        language="vi",
        status=LetterRequest.Status.RECEIVED,
    )
    reviewed(UserFactory(email="rev@example.org", preferred_language="zh-hans"), nomination.dossier)
    record_decision(cycle, nomination.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    sent = publish()
    assert sent["writer@example.org"].subject == f"Cảm ơn thư của bạn: {cycle.award.name}"
    assert sent["writer@example.org"].body.startswith("Xin chào Lan Nguyen,")
    assert sent["rev@example.org"].subject == f"感谢您参与评审：{cycle.award.name}"  # noqa: RUF001
    assert "评选结果现已公布" in sent["rev@example.org"].body


# The certificate's heading and first line, in each language's seeded text.
CERTIFICATE = {
    "en": ("Certificate of Achievement", "This certifies that"),
    "es": ("Certificado de reconocimiento", "Se certifica que"),
    "so": ("Shahaadada Guusha", "Waxaa halkan lagu caddaynayaa in"),
    "vi": ("Giấy chứng nhận thành tích", "Chứng nhận"),
    "zh-hans": ("荣誉证书", "兹证明"),
}


@pytest.mark.parametrize(("language", "student"), [*product(CERTIFICATE, [False]), ("vi", True)])
def test_the_certificate_reads_in_the_nominees_or_familys_language(
    make_candidate, cycle, staff_user, publish, language, student, tmp_path
):
    if student:
        student_award(cycle)
    nomination = make_candidate(
        nominee_first_name="Mai",
        nominee_last_name="Trần",
        nominee_email="mai@school.example",
        guardian_email="family@family.example",
        language="en",  # the nominator's own language does not decide it
        contact_language=language,
    )
    record_decision(cycle, nomination.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    message = publish()["family@family.example" if student else "mai@school.example"]
    (_name, content, _type), *_ = message.attachments
    text = pdf_text(content)
    heading, first_line = CERTIFICATE[language]
    assert heading in text
    assert first_line in text
    assert "Mai Trần" in text
    if language != ENGLISH:
        assert CERTIFICATE[ENGLISH][0] not in text
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language  # tagged in its language, as every PDF
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    saved = tmp_path / "certificate.pdf"
    saved.write_bytes(content)
    fonts = subprocess.run(  # noqa: S603 - a fixed program on a file this test wrote
        ["pdffonts", str(saved)],  # noqa: S607 - poppler-utils
        capture_output=True,
        check=True,
    ).stdout.decode()
    # A font that has the script's letters, not a fallback box.
    assert ("CJK" in fonts) is (language == "zh-hans"), fonts
    assert "Noto" in fonts, fonts


def test_each_family_of_a_student_nominated_twice_gets_the_certificate_in_its_language(
    make_candidate, cycle, staff_user, publish
):
    student_award(cycle)
    first = make_candidate(
        nominee_first_name="Mai",
        nominee_last_name="Trần",
        guardian_email="mother@family.example",
        contact_language="es",
    )
    second = make_candidate(
        nominee_first_name="Mai",
        nominee_last_name="Trần",
        guardian_email="father@family.example",
        contact_language="vi",
    )
    second.dossier = first.dossier
    second.save(update_fields=["dossier"])
    record_decision(cycle, first.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    sent = publish()
    for address, language in (("mother@family.example", "es"), ("father@family.example", "vi")):
        (_name, content, _type), *_ = sent[address].attachments
        text = pdf_text(content)
        assert CERTIFICATE[language][0] in text, (address, text)
        assert "Mai Trần" in text


def edited(page: str, model: str) -> set[int]:
    """The rows a listing links to."""
    return {int(pk) for pk in re.findall(rf"/admin/{model}/edit/(\d+)/", page)}


def test_staff_list_filter_and_add_language_versions(client, staff_user, db):
    client.force_login(staff_user)
    somali = client.get("/admin/announcementtemplate/", {"language": "so"}).content.decode()
    assert edited(somali, "announcementtemplate") == set(
        AnnouncementTemplate.objects.filter(language="so").values_list("pk", flat=True)
    )
    assert len(edited(somali, "announcementtemplate")) == 12
    assert "(Somali)" in somali
    assert "(Spanish)" not in somali
    messages = client.get("/admin/messagetemplate/", {"language": "vi"}).content.decode()
    assert edited(messages, "messagetemplate") == set(
        MessageTemplate.objects.filter(language="vi").values_list("pk", flat=True)
    )

    AnnouncementTemplate.objects.filter(
        outcome="finalist", recipient="guardian", language="vi"
    ).delete()
    form = {
        "outcome": "finalist",
        "recipient": "guardian",
        "language": "vi",
        "subject": "{{ nominee }}: {{ award }}",
        "body": "Kính gửi {{ name }}",
    }
    added = client.post("/admin/announcementtemplate/new/", form)
    assert added.status_code == 302
    assert AnnouncementTemplate.objects.get(
        outcome="finalist", recipient="guardian", language="vi"
    ).body == ("Kính gửi {{ name }}")
    # A second Vietnamese version of the same e-mail is refused, with the reason, saving nothing.
    again = client.post("/admin/announcementtemplate/new/", {**form, "body": "Khác"})
    assert again.status_code == 200
    assert "already exists" in again.content.decode()
    assert (
        AnnouncementTemplate.objects.filter(
            outcome="finalist", recipient="guardian", language="vi"
        ).count()
        == 1
    )


def test_the_committee_preview_shows_each_email_in_its_language(
    client, make_candidate, cycle, staff_user, home_page
):
    nomination = make_candidate(
        nominee_email="ayan@school.example",
        contact_language="so",
        language="en",
        nominator=UserFactory(email="nominator@example.org"),
    )
    record_decision(cycle, nomination.dossier, staff_user, outcome=Decision.Outcome.FINALIST)
    client.force_login(staff_user)
    page = client.get(f"/admin/review/committee/{cycle.pk}/").content.decode()
    preview = page.split('id="announcements-heading"')[1].split("</section>")[0]
    assert "ayan@school.example (in Somali)" in preview
    assert "nominator@example.org (in English)" in preview
    assert f"Waxaad gaartay wareegga kama dambaysta ah: {cycle.award.name}" in preview
    assert mail.outbox == []


def test_results_emails_are_signed_with_the_foundations_name_in_the_readers_language(
    make_candidate, cycle, staff_user, publish, home_page
):
    from cms.models import FooterTranslation, FoundationSettings

    foundation = FoundationSettings.for_site(home_page.get_site())
    foundation.foundation_name = "Lakeside Schools Foundation"
    foundation.save()
    FooterTranslation.objects.create(
        foundation=foundation, language="so", foundation_name="Hay'adda Dugsiyada Lakeside"
    )
    somali = make_candidate(
        nominee_email="hodan@school.example",
        contact_language="en",
        language="so",
        nominator=UserFactory(email="somali.nominator@example.org"),
    )
    spanish = make_candidate(
        nominee_email="other@school.example",
        language="es",
        nominator=UserFactory(email="spanish.nominator@example.org"),
    )
    record_decision(cycle, somali.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    record_decision(cycle, spanish.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    sent = publish()

    assert (
        sent["somali.nominator@example.org"].body.rstrip().endswith("Hay'adda Dugsiyada Lakeside")
    )
    # No Spanish name was given: the English one; the English-reading nominee gets English too.
    assert (
        sent["spanish.nominator@example.org"].body.rstrip().endswith("Lakeside Schools Foundation")
    )
    assert "Lakeside Schools Foundation" in sent["hodan@school.example"].body
    assert "Hay'adda" not in sent["hodan@school.example"].body
