"""Blind review of free text: names typed into answers, statements, letters and the other
reviewers' comments reach a blind reviewer as [nominee], [nominator], [letter writer] and
[school] (for the fields the cycle hides), on the page, in autosave answers and in the PDF;
whole words only, whatever the accents, apostrophes, hyphens or letter case; the reviewer is
told. A reviewer of a cycle that hides nothing reads every name."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from awards.models import LetterRequest, School
from review.domain.scoring import save_review
from review.models import Assignment, Criterion, ReviewSettings, Rubric
from tests.awards.factories import LetterRequestFactory
from tests.factories import UserFactory
from tests.review.test_views import pdf_text

EVERY_FIELD = ["nominee_name", "nominator_name", "emails", "school"]
SCHOOL = "Saint-Exupéry Academy"
TYPOGRAPHIC_APOSTROPHE = "\u2019"
# Everyone, as they are named in text: full, given and family names, other spellings.
NAMES = {
    "[nominee]": ["Chien-Shiung Wu", "Chien-Shiung", "Wu", "WU", "Ms. Wu's"],
    "[nominator]": [
        "Seán O'Brien",
        f"Sean O{TYPOGRAPHIC_APOSTROPHE}Brien",
        "O'Brien",
        f"o{TYPOGRAPHIC_APOSTROPHE}brien",
        "Seán",
    ],
    "[letter writer]": ["Zoë Lefèvre-Ndiaye", "Zoe", "Lefevre-Ndiaye", "Ndiaye"],
    "[school]": [SCHOOL, "saint-exupery academy"],
}
# Words that hold a name without being it: left as written.
KEPT = ["would", "Wuhan", "Seance", "Zoetrope", "Academyville"]


def everyone_named(extra: str = "") -> str:
    said = " / ".join(name for names in NAMES.values() for name in names)
    return f"{said}. I would say so; Wuhan, Seance, Zoetrope, Academyville. {extra}"


@pytest.fixture
def review_settings(cycle):
    return ReviewSettings.objects.create(
        cycle=cycle, release_at=timezone.now() - timedelta(hours=1), discussion_enabled=True
    )


@pytest.fixture
def nomination(make_candidate, cycle):
    """A nomination whose every text field names everyone."""
    cycle.questions.create(key="essay", label="Why this teacher?", kind="long_text")
    nomination = make_candidate(
        nominee_first_name="Chien-Shiung",
        nominee_last_name="Wu",
        nominee_role=f"Physics teacher at {SCHOOL}",
        school=School.objects.create(name=SCHOOL, code="SX001", level="high"),
        nominator=UserFactory(
            email="sean@example.org", display_name="Seán O'Brien", first_name="Seán"
        ),
        nominator_relationship=f"Seán O'Brien, colleague of Ms. Wu at {SCHOOL}",
        nominee_statement=f"In my words: {everyone_named()}",
        answers={"essay": f"Essay: {everyone_named()}"},
        form_snapshot=[
            {
                "key": "essay",
                "section": "Essay",
                "kind": "long_text",
                "label": "Why this teacher?",
                "required": True,
            }
        ],
        submitted_at=timezone.now(),
    )
    LetterRequestFactory(
        nomination=nomination,
        writer_name="Zoë Lefèvre-Ndiaye",
        writer_email="zoe@letters.example",
        status=LetterRequest.Status.RECEIVED,
        letter_text=f"Letter: {everyone_named()}\nYours sincerely,\nZoë Lefèvre-Ndiaye",
    )
    return nomination


@pytest.fixture
def criterion(cycle):
    return Criterion.objects.create(
        rubric=Rubric.objects.create(cycle=cycle), name="Impact", weight=Decimal(1)
    )


@pytest.fixture
def reviewers(client, nomination, enrol, review_settings, criterion):
    """Two reviewers; the other has submitted a comment naming everyone, and the reviewer whose
    browser this is has submitted too, so the discussion shows."""
    mine, other = enrol(), enrol()
    for enrolment, note, comment in (
        (other, f"Note: {everyone_named()}", f"Comment: {everyone_named()}"),
        (mine, "Clear.", "Fine."),
    ):
        assignment = Assignment.objects.create(dossier=nomination.dossier, enrolment=enrolment)
        save_review(
            assignment,
            enrolment.reviewer,
            values={criterion.pk: 1},
            comments={criterion.pk: note},
            comment=comment,
            submit=True,
        )
    client.force_login(mine.reviewer)
    return mine


def seen_by_reviewer(client, nomination, criterion) -> dict[str, str]:
    base = f"/review/{nomination.dossier.code}/"
    page = client.get(base).content.decode()
    autosave = client.post(f"{base}autosave/", {f"score-{criterion.pk}": "1", "comment": ""})
    invalid = client.post(f"{base}autosave/", {f"score-{criterion.pk}": "99"})
    return {
        "page": page,
        "autosave": autosave.content.decode() + invalid.content.decode(),
        "packet": pdf_text(client.get(f"{base}packet.pdf").content),
    }


def named(text: str, name: str) -> bool:
    """Whether `name` appears in `text` as a whole word (a random token may hold "Wu")."""
    text = text.replace("&#x27;", "'").replace("&#39;", "'")
    text = re.sub(r"\s+", " ", re.sub(r"-\s*\n", "-", text))  # PDF lines join again
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def test_without_blind_fields_every_name_reaches_the_reviewer(
    client, nomination, reviewers, review_settings, criterion
):
    """The leak is possible: a cycle that hides nothing shows every name as typed."""
    review_settings.blind_fields = []
    review_settings.save()
    seen = seen_by_reviewer(client, nomination, criterion)
    for where in ("page", "packet"):
        for names in NAMES.values():
            for name in names:
                assert named(seen[where], name.replace("Ms. ", "").replace("'s", "")), (
                    name,
                    where,
                )
        assert "[nominee]" not in seen[where]
    assert "Comment: Chien-Shiung Wu" in seen["page"]


def test_a_blind_reviewer_reads_no_name_anywhere(
    client, nomination, reviewers, review_settings, criterion
):
    review_settings.blind_fields = EVERY_FIELD
    review_settings.save()
    seen = seen_by_reviewer(client, nomination, criterion)
    for where, text in seen.items():
        for names in NAMES.values():
            for name in names:
                for word in re.split(r"[\s/.]+", name):
                    if len(word) >= 2 and word.lower() not in ("ms", "academy"):
                        assert not named(text, word), f"{word} in the {where}"
    for where in ("page", "packet"):
        for token in NAMES:
            assert token in seen[where].replace("&#x27;", "'"), (token, where)
        for word in KEPT:
            assert word in seen[where], (word, where)
        assert "Names in the text are replaced" in seen[where]
    # The other reviewer's comments are read, names replaced.
    page = seen["page"]
    assert "Comment: [nominee] / [nominee]" in page
    assert "Note: [nominee]" in page


@pytest.mark.parametrize(
    "hidden,token,replaced,kept",
    [
        ("nominee_name", "[nominee]", ["Chien-Shiung", "Wu"], ["O'Brien", "Ndiaye", SCHOOL]),
        ("nominator_name", "[nominator]", ["O'Brien", "Ndiaye"], ["Chien-Shiung", SCHOOL]),
        ("school", "[school]", [SCHOOL], ["Chien-Shiung", "O'Brien", "Ndiaye"]),
    ],
)
def test_only_the_hidden_fields_names_are_replaced(
    client, nomination, reviewers, review_settings, criterion, hidden, token, replaced, kept
):
    review_settings.blind_fields = [hidden]
    review_settings.save()
    seen = seen_by_reviewer(client, nomination, criterion)
    for where in ("page", "packet"):
        assert token in seen[where], where
        for name in replaced:
            assert not named(seen[where], name), (name, where)
        for name in kept:
            assert named(seen[where], name), (name, where)
