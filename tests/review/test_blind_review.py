"""Blind review, field by field: each identity field the cycle hides reaches a reviewer nowhere
(the candidate page, the autosave answers, the PDF packet), wherever it was typed."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from awards.models import LetterRequest
from review.models import Criterion, ReviewSettings
from tests.awards.factories import LetterRequestFactory
from tests.factories import UserFactory
from tests.review.test_views import pdf_text

NOMINEE_EMAIL = "nominee.private@school.example"
NOMINATOR_EMAIL = "nominator.private@home.example"
WRITER_EMAIL = "writer.private@letters.example"
GUARDIAN_EMAIL = "guardian.private@family.example"
STRAY_EMAIL = "someone.else@elsewhere.example"  # typed into an essay, known to no field
WRITER_NAME = "Zebedee Writerson"
EMAILS = (NOMINEE_EMAIL, NOMINATOR_EMAIL, WRITER_EMAIL, GUARDIAN_EMAIL, STRAY_EMAIL)


@pytest.fixture
def candidate(make_candidate, cycle):
    """A candidate whose nomination carries every kind of e-mail address and a letter writer's
    name, each both in its own field and typed into text a reviewer reads."""
    cycle.questions.create(key="essay", label="Why this teacher?", kind="long_text")
    nomination = make_candidate(
        nominee_email=NOMINEE_EMAIL,
        guardian_email=GUARDIAN_EMAIL,
        # The nominator gave no name: the portal knows them only by their address.
        nominator=UserFactory(email=NOMINATOR_EMAIL),
        nominator_relationship=f"Colleague (reach me at {NOMINATOR_EMAIL})",
        nominee_statement=f"Write to {NOMINEE_EMAIL.upper()} or my guardian {GUARDIAN_EMAIL}.",
        answers={"essay": f"Ask {WRITER_EMAIL} or {STRAY_EMAIL} about her lessons."},
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
        writer_name=WRITER_NAME,
        writer_email=WRITER_EMAIL,
        status=LetterRequest.Status.RECEIVED,
        letter_text=f"She is wonderful. Questions to {WRITER_EMAIL}.",
    )
    return nomination


def seen_by_reviewer(client, candidate) -> dict[str, str]:
    """Everything the reviewer's browser receives about the candidate."""
    base = f"/review/{candidate.dossier.code}/"
    criterion = Criterion.objects.get()
    autosave = client.post(f"{base}autosave/", {f"score-{criterion.pk}": "5", "comment": ""})
    invalid = client.post(f"{base}autosave/", {f"score-{criterion.pk}": "99"})
    return {
        "page": client.get(base).content.decode(),
        "autosave": autosave.content.decode() + invalid.content.decode(),
        "packet": pdf_text(client.get(f"{base}packet.pdf").content),
    }


def test_without_blind_fields_the_reviewer_reads_the_addresses_and_the_writer(
    client, candidate, reviewer
):
    """The leak is possible: the seeded addresses and name do reach a sighted reviewer."""
    seen = seen_by_reviewer(client, candidate)
    for where in ("page", "packet"):
        assert NOMINEE_EMAIL.upper() in seen[where]
        assert STRAY_EMAIL in seen[where]
        assert WRITER_NAME in seen[where]


@pytest.mark.parametrize(
    "blind",
    [["emails"], ["emails", "school"], ["nominee_name", "nominator_name", "emails", "school"]],
)
def test_hidden_email_addresses_reach_a_reviewer_nowhere(
    client, candidate, reviewer, review_settings, blind
):
    review_settings.blind_fields = blind
    review_settings.save()
    seen = seen_by_reviewer(client, candidate)
    for where, text in seen.items():
        for email in EMAILS:
            assert email.lower() not in text.lower(), f"{email} in the {where}"
        assert "@" not in text.replace(reviewer.reviewer.email, ""), where
    # What was around the addresses is still there to read.
    assert "about her lessons" in seen["page"]
    assert "She is wonderful." in seen["packet"]


def test_hidden_email_addresses_leave_names_that_are_not_hidden(
    client, candidate, reviewer, review_settings
):
    review_settings.blind_fields = ["emails"]
    review_settings.save()
    seen = seen_by_reviewer(client, candidate)
    for where in ("page", "packet"):
        assert candidate.nominee_name in seen[where]
        assert candidate.school.name in seen[where]
        assert f"Letter from {WRITER_NAME}" in seen[where]


@pytest.mark.parametrize("blind", [["nominator_name"], ["nominator_name", "emails"]])
def test_hidden_nominator_names_hide_the_letter_writers_name(
    client, candidate, reviewer, review_settings, blind
):
    review_settings.blind_fields = blind
    review_settings.save()
    seen = seen_by_reviewer(client, candidate)
    for where, text in seen.items():
        assert WRITER_NAME not in text, where
        assert "Zebedee" not in text, where
    assert "She is wonderful." in seen["page"]
    assert "She is wonderful." in seen["packet"]


IDENTITY_FIELDS = ["emails", "nominator_name", "nominee_name", "school"]


def test_a_new_cycles_review_settings_hide_every_identity_field(cycle):
    assert sorted(ReviewSettings.objects.create(cycle=cycle).blind_fields) == IDENTITY_FIELDS


def test_the_admin_form_for_new_review_settings_starts_with_every_box_ticked(
    client, staff_user, cycle
):
    client.force_login(staff_user)
    html = client.get("/admin/reviewsettings/new/").content.decode()
    boxes = re.findall(r'<input type="checkbox" name="blind_fields"[^>]*>', html)
    assert sorted(re.search(r'value="(\w+)"', box).group(1) for box in boxes) == IDENTITY_FIELDS
    assert all(" checked" in box for box in boxes), boxes


def test_a_reviewer_of_untouched_settings_reads_no_identity(client, candidate, reviewer, cycle):
    """Settings made when the reviewers were assigned, never edited: the reviewer is blind."""
    ReviewSettings.objects.filter(cycle=cycle).delete()
    ReviewSettings.objects.create(cycle=cycle, release_at=timezone.now() - timedelta(hours=1))
    seen = seen_by_reviewer(client, candidate)
    for where, text in seen.items():
        for secret in (candidate.nominee_name, candidate.school.name, WRITER_NAME, NOMINEE_EMAIL):
            assert secret not in text, f"{secret} in the {where}"
