"""Bulk actions on the candidates list: move a selection to a committee outcome, and the
winners' certificates as one ZIP built in the background with its progress shown. On the
nominations list: one message to the nominators of a selection, previewed, then queued."""

import io
import re
import zipfile
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal.models import AuditEvent
from portal.storage import private_storage
from review.domain.bulk import set_outcome_for_selection
from review.domain.certificates import CertificatesRefused, request_certificates
from review.domain.decisions import DecisionRefused, record_decision
from review.models import CertificateJob, Decision, OutgoingMessage, Publication
from tests.awards.factories import candidate
from tests.awards.fixtures.revealed import pdf_text
from tests.factories import CycleFactory, UserFactory

pytestmark = pytest.mark.django_db

WINNER = Decision.Outcome.WINNER
FINALIST = Decision.Outcome.FINALIST


def bulk_url(action: str, dossiers, **params) -> str:
    query = urlencode([*(("id", d.pk) for d in dossiers), *params.items()])
    return reverse("wagtail_bulk_action", args=("awards", "dossier", action)) + "?" + query


def outcomes(dossiers) -> list[str | None]:
    found = dict(Decision.objects.filter(dossier__in=dossiers).values_list("dossier_id", "outcome"))
    return [found.get(d.pk) for d in dossiers]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def candidates(make_candidate):
    """Three candidates of one cycle, by their nominees' names."""
    names = [("Evelyn", "Boyd"), ("Gladys", "West"), ("Not", "Chosen")]
    return [
        make_candidate(nominee_first_name=first, nominee_last_name=last).dossier
        for first, last in names
    ]


# Setting an outcome ------------------------------------------------------------------------------


def test_set_outcome_for_selection_keeps_what_each_decision_says(cycle, candidates, staff_user):
    record_decision(
        cycle,
        candidates[0],
        staff_user,
        outcome=FINALIST,
        amount=Decimal("1500"),
        citation="For forty years of chemistry.",
    )

    assert set_outcome_for_selection(candidates[:2], staff_user, WINNER) == 2

    assert outcomes(candidates) == [WINNER, WINNER, None]
    kept = Decision.objects.get(dossier=candidates[0])
    assert (kept.amount, kept.citation) == (Decimal("1500"), "For forty years of chemistry.")
    summary = AuditEvent.objects.get(action="results.bulk_decision")
    assert summary.data["count"] == 2 and summary.data["outcome"] == WINNER


def test_set_outcome_for_selection_with_one_cycle_frozen_changes_nothing(
    cycle, candidates, staff_user
):
    """Publishing of the second cycle waits for approval: its candidate cannot move, so no
    candidate of the selection moves."""
    other_cycle = CycleFactory()
    frozen = candidate(other_cycle).dossier
    Publication.objects.create(
        cycle=other_cycle,
        status=Publication.Status.AWAITING_APPROVAL,
        publish_at=timezone.now(),
        requested_by=staff_user,
    )

    with pytest.raises(DecisionRefused, match="withdraw the request to change them"):
        set_outcome_for_selection([*candidates, frozen], staff_user, FINALIST)

    assert outcomes([*candidates, frozen]) == [None, None, None, None]
    assert not AuditEvent.objects.filter(action__startswith="results.").exists()


def test_set_outcome_for_selection_refuses_reviewers_and_nominators(
    candidates, user, reviewer_user
):
    for someone in (user, reviewer_user):
        with pytest.raises(PermissionDenied):
            set_outcome_for_selection(candidates, someone, WINNER)

    assert outcomes(candidates) == [None, None, None]


def test_confirming_set_outcome_moves_the_selection(staff_client, candidates):
    page = staff_client.get(bulk_url("set_outcome", candidates[1:]))
    response = staff_client.post(bulk_url("set_outcome", candidates[1:]), {"outcome": FINALIST})

    html = page.content.decode()
    assert "This will act on 2 candidates:" in html
    assert "Gladys West" in html and "Evelyn Boyd" not in html
    assert response.status_code == 302
    assert outcomes(candidates) == [None, FINALIST, FINALIST]


def test_confirming_set_outcome_while_publishing_waits_says_why_and_changes_nothing(
    staff_client, cycle, candidates, staff_user
):
    Publication.objects.create(
        cycle=cycle,
        status=Publication.Status.AWAITING_APPROVAL,
        publish_at=timezone.now(),
        requested_by=staff_user,
    )

    response = staff_client.post(bulk_url("set_outcome", candidates), {"outcome": FINALIST})

    assert response.status_code == 200
    assert (
        "Publishing was requested, so the decisions are frozen for the approver: withdraw the "
        "request to change them." in response.content.decode()
    )
    assert outcomes(candidates) == [None, None, None]


# Winners' certificates ---------------------------------------------------------------------------


@pytest.fixture
def winners(cycle, candidates, staff_user):
    """Evelyn Boyd and Gladys West won; the third candidate was not selected."""
    for dossier, outcome in zip(
        candidates, [WINNER, WINNER, Decision.Outcome.NOT_SELECTED], strict=True
    ):
        record_decision(cycle, dossier, staff_user, outcome=outcome)
    return candidates[:2]


def zip_of(job: CertificateJob) -> dict[str, str]:
    """The ZIP's files, each PDF's text by its name."""
    with private_storage().open(job.storage_key, "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    return {name: pdf_text(archive.read(name)) for name in archive.namelist()}


def test_certificates_zip_holds_one_pdf_per_winner_naming_them(
    candidates, winners, staff_user, django_capture_on_commit_callbacks, finished_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_certificates(candidates, staff_user)

    job.refresh_from_db()
    assert (job.status, job.progress, job.message) == (CertificateJob.Status.DONE, 100, "")
    assert finished_tasks == [("review.domain.certificates.build_certificates", "SUCCESSFUL")]
    files = zip_of(job)
    assert len(files) == 2
    assert all(name.endswith(".pdf") for name in files)
    by_winner = {
        dossier.code: next(text for name, text in files.items() if dossier.code in name)
        for dossier in winners
    }
    assert "Evelyn Boyd" in by_winner[winners[0].code]
    assert "Gladys West" in by_winner[winners[1].code]
    assert "Not Chosen" not in "".join(files.values())
    audited = AuditEvent.objects.get(action="results.certificates_requested")
    assert sorted(audited.data["codes"]) == sorted(d.code for d in winners)


def test_certificates_without_a_winner_in_the_selection_are_refused(
    candidates, winners, staff_user
):
    with pytest.raises(CertificatesRefused, match="None of the selected candidates"):
        request_certificates(candidates[2:], staff_user)

    assert CertificateJob.objects.count() == 0


def test_certificates_bulk_action_counts_winners_then_shows_progress_and_the_download(
    staff_client, candidates, winners, django_capture_on_commit_callbacks
):
    page = staff_client.get(bulk_url("certificates", candidates))
    assert "This will act on 3 candidates:" in page.content.decode()
    assert "2 of them are winners" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(bulk_url("certificates", candidates), {"format": "zip"})

    job = CertificateJob.objects.get()
    assert response["Location"] == reverse("review_admin:certificate_job", args=(job.pk,))
    progress = staff_client.get(response["Location"]).content.decode()
    download_url = reverse("review_admin:certificate_job_download", args=(job.pk,))
    assert download_url in progress
    download = staff_client.get(download_url)
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert len(zipfile.ZipFile(io.BytesIO(content)).namelist()) == 2
    assert AuditEvent.objects.filter(action="results.certificates_downloaded").count() == 1


def test_certificates_as_one_pdf_hold_a_page_per_winner_naming_them(
    candidates, winners, staff_user, django_capture_on_commit_callbacks, finished_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_certificates(candidates, staff_user, CertificateJob.Format.PDF)

    job.refresh_from_db()
    assert (job.status, job.progress, job.message) == (CertificateJob.Status.DONE, 100, "")
    assert finished_tasks == [("review.domain.certificates.build_certificates", "SUCCESSFUL")]
    assert job.storage_key.endswith(".pdf")
    with private_storage().open(job.storage_key, "rb") as handle:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages]
    assert len(pages) == 2
    by_code = dict(zip([d.code for d in winners], ["Evelyn Boyd", "Gladys West"], strict=True))
    names = [by_code[code] for code in sorted(by_code)]  # filed by award, then code
    for page, name in zip(pages, names, strict=True):
        assert name in page
        assert not any(other in page for other in [*names, "Not Chosen"] if other != name)
    audited = AuditEvent.objects.get(action="results.certificates_requested")
    assert audited.data["format"] == "pdf"


def test_certificates_bulk_action_builds_one_pdf_when_chosen(
    staff_client, candidates, winners, django_capture_on_commit_callbacks
):
    page = staff_client.get(bulk_url("certificates", candidates)).content.decode()
    assert "One PDF, a certificate per page" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(bulk_url("certificates", candidates), {"format": "pdf"})

    job = CertificateJob.objects.get()
    assert job.format == "pdf"
    progress = staff_client.get(response["Location"]).content.decode()
    assert "One PDF of 2 winners' certificates, one per page" in progress
    assert "Download the certificates (PDF)" in progress
    download = staff_client.get(reverse("review_admin:certificate_job_download", args=(job.pk,)))
    assert download.status_code == 200
    assert f'filename="certificates-{job.pk}.pdf"' in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    assert len(PdfReader(io.BytesIO(content)).pages) == 2
    assert AuditEvent.objects.filter(action="results.certificates_downloaded").count() == 1


def test_certificates_job_page_shows_progress_while_building(staff_client, winners, staff_user):
    job = CertificateJob.objects.create(
        created_by=staff_user, status=CertificateJob.Status.RUNNING, progress=40
    )
    job.decisions.set(Decision.objects.filter(dossier__in=winners))

    html = staff_client.get(
        reverse("review_admin:certificate_job", args=(job.pk,))
    ).content.decode()

    assert 'http-equiv="refresh"' in html
    assert '<progress max="100" value="40"' in html
    assert reverse("review_admin:certificate_job_download", args=(job.pk,)) not in html


# Who may -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["set_outcome", "certificates"])
def test_reviewers_and_nominators_cannot_use_the_candidates_bulk_actions(
    client, user, in_admin_only, candidates, winners, action
):
    client.force_login(user)
    signed_out = client.post(bulk_url(action, candidates), {"outcome": FINALIST})
    client.force_login(in_admin_only)
    refused = [
        client.get(bulk_url(action, candidates)),
        client.post(bulk_url(action, candidates), {"outcome": FINALIST}),
    ]

    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/accounts/login/")
    assert [response.status_code for response in refused] == [404, 404]
    assert b"Evelyn" not in refused[0].content
    assert outcomes(candidates) == [WINNER, WINNER, Decision.Outcome.NOT_SELECTED]
    assert CertificateJob.objects.count() == 0


@pytest.mark.parametrize("format", CertificateJob.Format.values)
def test_reviewers_and_nominators_cannot_see_or_download_a_certificates_job(
    client, user, in_admin_only, winners, staff_user, django_capture_on_commit_callbacks, format
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_certificates(winners, staff_user, format)
    client.force_login(user)
    for url in (
        reverse("review_admin:certificate_job", args=(job.pk,)),
        reverse("review_admin:certificate_job_download", args=(job.pk,)),
    ):
        response = client.get(url)
        assert response.status_code in (302, 404)
        assert not response.get("Content-Disposition")
    client.force_login(in_admin_only)

    for url in (
        reverse("review_admin:certificate_job", args=(job.pk,)),
        reverse("review_admin:certificate_job_download", args=(job.pk,)),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert not response.get("Content-Disposition")
    assert not AuditEvent.objects.filter(action="results.certificates_downloaded").exists()


@pytest.mark.parametrize("action", ["set_outcome", "certificates"])
def test_candidates_confirmation_page_query_count_does_not_grow_with_the_selection(
    staff_client, make_candidate, candidates, action
):
    def page_queries(chosen) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(bulk_url(action, chosen))
        assert f"This will act on {len(chosen)} candidate" in response.content.decode()
        return len(queries)

    staff_client.get(bulk_url(action, candidates[:1]))  # warms process-wide caches
    one = page_queries(candidates[:1])
    many = [*candidates, *(make_candidate().dossier for _ in range(20))]

    assert page_queries(many) == one


def test_committee_screen_builds_every_winners_certificates_of_its_cycle(
    staff_client, cycle, winners, django_capture_on_commit_callbacks
):
    other_cycle_winner = candidate(CycleFactory()).dossier
    Decision.objects.create(
        cycle=other_cycle_winner.cycle, dossier=other_cycle_winner, outcome=WINNER
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("review_admin:committee", args=(cycle.pk,)), {"action": "certificates"}
        )

    job = CertificateJob.objects.get()
    assert response["Location"] == reverse("review_admin:certificate_job", args=(job.pk,))
    assert sorted(job.decisions.values_list("dossier__code", flat=True)) == sorted(
        d.code for d in winners
    )
    job.refresh_from_db()
    assert len(zip_of(job)) == 2


# A message to the nominators of a selection (on the nominations list) ---------------------------


def message_url(nominations) -> str:
    query = urlencode([("id", n.pk) for n in nominations])
    return (
        reverse("wagtail_bulk_action", args=("awards", "nomination", "send_message")) + "?" + query
    )


MESSAGE = {
    "subject": "About the {{ award }}",
    "body": "Dear {{ name }}, news.",
    "sending_key": "k1",
}


@pytest.fixture
def by_two(cycle):
    """Three submitted nominations: two by Ana, one by Ben."""
    ana = UserFactory(email="ana@example.org", display_name="Ana")
    ben = UserFactory(email="ben@example.org", display_name="Ben")
    return [candidate(cycle, nominator=person) for person in (ana, ana, ben)]


def previewed(response) -> str:
    return re.search(r'name="previewed" value="([0-9a-f]+)"', response.content.decode()).group(1)


def test_message_preview_counts_each_nominator_once_and_shows_one_written(staff_client, by_two):
    page = staff_client.get(message_url(by_two))
    preview = staff_client.post(message_url(by_two), {**MESSAGE, "step": "preview"})

    assert "This will act on 3 nominations:" in page.content.decode()
    html = preview.content.decode()
    assert "2 nominators will get it, each once. As ana@example.org will read it:" in html
    assert f"About the {by_two[0].cycle.award.name}" in html
    assert "Dear Ana, news." in html
    assert "Send to 2" in html
    assert OutgoingMessage.objects.count() == 0


def test_message_sent_after_its_preview_is_queued_once_and_logged(
    staff_client, by_two, django_capture_on_commit_callbacks
):
    next_url = reverse("nomination:index")
    url = message_url(by_two) + "&" + urlencode({"next": next_url})
    digest = previewed(staff_client.post(url, {**MESSAGE, "step": "preview"}))

    with django_capture_on_commit_callbacks(execute=True):
        sent = staff_client.post(url, {**MESSAGE, "step": "confirm", "previewed": digest})
        staff_client.post(url, {**MESSAGE, "step": "confirm", "previewed": digest})  # twice

    assert sent.status_code == 302
    assert sent["Location"] == next_url
    assert sorted((email.to[0], email.body) for email in mail.outbox) == [
        ("ana@example.org", "Dear Ana, news."),
        ("ben@example.org", "Dear Ben, news."),
    ]
    assert OutgoingMessage.objects.filter(kind="broadcast").count() == 2


def test_message_changed_after_its_preview_is_previewed_again_not_sent(staff_client, by_two):
    digest = previewed(staff_client.post(message_url(by_two), {**MESSAGE, "step": "preview"}))
    changed = {**MESSAGE, "body": "Something else, {{ name }}."}

    response = staff_client.post(
        message_url(by_two), {**changed, "step": "confirm", "previewed": digest}
    )

    assert response.status_code == 200
    assert "Something else, Ana." in response.content.decode()
    assert OutgoingMessage.objects.count() == 0


def test_message_to_nominations_of_two_cycles_is_refused_with_a_reason(staff_client, by_two):
    other = candidate(CycleFactory())

    response = staff_client.post(message_url([*by_two, other]), {**MESSAGE, "step": "preview"})

    assert response.status_code == 200
    assert "filter the list by cycle" in response.content.decode()
    assert OutgoingMessage.objects.count() == 0


def test_reviewers_and_nominators_cannot_send_a_message_to_a_selection(
    client, user, in_admin_only, by_two
):
    own = candidate(by_two[0].cycle, nominator=user)
    url = message_url([*by_two, own])
    data = {**MESSAGE, "step": "confirm"}

    client.force_login(user)
    signed_out = client.post(url, data)
    client.force_login(in_admin_only)
    refused = [client.get(url), client.post(url, {**MESSAGE, "step": "preview"})]

    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/accounts/login/")
    assert [response.status_code for response in refused] == [404, 404]
    assert b"ana@example.org" not in refused[1].content
    assert OutgoingMessage.objects.count() == 0
    assert not AuditEvent.objects.filter(action="messages.broadcast").exists()


@pytest.mark.parametrize("step", ["page", "preview"])
def test_message_page_and_preview_query_count_does_not_grow_with_the_selection(
    staff_client, cycle, by_two, step
):
    def queries(chosen) -> int:
        with CaptureQueriesContext(connection) as captured:
            if step == "page":
                response = staff_client.get(message_url(chosen))
            else:
                response = staff_client.post(message_url(chosen), {**MESSAGE, "step": "preview"})
        assert f"This will act on {len(chosen)} nomination" in response.content.decode()
        return len(captured)

    queries(by_two[:1])  # warms process-wide caches
    one = queries(by_two[:1])
    many = [*by_two, *(candidate(cycle) for _ in range(20))]

    assert queries(many) == one
