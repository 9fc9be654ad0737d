"""S3 unreachable: private storage configured exactly as production's settings build it, on a
moto server that is then stopped. An upload keeps the draft and says so; every download answers
a clear 503 within seconds (no 500, no redirect, no URL); files that need no S3 still come.

The domain side of a failed upload (StorageUnavailable, nothing stored, no row) is
tests/awards/test_domain_uploads.py::test_attach_file_storage_down_raises_storage_unavailable.
"""

import time
from datetime import timedelta

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from awards.domain.uploads import attach_file
from awards.models import Dossier, Nomination, NominationFile, Question
from portal.pdf import render_pdf
from portal.storage import PrivateS3Storage, new_private_key
from review.domain.decisions import record_decision
from review.models import Assignment, Decision, PacketJob, ReviewerEnrolment, ReviewSettings
from tests.awards.factories import NominationFactory, QuestionFactory
from tests.factories import CycleFactory, UserFactory

# Long enough for the configured attempts against a refused connection, far below botocore's
# defaults (60 s timeouts, up to five attempts).
FAST_SECONDS = 5
STORY = "She stayed after school every Tuesday to run the robotics club."


@pytest.fixture
def production_s3(settings, s3_server, monkeypatch):
    """Private storage on the moto server, built by the production settings' own function."""
    from portal.settings import base

    monkeypatch.setattr(base, "AWS_STORAGE_BUCKET_NAME", s3_server.bucket)
    monkeypatch.setattr(base, "AWS_S3_ENDPOINT_URL", s3_server.endpoint)
    monkeypatch.setattr(base, "AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setattr(base, "AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_S3_ADDRESSING_STYLE", "path")
    settings.STORAGES = {**settings.STORAGES, "private": base.build_storages()["private"]}
    storage = storages["private"]
    assert isinstance(storage, PrivateS3Storage)
    return storage


def stored_keys(s3_server) -> list[str]:
    """The bucket's keys, read through a fresh server: moto keeps its state in this process."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        client = boto3.client("s3", endpoint_url=f"http://{host}:{port}", region_name="us-east-1")
        listing = client.list_objects_v2(Bucket=s3_server.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))
    finally:
        server.stop()


@pytest.fixture
def draft(db, user):
    cycle = CycleFactory()
    QuestionFactory(cycle=cycle, key="story", section="Story")
    QuestionFactory(
        cycle=cycle,
        key="documents",
        section="Story",
        kind=Question.Kind.FILE,
        required=False,
        max_files=2,
        allowed_file_types=["pdf"],
    )
    return NominationFactory(cycle=cycle, nominator=user, answers={"story": STORY})


def pdf_upload(name: str = "resume.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, render_pdf("<p>Resume</p>"), content_type="application/pdf")


def test_private_s3_storage_fails_fast_by_configuration(production_s3):
    config = production_s3.client_config

    assert (config.connect_timeout, config.read_timeout) == (3, 10)
    assert config.retries == {"max_attempts": 2, "mode": "standard"}
    assert config.s3 == {"addressing_style": "path"}
    assert config.signature_version == "s3v4"


def test_upload_while_storage_is_down_keeps_the_draft_and_says_so(
    client, user, draft, production_s3, s3_server
):
    client.force_login(user)
    step = reverse("awards:step", args=(draft.code, 2))
    assert client.get(step).status_code == 200  # warm: the timing below is the upload's
    s3_server.stop()
    started = time.monotonic()

    response = client.post(
        step,
        {
            "story": STORY + " And the chess club.",
            "action": "save",
            "upload-documents": pdf_upload(),
        },
    )

    assert time.monotonic() - started < FAST_SECONDS
    assert response.status_code == 200
    html = response.content.decode()
    assert "We couldn&#x27;t store your file just now. Everything else is saved" in html
    draft.refresh_from_db()
    assert draft.status == Nomination.Status.DRAFT
    assert draft.answers == {"story": STORY + " And the chess club."}
    assert NominationFile.objects.count() == 0
    assert stored_keys(s3_server) == []


@pytest.fixture
def downloads(draft, user, staff_user, production_s3, s3_server):
    """One file of each kind stored on S3: a nomination upload, a committee packet; a released
    reviewer assignment and a winner. Who downloads what, by name."""
    record = attach_file(
        draft, user, draft.cycle.questions.get(key="documents").snapshot(), pdf_upload()
    )
    dossier = Dossier.objects.create(cycle=draft.cycle)
    Nomination.objects.filter(pk=draft.pk).update(
        status=Nomination.Status.SUBMITTED, submitted_at=timezone.now(), dossier=dossier
    )
    ReviewSettings.objects.create(cycle=draft.cycle, release_at=timezone.now() - timedelta(1))
    reviewer = UserFactory(reviewer=True)
    enrolment = ReviewerEnrolment.objects.create(
        cycle=draft.cycle, reviewer=reviewer, status=ReviewerEnrolment.Status.ACTIVE
    )
    Assignment.objects.create(dossier=dossier, enrolment=enrolment)
    packet_key = production_s3.save(new_private_key("packets", ".pdf"), ContentFile(b"%PDF-1.7"))
    packet = PacketJob.objects.create(
        cycle=draft.cycle,
        status=PacketJob.Status.DONE,
        storage_key=packet_key,
        created_by=staff_user,
    )
    decision = record_decision(draft.cycle, dossier, staff_user, outcome=Decision.Outcome.WINNER)
    # The upload's clean copy and its original, and the packet.
    assert len(stored_keys(s3_server)) == 3
    return {
        "owner's file": (user, reverse("awards:download_file", args=(draft.code, record.code))),
        "reviewer's file": (
            reviewer,
            reverse("review:download", args=(dossier.code, record.code)),
        ),
        "staff's nomination file": (
            staff_user,
            reverse("nomination:file", args=(draft.code, record.code)),
        ),
        "staff's committee packet": (
            staff_user,
            reverse("review_admin:packet_download", args=(packet.pk,)),
        ),
        # Rendered from the database: no S3 needed, so they still work.
        "reviewer's candidate PDF": (reviewer, reverse("review:packet", args=(dossier.code,))),
        "staff's certificate": (
            staff_user,
            reverse("review_admin:certificate", args=(decision.pk,)),
        ),
    }


@pytest.mark.parametrize(
    "download",
    ["owner's file", "reviewer's file", "staff's nomination file", "staff's committee packet"],
)
def test_download_while_storage_is_down_is_a_quick_clear_503(
    client, downloads, s3_server, download
):
    person, url = downloads[download]
    client.force_login(person)
    assert client.get(url).status_code == 302  # to a presigned URL while S3 answers
    s3_server.stop()
    started = time.monotonic()

    response = client.get(url)

    assert time.monotonic() - started < FAST_SECONDS
    assert response.status_code == 503
    assert response.has_header("Location") is False
    assert response["Retry-After"] == "120"
    html = response.content.decode()
    assert "File temporarily unavailable" in html
    assert "try the download again in a few minutes" in html
    for leak in (s3_server.endpoint, s3_server.bucket, "X-Amz", "private/"):
        assert leak not in html


@pytest.mark.parametrize("download", ["reviewer's candidate PDF", "staff's certificate"])
def test_pdfs_built_from_the_database_still_download_while_storage_is_down(
    client, downloads, s3_server, download
):
    person, url = downloads[download]
    client.force_login(person)
    s3_server.stop()

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
