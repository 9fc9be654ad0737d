"""The reviewer portal: who can open what, blind review, scoring, declaring a conflict."""

from datetime import timedelta
from decimal import Decimal
from html import escape

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from awards.models import NominationFile
from portal.models import AuditEvent
from portal.pdf import render_pdf
from portal.storage import private_storage
from review.models import Assignment, Conflict, Criterion, Review, ReviewSettings, Rubric, Score
from tests.factories import UserFactory

SECRET_NAME = ("Ottoline", "Quibblesworth")


@pytest.fixture
def released(cycle):
    """Released an hour ago, nothing hidden (a new cycle hides everything): tests hide what
    they check."""
    return ReviewSettings.objects.create(
        cycle=cycle, release_at=timezone.now() - timedelta(hours=1), blind_fields=[]
    )


@pytest.fixture
def rubric(cycle):
    rubric = Rubric.objects.create(cycle=cycle)
    Criterion.objects.create(
        rubric=rubric,
        name="Impact",
        weight=Decimal("2"),
        scale_min=0,
        scale_max=10,
        bands=[{"from": 0, "to": 4, "label": "Emerging"}, {"from": 5, "to": 10, "label": "Strong"}],
    )
    Criterion.objects.create(
        rubric=rubric,
        name="Evidence",
        weight=Decimal("1"),
        scale_min=1,
        scale_max=5,
        comment_required=True,
    )
    return rubric


@pytest.fixture
def setup(make_candidate, enrol, released, rubric, school):
    candidate = make_candidate(
        nominee_first_name=SECRET_NAME[0],
        nominee_last_name=SECRET_NAME[1],
        nominee_email="ottoline@secret.example",
        school=school,
    )
    enrolment = enrol()
    assignment = Assignment.objects.create(dossier=candidate.dossier, enrolment=enrolment)
    return candidate, enrolment, assignment


def url(candidate, suffix=""):
    return f"/review/{candidate.dossier.code}/{suffix}"


def scores_post(rubric, impact="7", evidence="4", action="save", evidence_comment="Good"):
    impact_c, evidence_c = rubric.criteria.order_by("sort_order", "pk")
    return {
        f"score-{impact_c.pk}": impact,
        f"score-{evidence_c.pk}": evidence,
        f"comment-{evidence_c.pk}": evidence_comment,
        "action": action,
    }


def test_assigned_reviewer_sees_candidate_and_dashboard(client, setup):
    candidate, enrolment, _ = setup
    client.force_login(enrolment.reviewer)
    assert client.get("/review/").status_code == 200
    response = client.get(url(candidate))
    assert response.status_code == 200
    assert SECRET_NAME[1] in response.content.decode()


@pytest.mark.parametrize("who", ["unassigned", "nominator", "anonymous"])
def test_others_cannot_open_candidate(client, setup, who):
    candidate, _, _ = setup
    if who == "unassigned":
        client.force_login(UserFactory())
    elif who == "nominator":
        client.force_login(candidate.nominator)
    response = client.get(url(candidate))
    assert response.status_code == (302 if who == "anonymous" else 404)


def test_before_release_reviewer_sees_nothing(client, setup, released):
    candidate, enrolment, _ = setup
    released.release_at = timezone.now() + timedelta(days=1)
    released.save()
    client.force_login(enrolment.reviewer)
    assert client.get(url(candidate)).status_code == 404
    assert candidate.dossier.code not in client.get("/review/").content.decode()


def test_removed_or_conflicted_reviewer_loses_access_at_once(client, setup):
    candidate, enrolment, assignment = setup
    client.force_login(enrolment.reviewer)
    Conflict.objects.create(
        enrolment=enrolment, dossier=candidate.dossier, source="staff", reason="Neighbour"
    )
    assert client.get(url(candidate)).status_code == 404
    Conflict.objects.update(dismissed_at=timezone.now())
    assert client.get(url(candidate)).status_code == 200
    assignment.removed_at = timezone.now()
    assignment.save()
    assert client.get(url(candidate)).status_code == 404


def test_blind_review_hides_identity_in_page_and_file_names(client, setup, released):
    candidate, enrolment, _ = setup
    released.blind_fields = ["nominee_name", "nominator_name", "emails", "school"]
    released.save()
    key = private_storage().save("nominations/test.pdf", ContentFile(render_pdf("<p>CV</p>")))
    record = NominationFile.objects.create(
        nomination=candidate,
        question_key="documents",
        storage_key=key,
        display_name=f"{SECRET_NAME[1]}-cv.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    client.force_login(enrolment.reviewer)
    html = client.get(url(candidate)).content.decode()
    for secret in (
        *SECRET_NAME,
        "ottoline@secret.example",
        candidate.school.name,
        candidate.nominator.email,
    ):
        assert secret not in html
    download = client.get(url(candidate, f"files/{record.code}/"))
    download.close()
    assert download["Content-Disposition"] == 'attachment; filename="document.pdf"'


def test_reviewer_scores_and_submits(client, setup, rubric):
    candidate, enrolment, assignment = setup
    client.force_login(enrolment.reviewer)
    response = client.post(url(candidate), scores_post(rubric, action="submit"))
    review = Review.objects.get(assignment=assignment)
    rubric.refresh_from_db()
    assert response.url == "/review/"
    assert review.status == Review.Status.SUBMITTED
    assert review.weighted_total == Decimal("18")  # 2 x 7 + 1 x 4
    assert (review.cycle_id, review.dossier_id, review.enrolment_id, review.counted) == (
        candidate.cycle_id,
        candidate.dossier_id,
        enrolment.pk,
        True,
    )
    assert rubric.locked is True
    assert AuditEvent.objects.filter(action="review.scored").count() == 1


def test_out_of_scale_score_is_refused_and_kept_on_page(client, setup, rubric):
    candidate, enrolment, _ = setup
    client.force_login(enrolment.reviewer)
    response = client.post(url(candidate), scores_post(rubric, impact="11"))
    assert response.status_code == 422
    assert "Choose a score from 0 to 10." in response.content.decode()
    assert Score.objects.count() == 0


def test_submit_needs_required_comment(client, setup, rubric):
    candidate, enrolment, _ = setup
    client.force_login(enrolment.reviewer)
    response = client.post(
        url(candidate), scores_post(rubric, action="submit", evidence_comment="")
    )
    assert response.status_code == 422
    assert "This criterion needs a comment." in response.content.decode()


def test_each_refused_score_is_shown_beside_its_criterion(client, setup, rubric):
    candidate, enrolment, _ = setup
    impact, evidence = rubric.criteria.order_by("sort_order", "pk")
    client.force_login(enrolment.reviewer)

    response = client.post(
        url(candidate), scores_post(rubric, impact="11", action="submit", evidence_comment="")
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert f'<p class="errorlist" id="err-{impact.pk}">Choose a score from 0 to 10.</p>' in html
    assert (
        f'<p class="errorlist" id="err-{evidence.pk}">This criterion needs a comment.</p>' in html
    )
    assert Review.objects.count() == 0


def test_reviewer_never_sees_another_reviewers_scores(client, setup, enrol, rubric):
    candidate, enrolment, _ = setup
    other = enrol()
    other_assignment = Assignment.objects.create(dossier=candidate.dossier, enrolment=other)
    client.force_login(other.reviewer)
    client.post(
        url(candidate),
        {**scores_post(rubric, action="submit"), "comment": "SECRET-OTHER-REVIEWER-REMARK"},
    )
    assert Review.objects.get(assignment=other_assignment).comment
    client.force_login(enrolment.reviewer)
    assert "SECRET-OTHER-REVIEWER-REMARK" not in client.get(url(candidate)).content.decode()


def test_declaring_a_conflict_removes_the_candidate(client, setup, rubric):
    candidate, enrolment, assignment = setup
    client.force_login(enrolment.reviewer)
    client.post(url(candidate), scores_post(rubric, action="save"))
    assert Review.objects.get(assignment=assignment).status == Review.Status.DRAFT
    response = client.post(
        url(candidate, "conflict/"), {"reason": "She taught my daughter", "confirm": "yes"}
    )
    assignment.refresh_from_db()
    assert response.url == "/review/"
    assert assignment.removed_at is not None
    assert client.get(url(candidate)).status_code == 404
    # After submitting, the review would stay for staff to decide (test_letter_conflicts).


def test_review_window_closed_refuses_scores(client, setup, released, rubric):
    candidate, enrolment, _ = setup
    released.review_closes_at = timezone.now() - timedelta(minutes=1)
    released.save()
    client.force_login(enrolment.reviewer)
    client.post(url(candidate), scores_post(rubric))
    assert Score.objects.count() == 0


def pdf_text(content: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(content))
    assert not reader.attachments
    return "\n".join(page.extract_text() for page in reader.pages)


def test_packet_pdf_honours_blind_review(client, setup, released):
    candidate, enrolment, _ = setup
    candidate.answers = {"essay": "A remarkable teacher of chemistry."}
    candidate.save(update_fields=["answers"])
    released.blind_fields = ["nominee_name", "nominator_name", "emails", "school"]
    released.save()
    client.force_login(enrolment.reviewer)
    response = client.get(url(candidate, "packet.pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    assert candidate.dossier.code in text
    for secret in (
        *SECRET_NAME,
        "ottoline@secret.example",
        candidate.school.name,
        candidate.nominator.email,
    ):
        assert secret not in text


def test_packet_pdf_names_the_nominee_when_not_blind(client, setup):
    candidate, enrolment, _ = setup
    client.force_login(enrolment.reviewer)
    assert SECRET_NAME[1] in pdf_text(client.get(url(candidate, "packet.pdf")).content)


@pytest.mark.parametrize("who", ["unassigned", "conflicted"])
def test_packet_pdf_is_404_for_others(client, setup, who):
    candidate, enrolment, _ = setup
    if who == "unassigned":
        client.force_login(UserFactory())
    else:
        Conflict.objects.create(
            enrolment=enrolment, dossier=candidate.dossier, source="declared", reason="Friend"
        )
        client.force_login(enrolment.reviewer)
    assert client.get(url(candidate, "packet.pdf")).status_code == 404


def test_letter_written_after_assignment_cuts_access_at_once(client, setup):
    from tests.awards.factories import LetterRequestFactory

    candidate, enrolment, _ = setup
    client.force_login(enrolment.reviewer)
    assert client.get(url(candidate)).status_code == 200
    LetterRequestFactory(
        nomination=candidate, writer_email=enrolment.reviewer.email.upper(), status="received"
    )
    assert client.get(url(candidate)).status_code == 404
    assert client.get(url(candidate, "packet.pdf")).status_code == 404


def test_autosave_keeps_a_draft_without_submitting(client, setup, rubric):
    candidate, enrolment, assignment = setup
    client.force_login(enrolment.reviewer)
    response = client.post(url(candidate, "autosave/"), scores_post(rubric, evidence=""))
    assert response.status_code == 200
    assert response.json()["label"].startswith("Draft saved at")
    review = Review.objects.get(assignment=assignment)
    assert review.status == Review.Status.DRAFT
    assert review.weighted_total is None  # one criterion still unscored
    assert review.scores.count() == 1


def test_autosave_refuses_an_out_of_scale_score_and_keeps_the_draft(client, setup, rubric):
    candidate, enrolment, assignment = setup
    client.force_login(enrolment.reviewer)
    client.post(url(candidate, "autosave/"), scores_post(rubric, impact="6", evidence=""))
    response = client.post(url(candidate, "autosave/"), scores_post(rubric, impact="99"))
    assert response.status_code == 422
    impact = rubric.criteria.get(name="Impact")
    assert response.json() == {
        "errors": {str(impact.pk): ["Choose a score from 0 to 10."]},
        "error": "Not saved: a score is out of range.",
    }
    assert Review.objects.get(assignment=assignment).scores.get().value == 6


def test_autosave_is_404_for_unassigned(client, setup, rubric):
    candidate, _, _ = setup
    client.force_login(UserFactory())
    assert client.post(url(candidate, "autosave/"), scores_post(rubric)).status_code == 404


def test_discussion_shows_others_only_after_own_submission_and_when_enabled(
    client, setup, enrol, rubric, released
):
    candidate, enrolment, _ = setup
    other = enrol()
    Assignment.objects.create(dossier=candidate.dossier, enrolment=other)
    client.force_login(other.reviewer)
    client.post(url(candidate), {**scores_post(rubric, action="submit"), "comment": "OTHER-NOTE"})
    released.discussion_enabled = True
    released.save()
    client.force_login(enrolment.reviewer)
    assert "OTHER-NOTE" not in client.get(url(candidate)).content.decode()
    client.post(url(candidate), scores_post(rubric, action="submit"))
    html = client.get(url(candidate)).content.decode()
    assert "OTHER-NOTE" in html
    assert "Reviewer A" in html
    assert other.reviewer.email not in html
    released.discussion_enabled = False
    released.save()
    assert "OTHER-NOTE" not in client.get(url(candidate)).content.decode()


def test_scores_are_final_once_the_others_scores_have_been_shown(
    client, setup, enrol, rubric, released
):
    """A placeholder submitted to read the others' scores cannot then be changed."""
    candidate, enrolment, assignment = setup
    other = enrol()
    Assignment.objects.create(dossier=candidate.dossier, enrolment=other)
    released.discussion_enabled = True
    released.save()
    client.force_login(enrolment.reviewer)
    client.post(url(candidate), scores_post(rubric, impact="0", evidence="1", action="submit"))
    # No other score yet: nothing seen, so the reviewer may still change their mind.
    assert "No other reviewer has submitted yet" in client.get(url(candidate)).content.decode()
    client.post(url(candidate), scores_post(rubric, impact="1", evidence="1", action="submit"))
    assert Review.objects.get(assignment=assignment).weighted_total == Decimal("3")

    client.force_login(other.reviewer)
    client.post(url(candidate), {**scores_post(rubric, action="submit"), "comment": "OTHER-NOTE"})
    client.force_login(enrolment.reviewer)
    page = client.get(url(candidate)).content.decode()
    assert "OTHER-NOTE" in page
    final = "Your scores are final: you have seen the other reviewers' scores."
    assert escape(final) in page
    assert 'id="score-form"' not in page

    response = client.post(url(candidate), scores_post(rubric, impact="9", action="submit"))
    assert escape(final) in response.content.decode()
    assert "<li>Impact: 1</li>" in response.content.decode()  # what stands, not what was sent
    saved = client.post(url(candidate, "autosave/"), scores_post(rubric, impact="9"))
    assert (saved.status_code, saved.json()["error"]) == (409, final)
    review = Review.objects.get(assignment=assignment)
    assert review.weighted_total == Decimal("3")
    assert sorted(review.scores.values_list("value", flat=True)) == [1, 1]
    assert response.status_code == 200
    # Switching the discussion off again does not reopen the scores.
    released.discussion_enabled = False
    released.save()
    client.post(url(candidate, "autosave/"), scores_post(rubric, impact="9"))
    assert Review.objects.get(assignment=assignment).weighted_total == Decimal("3")
    shown = AuditEvent.objects.filter(action="review.others_scores_shown")
    assert list(shown.values_list("data__review", flat=True)) == [review.pk]


def test_a_withdrawn_reviewer_loses_access_at_once(client, setup, rubric):
    candidate, enrolment, assignment = setup
    key = private_storage().save("nominations/cv.pdf", ContentFile(render_pdf("<p>CV</p>")))
    record = NominationFile.objects.create(
        nomination=candidate,
        question_key="documents",
        storage_key=key,
        display_name="cv.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    client.force_login(enrolment.reviewer)

    def answers() -> dict[str, int]:
        download = client.get(url(candidate, f"files/{record.code}/"))
        if download.streaming:  # read to the end, which closes the file
            b"".join(download.streaming_content)
        return {
            "page": client.get(url(candidate)).status_code,
            "packet": client.get(url(candidate, "packet.pdf")).status_code,
            "file": download.status_code,
            "autosave": client.post(url(candidate, "autosave/"), scores_post(rubric)).status_code,
            "listed": int(candidate.dossier.code in client.get("/review/").content.decode()),
        }

    assert answers() == {"page": 200, "packet": 200, "file": 200, "autosave": 200, "listed": 1}
    enrolment.status = enrolment.Status.WITHDRAWN
    enrolment.save(update_fields=["status"])
    assert answers() == {"page": 404, "packet": 404, "file": 404, "autosave": 404, "listed": 0}
    assignment.refresh_from_db()
    assert assignment.removed_at is None  # nothing else had to happen for access to end


def test_a_later_autosave_with_a_blank_field_keeps_the_saved_score(client, setup, rubric):
    candidate, enrolment, assignment = setup
    client.force_login(enrolment.reviewer)
    client.post(url(candidate), scores_post(rubric, impact="7", evidence="4", action="submit"))
    # A tab left open on a form whose second score is still blank saves a draft later.
    response = client.post(url(candidate, "autosave/"), scores_post(rubric, evidence=""))
    assert response.status_code == 200
    review = Review.objects.get(assignment=assignment)
    assert sorted(review.scores.values_list("value", flat=True)) == [4, 7]
    assert (review.status, review.weighted_total, review.total, review.counted) == (
        Review.Status.SUBMITTED,
        Decimal("18"),
        18.0,
        True,
    )
    assert 'value="4" selected' in client.get(url(candidate)).content.decode()
