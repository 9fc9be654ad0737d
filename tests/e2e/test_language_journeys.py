"""A whole nomination in Spanish and in Somali, by a brand-new person on a 360 px phone: the home
page, the language switcher, the award, a sign-in code read from the outbox, a name, every step,
letters asked for, submitted. Then the letter writers and the student's parent or guardian act
on their e-mails, each in the language the nominator chose for them (the Somali nominator asks
one writer in Somali and one in English).

What the person reads is what Django's catalogue gives for the journey's language (`t`), and each
such text must differ from the English, so a missing translation fails here. Texts the foundation
wrote (the form's questions, the award's name) are data: they are read through the form's own
translations (`spec.localised`), and questions are found by their block id and role. On every
page: `<html lang>` is the page's language, axe-core finds nothing serious, nothing scrolls
sideways at 360 px (Somali words are long), and no message of the catalogues that this language
leaves untranslated shows in English."""

import functools
import io
import re
import subprocess
from pathlib import Path

import allauth
import polib
import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import get_language_info, gettext, to_locale
from playwright.sync_api import expect
from pypdf import PdfReader
from wagtail.models import Locale, Page, Site

from awards import spec
from awards.models import Award, LetterRequest, Nomination, Question
from cms.demo import FOUNDATION_NAME
from cms.models import AwardPage, FoundationSettings
from portal.pdf import render_pdf
from tests.i18n.pseudo import FORMAT_CONTEXTS, readable_text

CODE_LINE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", flags=re.MULTILINE)
LINK = re.compile(r"https?://\S+/(?:letters|consent|nominee)/\S+/")
# The demo award that asks a parent or guardian before a student's name is published.
STUDENT_AWARD = "student-leadership-scholarship"

# Everything the people type, in the journey's language: data, never looked up in a catalogue.
TYPED = {
    "es": {
        "role": "Estudiante de último año",
        "relationship": "Madre de un compañero de clase",
        "essay": "Organizó el laboratorio del estanque cada semana para toda la escuela",
        "other": "Tutoría de matemáticas",
        "letter": "Rosalinda cambió la manera en que nuestra escuela enseña ciencias.",
    },
    "so": {
        "role": "Arday fasalka ugu dambeeya",
        "relationship": "Waalidka arday fasalkeeda dhigta",
        "essay": "Waxay toddobaad kasta u maamushay shaybaarka balliga dugsiga oo dhan",
        "other": "Casharrada xisaabta ee ardayda kale",
        "letter": "Rosalinda waxay beddeshay sida dugsigayagu u baro sayniska.",
    },
    "vi": {
        "role": "Học sinh lớp mười hai",
        "relationship": "Mẹ của một bạn cùng lớp",
        "essay": "Em tổ chức phòng thí nghiệm ao hồ mỗi tuần cho cả trường",
        "other": "Dạy kèm môn toán",
        "letter": "Rosalinda đã thay đổi cách trường chúng tôi dạy khoa học.",
    },
    "zh-hans": {
        "role": "高三学生",
        "relationship": "同班同学的母亲",
        "essay": "她每周为全校组织池塘实验室活动",
        "other": "数学辅导",
        "letter": "罗莎琳德改变了我们学校教科学的方式。",
    },
    "en": {"letter": "Rosalind changed how our school teaches science."},
}


def t(language: str, message: str, **values) -> str:
    """`message` as a person reading `language` sees it: Django's own catalogue. Outside English
    it must not read as the English, unless a catalogue says so ("No" is Spanish too)."""
    with translation.override(language):
        text = gettext(message)
    if language != settings.LANGUAGE_CODE:
        assert text != message or message in translated_in(language), (
            f"{message!r} has no {language} translation"
        )
    return text % values if values else text


# The catalogues' messages that a language shows in English --------------------------------------


PLACEHOLDER_OR_TAG = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[^}]*\}|<[^>]+>|&[#\w]+;")


def catalogues(language: str) -> list[Path]:
    """The project's catalogue of `language` and allauth's (the sign-in pages are its forms)."""
    folder = Path(to_locale(language)) / "LC_MESSAGES" / "django.po"
    return [
        Path(settings.LOCALE_PATHS[0]) / folder,
        Path(allauth.__file__).parent / "locale" / folder,
    ]


@functools.cache
def translated_in(language: str) -> frozenset[str]:
    """The messages a catalogue of `language` translates, some perhaps as the same words."""
    return frozenset(
        entry.msgid
        for path in catalogues(language)
        if path.exists()
        for entry in polib.pofile(str(path))
        if entry.translated()
    )


@functools.cache
def shown_in_english(language: str) -> tuple[tuple[str, str], ...]:
    """(message, piece) for each message of the catalogues (their Spanish ones list them all)
    that `language` leaves in English: the pieces of its text between placeholders and tags, as
    they would appear on a page."""
    left = []
    entries = [
        entry
        for path in catalogues("es")
        for entry in polib.pofile(str(path))
        if not entry.obsolete and entry.msgctxt not in FORMAT_CONTEXTS
    ]
    with translation.override(language):
        for entry in entries:
            if entry.msgid in translated_in(language):
                continue
            for english in filter(None, (entry.msgid, entry.msgid_plural)):
                if entry.msgctxt:
                    shown = translation.pgettext(entry.msgctxt, english)
                elif entry.msgid_plural:
                    count = 1 if english == entry.msgid else 2
                    shown = translation.ngettext(entry.msgid, entry.msgid_plural, count)
                else:
                    shown = gettext(english)
                if shown != english:
                    continue  # translated by another catalogue (Django's own)
                for piece in PLACEHOLDER_OR_TAG.split(english):
                    piece = " ".join(piece.split()).strip(" .,:;")
                    if re.search(r"[A-Za-z]{2,}", piece):
                        left.append((english, piece))
    return tuple(left)


def english_on(page, language: str, data: set[str]) -> list[str]:
    """Messages of the catalogues shown in English on `page`: a whole text (a button, a label)
    that is one such message, or any text holding three or more of its words. `data` is what
    the foundation or the people wrote (English in the demo's site pages), left out."""
    texts = {" ".join(text.split()) for text in readable_text(page.content())} - data
    found: dict[str, str] = {}
    for message, piece in shown_in_english(language):
        for text in texts:
            if text.strip(" .,:;") == piece or (len(piece.split()) >= 3 and piece in text):
                # Named by the shortest message it shows: the one it most likely is.
                found[text] = min(found.get(text, message), message, key=len)
    return [f"{text!r} (the message {message!r})" for text, message in sorted(found.items())]


# Pages and checks -----------------------------------------------------------------------------


@pytest.fixture
def site_data(journey_site) -> set[str]:
    """What the demo's staff wrote on its site pages, in every language (pages not yet translated
    show in English): the menu and footer's page titles, the award pages' titles and summaries."""
    texts = [
        text
        for page in Page.objects.live().specific()
        for text in (page.title, getattr(page, "summary", ""))
    ]
    return {" ".join(text.split()) for text in texts if text}


@pytest.fixture
def checked(axe, site_data):
    """Call on every page a person reaches, with the language it must be in."""

    def check(page, language: str, data: set[str] = frozenset()):
        page.wait_for_load_state("domcontentloaded")
        assert page.locator("html").get_attribute("lang") == language, page.url
        violations = axe(page)
        assert violations == [], f"{page.url}\n{axe.describe(violations)}"
        scroll, view = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= view, (
            f"{page.url} scrolls sideways: {scroll} px wide in {view} px, past the edge:\n"
            + "\n".join(page.evaluate(TOO_WIDE))
        )
        if language != settings.LANGUAGE_CODE:
            left = english_on(page, language, site_data | set(data))
            assert left == [], f"{page.url} shows English:\n" + "\n".join(left)

    return check


# The innermost elements that reach past the right edge of the screen: what makes a page scroll.
TOO_WIDE = """() => {
    const past = e => e.getBoundingClientRect().right > window.innerWidth + 1;
    return [...document.body.querySelectorAll('*')]
        .filter(e => past(e) && ![...e.children].some(past))
        .slice(0, 5)
        .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> reaches `
            + `${Math.round(e.getBoundingClientRect().right)} px: `
            + e.textContent.trim().slice(0, 80));
}"""


def heading(page):
    return page.get_by_role("heading", level=1)


def mails_to(address: str) -> list:
    matching = [message for message in mail.outbox if address in message.to]
    assert matching, f"no e-mail to {address}: {[m.to for m in mail.outbox]}"
    return matching


def link_in(message, language: str) -> str:
    """The page link of an e-mail, which must open the page in `language`."""
    link = LINK.search(message.body).group(0)
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    assert re.match(rf"https?://[^/]+{prefix}/(letters|consent|nominee)/", link), link
    return link


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-", "-"],  # noqa: S607 - poppler-utils, a fixed program
        input=content,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode().split())


def localised_form(award: Award, language: str) -> list[dict]:
    """The award's form as the person reads it in `language`, by the form's own translations."""
    cycle = award.cycles.get()
    snapshots = [question.snapshot() for question in cycle.questions.order_by("sort_order")]
    return [
        {**shown, "english_label": english["label"]}
        for shown, english in zip(
            spec.localised(snapshots, language), spec.localised(snapshots, "en"), strict=True
        )
    ]


def foundation_name(language: str) -> str:
    settings = FoundationSettings.for_site(Site.objects.get(is_default_site=True))
    return in_language(FOUNDATION_NAME, settings.in_language(language).foundation_name, language)


def in_language(english: str, shown: str, language: str) -> str:
    """A text the foundation wrote, as shown in `language`: the demo translates all of it."""
    assert shown != english, f"the demo has no {language} text for {english!r}"
    return shown


# The nominator's part -------------------------------------------------------------------------


def sign_in_by_code(page, checked, language: str, email: str, name: str):
    """From the nomination's start page: e-mail, code, name; back on the start page."""
    start_url = page.url
    page.get_by_role("link", name=t(language, "Sign in to nominate")).click()
    expect(heading(page)).to_have_text(t(language, "Sign in with a code"))
    checked(page, language)
    page.get_by_label(t(language, "E-mail address")).fill(email)
    page.get_by_role("button", name=t(language, "E-mail me a code")).click()
    expect(heading(page)).to_have_text(t(language, "Check your e-mail"))
    checked(page, language, {email})
    (message,) = mails_to(email)
    # Signed with the foundation's name as the site's header shows it in that language.
    assert t(language, "Hello from %(name)s,", name=foundation_name(language)) in message.body
    assert t(language, "Your sign-in code is:") in message.body
    page.get_by_label(t(language, "Code from the e-mail")).fill(CODE_LINE.search(message.body)[1])
    page.get_by_role("button", name=t(language, "Confirm")).click()
    expect(heading(page)).to_have_text(t(language, "What's your name?"))
    checked(page, language)
    page.get_by_label(t(language, "Your name")).fill(name)
    page.get_by_role("button", name=t(language, "Continue")).click()
    expect(page).to_have_url(start_url)


def fill_nominee(page, language: str, person: dict):
    page.get_by_label(t(language, "Nominee's first name")).fill(person["first"])
    page.get_by_label(t(language, "Nominee's last name")).fill(person["last"])
    page.get_by_label(t(language, "Nominee's e-mail address")).fill(person["email"])
    page.get_by_label(t(language, "Nominee's role or grade")).fill(TYPED[language]["role"])
    school = page.get_by_label(re.compile("^" + re.escape(t(language, "School"))))
    school.select_option(index=1)  # the first school the award allows
    person["school"] = school.locator("option:checked").inner_text()
    page.get_by_label(t(language, "How do you know the nominee?")).fill(
        TYPED[language]["relationship"]
    )
    page.get_by_label(t(language, "Parent or guardian's name")).fill(person["guardian"])
    page.get_by_label(t(language, "Parent or guardian's e-mail address")).fill(
        person["guardian_email"]
    )


def ask_for_letters(page, block, language: str, writers: list[dict]):
    """Ask each writer for a letter, in the language chosen for them in the letter form."""
    for number, writer in enumerate(writers, start=1):
        block.get_by_label(t(language, "Letter writer's name")).fill(writer["name"])
        block.get_by_label(t(language, "Letter writer's e-mail address")).fill(writer["email"])
        chooser = block.get_by_label(t(language, "Language of our e-mail to them"))
        expect(chooser).to_have_value(language)  # the page's language unless changed
        chooser.select_option(writer["language"])
        block.get_by_role("button", name=t(language, "Ask for a letter")).click()
        letters = block.locator(".letter-list li")
        expect(letters).to_have_count(number)
        expect(letters.nth(number - 1)).to_contain_text(writer["name"])
        expect(letters.nth(number - 1)).to_contain_text(t(language, "Requested"))
        expect(block.get_by_label(t(language, "Letter writer's name"))).to_have_value("")


def answer_step(page, questions, language: str, tmp_path, writers: list[dict], typed: dict):
    """Answer every question of one step, each found by its block and role, as a person would."""
    for question in questions:
        block = page.locator(f"#q-{question['key']}")
        if not block.is_visible():
            continue  # a conditional question whose condition is not met
        label = in_language(question["english_label"], question["label"], language)
        expect(block).to_contain_text(label)
        kind = question["kind"]
        if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            words = TYPED[language]["other" if kind == Question.Kind.SHORT_TEXT else "essay"]
            typed[question["key"]] = f"{words} ({question['key']})"
            block.get_by_role("textbox", name=label).fill(typed[question["key"]])
        elif kind == Question.Kind.ATTESTATION:
            block.get_by_role("radio", name=t(language, "Yes"), exact=True).check()
        elif kind == Question.Kind.MULTIPLE_CHOICE:
            # "Other" opens the conditional question that depends on it.
            for value in ("Equity", "Other"):
                option = in_language(value, question["option_labels"][value], language)
                block.get_by_role("checkbox", name=option, exact=True).check()
            for follow in questions:
                if follow.get("show_if_key") == question["key"]:
                    expect(page.locator(f"#q-{follow['key']}")).to_be_visible()
        elif kind == Question.Kind.FILE:
            evidence = tmp_path / f"{language}-newsletter.pdf"
            evidence.write_bytes(render_pdf('<html lang="en"><h1>Pond lab newsletter</h1></html>'))
            block.get_by_label(t(language, "Choose a file")).set_input_files(str(evidence))
            block.get_by_role("button", name=t(language, "Upload"), exact=True).click()
            expect(page.get_by_role("link", name=evidence.name)).to_be_visible()
            expect(page.locator("#error-summary")).to_have_count(0)
        elif kind == Question.Kind.LETTERS:
            ask_for_letters(page, block, language, writers)
        else:
            raise AssertionError(f"the demo form has a {kind} question: answer it here")


def nominate(page, checked, language: str, award: Award, people: dict, tmp_path) -> Nomination:
    """The whole nominator journey, from the English home page to "My nominations"."""
    person, nominator, writers = people["nominee"], people["nominator"], people["writers"]
    page.goto("/")
    checked(page, settings.LANGUAGE_CODE)
    switcher = page.locator("nav.languages")
    switcher.get_by_role("link", name=get_language_info(language)["name_local"]).click()
    expect(page).to_have_url(re.compile(rf"^https?://[^/]+/{language}/$"))
    checked(page, language)

    award_name = in_language(award.name, award.localised("name", language), language)
    # The demo's award pages are translated: the card names the page in this language.
    english_page = AwardPage.objects.get(award=award, locale__language_code="en")
    title = in_language(
        english_page.title,
        english_page.get_translation(Locale.objects.get(language_code=language)).title,
        language,
    )
    page.get_by_role("link", name=title).first.click()
    expect(page).to_have_url(re.compile(rf"^https?://[^/]+/{language}/awards/{award.slug}/$"))
    checked(page, language)
    page.locator(".cta").get_by_role("link").click()
    expect(heading(page)).to_have_text(
        t(language, "Nominate someone for the %(award)s", award=award_name)
    )
    checked(page, language)
    sign_in_by_code(page, checked, language, nominator["email"], nominator["name"])
    page.get_by_role("button", name=t(language, "Start a new nomination")).click()

    form = localised_form(award, language)
    sections = list(dict.fromkeys(question["section"] for question in form))
    steps = len(sections) + 2
    expect(heading(page)).to_have_text(t(language, "Nominee"))
    expect(page.locator(".progress__count")).to_have_text(
        t(language, "Step %(number)s of %(total)s", number=1, total=steps)
    )
    checked(page, language)
    fill_nominee(page, language, person)
    actions = page.locator(".form-actions")
    actions.get_by_role("button", name=t(language, "Next"), exact=True).click()

    typed: dict[str, str] = {}
    data = {person["email"], person["guardian_email"], *(w["email"] for w in writers)}
    for number, section in enumerate(sections, start=2):
        in_step = [question for question in form if question["section"] == section]
        title = in_language(section, in_step[0]["section_title"], language)
        expect(heading(page)).to_have_text(title)
        checked(page, language)
        answer_step(page, in_step, language, tmp_path, writers, typed)
        checked(page, language, data)
        last = number == steps - 1
        button = t(language, "Review") if last else t(language, "Next")
        actions.get_by_role("button", name=button, exact=True).click()

    expect(heading(page)).to_have_text(t(language, "Review and submit"))
    expect(page.locator(".progress__count")).to_have_text(
        t(language, "Step %(number)s of %(total)s", number=steps, total=steps)
    )
    expect(page.locator("#error-summary")).to_have_count(0)
    checked(page, language, data)
    # The guardian is written to in the page's language unless the nominator chooses another.
    expect(
        page.get_by_label(t(language, "Language of our e-mail to the parent or guardian"))
    ).to_have_value(language)
    page.get_by_role("button", name=t(language, "Submit nomination")).click()
    expect(heading(page)).to_have_text(t(language, "Thank you: your nomination is in"))
    checked(page, language, {nominator["email"]})

    check_receipt(language, award_name, form, people, typed)

    page.get_by_role("link", name=t(language, "All my nominations")).click()
    expect(heading(page)).to_have_text(t(language, "My nominations"))
    card = page.locator(".nomination-card", has_text=f"{person['first']} {person['last']}")
    expect(card).to_contain_text(t(language, "Submitted"))
    expect(card).to_contain_text(
        t(language, "%(received)s of %(requested)s received", received=0, requested=len(writers))
    )
    checked(page, language)
    nomination = Nomination.objects.get(nominator__email=nominator["email"])
    assert nomination.language == language
    return nomination


def check_receipt(language: str, award_name: str, form: list[dict], people: dict, typed: dict):
    """The receipt e-mail and its PDF: in the nomination's language, and the PDF tagged."""
    person = people["nominee"]
    (receipt,) = [m for m in mails_to(people["nominator"]["email"]) if m.attachments]
    assert receipt.subject == t(language, "Nomination received: %(award)s", award=award_name)
    with translation.override("en"):
        assert receipt.subject != gettext("Nomination received: %(award)s") % {
            "award": people["award"].name
        }
    assert t(language, "A PDF copy of exactly what you sent is attached.") in receipt.body
    assert f"/{language}/nominations/" in receipt.body

    (_name, content, mimetype), *_ = receipt.attachments
    assert mimetype == "application/pdf"
    text = pdf_text(content)
    headings = [
        t(language, "Nominee"),
        t(language, "Name"),
        t(language, "Role"),
        t(language, "School"),
        t(language, "Your relationship to the nominee"),
        t(language, "Parent or guardian"),
    ]
    for expected in [award_name, *headings]:
        assert expected in text, f"{expected!r} not in the receipt: {text}"
    for question in form:
        assert question["section_title"] in text, question["section_title"]
        assert " ".join(question["label"].split()) in text, question["label"]
    for english in ("Your relationship to the nominee", "Parent or guardian", "Years at the"):
        assert english not in text, f"English {english!r} in the {language} receipt"
    assert f"{person['first']} {person['last']}" in text
    assert person["school"] in text
    for answer in typed.values():
        assert answer in text, answer

    root = PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert "/StructTreeRoot" in root, "the receipt PDF is not tagged"
    assert root["/Lang"] == language
    assert root["/MarkInfo"]["/Marked"].value is True


# The people the nomination reaches --------------------------------------------------------------


def write_letter(phone, checked, writer: dict, people: dict):
    """The letter writer opens their e-mail's link on a phone of their own and sends a letter,
    all in the language the nominator chose for them."""
    language, person = writer["language"], people["nominee"]
    award = people["award"]
    (request,) = mails_to(writer["email"])
    with translation.override(language):
        award_name = award.localised("name", language)
        assert request.subject == gettext("A letter of support for the %(award)s") % {
            "award": award_name
        }
        assert gettext("Hello,") in request.body
    if language != settings.LANGUAGE_CODE:
        assert request.subject != f"A letter of support for the {award.name}"
    letter_page = phone()
    letter_page.goto(link_in(request, language))
    nominee = f"{person['first']} {person['last']}"
    expect(heading(letter_page)).to_have_text(
        t(language, "Support %(name)s's nomination", name=nominee)
    )
    checked(letter_page, language)
    letter_page.get_by_role("textbox", name=t(language, "Your letter")).fill(
        TYPED[language]["letter"]
    )
    letter_page.get_by_role("button", name=t(language, "Send my letter")).click()
    expect(heading(letter_page)).to_have_text(
        t(language, "Thank you, %(name)s", name=writer["name"])
    )
    checked(letter_page, language)
    letter = LetterRequest.objects.get(writer_email=writer["email"])
    assert letter.status == LetterRequest.Status.RECEIVED
    assert letter.language == language


def answer_as_guardian(phone, checked, language: str, people: dict):
    """The parent or guardian opens their link and gives consent, in the nominator's language
    (the review page's choice was left at the page's language)."""
    person, award = people["nominee"], people["award"]
    (request,) = mails_to(person["guardian_email"])
    award_name = award.localised("name", language)
    assert request.subject == t(language, "Your consent for the %(award)s", award=award_name)
    assert t(language, "Hello %(name)s,", name=person["guardian"]) in request.body
    guardian = phone()
    guardian.goto(link_in(request, language))
    expect(heading(guardian)).to_have_text(t(language, "Consent to publish a student's name"))
    checked(guardian, language)
    guardian.get_by_role(
        "radio", name=t(language, "Yes, you may publish the student's name and photo")
    ).check()
    guardian.get_by_label(t(language, "Your full name, as your signature")).fill(person["guardian"])
    guardian.get_by_role("button", name=t(language, "Send my answer")).click()
    expect(heading(guardian)).to_have_text(t(language, "Thank you"))
    checked(guardian, language)


# The journeys ---------------------------------------------------------------------------------


def people_for(language: str, award: Award) -> dict:
    writers = [
        {
            "name": "Dorothy Crowfoot Hodgkin",
            # A long address: the letter list must still fit a phone's width.
            "email": f"dorothy.crowfoot.hodgkin.{language}@community-partners.example.org",
            "language": language,
        }
    ]
    if language == "so":
        # A writer who reads English, asked by a nominator who reads Somali.
        writers.append(
            {"name": "Grace Hopper", "email": "grace.hopper@navy.example", "language": "en"}
        )
    return {
        "award": award,
        "nominee": {
            "first": "Rosalind",
            "last": f"Franklin-{language.title()}",
            "email": f"rosalind.{language}@student.example",
            "guardian": "Muriel Franklin",
            "guardian_email": f"guardian.{language}@family.example",
        },
        "nominator": {"email": f"new.parent.{language}@example.org", "name": "Pat Parent"},
        "writers": writers,
    }


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES if code != "en"])
def test_new_person_nominates_a_student_in_their_language(
    language, journey_site, phone, checked, tmp_path
):
    award = Award.objects.get(pk=journey_site[STUDENT_AWARD].pk)  # with the demo's translations
    assert award.requires_guardian_consent is True
    people = people_for(language, award)
    page = phone()

    nomination = nominate(page, checked, language, award, people, tmp_path)
    assert nomination.status == Nomination.Status.SUBMITTED

    for number, writer in enumerate(people["writers"], start=1):
        write_letter(phone, checked, writer, people)
        # The nominator hears of each letter in the language they nominated in.
        notice = mails_to(people["nominator"]["email"])[-1]
        assert notice.subject == t(
            language,
            "A letter of support arrived: %(award)s",
            award=award.localised("name", language),
        )
        page.reload()
        expect(page.locator(".nomination-card")).to_contain_text(
            t(
                language,
                "%(received)s of %(requested)s received",
                received=number,
                requested=len(people["writers"]),
            )
        )
    checked(page, language)

    answer_as_guardian(phone, checked, language, people)
    nomination.refresh_from_db()
    assert nomination.guardian_consent == Nomination.Response.ACCEPTED
