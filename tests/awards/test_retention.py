"""`manage.py purge_expired`: personal data of old nominations goes, statistics and published
winners' public records stay, and a second run changes nothing."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from awards.models import (
    Dossier,
    LetterRequest,
    Nomination,
    NominationFile,
    NominationRevision,
    StaffNote,
)
from portal.storage import private_storage
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.models import Decision
from tests.awards.factories import LetterRequestFactory, NominationFactory, submitted_review
from tests.factories import CycleFactory, UserFactory


@pytest.fixture
def old_cycle(db):
    now = timezone.now()
    return CycleFactory(
        opens_at=now - timedelta(days=365 * 9), closes_at=now - timedelta(days=365 * 8)
    )


def nomination_with_everything(cycle, first="Grace", last="Hopper"):
    nomination = NominationFactory(
        cycle=cycle,
        status=Nomination.Status.SUBMITTED,
        nominee_first_name=first,
        nominee_last_name=last,
        nominee_email=f"{first.lower()}@school.example",
        guardian_name="A Parent",
        guardian_email="parent@example.org",
        answers={"story": f"{first} changed everything."},
        dossier=Dossier.objects.create(cycle=cycle),
    )
    key = private_storage().save("nominations/cv.pdf", ContentFile(b"%PDF-1.4 cv"))
    NominationFile.objects.create(
        nomination=nomination,
        question_key="documents",
        storage_key=key,
        display_name=f"{last}-cv.pdf",
        content_type="application/pdf",
        size=11,
        sha256="0" * 64,
    )
    LetterRequestFactory(
        nomination=nomination,
        writer_name="Letter Writer",
        writer_email="writer@example.org",
        status=LetterRequest.Status.RECEIVED,
        letter_text=f"{first} is wonderful.",
    )
    NominationRevision.objects.create(nomination=nomination, data={"answers": nomination.answers})
    StaffNote.objects.create(nomination=nomination, text=f"Called {first}'s principal.")
    return nomination, key


def test_purge_removes_personal_data_keeps_statistics_and_is_idempotent(
    old_cycle, django_capture_on_commit_callbacks, capsys
):
    nomination, key = nomination_with_everything(old_cycle)
    recent, recent_key = nomination_with_everything(CycleFactory(), "Ada", "Lovelace")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired", years=7)
    output = capsys.readouterr().out
    assert "Purged 1 nominations" in output
    assert "1 files" in output
    nomination.refresh_from_db()
    assert nomination.purged_at is not None
    assert (nomination.nominee_first_name, nomination.nominee_last_name) == ("(removed)", "")
    assert nomination.nominee_email == nomination.guardian_email == ""
    assert nomination.answers == {}
    assert nomination.status == Nomination.Status.SUBMITTED  # statistics stay
    assert nomination.school_id is not None
    assert not nomination.files.exists()
    assert not nomination.revisions.exists()
    assert not nomination.staff_notes.exists()
    letter = nomination.letters.get()
    assert (letter.letter_text, letter.writer_email) == ("", "removed@invalid")
    assert not private_storage().exists(key)
    # The recent cycle is untouched.
    recent.refresh_from_db()
    assert recent.purged_at is None
    assert recent.staff_notes.count() == 1
    assert private_storage().exists(recent_key)
    # Safe to re-run.
    call_command("purge_expired", years=7)
    assert "Purged 0 nominations" in capsys.readouterr().out


def test_purge_keeps_a_published_winners_name(
    old_cycle, home_page, staff_user, django_capture_on_commit_callbacks
):
    nomination, _ = nomination_with_everything(old_cycle)
    record_decision(old_cycle, nomination.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    request_publication(old_cycle, staff_user)
    approve_publication(old_cycle, UserFactory(staff=True, verified=True))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired", years=7)
    nomination.refresh_from_db()
    assert nomination.nominee_name == "Grace Hopper"
    assert nomination.nominee_email == ""
    assert not nomination.files.exists()


GUARDIAN_NAME = "Gwendolyn Guardianova"
WRITER_NAME = "Wilhelmina Letterwright"
REVIEW_COMMENT = "Reviewer remembers the Quixotic robotics club"
SCORE_COMMENT = "Scored after the Zanzibar field trip story"


def stored_text() -> str:
    """Every row of the intake and review tables, as the database holds them."""
    out = io.StringIO()
    call_command("dumpdata", "awards", "review", stdout=out)
    return out.getvalue()


def test_purge_removes_guardian_names_reviewer_comments_and_letter_writers_names(
    old_cycle, django_capture_on_commit_callbacks
):
    nomination, _ = nomination_with_everything(old_cycle)
    Nomination.objects.filter(pk=nomination.pk).update(guardian_name=GUARDIAN_NAME)
    nomination.letters.update(writer_name=WRITER_NAME)
    submitted_review(nomination.dossier, comment=REVIEW_COMMENT, score_comment=SCORE_COMMENT)
    seeded = (GUARDIAN_NAME, WRITER_NAME, REVIEW_COMMENT, SCORE_COMMENT)
    before = stored_text()
    assert [text for text in seeded if text in before] == list(seeded)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired", years=7, stdout=io.StringIO())

    after = stored_text()
    assert [text for text in seeded if text in after] == []
    nomination.refresh_from_db()
    assert nomination.guardian_name == ""
    assert nomination.letters.get().writer_name == "(removed)"


def test_purge_removes_the_originals_kept_for_staff_too(
    old_cycle, django_capture_on_commit_callbacks
):
    nomination, _ = nomination_with_everything(old_cycle)
    original = private_storage().save("originals/nominations/cv.pdf", ContentFile(b"%PDF-1.4"))
    nomination.files.update(original_storage_key=original)
    letter_keys = [
        private_storage().save(f"{folder}letters/letter.pdf", ContentFile(b"%PDF-1.4"))
        for folder in ("", "originals/")
    ]
    nomination.letters.update(
        letter_file_key=letter_keys[0], letter_file_original_key=letter_keys[1]
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired", years=7)

    assert [key for key in [original, *letter_keys] if private_storage().exists(key)] == []
    letter = nomination.letters.get()
    assert (letter.letter_file_key, letter.letter_file_original_key) == ("", "")
