"""Blind review reaches into the files: what a reviewer downloads holds nothing of the file's
author (metadata, XMP, EXIF with GPS, Office properties) nor anything that runs, while the
original stays in private storage for staff."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from awards.domain.uploads import attach_file
from awards.models import Question
from portal.storage import private_storage
from review.models import Assignment, ReviewSettings
from tests.awards.factories import QuestionFactory
from tests.awards.fixtures.files import (
    AUTHOR,
    docx_naming_its_author,
    jpeg_naming_its_author,
    pdf_naming_its_author,
    upload,
)
from tests.awards.fixtures.revealed import docx_findings, image_findings, pdf_findings
from tests.factories import CycleFactory

MADE = {
    "cv.pdf": (pdf_naming_its_author, pdf_findings),
    "classroom.jpg": (jpeg_naming_its_author, image_findings),
    "letter.docx": (docx_naming_its_author, docx_findings),
}


@pytest.fixture
def cycle(db):
    """Open for nominations: the files are attached the way a nominator attaches them."""
    return CycleFactory()


@pytest.fixture
def documents(cycle) -> dict:
    return QuestionFactory(
        cycle=cycle,
        key="documents",
        kind=Question.Kind.FILE,
        required=False,
        max_files=3,
        max_file_size_mb=1,
        allowed_file_types=["pdf", "jpeg", "docx"],
    ).snapshot()


@pytest.fixture
def assigned(make_candidate, enrol, cycle):
    """A submitted candidate in a released, blind cycle, assigned to a reviewer."""
    ReviewSettings.objects.create(
        cycle=cycle,
        release_at=timezone.now() - timedelta(hours=1),
        blind_fields=["nominee_name", "nominator_name", "emails", "school"],
    )
    candidate = make_candidate()
    enrolment = enrol()
    Assignment.objects.create(dossier=candidate.dossier, enrolment=enrolment)
    return candidate, enrolment.reviewer


@pytest.mark.parametrize("name", list(MADE))
def test_reviewer_download_holds_nothing_of_the_files_author(client, assigned, documents, name):
    candidate, reviewer = assigned
    make, findings = MADE[name]
    data = make()
    assert findings(data, AUTHOR) != []  # the leak is there to be removed
    record = attach_file(candidate, candidate.nominator, documents, upload(name, data))

    client.force_login(reviewer)
    response = client.get(f"/review/{candidate.dossier.code}/files/{record.code}/")
    served = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert findings(served, AUTHOR) == []
    with private_storage().open(record.original_storage_key, "rb") as original:
        assert original.read() == data


@pytest.mark.parametrize("name", list(MADE))
def test_staff_download_the_original_from_the_admin(client, assigned, documents, staff_user, name):
    candidate, _reviewer = assigned
    make, _findings = MADE[name]
    data = make()
    record = attach_file(candidate, candidate.nominator, documents, upload(name, data))

    client.force_login(staff_user)
    response = client.get(reverse("nomination:file", args=(candidate.code, record.code)))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data


def test_files_from_before_clean_copies_get_one_by_command(client, assigned, documents):
    candidate, reviewer = assigned
    data = pdf_naming_its_author()
    record = attach_file(candidate, candidate.nominator, documents, upload("cv.pdf", data))
    # As stored before clean copies existed: the file as sent, and no original beside it.
    private_storage().delete(record.storage_key)
    key = private_storage().save("nominations/old-cv.pdf", ContentFile(data))
    type(record).objects.filter(pk=record.pk).update(storage_key=key, original_storage_key="")

    out = io.StringIO()
    call_command("separate_originals", stdout=out)

    client.force_login(reviewer)
    served = b"".join(
        client.get(f"/review/{candidate.dossier.code}/files/{record.code}/").streaming_content
    )
    assert "Files given a clean copy: 1." in out.getvalue()
    assert pdf_findings(served, AUTHOR) == []
