"""The demo foundation reads in the families' languages: every text of every demo form (labels,
help texts, options, "if No" messages, step titles) and each award's name and description has
its Spanish, Somali, Vietnamese and Simplified Chinese, and seeding again keeps what staff
changed."""

import pytest
from bs4 import BeautifulSoup

from awards import spec
from awards.demo import seed_awards
from awards.models import Cycle
from tests.awards.factories import NominationFactory
from tests.factories import SchoolFactory

FAMILY_LANGUAGES = ("es", "so", "vi", "zh-hans")


def untranslated(cycle, language) -> list[str]:
    """The English texts of `cycle`'s form and award that read in English in `language`."""
    award = cycle.award
    missing = [
        english
        for english, read in (
            (award.name, award.localised("name", language)),
            (award.description, award.localised("description", language)),
        )
        if read == english
    ]
    questions = [question.snapshot() for question in cycle.questions.all()]
    for english, shown in zip(questions, spec.localised(questions, language), strict=True):
        pairs = [
            (english["label"], shown["label"]),
            (english["help_text"], shown["help_text"]),
            (english["if_no_message"], shown["if_no_message"]),
            (english["section"], shown["section_title"]),
            *shown["option_labels"].items(),
        ]
        missing += [text for text, read in pairs if text and read == text]
    return missing


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_every_demo_text_reads_in_each_family_language(db, language):
    seed_awards()

    cycles = list(Cycle.objects.select_related("award"))

    assert len(cycles) == 4
    assert {str(cycle): untranslated(cycle, language) for cycle in cycles} == {
        str(cycle): [] for cycle in cycles
    }


def test_demo_form_reads_in_spanish_for_a_family(client, user):
    awards = seed_awards()
    cycle = awards["k8-science-teacher"].cycles.get()
    draft = NominationFactory(cycle=cycle, nominator=user, school=SchoolFactory())
    client.force_login(user)

    soup = BeautifulSoup(
        client.get(f"/es/nominations/{draft.code}/step/3/").content.decode(), "html.parser"
    )

    assert soup.find("h1").get_text(strip=True) == "Su historia"
    other = soup.find("input", attrs={"name": "known_for", "value": "Other"})
    assert soup.find("label", attrs={"for": other["id"]}).get_text(strip=True) == "Otro"
    assert "Premio Curiosidad" in soup.select_one(".eyebrow").get_text()


def test_seeding_again_keeps_translations_staff_changed(db):
    awards = seed_awards()
    question = awards["k8-science-teacher"].cycles.get().questions.get(key="impact")
    question.translations["es"]["label"] = {question.label: "¿Qué hizo esta persona?"}
    question.save()

    seed_awards()

    question.refresh_from_db()
    assert question.translations["es"]["label"] == {question.label: "¿Qué hizo esta persona?"}
