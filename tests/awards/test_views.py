"""The nominator's pages, the letter writer's page and the nominee and guardian links: what each
role can reach, that typed answers survive errors, and that list queries do not grow."""

import io
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from awards.domain import nominations as ops
from awards.models import Nomination
from awards.tokens import guardian_token, letter_token, nominee_token
from portal.pdf import render_pdf
from tests.awards.factories import LetterRequestFactory, NominationFactory
from tests.factories import UserFactory, close_nominations


@pytest.fixture
def nominator_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def other_draft(cycle, questions, school):
    """Another nominator's draft, with a nominee name that must never leak."""
    return NominationFactory(
        cycle=cycle, school=school, nominee_first_name="Secretina", nominee_last_name="Hidden"
    )


def test_my_nominations_lists_own_and_never_others(nominator_client, draft, other_draft):
    response = nominator_client.get("/nominations/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Margaret Hamilton" in html
    assert "Secretina" not in html
    assert other_draft.code not in html


def test_my_nominations_query_count_does_not_grow(nominator_client, user, cycle, school):
    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = nominator_client.get("/nominations/")
        assert response.status_code == 200
        return len(queries), response.content.decode().count('class="nomination-card"')

    NominationFactory(cycle=cycle, nominator=user, school=school)
    nominator_client.get("/nominations/")  # warm the site-settings caches
    one = measure()
    NominationFactory.create_batch(49, cycle=cycle, nominator=user, school=school)
    fifty = measure()
    assert (one[1], fifty[1]) == (1, 50)
    assert one[0] == fifty[0]


@pytest.mark.parametrize(
    "path",
    [
        "/nominations/{code}/step/1/",
        "/nominations/{code}/review/",
        "/nominations/{code}/withdraw/",
        "/nominations/{code}/receipt.pdf",
        "/nominations/{code}/submitted/",
    ],
)
def test_other_nominators_nomination_is_404(nominator_client, other_draft, path):
    response = nominator_client.get(path.format(code=other_draft.code))
    assert response.status_code == 404
    assert b"Secretina" not in response.content


def test_other_nominators_autosave_and_withdraw_post_are_404(nominator_client, other_draft):
    autosave = nominator_client.post(
        f"/nominations/{other_draft.code}/autosave/", {"step": "2", "impact": "overwritten"}
    )
    withdraw = nominator_client.post(f"/nominations/{other_draft.code}/withdraw/")
    other_draft.refresh_from_db()
    assert (autosave.status_code, withdraw.status_code) == (404, 404)
    assert other_draft.status == Nomination.Status.DRAFT
    assert "impact" not in other_draft.answers


def test_missing_nomination_is_404_like_forbidden(nominator_client, draft):
    assert nominator_client.get("/nominations/nosuchcode99/review/").status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(client, draft):
    response = client.get(f"/nominations/{draft.code}/step/1/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_step_with_errors_keeps_every_typed_answer(nominator_client, draft):
    too_long = "word " * 51
    response = nominator_client.post(
        f"/nominations/{draft.code}/step/2/",
        {"impact": too_long, "subjects": ["Art"], "action": "next"},
    )
    draft.refresh_from_db()
    assert response.status_code == 422
    assert "Use at most 50 words (you have 51)." in response.content.decode()
    assert draft.answers["impact"] == too_long.strip()
    assert draft.answers["subjects"] == ["Art"]


def test_autosave_stores_partial_answers(nominator_client, draft):
    response = nominator_client.post(
        f"/nominations/{draft.code}/autosave/", {"step": "2", "impact": "Half a sent"}
    )
    draft.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["label"].startswith("Saved at ")
    assert draft.answers["impact"] == "Half a sent"


def test_autosave_two_saves_from_one_version_the_second_is_409_and_changes_nothing(
    nominator_client, draft
):
    opened_at = nominator_client.get(f"/nominations/{draft.code}/step/2/").context["draft_version"]
    url = f"/nominations/{draft.code}/autosave/"
    first = nominator_client.post(
        url, {"step": "2", "impact": "From the laptop.", "draft_version": opened_at}
    )
    second = nominator_client.post(
        url, {"step": "2", "impact": "From the phone.", "draft_version": opened_at}
    )

    draft.refresh_from_db()
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["conflict"] is True
    assert draft.answers["impact"] == "From the laptop."
    # The tab that saved goes on from the version it was given, with no prompt.
    third = nominator_client.post(
        url,
        {"step": "2", "impact": "From the laptop, more.", "draft_version": first.json()["version"]},
    )
    draft.refresh_from_db()
    assert third.status_code == 200
    assert draft.answers["impact"] == "From the laptop, more."


def test_step_post_from_an_older_version_keeps_the_typing_and_saves_nothing(
    nominator_client, draft
):
    page = nominator_client.get(f"/nominations/{draft.code}/step/2/")
    opened_at = page.context["draft_version"]
    assert f'name="draft_version" value="{opened_at}"' in page.content.decode()
    nominator_client.post(
        f"/nominations/{draft.code}/autosave/",
        {"step": "2", "impact": "Saved in another tab.", "draft_version": opened_at},
    )

    response = nominator_client.post(
        f"/nominations/{draft.code}/step/2/",
        {"impact": "Typed in the old tab.", "action": "next", "draft_version": opened_at},
    )

    draft.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 409
    assert "This draft was changed somewhere else" in html
    assert "Typed in the old tab." in html
    assert f'href="/nominations/{draft.code}/step/2/"' in html
    assert draft.answers["impact"] == "Saved in another tab."
    # Sent again as it is, it is refused again: only the newer page may save.
    again = nominator_client.post(
        f"/nominations/{draft.code}/step/2/",
        {"impact": "Typed in the old tab.", "action": "save", "draft_version": opened_at},
    )
    draft.refresh_from_db()
    assert again.status_code == 409
    assert draft.answers["impact"] == "Saved in another tab."


def test_step_post_from_the_current_version_saves_and_goes_on(nominator_client, draft):
    opened_at = nominator_client.get(f"/nominations/{draft.code}/step/2/").context["draft_version"]
    response = nominator_client.post(
        f"/nominations/{draft.code}/step/2/",
        {"impact": "Kind and patient.", "action": "save", "draft_version": opened_at},
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.answers["impact"] == "Kind and patient."


def test_autosave_refuses_submitted_nomination(nominator_client, draft):
    draft.status = Nomination.Status.SUBMITTED
    draft.save()
    response = nominator_client.post(f"/nominations/{draft.code}/autosave/", {"step": "2"})
    assert response.status_code == 409


def test_submit_twice_makes_one_submission_and_one_email(
    nominator_client, draft, django_capture_on_commit_callbacks
):
    data = {"submission_key": str(draft.submission_key)}
    with django_capture_on_commit_callbacks(execute=True):
        first = nominator_client.post(f"/nominations/{draft.code}/review/", data)
        second = nominator_client.post(f"/nominations/{draft.code}/review/", data)
    draft.refresh_from_db()
    assert first.url == second.url == f"/nominations/{draft.code}/submitted/"
    assert draft.status == Nomination.Status.SUBMITTED
    assert draft.revisions.count() == 1
    assert len(mail.outbox) == 1


def test_submit_with_honeypot_filled_is_refused(nominator_client, draft):
    response = nominator_client.post(
        f"/nominations/{draft.code}/review/",
        {"submission_key": str(draft.submission_key), "website": "http://spam.example"},
    )
    draft.refresh_from_db()
    assert response.status_code == 403
    assert draft.status == Nomination.Status.DRAFT


def test_submit_with_answers_missing_says_so_and_keeps_the_draft(nominator_client, draft):
    draft.answers = {}
    draft.save()

    response = nominator_client.post(
        f"/nominations/{draft.code}/review/", {"submission_key": str(draft.submission_key)}
    )

    assert response.url == f"/nominations/{draft.code}/review/"
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["Some answers still need attention."]
    draft.refresh_from_db()
    assert draft.status == Nomination.Status.DRAFT


def test_submit_failing_by_a_bug_is_a_server_error_not_a_message(
    nominator_client, draft, monkeypatch
):
    """Only the domain's refusals become messages: a ValueError from a bug is not told to the
    nominator as if their answers were wrong, it reaches the error page and the logs."""

    def broken(*args, **kwargs):
        raise ValueError("a bug, not a refusal")

    monkeypatch.setattr(ops, "submit_nomination", broken)

    with pytest.raises(ValueError, match="a bug, not a refusal"):
        nominator_client.post(
            f"/nominations/{draft.code}/review/", {"submission_key": str(draft.submission_key)}
        )


def test_start_creates_draft_and_is_rate_limited(nominator_client, award, cycle, user, clock_held):
    statuses = []
    for number in range(21):
        statuses.append(nominator_client.post(f"/nominate/{award.slug}/").status_code)
        # Each draft is started on, so the next start makes a new one.
        Nomination.objects.filter(nominator=user, nominee_first_name="").update(
            nominee_first_name=f"Nominee {number}"
        )
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429
    assert Nomination.objects.filter(nominator=user).count() == 20


IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
DESKTOP = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(("user_agent", "on_phone"), [(IPHONE, True), (DESKTOP, False), ("", None)])
def test_start_records_whether_the_draft_was_opened_on_a_phone_but_not_the_browser(
    nominator_client, award, cycle, user, user_agent, on_phone
):
    nominator_client.post(f"/nominate/{award.slug}/", headers={"User-Agent": user_agent})

    nomination = Nomination.objects.get(nominator=user)
    assert nomination.started_on_phone is on_phone
    stored = Nomination.objects.filter(pk=nomination.pk).values().get()
    assert not any(user_agent and user_agent in str(value) for value in stored.values())


def test_start_page_shows_deadline_in_foundation_time_zone(client, award, cycle):
    response = client.get(f"/nominate/{award.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert ("PST" in html) or ("PDT" in html)
    assert "Sign in to nominate" in html


def test_file_download_is_an_attachment_with_nosniff(nominator_client, draft, questions):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from awards.domain.uploads import attach_file

    pdf = render_pdf("<p>Classroom photo</p>")
    record = attach_file(
        draft,
        draft.nominator,
        questions["documents"].snapshot(),
        SimpleUploadedFile("photo.pdf", pdf, content_type="application/pdf"),
    )
    response = nominator_client.get(f"/nominations/{draft.code}/files/{record.code}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="photo.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # The clean copy (`portal.cleaning`): the same page, without the file's metadata.
    served = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert "Classroom photo" in served.pages[0].extract_text()


def test_receipt_pdf_names_the_nominee(nominator_client, draft):
    draft.status = Nomination.Status.SUBMITTED
    draft.submitted_at = draft.updated_at
    draft.save()
    response = nominator_client.get(f"/nominations/{draft.code}/receipt.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert response["Content-Type"] == "application/pdf"
    assert "Margaret Hamilton" in text


def test_letter_writer_link_accepts_a_letter_without_an_account(client, draft):
    letter = LetterRequestFactory(nomination=draft)
    response = client.post(
        f"/letters/{letter_token(letter)}/", {"letter_text": "A remarkable teacher."}
    )
    letter.refresh_from_db()
    assert response.status_code == 200
    assert letter.status == "received"
    assert letter.letter_text == "A remarkable teacher."


def test_letter_writer_empty_letter_is_refused(client, draft):
    letter = LetterRequestFactory(nomination=draft)
    response = client.post(f"/letters/{letter_token(letter)}/", {"letter_text": "  "})
    assert response.status_code == 422
    assert "Write your letter or upload it as a file." in response.content.decode()


def test_letter_writer_bad_link_is_404(client, db):
    assert client.get("/letters/not-a-real-token/").status_code == 404


def test_nominee_accepts_with_own_statement(client, draft):
    award = draft.cycle.award
    award.nominee_notice, award.nominee_handoff = "notify", True
    award.save()
    draft.status, draft.submitted_at = Nomination.Status.SUBMITTED, draft.updated_at
    draft.save()
    response = client.post(
        f"/nominee/{nominee_token(draft)}/", {"accept": "yes", "statement": "I love teaching."}
    )
    draft.refresh_from_db()
    assert response.status_code == 200
    assert (draft.nominee_response, draft.nominee_statement) == ("accepted", "I love teaching.")


def test_guardian_consent_is_recorded_with_signature(client, draft):
    draft.status, draft.submitted_at = Nomination.Status.SUBMITTED, draft.updated_at
    draft.save()
    response = client.post(
        f"/consent/{guardian_token(draft)}/", {"consent": "no", "signature": "Pat Parent"}
    )
    draft.refresh_from_db()
    assert response.status_code == 200
    assert (draft.guardian_consent, draft.guardian_consent_signature) == ("declined", "Pat Parent")


def test_guardian_link_does_not_open_nominee_page(client, draft):
    draft.status, draft.submitted_at = Nomination.Status.SUBMITTED, draft.updated_at
    draft.save()
    assert client.get(f"/nominee/{guardian_token(draft)}/").status_code == 404


def test_another_users_session_cannot_use_my_draft_via_start_page(client, draft):
    other = UserFactory()
    client.force_login(other)
    response = client.get(f"/nominate/{draft.cycle.award.slug}/")
    assert draft.code not in response.content.decode()


def test_remind_letter_after_deadline_until_letters_due(
    nominator_client, draft, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    cycle = draft.cycle
    cycle.closes_at = timezone.now() - timedelta(hours=1)
    cycle.opens_at = cycle.closes_at - timedelta(days=30)
    cycle.letters_due_at = timezone.now() + timedelta(days=7)
    cycle.save()
    draft.status, draft.submitted_at = Nomination.Status.SUBMITTED, cycle.closes_at
    draft.save()
    letter = LetterRequestFactory(nomination=draft, last_sent_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        response = nominator_client.post(f"/nominations/{draft.code}/letters/{letter.code}/remind/")
    letter.refresh_from_db()
    assert response.url == f"/nominations/{draft.code}/review/"
    assert letter.send_count == 2
    assert [message.to for message in mail.outbox] == [[letter.writer_email]]
    assert mail.outbox[0].subject.startswith("Reminder: ")


def test_past_winner_cannot_be_nominated_again(nominator_client, draft, school):
    from awards.models import PastWinner

    PastWinner.objects.create(
        award=draft.cycle.award,
        first_name="Margarét",
        last_name="HAMILTON",
        school=school,
        year="2023-24",
    )
    response = nominator_client.post(
        f"/nominations/{draft.code}/step/1/",
        {
            "nominee_first_name": "Margaret",
            "nominee_last_name": "Hamilton",
            "nominee_role": "Teacher",
            "school": school.pk,
            "nominator_relationship": "Parent",
            "action": "next",
        },
    )
    assert response.status_code == 422
    assert (
        "Not eligible: past winners of this award cannot be nominated for it again."
        in response.content.decode()
    )


def test_past_winner_rule_off_allows_nomination(nominator_client, draft, school):
    from awards.models import PastWinner

    award = draft.cycle.award
    award.exclude_past_winners = False
    award.save()
    PastWinner.objects.create(
        award=award, first_name="Margaret", last_name="Hamilton", school=school, year="2023-24"
    )
    response = nominator_client.post(
        f"/nominations/{draft.code}/step/1/",
        {
            "nominee_first_name": "Margaret",
            "nominee_last_name": "Hamilton",
            "nominee_role": "Teacher",
            "school": school.pk,
            "nominator_relationship": "Parent",
            "action": "next",
        },
    )
    assert response.status_code == 302


def test_submit_at_the_deadline_with_a_frozen_clock(nominator_client, draft):
    import time_machine
    from django.utils import timezone

    cycle = draft.cycle
    cycle.closes_at = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    cycle.save()
    data = {"submission_key": str(draft.submission_key)}
    with time_machine.travel(cycle.closes_at, tick=False):
        late = nominator_client.post(f"/nominations/{draft.code}/review/", data)
    draft.refresh_from_db()
    assert late.url == f"/nominations/{draft.code}/review/"
    assert draft.status == Nomination.Status.DRAFT
    with time_machine.travel(cycle.closes_at - timedelta(seconds=1), tick=False):
        in_time = nominator_client.post(f"/nominations/{draft.code}/review/", data)
    draft.refresh_from_db()
    assert in_time.url == f"/nominations/{draft.code}/submitted/"
    assert draft.status == Nomination.Status.SUBMITTED


def test_nominator_is_told_the_ineligibility_reason(nominator_client, draft, staff_user):
    from awards.domain.nominations import record_eligibility

    draft.status, draft.submitted_at = Nomination.Status.SUBMITTED, draft.updated_at
    draft.save()
    record_eligibility(draft, staff_user, "ineligible", "She moved to another district in May.")
    review = nominator_client.get(f"/nominations/{draft.code}/review/").content.decode()
    mine = nominator_client.get("/nominations/").content.decode()
    assert "She moved to another district in May." in review
    assert "Not eligible" in mine


def test_nominator_withdrawing_an_announced_winner_is_told_to_contact_the_foundation(
    nominator_client, user, cycle, school, staff_user
):
    from awards.domain.nominations import submit_nomination
    from review.domain.decisions import approve_publication, record_decision, request_publication

    nomination = NominationFactory(cycle=cycle, nominator=user, school=school)
    submit_nomination(nomination, user, nomination.submission_key)
    nomination.refresh_from_db()
    record_decision(cycle, nomination.dossier, staff_user, outcome="winner")
    close_nominations(cycle)
    request_publication(cycle, staff_user)
    approve_publication(cycle, UserFactory(staff=True))

    response = nominator_client.post(f"/nominations/{nomination.code}/withdraw/", follow=True)

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED
    assert response.status_code == 200
    assert "contact the foundation" in response.content.decode()


def test_staff_who_nominated_an_announced_winner_are_told_in_their_language_to_use_the_admin(
    client, cycle, school
):
    """On the public page a staff member is the nominator like any other: no reason is asked
    there, so an announced winner is not withdrawn from it, and the refusal is in Spanish."""
    from awards.domain.nominations import submit_nomination
    from review.domain.decisions import approve_publication, record_decision, request_publication

    staff_nominator = UserFactory(staff=True, verified=True)
    nomination = NominationFactory(cycle=cycle, nominator=staff_nominator, school=school)
    submit_nomination(nomination, staff_nominator, nomination.submission_key)
    nomination.refresh_from_db()
    record_decision(cycle, nomination.dossier, UserFactory(staff=True), outcome="winner")
    close_nominations(cycle)
    request_publication(cycle, UserFactory(staff=True))
    approve_publication(cycle, UserFactory(staff=True))
    client.force_login(staff_nominator)

    response = client.post(f"/es/nominations/{nomination.code}/withdraw/", follow=True)

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED
    assert response.status_code == 200
    assert "comuníquese con la fundación" in response.content.decode()
