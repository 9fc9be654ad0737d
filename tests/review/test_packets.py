"""Committee packets: finalists' nominations and letters, uploaded PDFs merged in, a scores
summary and a table of contents, built as a task and stored privately for staff."""

import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from awards.models import LetterRequest, NominationFile
from portal.models import AuditEvent
from portal.pdf import render_pdf
from portal.storage import private_storage
from review.domain.decisions import record_decision
from review.domain.packets import PacketRefused, request_committee_packet
from review.models import Decision, PacketJob
from tests.awards.factories import LetterRequestFactory
from tests.awards.fixtures.files import AUTHOR, pdf_naming_its_author
from tests.awards.fixtures.revealed import pdf_findings, pdf_text


def upload(nomination, name, content, content_type="application/pdf"):
    key = private_storage().save("nominations/upload.pdf", ContentFile(content))
    return NominationFile.objects.create(
        nomination=nomination,
        question_key="documents",
        storage_key=key,
        display_name=name,
        content_type=content_type,
        size=len(content),
        sha256="0" * 64,
    )


@pytest.fixture
def finalists(make_candidate, cycle, staff_user):
    winner = make_candidate(nominee_first_name="Evelyn", nominee_last_name="Boyd")
    upload(winner, "newsletter.pdf", render_pdf("<h1>UPLOADED-NEWSLETTER</h1><p>x</p>"))
    upload(winner, "broken.pdf", b"%PDF-1.4 this is not really a pdf")
    LetterRequestFactory(
        nomination=winner,
        writer_name="Dr Letter",
        status=LetterRequest.Status.RECEIVED,
        letter_text="She is the best teacher I know.",
    )
    finalist = make_candidate(nominee_first_name="Gladys", nominee_last_name="West")
    not_selected = make_candidate(nominee_first_name="Not", nominee_last_name="Chosen")
    record_decision(cycle, winner.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    record_decision(cycle, finalist.dossier, staff_user, outcome=Decision.Outcome.FINALIST)
    record_decision(cycle, not_selected.dossier, staff_user, outcome=Decision.Outcome.NOT_SELECTED)
    return winner, finalist


def test_packet_has_contents_candidates_letters_and_merged_uploads(
    cycle, finalists, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_committee_packet(cycle, staff_user)
    job.refresh_from_db()
    assert (job.status, job.progress) == (PacketJob.Status.DONE, 100)
    with private_storage().open(job.storage_key, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == job.pages
    pages = [page.extract_text() for page in reader.pages]
    contents = pages[0]
    assert "Contents" in contents
    assert "Evelyn Boyd" in contents and "Gladys West" in contents
    assert "Not Chosen" not in "".join(pages)
    assert "broken.pdf" in contents  # listed as not merged
    everything = "\n".join(pages)
    assert "She is the best teacher I know." in everything
    assert "UPLOADED-NEWSLETTER" in everything
    # The contents page numbers point at each candidate's first page.
    outline = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    assert "Evelyn Boyd" in pages[outline["Evelyn Boyd"]]
    assert "Gladys West" in pages[outline["Gladys West"]]
    assert f"Gladys West Finalist {outline['Gladys West'] + 1}" in contents.replace("\n", " ")


def test_packet_merges_uploads_without_their_javascript_actions_or_authors_metadata(
    cycle, finalists, staff_user, django_capture_on_commit_callbacks
):
    # Stored as uploaded, as files accepted before clean copies were made still are.
    winner, _ = finalists
    upload(winner, "cv.pdf", pdf_naming_its_author(text="UPLOADED-CV"))
    letter_file = private_storage().save(
        "letters/letter.pdf",
        ContentFile(pdf_naming_its_author(author="Dana Writer", text="UPLOADED-LETTER")),
    )
    LetterRequestFactory(
        nomination=winner,
        writer_name="Dana Writer",
        status=LetterRequest.Status.RECEIVED,
        letter_file_key=letter_file,
        letter_file_name="letter.pdf",
    )

    with django_capture_on_commit_callbacks(execute=True):
        job = request_committee_packet(cycle, staff_user)

    job.refresh_from_db()
    with private_storage().open(job.storage_key, "rb") as handle:
        packet = handle.read()
    assert "UPLOADED-CV" in pdf_text(packet)
    assert "UPLOADED-LETTER" in pdf_text(packet)
    assert pdf_findings(packet, AUTHOR) == []
    # The writer is named in the packet on purpose (staff read it), but not by their file.
    assert [finding for finding in pdf_findings(packet, "Dana Writer") if "/" in finding] == []


def test_packet_needs_finalists(cycle, staff_user):
    with pytest.raises(PacketRefused, match="Mark finalists"):
        request_committee_packet(cycle, staff_user)


def test_packet_download_is_staff_only_and_audited(
    client, cycle, finalists, staff_user, reviewer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_committee_packet(cycle, staff_user)
    url = f"/admin/review/packets/{job.pk}/download/"
    client.force_login(reviewer_user)
    assert client.get(url).status_code in (302, 403)
    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content)
    assert AuditEvent.objects.filter(action="results.packet_downloaded").count() == 1


def test_committee_screen_shows_packet_progress(client, cycle, finalists, staff_user):
    job = PacketJob.objects.create(
        cycle=cycle, status=PacketJob.Status.RUNNING, progress=40, created_by=staff_user
    )
    client.force_login(staff_user)
    html = client.get(f"/admin/review/committee/{cycle.pk}/").content.decode()
    assert "Building: 40%" in html
    assert 'http-equiv="refresh"' in html
    job.delete()
