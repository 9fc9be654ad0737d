"""A nominator on a phone signs in with an e-mailed code, nominates a teacher with an upload and
a letter request; the letter writer answers through the link; the nominator sees "received".
axe-core finds no serious accessibility problem on any step."""

import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from awards.models import Nomination
from portal.pdf import render_pdf

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, bypass_csp=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def nominator(db):
    from allauth.account.models import EmailAddress

    from portal.models import User

    user = User.objects.create_user("pat.parent@example.org", display_name="Pat Parent")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def latest_mail_to(address: str):
    matching = [message for message in mail.outbox if address in message.to]
    assert matching, f"no e-mail to {address}"
    return matching[-1]


def assert_accessible(axe, page):
    violations = axe(page)
    assert violations == [], axe.describe(violations)


def test_nominate_teacher_on_phone_end_to_end(
    phone_page, live_server, demo_site, nominator, axe, tmp_path
):
    page = phone_page
    page.goto(live_server.url + "/awards/k8-science-teacher/")
    page.get_by_role("link", name=re.compile("Nominate", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nominate someone")
    assert_accessible(axe, page)

    # Sign in without a password: a code arrives by e-mail.
    page.get_by_role("link", name="Sign in to nominate").click()
    page.get_by_label("E-mail address").fill(nominator.email)
    page.get_by_role("button", name=re.compile("code", re.I)).click()
    body = latest_mail_to(nominator.email).body
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", body, flags=re.MULTILINE).group(1)
    page.get_by_label("Code from the e-mail").fill(code)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_role("button", name="Start a new nomination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nominee")
    assert_accessible(axe, page)

    # Step 1, with a mistake first: the form keeps what was typed.
    page.get_by_label("Nominee's first name").fill("Rosalind")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_label("Nominee's first name")).to_have_value("Rosalind")
    assert_accessible(axe, page)
    page.get_by_label("Nominee's last name").fill("Franklin")
    page.get_by_label("Nominee's role or grade").fill("Grade 5 science teacher")
    page.get_by_label("School").select_option(label="Madrona K-8")
    page.get_by_label("How do you know the nominee?").fill("Parent of a student")
    page.get_by_role("button", name="Next").click()

    # Step 2: eligibility attestation.
    expect(page.get_by_role("heading", level=1)).to_have_text("Eligibility")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Next").click()

    # Step 3: essays save themselves as they are typed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Their story")
    page.get_by_label("What has the nominee done").fill(
        "She turned the courtyard into a pond lab where every class studies water."
    )
    expect(page.locator("[data-autosave-status]")).to_contain_text("Saved at", timeout=10_000)
    expect(page.locator(".word-count").first).to_have_text("13 of 500 words")
    page.get_by_label("How have students or colleagues benefited?").fill(
        "Fourth graders now run water-quality tests for the city."
    )
    assert_accessible(axe, page)
    page.get_by_role("button", name="Next").click()

    # Step 4: an upload and a letter request.
    expect(page.get_by_role("heading", level=1)).to_have_text("Supporting materials")
    evidence = tmp_path / "pond-lab.pdf"
    evidence.write_bytes(render_pdf("<h1>Pond lab newsletter</h1>"))
    page.get_by_label("Choose a file").set_input_files(str(evidence))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="pond-lab.pdf")).to_be_visible()
    page.get_by_label("Letter writer's name").fill("Dorothy Hodgkin")
    page.get_by_label("Letter writer's e-mail address").fill("dorothy@example.org")
    page.get_by_role("button", name="Ask for a letter").click()
    expect(page.locator(".letter-list")).to_contain_text("Dorothy Hodgkin")
    expect(page.locator(".letter-list")).to_contain_text("Requested")
    page.get_by_role("group", name=re.compile("I confirm")).get_by_label("Yes").check()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Review", exact=True).click()

    # Review and submit.
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and submit")
    expect(page.locator("#error-summary")).to_have_count(0)
    assert_accessible(axe, page)
    page.get_by_role("button", name="Submit nomination").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your nomination is in")
    assert_accessible(axe, page)
    receipt = latest_mail_to(nominator.email)
    assert receipt.subject == "Nomination received: Curiosity Prize for K-8 Science Teaching"
    nomination = Nomination.objects.get(nominator=nominator)
    (name, content, mimetype), *_ = receipt.attachments
    assert (name, mimetype) == (f"nomination-{nomination.code}.pdf", "application/pdf")
    receipt_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Rosalind Franklin" in receipt_text
    assert "pond lab where every class studies water" in receipt_text

    # The letter writer answers through the e-mailed link, with no account.
    request = latest_mail_to("dorothy@example.org")
    link = re.search(r"http\S+/letters/\S+/", request.body).group(0)
    writer = page.context.browser.new_context(viewport=PHONE, bypass_csp=True).new_page()
    writer.goto(link.replace("http://testserver", live_server.url))
    expect(writer.get_by_role("heading", level=1)).to_contain_text("Rosalind Franklin")
    assert_accessible(axe, writer)
    writer.get_by_role("textbox", name="Your letter").fill(
        "Rosalind changed how our school teaches science."
    )
    writer.get_by_role("button", name="Send my letter").click()
    expect(writer.get_by_role("heading", level=1)).to_have_text("Thank you, Dorothy Hodgkin")
    assert_accessible(axe, writer)
    writer.context.close()

    # The nominator sees the letter arrived, never what it says.
    page.goto(live_server.url + "/nominations/")
    expect(page.locator(".nomination-card")).to_contain_text("1 of 1 received")
    assert "changed how our school teaches" not in page.content()
    assert_accessible(axe, page)
