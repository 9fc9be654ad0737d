"""Staff notes reach a reviewer only when staff share them: on the candidate's page and in its
PDF, labelled as the staff's, with the cycle's blind fields hidden inside them too."""

import pytest

from awards.domain.notes import add_staff_note, set_tags
from tests.review.test_views import pdf_text

SHARED = "The school confirmed the robotics club runs every Tuesday."
UNSHARED = "Staff only: the nominator is the nominee's sister-in-law."
LABEL = "Note from the foundation's staff"


@pytest.fixture
def candidate(make_candidate):
    return make_candidate(nominee_first_name="Ada", nominee_last_name="Quimby")


def seen_by_reviewer(client, candidate) -> dict[str, str]:
    base = f"/review/{candidate.dossier.code}/"
    page = client.get(base)
    packet = client.get(f"{base}packet.pdf")
    assert (page.status_code, packet.status_code) == (200, 200)
    return {"page": page.content.decode(), "packet": pdf_text(packet.content)}


def test_reviewer_reads_the_shared_note_and_never_the_unshared_one(
    client, candidate, reviewer, staff_user
):
    add_staff_note(staff_user, candidate, UNSHARED, share_with_reviewers=False)
    add_staff_note(staff_user, candidate, SHARED, share_with_reviewers=True)
    set_tags(staff_user, candidate, ["secret-tag-xyz"])

    seen = seen_by_reviewer(client, candidate)

    for where, text in seen.items():
        assert "sister-in-law" not in text, where
        assert "secret-tag-xyz" not in text, where
        assert staff_user.email not in text, where
    assert SHARED in seen["page"]
    assert LABEL in seen["page"]
    assert "robotics club runs every Tuesday" in " ".join(seen["packet"].split())


def test_reviewer_page_has_no_staff_note_label_without_a_shared_note(
    client, candidate, reviewer, staff_user
):
    add_staff_note(staff_user, candidate, UNSHARED)

    seen = seen_by_reviewer(client, candidate)

    assert "Note from the foundation" not in seen["page"]
    assert "Note from the foundation" not in seen["packet"]


def test_shared_note_hides_the_nominees_name_in_blind_review(
    client, candidate, reviewer, staff_user, review_settings
):
    review_settings.blind_fields = ["nominee_name"]
    review_settings.save()
    add_staff_note(staff_user, candidate, "Ada Quimby's letters came by post.", True)

    seen = seen_by_reviewer(client, candidate)

    for where, text in seen.items():
        assert "Quimby" not in text, where
    assert "letters came by post." in seen["page"]


def test_a_note_shared_on_another_candidate_does_not_reach_this_reviewer(
    client, candidate, reviewer, staff_user, make_candidate
):
    other = make_candidate()
    add_staff_note(staff_user, other, SHARED, share_with_reviewers=True)

    seen = seen_by_reviewer(client, candidate)

    assert SHARED not in seen["page"]
    assert client.get(f"/review/{other.dossier.code}/").status_code == 404
