"""A reviewer reads each written answer as it was written, with the language it was written in
beside it, on the candidate's page and in the candidate's PDF packet."""

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from pypdf import PdfReader

from review.models import Assignment, ReviewSettings
from tests.awards.factories import QuestionFactory

SPANISH_ANSWER = "Ella nos enseñó a amar la ciencia."
VIETNAMESE_ANSWER = "Cô ấy dạy khoa học bằng cả trái tim."


@pytest.fixture
def assignment(cycle, make_candidate, enrol):
    ReviewSettings.objects.create(
        cycle=cycle, release_at=timezone.now() - timedelta(hours=1), blind_fields=[]
    )
    questions = [
        QuestionFactory(cycle=cycle, key="essay", section="Why", label="Why this teacher?"),
        QuestionFactory(cycle=cycle, key="more", section="Why", label="What else?"),
        QuestionFactory(cycle=cycle, key="old", section="Why", label="Anything more?"),
    ]
    candidate = make_candidate(
        form_snapshot=[question.snapshot() for question in questions],
        answers={"essay": SPANISH_ANSWER, "more": VIETNAMESE_ANSWER, "old": "Thank you."},
        # "old" was saved before languages were recorded.
        answer_languages={"essay": "es", "more": "vi"},
    )
    return Assignment.objects.create(dossier=candidate.dossier, enrolment=enrol())


def described(response) -> dict[str, list]:
    """Each term of the page's description lists with the descriptions that follow it."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    terms = {}
    for dt in soup.select("dt"):
        terms[dt.get_text(strip=True)] = []
        for sibling in dt.find_next_siblings(["dt", "dd"]):
            if sibling.name == "dt":
                break
            terms[dt.get_text(strip=True)].append(sibling)
    return terms


def test_reviewer_reads_the_language_beside_each_answer(client, assignment):
    client.force_login(assignment.enrolment.reviewer)

    response = client.get(f"/review/{assignment.dossier.code}/")

    answers = described(response)
    essay, essay_language = answers["Why this teacher?"]
    assert essay.get_text(strip=True) == SPANISH_ANSWER
    assert essay["lang"] == "es"
    assert essay_language.get_text(strip=True) == "Written in Español"
    assert answers["What else?"][1].get_text(strip=True) == "Written in Tiếng Việt"
    # Saved before languages were recorded: nothing said about its language.
    assert [dd.get_text(strip=True) for dd in answers["Anything more?"]] == ["Thank you."]


def test_reviewer_packet_says_which_language_each_answer_was_written_in(client, assignment):
    client.force_login(assignment.enrolment.reviewer)

    response = client.get(f"/review/{assignment.dossier.code}/packet.pdf")

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert SPANISH_ANSWER in text
    assert "Written in Español" in text
    assert text.count("Written in") == 2
