"""Every award the demo ships, nominated end to end by a brand-new person on a 360 px phone:
found from the home page, eligibility read, signed in by a code read from the outbox, every step
answered (every question kind the form uses, the nominee step's extras, a conditional question),
a PDF uploaded, a letter asked for, submitted, the receipt's text checked, the nomination listed.
Then the letter writer, the student's parent or guardian and the nominee each act on their
e-mailed link in a fresh browser. On every page: no serious accessibility problem (axe-core) and
no sideways scrolling.

The awards come from `seed_demo`'s list, so a new demo award is covered without a new test."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from awards.demo import DEMO_AWARDS
from awards.models import Award, Cycle, LetterRequest, Nomination, Question
from portal.pdf import render_pdf
from review.domain.assignment import candidates_for_review
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.models import ReviewSettings
from tests.e2e.conftest import signed_in_page
from tests.factories import UserFactory

DEMO_SLUGS = [slug for slug, *_ in DEMO_AWARDS]
CODE_LINE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", flags=re.MULTILINE)


# Pages and checks -----------------------------------------------------------------------------


@pytest.fixture
def checked(axe):
    """Call on every page a person reaches: axe-core finds nothing serious, nothing scrolls
    sideways at 360 px."""

    def check(page):
        page.wait_for_load_state("domcontentloaded")
        violations = axe(page)
        assert violations == [], f"{page.url}\n{axe.describe(violations)}"
        scroll, view = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= view, f"{page.url} scrolls sideways: {scroll} px wide in {view} px"

    return check


def heading(page):
    return page.get_by_role("heading", level=1)


def mail_to(address: str):
    matching = [message for message in mail.outbox if address in message.to]
    assert matching, f"no e-mail to {address}: {[m.to for m in mail.outbox]}"
    return matching[-1]


def link_in(message) -> str:
    return re.search(r"https?://\S+/(?:letters|consent|nominee)/\S+/", message.body).group(0)


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


# The nominator's part -------------------------------------------------------------------------


def sign_in_by_code(page, checked, email: str, name: str):
    """From the nomination's start page: e-mail, code, name; back on the start page."""
    start_url = page.url
    page.get_by_role("link", name="Sign in to nominate").click()
    checked(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_role("button", name="E-mail me a code").click()
    expect(heading(page)).to_have_text("Check your e-mail")
    checked(page)
    message = mail_to(email)
    assert "example.com" not in message.body and "Hello from" in message.body
    page.get_by_label("Code from the e-mail").fill(CODE_LINE.search(message.body).group(1))
    page.get_by_role("button", name="Confirm").click()
    expect(heading(page)).to_have_text("What's your name?")
    checked(page)
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(start_url)


def fill_nominee(page, award: Award, person: dict):
    page.get_by_label("Nominee's first name").fill(person["first"])
    page.get_by_label("Nominee's last name").fill(person["last"])
    page.get_by_label("Nominee's e-mail address").fill(person["email"])
    page.get_by_label("Nominee's role or grade").fill(person["role"])
    school = page.get_by_label(re.compile(r"^School"))
    school.select_option(index=1)  # the first school the award allows
    person["school"] = school.locator("option:checked").inner_text()
    page.get_by_label("How do you know the nominee?").fill("Parent of a student")
    if award.min_years_at_school:
        page.get_by_label("Years the nominee has been at this school").fill(
            str(award.min_years_at_school + 1)
        )
    if award.min_years_in_district:
        page.get_by_label("Years the nominee has been in the district").fill(
            str(award.min_years_in_district + 4)
        )
    if award.requires_guardian_consent:
        page.get_by_label("Parent or guardian's name").fill(person["guardian"])
        page.get_by_label("Parent or guardian's e-mail address").fill(person["guardian_email"])


def essay(question: Question, marker: str) -> str:
    words = f"{marker} {question.key} answer: she runs the pond lab every week".split()
    return " ".join(words[: question.word_limit or len(words)])


def answer_step(page, questions, marker: str, tmp_path, letter_writer: dict, typed: dict):
    """Answer every question of one step through its visible label, as a person would."""
    for question in questions:
        block = page.locator(f"#q-{question.key}")
        if not block.is_visible():
            continue  # a conditional question whose condition is not met
        kind = question.kind
        if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            typed[question.key] = essay(question, marker)
            block.get_by_label(question.label).fill(typed[question.key])
        elif kind == Question.Kind.ATTESTATION:
            block.get_by_role("radio", name="Yes").check()
        elif kind == Question.Kind.SINGLE_CHOICE:
            block.get_by_role("radio", name=question.choices[0]).check()
        elif kind == Question.Kind.MULTIPLE_CHOICE:
            # "Other" opens the conditional question that depends on it.
            for choice in ("Equity", "Other"):
                if choice in question.choices:
                    block.get_by_role("checkbox", name=choice).check()
            dependent = [q for q in questions if q.show_if_key == question.key]
            for follow in dependent:
                expect(page.locator(f"#q-{follow.key}")).to_be_visible()
        elif kind == Question.Kind.DATE:
            block.get_by_label(question.label).fill("2020-09-01")
        elif kind == Question.Kind.NUMBER:
            block.get_by_label(question.label).fill("12")
        elif kind == Question.Kind.FILE:
            evidence = tmp_path / f"{marker}-evidence.pdf"
            evidence.write_bytes(render_pdf(f"<h1>{marker} pond lab newsletter</h1>"))
            block.get_by_label("Choose a file").set_input_files(str(evidence))
            block.get_by_role("button", name="Upload").click()
            expect(page.get_by_role("link", name=evidence.name)).to_be_visible()
            expect(page.locator("#error-summary")).to_have_count(0)
        elif kind == Question.Kind.LETTERS:
            page.locator(f"#q-{question.key}").get_by_label("Letter writer's name").fill(
                letter_writer["name"]
            )
            email_field = page.locator(f"#q-{question.key}").get_by_label(
                "Letter writer's e-mail address"
            )
            email_field.fill(letter_writer["email"])
            email_field.press("Enter")  # Enter in the letter fields asks for the letter
            letters = page.locator(f"#q-{question.key} .letter-list")
            expect(letters).to_contain_text(letter_writer["name"])
            expect(letters).to_contain_text("Requested")
            expect(
                page.locator(f"#q-{question.key}").get_by_label("Letter writer's name")
            ).to_have_value("")


def nominate(page, checked, award: Award, person: dict, nominator: dict, letter_writer, tmp_path):
    """The whole nominator journey for `award`, from the home page to "My nominations"."""
    page.goto("/")
    checked(page)
    page.get_by_role("link", name=award.name).first.click()
    expect(heading(page)).to_have_text(award.name)
    roster = page.locator("details.roster")
    if roster.count():
        roster.locator("summary").click()
        expect(roster.get_by_role("table")).to_be_visible()
    checked(page)
    page.locator(".cta").get_by_role("link").click()
    expect(heading(page)).to_contain_text(f"Nominate someone for the {award.name}")
    checked(page)
    sign_in_by_code(page, checked, nominator["email"], nominator["name"])
    page.get_by_role("button", name="Start a new nomination").click()

    expect(heading(page)).to_have_text("Nominee")
    checked(page)
    fill_nominee(page, award, person)
    page.get_by_role("button", name="Next").click()

    cycle = award.cycles.get()
    questions = list(cycle.questions.order_by("sort_order"))
    sections = list(dict.fromkeys(q.section for q in questions))
    typed: dict[str, str] = {}
    for section in sections:
        expect(heading(page)).to_have_text(section)
        checked(page)
        in_step = [q for q in questions if q.section == section]
        answer_step(page, in_step, person["last"], tmp_path, letter_writer, typed)
        checked(page)
        page.get_by_role("button", name=re.compile("^(Next|Review)$")).last.click()

    expect(heading(page)).to_have_text("Review and submit")
    expect(page.locator(".progress__count")).to_have_text(
        f"Step {len(sections) + 2} of {len(sections) + 2}"
    )
    expect(page.locator("#error-summary")).to_have_count(0)
    checked(page)
    page.get_by_role("button", name="Submit nomination").click()
    expect(heading(page)).to_contain_text("your nomination is in")
    checked(page)

    receipt = mail_to(nominator["email"])
    assert receipt.subject == f"Nomination received: {award.name}"
    (_name, content, mimetype), *_ = receipt.attachments
    text = pdf_text(content)
    assert mimetype == "application/pdf"
    assert f"{person['first']} {person['last']}" in text
    assert person["school"] in text
    for answer in typed.values():
        assert answer in text, answer
    if award.requires_guardian_consent:
        assert person["guardian"] in text

    page.goto("/nominations/")
    card = page.locator(".nomination-card", has_text=f"{person['first']} {person['last']}")
    expect(card).to_contain_text("Submitted")
    expect(card).to_contain_text("0 of 1 received")
    checked(page)
    return Nomination.objects.get(nominator__email=nominator["email"])


def write_letter(phone, checked, letter_writer: dict, person: dict):
    writer = phone()
    writer.goto(link_in(mail_to(letter_writer["email"])))
    expect(heading(writer)).to_contain_text(f"{person['first']} {person['last']}")
    checked(writer)
    writer.get_by_role("textbox", name="Your letter").fill(
        f"{person['first']} changed how our school teaches science."
    )
    writer.get_by_role("button", name="Send my letter").click()
    expect(heading(writer)).to_have_text(f"Thank you, {letter_writer['name']}")
    checked(writer)


def people_for(slug: str) -> tuple[dict, dict, dict]:
    person = {
        "first": "Rosalind",
        "last": f"Franklin{slug.split('-')[0].title()}",
        "email": f"nominee.{slug}@school.example",
        "role": "Science teacher",
        "guardian": "Muriel Franklin",
        "guardian_email": f"guardian.{slug}@family.example",
    }
    nominator = {"email": f"new.parent.{slug}@example.org", "name": "Pat Parent"}
    letter_writer = {
        "name": "Dorothy Crowfoot Hodgkin",
        # A long address: the letter list must still fit a phone's width.
        "email": f"dorothy.crowfoot.hodgkin.longer.address.{slug}@community-partners.example.org",
    }
    return person, nominator, letter_writer


@pytest.mark.parametrize("slug", DEMO_SLUGS)
def test_new_person_nominates_for_each_demo_award(
    slug, journey_site, phone, checked, tmp_path, live_server, browser
):
    award = journey_site[slug]
    person, nominator, letter_writer = people_for(slug)
    page = phone()

    nomination = nominate(page, checked, award, person, nominator, letter_writer, tmp_path)
    assert nomination.status == Nomination.Status.SUBMITTED

    write_letter(phone, checked, letter_writer, person)
    assert LetterRequest.objects.get(nomination=nomination).status == LetterRequest.Status.RECEIVED
    page.goto(live_server.url + "/nominations/")
    expect(page.locator(".nomination-card")).to_contain_text("1 of 1 received")
    assert "changed how our school teaches" not in page.content()

    if award.requires_guardian_consent:
        answer_as_guardian(phone, checked, person, consent=True)
        nomination.refresh_from_db()
        assert nomination.guardian_consent == Nomination.Response.ACCEPTED
        staff = staff_page(browser, live_server)
        staff.goto(reverse("nomination:inspect", args=(nomination.code,)))
        expect(staff.get_by_text(f"Consented: {person['guardian']}")).to_be_visible()
        # With every guardian's consent, the results name the student.
        visitor = phone()
        visitor.goto(announce_winner(nomination).url)
        checked(visitor)
        expect(visitor.locator("main")).to_contain_text(f"{person['first']} {person['last']}")
    if award.nominee_handoff:
        answer_as_nominee(phone, checked, person, accept=True, statement="I am honoured.")
        nomination.refresh_from_db()
        assert nomination.nominee_response == Nomination.Response.ACCEPTED
        assert nomination.nominee_statement == "I am honoured."


# The people the nomination reaches --------------------------------------------------------------


def answer_as_guardian(phone, checked, person: dict, *, consent: bool):
    guardian = phone()
    guardian.goto(link_in(mail_to(person["guardian_email"])))
    expect(heading(guardian)).to_have_text("Consent to publish a student's name")
    checked(guardian)
    choice = "Yes, you may publish" if consent else "No, keep the student's name"
    guardian.get_by_role("radio", name=re.compile(choice)).check()
    guardian.get_by_label("Your full name, as your signature").fill(person["guardian"])
    guardian.get_by_role("button", name="Send my answer").click()
    expect(heading(guardian)).to_have_text("Thank you")
    checked(guardian)


def answer_as_nominee(phone, checked, person: dict, *, accept: bool, statement: str = ""):
    nominee = phone()
    nominee.goto(link_in(mail_to(person["email"])))
    expect(heading(nominee)).to_have_text(f"Congratulations, {person['first']}")
    checked(nominee)
    choice = "Yes, I accept" if accept else "No, please withdraw me"
    nominee.get_by_role("radio", name=choice).check()
    if statement:
        nominee.get_by_label("In your own words").fill(statement)
    nominee.get_by_role("button", name="Send my answer").click()
    expect(heading(nominee)).to_have_text("Thank you")
    checked(nominee)


def awards_with(predicate) -> list[str]:
    """Demo awards with a feature, read from what seed_demo creates."""
    from awards.demo import DEMO_ELIGIBILITY

    return [slug for slug in DEMO_SLUGS if predicate(DEMO_ELIGIBILITY.get(slug, {}))] or [
        pytest.param(None, marks=pytest.mark.skip(reason="no demo award has this feature"))
    ]


@pytest.mark.parametrize("slug", awards_with(lambda rules: rules.get("requires_guardian_consent")))
def test_guardian_refuses_consent_and_the_student_is_never_named(
    slug, journey_site, phone, checked, tmp_path, live_server, browser
):
    award = journey_site[slug]
    person, nominator, letter_writer = people_for(slug)
    page = phone()
    nomination = nominate(page, checked, award, person, nominator, letter_writer, tmp_path)

    answer_as_guardian(phone, checked, person, consent=False)

    nomination.refresh_from_db()
    assert nomination.guardian_consent == Nomination.Response.DECLINED
    staff = staff_page(browser, live_server)
    staff.goto(reverse("nomination:inspect", args=(nomination.code,)))
    expect(staff.get_by_text(f"Refused: {person['guardian']}")).to_be_visible()
    results_page = announce_winner(nomination)
    visitor = phone()
    visitor.goto(live_server.url + results_page.url)
    checked(visitor)
    main = visitor.locator("main").inner_text()
    assert person["last"] not in main
    assert f"A student at {person['school']}" in main or f"a student at {person['school']}" in main


@pytest.mark.parametrize("slug", awards_with(lambda rules: rules.get("nominee_handoff")))
def test_nominee_declines_and_leaves_review(
    slug, journey_site, phone, checked, tmp_path, live_server, browser
):
    award = journey_site[slug]
    person, nominator, letter_writer = people_for(slug)
    page = phone()
    nomination = nominate(page, checked, award, person, nominator, letter_writer, tmp_path)

    answer_as_nominee(phone, checked, person, accept=False)

    nomination.refresh_from_db()
    assert nomination.nominee_response == Nomination.Response.DECLINED
    staff = staff_page(browser, live_server)
    staff.goto(reverse("nomination:inspect", args=(nomination.code,)))
    expect(staff.get_by_text("the nominee declined on").first).to_be_visible()
    assert nomination.dossier_id not in set(
        candidates_for_review(nomination.cycle).values_list("pk", flat=True)
    )


def staff_page(browser, live_server):
    """A staff member's browser, already signed in (their sign-in has its own tests)."""
    return signed_in_page(
        browser, live_server, UserFactory(staff=True), viewport={"width": 1280, "height": 900}
    )


def announce_winner(nomination):
    """Staff decide the nomination won and two staff members publish, through the domain."""
    cycle = nomination.cycle
    # Results wait for nominations to close: the deadline has passed.
    Cycle.objects.filter(pk=cycle.pk).update(
        closes_at=timezone.now() - timedelta(minutes=5), grace_period=None
    )
    cycle.refresh_from_db()
    ReviewSettings.objects.get_or_create(cycle=cycle)
    first, second = UserFactory(staff=True), UserFactory(staff=True)
    record_decision(cycle, nomination.dossier, first, outcome="winner", citation="A leader.")
    request_publication(cycle, first, timezone.now() - timedelta(minutes=1))
    return approve_publication(cycle, second).results_page


def test_keyboard_only_nomination_steps_advance_with_enter_and_space(
    journey_site, phone, checked, live_server
):
    """Tab to a field, type, Space to choose, Enter to go on: the step advances each time."""
    award = journey_site[DEMO_SLUGS[0]]
    person, nominator, _ = people_for("keyboard")
    page = phone()
    page.goto(live_server.url + f"/nominate/{award.slug}/")
    sign_in_by_code(page, checked, nominator["email"], nominator["name"])
    page.get_by_role("button", name="Start a new nomination").focus()
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Nominee")

    page.get_by_label("Nominee's first name").focus()
    page.keyboard.type(person["first"])
    page.keyboard.press("Tab")
    page.keyboard.type(person["last"])
    fill_nominee(page, award, person)
    page.get_by_label("How do you know the nominee?").focus()
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Eligibility")

    page.keyboard.press("Tab")  # into the page from the top: Tab until the first radio
    page.get_by_role("radio", name="Yes").first.focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Yes").first).to_be_checked()
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Their story")
    checked(page)
