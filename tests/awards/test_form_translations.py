"""The nomination form in the family's language: staff-written questions, options, "if No"
messages, step titles and the award's name read in Spanish at /es/ and in English at the root;
anything not translated reads in English; answers keep the form's own (English) values, so
conditions, checks and reviews work whichever language a person used."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from awards.domain.nominations import submit_nomination
from awards.models import Nomination
from tests.awards.factories import NominationFactory

SPANISH_SECTION = "Por qué esta maestra"
SPANISH_LABEL = "¿Cómo ha cambiado esta maestra el año de su hijo?"
SPANISH_HELP = "Los ejemplos concretos ayudan más."
SPANISH_SUBJECTS = {"Mathematics": "Matemáticas", "Science": "Ciencias", "Art": "Arte"}
SPANISH_IF_NO = "Solo se puede nominar a maestras de una escuela del distrito."
ENGLISH_IF_NO = "Only teachers at a district school can be nominated."


@pytest.fixture
def spanish_form(cycle, questions, award):
    """The `questions` form with Spanish for some of its texts: the first step's title, the
    essay question, the subjects question and its options, the attestation's "if No" message,
    and the award's name and description. "Tell us about a science lab." stays English only."""
    award.name = "Curiosity Prize"
    award.description = "For a teacher who makes science joyful."
    award.translations = {
        "es": {
            "name": {"Curiosity Prize": "Premio Curiosidad"},
            "description": {
                award.description: "Para una maestra que hace de la ciencia una alegría."
            },
        }
    }
    award.save()
    cycle.translations = {"es": {"sections": {"Why this teacher": SPANISH_SECTION}}}
    cycle.save()
    impact = questions["impact"]
    impact.help_text = "Concrete examples help most."
    impact.translations = {
        "es": {
            "label": {impact.label: SPANISH_LABEL},
            "help_text": {impact.help_text: SPANISH_HELP},
        }
    }
    impact.save()
    subjects = questions["subjects"]
    subjects.translations = {
        "es": {
            "label": {subjects.label: "¿Qué materias enseña?"},
            "choices": dict(SPANISH_SUBJECTS),
        }
    }
    subjects.save()
    attest = questions["attest"]
    attest.if_no_message = ENGLISH_IF_NO
    attest.translations = {"es": {"if_no_message": {ENGLISH_IF_NO: SPANISH_IF_NO}}}
    attest.save()
    return questions


@pytest.fixture
def nominator_client(client, user):
    client.force_login(user)
    return client


def english(client):
    """The client as someone who never chose a language: unprefixed addresses are English."""
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    return client


def page(response) -> BeautifulSoup:
    assert response.status_code in (200, 422), response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def label_of(soup, field_id: str) -> str:
    return soup.find("label", attrs={"for": field_id}).get_text(" ", strip=True)


def title_of(soup, key: str) -> str:
    """A question's label, or the legend of its group of options."""
    block = soup.find(id=f"q-{key}")
    title = block.find("legend") or block.find("label", attrs={"for": f"id_{key}"})
    return title.get_text(" ", strip=True)


def options_of(soup, name: str) -> dict[str, str]:
    """A choice question's options as the page offers them: value sent -> label read."""
    return {
        box["value"]: label_of(soup, box["id"])
        for box in soup.find_all("input", attrs={"name": name})
    }


def helptext_of(soup, key: str) -> str:
    return soup.find(id=f"id_{key}_helptext").get_text(" ", strip=True)


def test_translated_question_reads_in_spanish_at_the_spanish_address(
    nominator_client, draft, spanish_form
):
    soup = page(nominator_client.get(f"/es/nominations/{draft.code}/step/2/"))

    assert label_of(soup, "id_impact") == SPANISH_LABEL
    assert helptext_of(soup, "impact").startswith(SPANISH_HELP)
    assert title_of(soup, "subjects") == "¿Qué materias enseña?"
    # The values sent stay the form's own; only what a person reads is Spanish.
    assert options_of(soup, "subjects") == SPANISH_SUBJECTS
    assert soup.find("h1").get_text(strip=True) == SPANISH_SECTION


def test_translated_question_reads_in_english_at_the_unprefixed_address(
    nominator_client, draft, spanish_form
):
    soup = page(english(nominator_client).get(f"/nominations/{draft.code}/step/2/"))

    assert label_of(soup, "id_impact") == "How has this teacher changed your child's year?"
    assert helptext_of(soup, "impact").startswith("Concrete examples help most.")
    assert options_of(soup, "subjects") == {v: v for v in ("Mathematics", "Science", "Art")}
    assert soup.find("h1").get_text(strip=True) == "Why this teacher"


def test_untranslated_question_and_step_fall_back_to_english(nominator_client, draft, spanish_form):
    step_2 = page(nominator_client.get(f"/es/nominations/{draft.code}/step/2/"))
    step_3 = page(nominator_client.get(f"/es/nominations/{draft.code}/step/3/"))

    assert label_of(step_2, "id_lab_story") == "Tell us about a science lab."
    assert step_3.find("h1").get_text(strip=True) == "Eligibility"
    assert options_of(step_3, "years") == {v: v for v in ("1-2", "3-5", "6 or more")}


def test_translation_of_english_that_changed_since_reads_in_english(
    nominator_client, draft, spanish_form
):
    """Staff rewrote the question after it was translated: families read the new English, never
    the translation of the old question."""
    impact = spanish_form["impact"]
    impact.label = "What has this teacher done for your child this year?"
    impact.save()

    soup = page(nominator_client.get(f"/es/nominations/{draft.code}/step/2/"))

    assert label_of(soup, "id_impact") == "What has this teacher done for your child this year?"
    assert helptext_of(soup, "impact").startswith(SPANISH_HELP)


def test_progress_list_names_every_step_in_spanish_with_the_same_numbers(
    nominator_client, draft, spanish_form
):
    spanish = page(nominator_client.get(f"/es/nominations/{draft.code}/step/3/"))
    english_page = page(english(nominator_client).get(f"/nominations/{draft.code}/step/3/"))

    def steps(soup):
        return [
            item.get_text(strip=True) for item in soup.select(".progress__list .progress__item")
        ]

    assert steps(spanish)[1] == SPANISH_SECTION
    assert steps(english_page)[1] == "Why this teacher"
    assert len(steps(spanish)) == len(steps(english_page))


def test_choice_picked_in_spanish_is_stored_as_the_forms_value_and_read_back_in_spanish(
    nominator_client, draft, spanish_form
):
    response = nominator_client.post(
        f"/es/nominations/{draft.code}/step/2/",
        {
            "action": "next",
            "impact": "Ella se queda después de clase.",
            "subjects": ["Science", "Art"],
            "lab_story": "Construimos una cámara estenopeica.",
        },
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["subjects"] == ["Science", "Art"]
    review = page(nominator_client.get(f"/es/nominations/{draft.code}/review/"))
    answers = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in review.select(".summary dt")
    }
    assert answers["¿Qué materias enseña?"] == "Ciencias, Arte"
    english_review = page(english(nominator_client).get(f"/nominations/{draft.code}/review/"))
    english_answers = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in english_review.select(".summary dt")
    }
    assert english_answers["Which subjects does she teach?"] == "Science, Art"


def test_conditional_question_applies_when_its_condition_is_met_in_spanish(
    nominator_client, draft, spanish_form
):
    draft.answers = {"impact": "Ella se queda después de clase."}
    draft.save()

    response = nominator_client.post(
        f"/es/nominations/{draft.code}/step/2/",
        {"action": "next", "impact": "Ella se queda.", "subjects": ["Science"], "lab_story": ""},
    )

    # "Science" chosen on the Spanish page: the lab question now needs its answer.
    soup = page(response)
    assert response.status_code == 422
    # The error is there, in the page's language.
    with translation.override("es"):
        needed = gettext("This question needs an answer.")
    assert needed != "This question needs an answer."
    assert soup.select_one("#q-lab_story .errorlist").get_text(strip=True) == needed
    block = soup.find(id="q-lab_story")
    science = soup.find("input", attrs={"name": "subjects", "value": "Science"})
    # The page's script shows the question when the box whose value is named is ticked.
    assert block["data-show-if-key"] == "subjects"
    assert block["data-show-if-value"] == science["value"]
    assert "“Ciencias”" in block.select_one(".question__condition").get_text()


def test_if_no_message_reads_in_spanish(nominator_client, draft, spanish_form):
    response = nominator_client.post(
        f"/es/nominations/{draft.code}/step/3/",
        {"action": "next", "years": "3-5", "attest": "no"},
    )

    soup = page(response)
    assert soup.select_one("#error-summary li").get_text(strip=True).endswith(SPANISH_IF_NO)
    english_response = english(nominator_client).post(
        f"/nominations/{draft.code}/step/3/",
        {"action": "next", "years": "3-5", "attest": "no"},
    )
    assert (
        page(english_response)
        .select_one("#error-summary li")
        .get_text(strip=True)
        .endswith(ENGLISH_IF_NO)
    )


def test_award_name_and_description_read_in_spanish_on_the_nomination_pages(
    nominator_client, draft, spanish_form, award
):
    start = page(nominator_client.get(f"/es/nominate/{award.slug}/"))
    step = page(nominator_client.get(f"/es/nominations/{draft.code}/step/1/"))
    mine = page(nominator_client.get("/es/nominations/"))
    english_start = page(english(nominator_client).get(f"/nominate/{award.slug}/"))

    assert "Premio Curiosidad" in start.find("h1").get_text()
    assert start.select_one(".lead").get_text(strip=True) == (
        "Para una maestra que hace de la ciencia una alegría."
    )
    assert step.select_one(".eyebrow").get_text(strip=True) == "Premio Curiosidad"
    assert "Premio Curiosidad" in step.find("title").get_text()
    assert "Premio Curiosidad" in mine.select_one(".nomination-card").get_text()
    assert "Curiosity Prize" in english_start.find("h1").get_text()
    assert "Premio Curiosidad" not in str(english_start)


def test_submitted_nomination_keeps_the_translations_it_was_sent_with(
    nominator_client, user, draft, spanish_form
):
    submit_nomination(draft, user, draft.submission_key)

    review = page(nominator_client.get(f"/es/nominations/{draft.code}/review/"))

    assert SPANISH_LABEL in [dt.get_text(strip=True) for dt in review.select(".summary dt")]
    assert SPANISH_SECTION in [h2.get_text(strip=True) for h2 in review.select(".summary h2")]


# A question as submitted nominations stored it before the form had translations.
SNAPSHOT_BEFORE_TRANSLATIONS = [
    {
        "key": "essay",
        "section": "Why them",
        "kind": "long_text",
        "label": "Why this teacher?",
        "help_text": "",
        "required": True,
        "word_limit": None,
        "choices": [],
        "allowed_file_types": [],
        "max_file_size_mb": 10,
        "max_files": 1,
        "min_letters": 0,
        "max_letters": 3,
        "show_if_key": "",
        "show_if_value": "",
        "if_no_message": "",
    },
    {
        "key": "level",
        "section": "Why them",
        "kind": "single_choice",
        "label": "Which level?",
        "help_text": "",
        "required": True,
        "word_limit": None,
        "choices": ["Middle", "High"],
        "allowed_file_types": [],
        "max_file_size_mb": 10,
        "max_files": 1,
        "min_letters": 0,
        "max_letters": 3,
        "show_if_key": "",
        "show_if_value": "",
    },
]


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_nomination_submitted_before_translations_existed_still_opens(
    nominator_client, user, cycle, school, prefix
):
    nomination = NominationFactory(
        cycle=cycle,
        nominator=user,
        school=school,
        status=Nomination.Status.SUBMITTED,
        submitted_at=cycle.opens_at,
        form_snapshot=SNAPSHOT_BEFORE_TRANSLATIONS,
        answers={"essay": "She listens.", "level": "High"},
    )
    client = english(nominator_client) if not prefix else nominator_client

    review = page(client.get(f"{prefix}/nominations/{nomination.code}/review/"))
    step = page(client.get(f"{prefix}/nominations/{nomination.code}/step/2/"))

    assert [dt.get_text(strip=True) for dt in review.select(".summary dt")][-2:] == [
        "Why this teacher?",
        "Which level?",
    ]
    assert options_of(step, "level") == {"Middle": "Middle", "High": "High"}
    assert label_of(step, "id_essay") == "Why this teacher?"
