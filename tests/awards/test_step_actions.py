"""What each button of a step does, and what a person is told: Enter does the page's main action,
an upload or "Save draft" never scolds about questions not reached yet, and every problem the
review page lists leads to its field on its step, with the error shown beside it."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import LetterRequest
from portal.pdf import render_pdf

NOMINEE, WHY, ELIGIBILITY, DOCUMENTS = 1, 2, 3, 4


@pytest.fixture
def nominator_client(client, user):
    client.force_login(user)
    return client


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def step_url(nomination, number: int) -> str:
    return f"/nominations/{nomination.code}/step/{number}/"


def test_enter_key_button_comes_first_in_the_form_and_moves_on(nominator_client, draft):
    """A browser's Enter presses the first submit button the form owns, in page order."""
    html = page(nominator_client.get(step_url(draft, WHY)))
    owned = [
        button
        for button in html.find_all("button")
        if button.get("type") == "submit"
        and (button.get("form") == "step-form" or button.find_parent("form", id="step-form"))
    ]
    default = owned[0]["value"]

    response = nominator_client.post(
        step_url(draft, WHY), {"action": default, "impact": "Kind.", "subjects": ["Art"]}
    )

    assert response.status_code == 302
    assert response.url == step_url(draft, ELIGIBILITY)


def test_enter_in_letter_fields_asks_for_the_letter(nominator_client, draft):
    html = page(nominator_client.get(step_url(draft, DOCUMENTS)))
    default = next(b for b in html.find_all("button") if b.get("form") == "step-form")["value"]

    response = nominator_client.post(
        step_url(draft, DOCUMENTS),
        {
            "action": default,
            "letter-writer_name": "Grace Hopper",
            "letter-writer_email": "grace@example.org",
        },
    )

    letter = LetterRequest.objects.get(nomination=draft)
    assert (letter.writer_name, letter.writer_email) == ("Grace Hopper", "grace@example.org")
    assert response.status_code == 302
    assert response.url == step_url(draft, DOCUMENTS)


def test_letter_fields_are_empty_after_a_request(nominator_client, draft):
    nominator_client.post(
        step_url(draft, DOCUMENTS),
        {
            "action": "add_letter:support",
            "letter-writer_name": "Grace Hopper",
            "letter-writer_email": "grace@example.org",
        },
    )
    html = page(nominator_client.get(step_url(draft, DOCUMENTS)))

    assert html.find("input", attrs={"name": "letter-writer_name"}).get("value") is None
    assert html.find("input", attrs={"name": "letter-writer_email"}).get("value") is None
    assert "Grace Hopper" in html.find("ul", class_="letter-list").text


def test_upload_does_not_report_questions_not_reached(
    nominator_client, user, cycle, questions, school
):
    """A first upload, before anything else on the way is answered, is simply accepted."""
    from tests.awards.factories import NominationFactory

    fresh = NominationFactory(cycle=cycle, nominator=user, school=school, answers={})
    response = nominator_client.post(
        step_url(fresh, DOCUMENTS),
        {
            "action": "upload:documents",
            "upload-documents": SimpleUploadedFile("cv.pdf", render_pdf("<p>CV</p>")),
        },
    )

    assert response.status_code == 302
    assert response.url == step_url(fresh, DOCUMENTS)
    follow = page(nominator_client.get(response.url))
    assert follow.find(id="error-summary") is None
    assert "Uploaded cv.pdf." in follow.text


def test_save_draft_keeps_invalid_answers_without_scolding(nominator_client, draft):
    too_long = "word " * 60
    response = nominator_client.post(step_url(draft, WHY), {"action": "save", "impact": too_long})
    draft.refresh_from_db()

    assert response.status_code == 302
    assert draft.answers["impact"] == too_long.strip()


def test_next_with_errors_names_each_field_in_the_summary(nominator_client, draft):
    response = nominator_client.post(
        step_url(draft, NOMINEE), {"action": "next", "nominee_first_name": "Margaret"}
    )
    html = page(response)
    links = {a["href"]: a.text for a in html.find(id="error-summary").find_all("a")}

    assert response.status_code == 422
    assert links["#id_nominee_last_name"] == "Nominee's last name: This field is required."
    for target in links:
        assert html.find(id=target.removeprefix("#")) is not None


def test_review_lists_each_problem_linking_to_its_field(
    nominator_client, user, cycle, questions, school
):
    from tests.awards.factories import NominationFactory

    unfinished = NominationFactory(
        cycle=cycle,
        nominator=user,
        school=school,
        nominee_last_name="",
        answers={"impact": "Helpful.", "subjects": ["Art"], "years": "3-5"},
    )
    html = page(nominator_client.get(f"/nominations/{unfinished.code}/review/"))
    summary = html.find(id="error-summary")
    links = {a.text: a["href"] for a in summary.find_all("a")}

    assert links["Nominee's last name: This field is required."] == (
        f"{step_url(unfinished, NOMINEE)}?check#id_nominee_last_name"
    )
    attest = next(href for text, href in links.items() if text.startswith("I confirm she"))
    assert attest == f"{step_url(unfinished, ELIGIBILITY)}?check#id_attest"


@pytest.mark.parametrize(
    ("number", "field_id", "message"),
    [
        (NOMINEE, "id_nominee_last_name", "This field is required."),
        (ELIGIBILITY, "id_attest", "This question needs an answer."),
    ],
)
def test_following_a_problem_link_shows_the_error_beside_the_field(
    nominator_client, user, cycle, questions, school, number, field_id, message
):
    from tests.awards.factories import NominationFactory

    unfinished = NominationFactory(
        cycle=cycle, nominator=user, school=school, nominee_last_name="", answers={"years": "1-2"}
    )
    html = page(nominator_client.get(f"{step_url(unfinished, number)}?check"))
    field = html.find(id=field_id)
    group = field.find_parent(["div", "fieldset"])

    assert message in group.text
    assert f"#{field_id}" in [a["href"] for a in html.find(id="error-summary").find_all("a")]
    # The answers already given are shown as they were saved.
    if number == ELIGIBILITY:
        assert html.find("input", attrs={"name": "years", "value": "1-2"}).has_attr("checked")


def test_missing_letters_link_to_the_letters_question(
    nominator_client, user, cycle, questions, school
):
    from tests.awards.factories import NominationFactory, QuestionFactory

    QuestionFactory(
        cycle=cycle, key="refs", section="Documents", kind="letters", min_letters=1, label="Refs"
    )
    unfinished = NominationFactory(cycle=cycle, nominator=user, school=school, answers={})
    html = page(nominator_client.get(f"{step_url(unfinished, DOCUMENTS)}?check"))

    block = html.find(id="q-refs")
    assert "Ask for at least 1 letter of support." in block.text
    assert "#q-refs" in [a["href"] for a in html.find(id="error-summary").find_all("a")]


def test_review_progress_says_the_last_step_number(nominator_client, draft):
    html = page(nominator_client.get(f"/nominations/{draft.code}/review/"))

    assert html.find(class_="progress__count").text == "Step 5 of 5"
