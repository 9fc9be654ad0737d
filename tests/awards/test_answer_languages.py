"""Answers are kept exactly as written, with the language they were written in: the language of
the page the answer was typed on (autosave, "Next", "Save draft", or a change to a submitted
nomination). An answer that did not change keeps the language it was written in; one that was
emptied has none. Staff read that language beside the answer."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from awards.domain.nominations import save_draft, submit_nomination, update_submitted
from awards.domain.retention import purge_expired
from awards.models import Nomination
from tests.awards.factories import NominationFactory, QuestionFactory
from tests.factories import CycleFactory

STEP_2 = {
    "impact": "She stayed after school every Tuesday to run the robotics club.",
    "subjects": ["Science", "Art"],
    "lab_story": "We built a pinhole camera and photographed the eclipse.",
}


@pytest.fixture
def nominator_client(client, user):
    client.force_login(user)
    return client


def in_english(client):
    """Unprefixed addresses in English: as someone who never chose another language."""
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    return client


def languages_of(nomination) -> dict:
    nomination.refresh_from_db()
    return nomination.answer_languages


@pytest.mark.parametrize(
    ("prefix", "channel", "language"),
    [("/es", "autosave", "es"), ("/vi", "next", "vi"), ("", "save", "en")],
)
def test_answer_records_the_language_of_the_page_it_was_written_on(
    nominator_client, draft, prefix, channel, language
):
    client = nominator_client if prefix else in_english(nominator_client)
    data = {**STEP_2, "step": "2", "impact": "Se queda después de clase cada martes."}

    if channel == "autosave":
        response = client.post(f"{prefix}/nominations/{draft.code}/autosave/", data)
    else:
        response = client.post(
            f"{prefix}/nominations/{draft.code}/step/2/", {**data, "action": channel}
        )

    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.answers["impact"] == "Se queda después de clase cada martes."
    # Only the answer that was written: the others were posted back unchanged.
    assert draft.answer_languages == {"impact": language}


def test_spanish_step_page_autosaves_to_its_spanish_address(nominator_client, draft):
    """The page's script posts to the address the form names: in the page's language."""
    response = nominator_client.get(f"/es/nominations/{draft.code}/step/2/")

    form = BeautifulSoup(response.content.decode(), "html.parser").find("form", id="step-form")
    assert form["data-autosave-url"] == f"/es/nominations/{draft.code}/autosave/"


def test_answer_posted_again_unchanged_keeps_the_language_it_was_written_in(
    nominator_client, draft
):
    written = {**STEP_2, "step": "2", "impact": "Ella se queda después de clase."}
    nominator_client.post(f"/es/nominations/{draft.code}/autosave/", written)

    # The same page read in English, and "Next" pressed without changing the answer.
    in_english(nominator_client).post(
        f"/nominations/{draft.code}/step/2/", {**written, "action": "next"}
    )

    assert languages_of(draft) == {"impact": "es"}


def test_answer_rewritten_in_another_language_takes_that_language(nominator_client, draft):
    nominator_client.post(
        f"/es/nominations/{draft.code}/autosave/",
        {**STEP_2, "step": "2", "impact": "Ella se queda después de clase."},
    )
    nominator_client.post(
        f"/vi/nominations/{draft.code}/autosave/",
        {**STEP_2, "step": "2", "impact": "Cô ấy ở lại sau giờ học.", "lab_story": "Máy ảnh."},
    )

    assert languages_of(draft) == {"impact": "vi", "lab_story": "vi"}


def test_emptied_answer_has_no_language(nominator_client, draft):
    nominator_client.post(
        f"/es/nominations/{draft.code}/autosave/",
        {**STEP_2, "step": "2", "impact": "Ella se queda después de clase."},
    )
    nominator_client.post(
        f"/es/nominations/{draft.code}/autosave/", {**STEP_2, "step": "2", "impact": ""}
    )

    assert languages_of(draft) == {}


def test_save_draft_without_a_language_forgets_the_changed_answers_language(draft, user):
    save_draft(draft, user, answers={"impact": "Ella se queda."}, language="es")
    save_draft(draft, user, answers={"impact": "Someone else's words."})

    assert languages_of(draft) == {}


def test_change_to_a_submitted_nomination_records_its_language(nominator_client, user, draft):
    submit_nomination(draft, user, draft.submission_key)

    response = nominator_client.post(
        f"/zh-hans/nominations/{draft.code}/step/2/",
        {**STEP_2, "step": "2", "impact": "她每周二放学后留下来。", "action": "save"},
    )

    assert response.status_code == 302
    assert languages_of(draft) == {"impact": "zh-hans"}
    # Each version keeps the languages of its answers.
    assert draft.revisions.first().data["answer_languages"] == {"impact": "zh-hans"}


def test_update_submitted_records_the_language_of_changed_answers_only(user, draft):
    submit_nomination(draft, user, draft.submission_key)
    update_submitted(draft, user, answers={**STEP_2, "impact": "Ella se queda."}, language="es")

    assert languages_of(draft) == {"impact": "es"}


# Staff ---------------------------------------------------------------------------------------


@pytest.fixture
def written_in_spanish(db):
    cycle = CycleFactory()
    essay = QuestionFactory(cycle=cycle, key="essay", section="Why", label="Why this teacher?")
    note = QuestionFactory(cycle=cycle, key="note", section="Why", label="Anything else?")
    return NominationFactory(
        cycle=cycle,
        status=Nomination.Status.SUBMITTED,
        submitted_at=timezone.now(),
        form_snapshot=[essay.snapshot(), note.snapshot()],
        answers={"essay": "Ella nos enseñó a amar la ciencia.", "note": "Thank you."},
        answer_languages={"essay": "es"},
    )


def test_staff_read_the_language_beside_each_answer(client, staff_user, written_in_spanish):
    client.force_login(staff_user)

    response = client.get(reverse("nomination:inspect", args=(written_in_spanish.code,)))

    soup = BeautifulSoup(response.content.decode(), "html.parser")
    answers = {
        block.find("h3").get_text(strip=True): block for block in soup.select(".laurel-answer")
    }
    essay = answers["Why this teacher?"]
    assert essay.select_one(".laurel-written-in").get_text(strip=True) == "Written in Español"
    assert essay.find(lang="es").get_text(strip=True) == "Ella nos enseñó a amar la ciencia."
    # An answer saved before languages were recorded says nothing about its language.
    assert answers["Anything else?"].select_one(".laurel-written-in") is None


def test_purge_removes_the_languages_of_answers(written_in_spanish):
    """Which language a family writes in is about the family: it goes with their words."""
    cycle = written_in_spanish.cycle
    cycle.opens_at = timezone.now() - timedelta(days=365 * 9)
    cycle.closes_at = timezone.now() - timedelta(days=365 * 8)
    cycle.save()

    purge_expired(years=7, keep_names_for=set())

    assert languages_of(written_in_spanish) == {}
