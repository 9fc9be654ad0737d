"""Direct uploads: the browser posts a file straight to S3 (a real moto server here), the server
checks it before it counts. Keys are random and signed; refused and stale objects are removed;
with local storage nothing of this exists."""

import base64
import io
import json
import re
from datetime import datetime, timedelta

import boto3
import pytest
import requests
import time_machine
from botocore.exceptions import NoCredentialsError
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from awards.domain import direct_uploads
from awards.domain.direct_uploads import (
    UnknownUpload,
    confirm_upload,
    presign_upload,
    remove_stale_uploads,
)
from awards.domain.nominations import NominationClosed, withdraw_nomination
from awards.domain.uploads import StorageUnavailable, UploadRejected
from awards.models import NominationFile
from portal.models import AuditEvent
from portal.storage import PrivateS3Storage
from tests.awards.conftest import COMPLETE_ANSWERS, exactly
from tests.awards.factories import NominationFactory, NominationFileFactory, QuestionFactory
from tests.awards.fixtures.files import (
    AUTHOR,
    html_bytes,
    jpeg_naming_its_author,
    pdf_bytes,
    pdf_naming_its_author,
    png_bytes,
)
from tests.awards.fixtures.revealed import image_findings, pdf_findings
from tests.factories import UserFactory

MB = 1024 * 1024
INCOMING_KEY = re.compile(r"private/incoming/[A-Za-z0-9_-]{32}")
STORED_KEY = re.compile(r"nominations/\d+/[A-Za-z0-9_-]{32}\.(pdf|png|jpg|docx)")
ORIGINAL_KEY = re.compile(r"originals/nominations/\d+/[A-Za-z0-9_-]{32}\.(pdf|png|jpg|docx)")
DOCUMENTS_STEP = 4
STORAGE_DOWN = (
    "We couldn't store your file just now. Everything else is saved; "
    "please try the upload again in a few minutes."
)


@pytest.fixture
def documents(questions) -> dict:
    """The file question: at most 2 files of 1 MB, PDF, PNG, JPEG or Word."""
    return questions["documents"].snapshot()


@pytest.fixture
def nominator_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def s3(s3_private_storage, s3_server):
    """Private storage on a moto S3 server, and a plain client to look into its bucket."""
    return boto3.client("s3", endpoint_url=s3_server.endpoint, region_name="us-east-1")


def bucket_keys(s3, s3_server) -> list[str]:
    listing = s3.list_objects_v2(Bucket=s3_server.bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def post_to_bucket(presigned: dict, data: bytes, name: str = "file.pdf") -> requests.Response:
    """What the page's script does: the policy's fields, then the file, as multipart."""
    assert presigned["url"].startswith("http://127.0.0.1:")  # only ever the local moto server
    return requests.post(
        presigned["url"], data=presigned["fields"], files={"file": (name, data)}, timeout=10
    )


def policy_of(presigned: dict) -> dict:
    return json.loads(base64.b64decode(presigned["fields"]["policy"]))


def presign(client, nomination, question="documents", content_type="application/pdf"):
    return client.post(
        f"/nominations/{nomination.code}/uploads/presign/",
        {"question": question, "content_type": content_type},
    )


def confirm(client, nomination, key, name="resume.pdf", question="documents"):
    return client.post(
        f"/nominations/{nomination.code}/uploads/confirm/",
        {"question": question, "key": key, "name": name},
    )


def file_events(nomination) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_code=nomination.code, action__startswith="nomination.file")
        .order_by("id")
        .values_list("action", flat=True)
    )


# The whole way, through the views


def test_direct_upload_presign_post_confirm_attaches_a_downloadable_file(
    nominator_client, draft, s3, s3_server
):
    data = pdf_bytes()

    presigned = presign(nominator_client, draft).json()
    stored_by_s3 = post_to_bucket(presigned, data)
    response = confirm(nominator_client, draft, presigned["key"], name="Resume 2026.pdf")

    record = NominationFile.objects.get(nomination=draft)
    assert stored_by_s3.status_code == 204
    assert response.status_code == 201
    assert response.json() == {
        "file": {
            "code": record.code,
            "name": "Resume_2026.pdf",
            "size": filesizeformat(len(data)),
            "url": f"/nominations/{draft.code}/files/{record.code}/",
        },
        "message": "Uploaded Resume_2026.pdf.",
        "more": True,
    }
    assert (record.question_key, record.content_type, record.size) == (
        "documents",
        "application/pdf",
        len(data),
    )
    assert STORED_KEY.fullmatch(record.storage_key) is not None
    assert ORIGINAL_KEY.fullmatch(record.original_storage_key) is not None
    # The incoming object is gone; only the checked file's clean copy and original remain.
    assert bucket_keys(s3, s3_server) == sorted(
        [f"private/{record.storage_key}", f"private/{record.original_storage_key}"]
    )
    assert file_events(draft) == ["nomination.file_added"]
    download = nominator_client.get(f"/nominations/{draft.code}/files/{record.code}/")
    assert download.status_code == 302
    # The nominator, like everyone but staff, is given the clean copy.
    clean_copy = s3.get_object(Bucket=s3_server.bucket, Key=f"private/{record.storage_key}")
    assert requests.get(download.url, timeout=10).content == clean_copy["Body"].read()


def test_presign_answers_a_policy_that_limits_key_size_and_type(
    nominator_client, draft, s3_server, s3
):
    response = presign(nominator_client, draft, content_type="image/png")

    presigned = response.json()
    conditions = policy_of(presigned)["conditions"]
    assert response.status_code == 200
    assert set(presigned) == {"url", "fields", "key", "max_bytes"}
    assert presigned["url"] == f"{s3_server.endpoint}/{s3_server.bucket}"
    assert presigned["max_bytes"] == MB
    assert INCOMING_KEY.fullmatch(presigned["fields"]["key"]) is not None
    assert presigned["fields"]["Content-Type"] == "image/png"
    assert ["content-length-range", 1, MB] in conditions
    assert {"Content-Type": "image/png"} in conditions
    assert {"key": presigned["fields"]["key"]} in conditions
    assert {"bucket": s3_server.bucket} in conditions
    assert bucket_keys(s3, s3_server) == []


def test_presign_policy_expires_within_ten_minutes(user, draft, documents, s3):
    issued_at = timezone.now()

    presigned = presign_upload(draft, user, documents, "application/pdf")

    expiration = policy_of(presigned)["expiration"]
    expires_at = datetime.fromisoformat(expiration.replace("Z", "+00:00"))
    assert timedelta(minutes=9) < expires_at - issued_at <= timedelta(minutes=10, seconds=5)


@pytest.mark.parametrize("claimed", ["text/html", "image/svg+xml", "", "application/x-msdownload"])
def test_presign_type_the_question_does_not_take_gets_a_neutral_content_type(
    user, draft, documents, s3, claimed
):
    presigned = presign_upload(draft, user, documents, claimed)

    assert presigned["fields"]["Content-Type"] == "application/octet-stream"
    assert {"Content-Type": "application/octet-stream"} in policy_of(presigned)["conditions"]


def test_direct_upload_keys_and_urls_hold_no_personal_data(nominator_client, draft, s3, s3_server):
    # The secret: a nominee's name in the file's name, and the nominator's e-mail address.
    name = f"{draft.nominee_first_name} {draft.nominee_last_name} recommendation.pdf"
    presigned = presign(nominator_client, draft).json()
    post_to_bucket(presigned, pdf_bytes(), name=name)
    record_url = confirm(nominator_client, draft, presigned["key"], name=name).json()["file"]["url"]

    record = NominationFile.objects.get(nomination=draft)
    assert record.display_name == "Margaret_Hamilton_recommendation.pdf"
    exposed = " ".join(
        [
            presigned["url"],
            json.dumps(presigned["fields"]),
            presigned["key"],
            record_url,
            record.storage_key,
            *bucket_keys(s3, s3_server),
        ]
    ).lower()
    for secret in ("margaret", "hamilton", "recommendation", draft.nominator.email.lower()):
        assert secret not in exposed


# What S3 and the check refuse


def test_oversized_object_is_refused_on_confirm_and_deleted(nominator_client, draft, s3, s3_server):
    presigned = presign(nominator_client, draft).json()
    too_big = pdf_bytes() + b"%" * MB

    stored_by_s3 = post_to_bucket(presigned, too_big)
    response = confirm(nominator_client, draft, presigned["key"])

    # Real S3 refuses this POST (EntityTooLarge, from the policy's content-length-range); moto
    # 5.2 does not enforce POST policies, which lets the server's own check be proven here.
    assert stored_by_s3.status_code == 204
    assert response.status_code == 400
    assert response.json() == {"error": "This file is larger than 1 MB."}
    assert bucket_keys(s3, s3_server) == []
    assert NominationFile.objects.count() == 0


def test_oversized_object_is_never_read_in_full(user, draft, documents, s3, monkeypatch):
    presigned = presign_upload(draft, user, documents, "application/pdf")
    post_to_bucket(presigned, pdf_bytes() + b"%" * (3 * MB))
    reads = []
    monkeypatch.setattr(PrivateS3Storage, "read_at_most", lambda *args: reads.append(args) or b"")

    with pytest.raises(UploadRejected, match=exactly("This file is larger than 1 MB.")):
        confirm_upload(draft, user, documents, presigned["key"], "big.pdf")

    assert reads == []


def test_html_renamed_pdf_is_rejected_and_the_object_deleted(
    nominator_client, draft, s3, s3_server
):
    presigned = presign(nominator_client, draft).json()
    post_to_bucket(presigned, html_bytes(), name="resume.pdf")
    assert len(bucket_keys(s3, s3_server)) == 1

    response = confirm(nominator_client, draft, presigned["key"])

    assert response.status_code == 400
    assert response.json() == {"error": "Web pages, SVG and XML files cannot be uploaded."}
    assert bucket_keys(s3, s3_server) == []
    assert NominationFile.objects.count() == 0
    assert file_events(draft) == []


def test_type_the_question_does_not_take_is_rejected_and_deleted(
    user, draft, questions, s3, s3_server
):
    questions["documents"].allowed_file_types = ["pdf"]
    questions["documents"].save()
    pdf_only = questions["documents"].snapshot()
    presigned = presign_upload(draft, user, pdf_only, "image/png")
    post_to_bucket(presigned, png_bytes(), name="classroom.png")

    with pytest.raises(UploadRejected, match=exactly("This question takes PDF files only.")):
        confirm_upload(draft, user, pdf_only, presigned["key"], "classroom.png")

    assert bucket_keys(s3, s3_server) == []


def test_empty_object_is_refused_on_confirm_and_deleted(nominator_client, draft, s3, s3_server):
    presigned = presign(nominator_client, draft).json()
    post_to_bucket(presigned, b"")

    response = confirm(nominator_client, draft, presigned["key"])

    assert response.status_code == 400
    assert response.json() == {"error": "This file is empty."}
    assert bucket_keys(s3, s3_server) == []
    assert NominationFile.objects.count() == 0


def test_confirm_before_anything_was_posted_is_refused(nominator_client, draft, s3):
    presigned = presign(nominator_client, draft).json()

    response = confirm(nominator_client, draft, presigned["key"])

    assert response.status_code == 400
    assert response.json() == {"error": "We did not receive this file. Please upload it again."}
    assert NominationFile.objects.count() == 0


def test_presign_when_the_question_has_all_its_files_is_refused(
    nominator_client, draft, s3, s3_server
):
    NominationFileFactory.create_batch(2, nomination=draft, question_key="documents")

    response = presign(nominator_client, draft)

    assert response.status_code == 400
    assert response.json() == {
        "error": "This question takes at most 2 files. Remove one to upload another."
    }


def test_confirm_of_the_last_allowed_file_says_no_more(nominator_client, draft, s3):
    NominationFileFactory(nomination=draft, question_key="documents")
    presigned = presign(nominator_client, draft).json()
    post_to_bucket(presigned, pdf_bytes())

    response = confirm(nominator_client, draft, presigned["key"])

    assert response.status_code == 201
    assert response.json()["more"] is False


# Keys this server did not issue for this nomination and question


def test_key_issued_for_another_nomination_is_refused(
    nominator_client, draft, documents, cycle, school, s3, s3_server
):
    other = NominationFactory(cycle=cycle, school=school)
    issued = presign_upload(other, other.nominator, documents, "application/pdf")
    post_to_bucket(issued, pdf_bytes())

    response = confirm(nominator_client, draft, issued["key"])

    assert response.status_code == 400
    assert response.json() == {
        "error": "This upload is no longer valid. Please choose the file again."
    }
    assert NominationFile.objects.count() == 0
    # The other nominator's object is not touched.
    assert bucket_keys(s3, s3_server) == [issued["fields"]["key"]]


def test_key_issued_for_another_question_is_refused(user, draft, questions, cycle, s3):
    photos = QuestionFactory(
        cycle=cycle, key="photos", section="Documents", kind="file", required=False
    ).snapshot()
    issued = presign_upload(draft, user, photos, "application/pdf")
    post_to_bucket(issued, pdf_bytes())

    with pytest.raises(UnknownUpload):
        confirm_upload(draft, user, questions["documents"].snapshot(), issued["key"], "a.pdf")

    assert NominationFile.objects.count() == 0


@pytest.mark.parametrize(
    "tamper",
    [
        lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"),
        lambda key: key.replace(key.split(":")[0], key.split(":")[0][::-1]),
        lambda key: "private/incoming/abc",
        lambda key: "",
    ],
    ids=["signature", "payload", "bare-object-name", "empty"],
)
def test_tampered_key_is_refused(nominator_client, draft, s3, s3_server, tamper):
    presigned = presign(nominator_client, draft).json()
    post_to_bucket(presigned, pdf_bytes())

    response = confirm(nominator_client, draft, tamper(presigned["key"]))

    assert response.status_code == 400
    assert NominationFile.objects.count() == 0
    assert bucket_keys(s3, s3_server) == [presigned["fields"]["key"]]


def test_key_older_than_an_hour_is_refused(user, draft, documents, s3):
    presigned = presign_upload(draft, user, documents, "application/pdf")
    post_to_bucket(presigned, pdf_bytes())

    later = timezone.now() + timedelta(hours=1, minutes=1)
    with time_machine.travel(later), pytest.raises(UnknownUpload):
        confirm_upload(draft, user, documents, presigned["key"], "resume.pdf")

    assert NominationFile.objects.count() == 0


# Who may presign and confirm


def test_another_user_cannot_presign_or_confirm_on_my_nomination(
    client, draft, documents, s3, s3_server
):
    presigned = presign_upload(draft, draft.nominator, documents, "application/pdf")
    post_to_bucket(presigned, pdf_bytes())
    client.force_login(UserFactory(verified=True))

    presigned_by_other = presign(client, draft)
    confirmed_by_other = confirm(client, draft, presigned["key"])

    assert (presigned_by_other.status_code, confirmed_by_other.status_code) == (404, 404)
    assert b"Hamilton" not in presigned_by_other.content + confirmed_by_other.content
    assert NominationFile.objects.count() == 0
    assert bucket_keys(s3, s3_server) == [presigned["fields"]["key"]]


def test_domain_refuses_another_user(draft, documents, s3):
    stranger = UserFactory(verified=True)

    with pytest.raises(PermissionDenied):
        presign_upload(draft, stranger, documents, "application/pdf")
    with pytest.raises(PermissionDenied):
        confirm_upload(draft, stranger, documents, "any-key", "resume.pdf")


def test_signed_out_visitor_cannot_presign(client, draft, s3):
    response = presign(client, draft)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_withdrawn_nomination_cannot_presign_or_confirm(nominator_client, user, draft, s3):
    presigned = presign(nominator_client, draft).json()
    post_to_bucket(presigned, pdf_bytes())
    withdraw_nomination(draft, user)

    responses = [
        presign(nominator_client, draft),
        confirm(nominator_client, draft, presigned["key"]),
    ]

    assert [response.status_code for response in responses] == [409, 409]
    assert responses[1].json() == {"error": "This nomination can no longer be changed."}
    assert NominationFile.objects.count() == 0


def test_domain_withdrawn_nomination_raises_nomination_closed(user, draft, documents, s3):
    withdraw_nomination(draft, user)

    with pytest.raises(NominationClosed):
        presign_upload(draft, user, documents, "application/pdf")


def test_question_that_is_not_a_file_question_is_404(nominator_client, draft, s3):
    assert presign(nominator_client, draft, question="impact").status_code == 404
    assert presign(nominator_client, draft, question="nosuchquestion").status_code == 404


def test_presign_is_rate_limited(nominator_client, draft, s3, clock_held):
    statuses = [presign(nominator_client, draft).status_code for _ in range(61)]

    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429


def test_endpoints_take_post_only(nominator_client, draft, s3):
    assert nominator_client.get(f"/nominations/{draft.code}/uploads/presign/").status_code == 405
    assert nominator_client.get(f"/nominations/{draft.code}/uploads/confirm/").status_code == 405


def test_endpoints_need_the_csrf_token(user, draft, s3):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    assert presign(client, draft).status_code == 403


# When S3 fails


def test_s3_stopped_during_confirm_keeps_the_draft_and_attaches_nothing(
    nominator_client, draft, s3, s3_server
):
    presigned = presign(nominator_client, draft).json()
    post_to_bucket(presigned, pdf_bytes())
    s3_server.stop()

    response = confirm(nominator_client, draft, presigned["key"])

    draft.refresh_from_db()
    assert response.status_code == 503
    assert response.json() == {"error": STORAGE_DOWN}
    assert draft.answers == COMPLETE_ANSWERS
    assert NominationFile.objects.count() == 0
    assert file_events(draft) == []


def test_domain_s3_stopped_raises_storage_unavailable(user, draft, documents, s3, s3_server):
    presigned = presign_upload(draft, user, documents, "application/pdf")
    post_to_bucket(presigned, pdf_bytes())
    s3_server.stop()

    with pytest.raises(StorageUnavailable):
        confirm_upload(draft, user, documents, presigned["key"], "resume.pdf")


# Blind review: what the browser posted is cleaned like a form upload


def test_confirmed_upload_stores_a_copy_without_its_authors_metadata_and_keeps_the_original(
    user, draft, documents, s3, s3_server
):
    data = jpeg_naming_its_author()
    assert image_findings(data, AUTHOR) != []  # the leak is there to be removed
    presigned = presign_upload(draft, user, documents, "image/jpeg")
    post_to_bucket(presigned, data, name="classroom.jpg")

    record = confirm_upload(draft, user, documents, presigned["key"], "classroom.jpg")

    stored = {
        key: s3.get_object(Bucket=s3_server.bucket, Key=f"private/{key}")["Body"].read()
        for key in (record.storage_key, record.original_storage_key)
    }
    assert image_findings(stored[record.storage_key], AUTHOR) == []
    assert stored[record.original_storage_key] == data
    assert bucket_keys(s3, s3_server) == sorted(f"private/{key}" for key in stored)


def test_confirmed_pdf_loses_its_javascript_and_actions(user, draft, documents, s3, s3_server):
    presigned = presign_upload(draft, user, documents, "application/pdf")
    post_to_bucket(presigned, pdf_naming_its_author())

    record = confirm_upload(draft, user, documents, presigned["key"], "cv.pdf")

    cleaned = s3.get_object(Bucket=s3_server.bucket, Key=f"private/{record.storage_key}")
    assert pdf_findings(cleaned["Body"].read(), AUTHOR) == []


# Stale incoming objects


def test_remove_stale_uploads_removes_only_unconfirmed_objects_older_than_an_hour(
    user, draft, documents, s3, s3_server
):
    confirmed = presign_upload(draft, user, documents, "application/pdf")
    post_to_bucket(confirmed, pdf_bytes())
    record = confirm_upload(draft, user, documents, confirmed["key"], "resume.pdf")
    never_confirmed = presign_upload(draft, user, documents, "application/pdf")
    post_to_bucket(never_confirmed, pdf_bytes())
    now = timezone.now()

    removed_early = remove_stale_uploads(now=now + timedelta(minutes=59))
    keys_early = bucket_keys(s3, s3_server)
    removed_late = remove_stale_uploads(now=now + timedelta(minutes=61))

    assert removed_early == 0
    kept = [f"private/{record.storage_key}", f"private/{record.original_storage_key}"]
    assert keys_early == sorted([*kept, never_confirmed["fields"]["key"]])
    assert removed_late == 1
    assert bucket_keys(s3, s3_server) == sorted(kept)


def test_remove_stale_uploads_command_reports_what_it_removed(user, draft, documents, s3):
    presigned = presign_upload(draft, user, documents, "application/pdf")
    post_to_bucket(presigned, pdf_bytes())
    output = io.StringIO()

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        call_command("remove_stale_uploads", stdout=output)

    assert output.getvalue() == "Stale direct uploads removed: 1.\n"


def test_remove_stale_uploads_command_with_local_storage_does_nothing(db):
    output = io.StringIO()

    call_command("remove_stale_uploads", stdout=output)

    assert output.getvalue() == "Private storage is on local disk: there are no direct uploads.\n"


# The step page


def test_step_page_with_s3_offers_direct_uploads_and_allows_the_bucket(
    nominator_client, draft, s3, s3_server
):
    response = nominator_client.get(f"/nominations/{draft.code}/step/{DOCUMENTS_STEP}/")

    html = response.content.decode()
    assert f'data-direct-upload-presign="/nominations/{draft.code}/uploads/presign/"' in html
    assert f'data-direct-upload-confirm="/nominations/{draft.code}/uploads/confirm/"' in html
    assert "js/direct-uploads.js" in html
    assert f"connect-src 'self' {s3_server.endpoint}" in response["Content-Security-Policy"]
    assert "form-action 'self';" in response["Content-Security-Policy"] + ";"


def test_step_page_without_file_questions_keeps_the_usual_policy(nominator_client, draft, s3):
    response = nominator_client.get(f"/nominations/{draft.code}/step/2/")

    assert "connect-src" not in response["Content-Security-Policy"]
    assert "direct-upload" not in response.content.decode()


def test_step_page_when_s3_cannot_presign_falls_back_to_the_form_upload(
    nominator_client, draft, s3, monkeypatch
):
    def no_credentials(*args):
        raise NoCredentialsError

    monkeypatch.setattr(PrivateS3Storage, "presigned_post", no_credentials)

    response = nominator_client.get(f"/nominations/{draft.code}/step/{DOCUMENTS_STEP}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="upload-documents"' in html
    assert "direct-upload" not in html
    assert "connect-src" not in response["Content-Security-Policy"]


# Local storage: the form upload, unchanged


def test_local_storage_endpoints_answer_404(nominator_client, draft):
    presigned = presign(nominator_client, draft)
    confirmed = confirm(nominator_client, draft, "anything")

    assert (presigned.status_code, confirmed.status_code) == (404, 404)


def test_local_storage_step_page_says_nothing_of_direct_uploads(nominator_client, draft):
    response = nominator_client.get(f"/nominations/{draft.code}/step/{DOCUMENTS_STEP}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="upload-documents"' in html
    assert "direct-upload" not in html
    assert "connect-src" not in response["Content-Security-Policy"]


def test_local_storage_form_upload_still_attaches(nominator_client, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = nominator_client.post(
        f"/nominations/{draft.code}/step/{DOCUMENTS_STEP}/",
        {
            "step": str(DOCUMENTS_STEP),
            "action": "save",
            "upload-documents": SimpleUploadedFile("resume.pdf", pdf_bytes()),
        },
    )

    assert response.status_code == 302
    assert NominationFile.objects.get(nomination=draft).display_name == "resume.pdf"


def test_domain_with_local_storage_raises_unavailable(user, draft, documents):
    with pytest.raises(direct_uploads.DirectUploadsUnavailable):
        presign_upload(draft, user, documents, "application/pdf")
    assert remove_stale_uploads() == 0
