import hashlib
import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import DatabaseError
from django.http import FileResponse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from awards.domain.nominations import NominationClosed, withdraw_nomination
from awards.domain.uploads import (
    CheckedFile,
    StorageUnavailable,
    UploadRejected,
    attach_file,
    check_upload,
    remove_file,
    separate_originals,
)
from awards.models import NominationFile
from portal.models import AuditEvent
from portal.storage import new_private_key, private_file_response, private_storage
from tests.awards.conftest import COMPLETE_ANSWERS, exactly
from tests.awards.factories import LetterRequestFactory
from tests.awards.fixtures.files import (
    AUTHOR,
    bilevel_png,
    corrupt_pdf_bytes,
    docx_bytes,
    docx_naming_its_author,
    html_bytes,
    jpeg_bytes,
    jpeg_naming_its_author,
    pdf_bytes,
    pdf_naming_its_author,
    png_bytes,
    png_claiming_size,
    png_magic_then_html,
    png_naming_its_author,
    real_png_with_html_tail,
    rendered_pdf_bytes,
    shell_script_bytes,
    svg_bytes,
    upload,
    windows_executable_bytes,
)
from tests.awards.fixtures.revealed import (
    docx_findings,
    image_findings,
    pdf_findings,
    pdf_text,
)
from tests.factories import UserFactory

ALL_TYPES = ["pdf", "png", "jpeg", "docx"]
MB = 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The rule: an image may have at most 40 million pixels (40 megapixels).
MAX_PIXELS = 40_000_000
TOO_MANY_PIXELS = (
    "This image is too large in pixels: at most 40 megapixels are accepted. "
    "Save a smaller copy and upload that."
)
STORAGE_KEY = re.compile(r"nominations/\d+/[A-Za-z0-9_-]{32}\.(pdf|png|jpg|docx)")
ORIGINAL_KEY = re.compile(r"originals/nominations/\d+/[A-Za-z0-9_-]{32}\.(pdf|png|jpg|docx)")
FINDINGS = {
    "pdf": pdf_findings,
    "jpg": image_findings,
    "png": image_findings,
    "docx": docx_findings,
}


def docx_with_a_part_of_zeros(size: int) -> bytes:
    """A real Word package with one more part: `size` zero bytes, written in chunks."""
    buffer = io.BytesIO(docx_bytes())
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package,
        package.open("word/padding.xml", "w") as part,
    ):
        chunk = bytes(MB)
        for _ in range(size // MB):
            part.write(chunk)
    return buffer.getvalue()


def both_copies(record) -> list[str]:
    return sorted([record.storage_key, record.original_storage_key])


def stored_files(root) -> list[str]:
    """Every object in a private storage folder, as paths relative to it."""
    if not root.exists():
        return []
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def file_events(nomination) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_code=nomination.code, action__startswith="nomination.file")
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.fixture
def documents(questions) -> dict:
    """The file question: at most 2 files of 1 MB, PDF, PNG, JPEG or Word."""
    return questions["documents"].snapshot()


@pytest.fixture
def private_root(isolated_file_storage):
    return isolated_file_storage["private"]


# check_upload: what is accepted


@pytest.mark.parametrize(
    ("name", "make", "content_type", "extension"),
    [
        ("resume.pdf", pdf_bytes, "application/pdf", ".pdf"),
        ("letter.pdf", rendered_pdf_bytes, "application/pdf", ".pdf"),
        ("classroom.png", png_bytes, "image/png", ".png"),
        ("classroom.jpg", jpeg_bytes, "image/jpeg", ".jpg"),
        ("letter.docx", docx_bytes, DOCX_TYPE, ".docx"),
    ],
)
def test_check_upload_real_file_is_accepted(name, make, content_type, extension):
    data = make()

    checked = check_upload(upload(name, data), ALL_TYPES, MB)

    assert checked == CheckedFile(
        content_type, extension, len(data), hashlib.sha256(data).hexdigest()
    )


def test_check_upload_type_comes_from_content_not_name():
    checked = check_upload(upload("letter.docx", pdf_bytes()), ALL_TYPES, MB)

    assert (checked.content_type, checked.extension) == ("application/pdf", ".pdf")


def test_check_upload_at_the_size_cap_is_accepted():
    data = pdf_bytes()
    data += b"\n%" + b"x" * (MB - len(data) - 3) + b"\n"

    assert len(data) == MB
    assert check_upload(upload("big.pdf", data), ["pdf"], MB).size == MB


# check_upload: what is refused, and the words the person reads


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "This file is empty."),
        ("page.pdf", html_bytes(), "Web pages, SVG and XML files cannot be uploaded."),
        ("logo.svg", svg_bytes(), "Web pages, SVG and XML files cannot be uploaded."),
        ("logo.png", svg_bytes(), "Web pages, SVG and XML files cannot be uploaded."),
        ("setup.pdf", windows_executable_bytes(), "Programs and scripts cannot be uploaded."),
        ("install.pdf", shell_script_bytes(), "Programs and scripts cannot be uploaded."),
        ("broken.pdf", corrupt_pdf_bytes(), "This PDF could not be opened. It may be damaged."),
        (
            "locked.pdf",
            pdf_bytes(password="s3cret"),
            "This PDF is password-protected. Upload a copy without a password.",
        ),
        ("blank.pdf", pdf_bytes(pages=0), "This PDF has no pages."),
        (
            "photo.png",
            png_magic_then_html(),
            "This image could not be opened. It may be damaged.",
        ),
        ("photo.jpg", jpeg_bytes()[:200], "This image could not be opened. It may be damaged."),
        ("bomb.png", png_claiming_size(9_000, 9_000), TOO_MANY_PIXELS),
        ("bomb.png", png_claiming_size(20_000, 20_000), TOO_MANY_PIXELS),
        (
            "macro.docx",
            docx_bytes({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
            "Word documents with macros or programs are not accepted.",
        ),
        (
            "fake.docx",
            docx_bytes({"word/styles.xml": b"<w:styles/>"}, omit=("word/document.xml",)),
            "This is not a Word document.",
        ),
        (
            "notes.txt",
            b"Plain notes about the nominee.\n",
            "This type of file is not accepted. Upload PDF, PNG image, JPEG image, Word (.docx).",
        ),
    ],
    ids=[
        "empty",
        "html-renamed-pdf",
        "svg",
        "svg-renamed-png",
        "windows-executable",
        "shell-script",
        "corrupt-pdf",
        "encrypted-pdf",
        "pdf-without-pages",
        "png-magic-then-html",
        "truncated-jpeg",
        "81-megapixels",
        "decompression-bomb",
        "docx-with-macros",
        "zip-without-document",
        "plain-text",
    ],
)
def test_check_upload_is_refused_with_a_clear_message(name, data, message):
    with pytest.raises(UploadRejected) as refused:
        check_upload(upload(name, data), ALL_TYPES, MB)

    assert str(refused.value) == message


def test_check_upload_image_at_40_megapixels_is_accepted():
    data = bilevel_png(8_000, 5_000)

    assert check_upload(upload("poster.png", data), ALL_TYPES, MB).content_type == "image/png"


@pytest.mark.parametrize(
    ("width", "height"), [(8_000, 6_000), (40_000_001, 1)], ids=["48-megapixels", "one-too-many"]
)
def test_check_upload_image_over_40_megapixels_is_refused(width, height):
    # A real image that decodes, and small on disk: only its pixel count is too large.
    data = bilevel_png(width, height)
    assert len(data) < MB

    with pytest.raises(UploadRejected, match=exactly(TOO_MANY_PIXELS)):
        check_upload(upload("poster.png", data), ALL_TYPES, MB)


def test_check_upload_image_over_40_megapixels_is_refused_before_any_pixel_is_decoded():
    # The header claims 40,008,000 pixels. Pillow counts every pixel buffer it allocates
    # (`new_count`); decoding would allocate one, reading the header allocates none.
    data = png_claiming_size(8_000, 5_001)
    buffers_before = Image.core.get_stats()["new_count"]

    with pytest.raises(UploadRejected, match=exactly(TOO_MANY_PIXELS)):
        check_upload(upload("bomb.png", data), ALL_TYPES, MB)

    assert Image.core.get_stats()["new_count"] == buffers_before


def test_check_upload_word_document_unpacking_to_over_200_mb_is_refused():
    # A zip bomb in Word's clothing: 210 MB of zeros packs into a fraction of a megabyte.
    data = docx_with_a_part_of_zeros(210 * MB)
    assert len(data) < MB

    with pytest.raises(
        UploadRejected, match=exactly("This Word document is too large once unpacked.")
    ):
        check_upload(upload("letter.docx", data), ALL_TYPES, MB)


def test_check_upload_over_the_size_cap_is_refused():
    data = pdf_bytes()
    data += b"%" * (MB + 1 - len(data))

    with pytest.raises(UploadRejected, match=exactly("This file is larger than 1 MB.")):
        check_upload(upload("big.pdf", data), ["pdf"], MB)


@pytest.mark.parametrize(
    ("allowed", "make", "message"),
    [
        (["pdf"], png_bytes, "This question takes PDF files only."),
        (["pdf", "docx"], jpeg_bytes, "This question takes PDF, Word (.docx) files only."),
        (["png", "jpeg"], docx_bytes, "This question takes PNG image, JPEG image files only."),
    ],
)
def test_check_upload_type_not_allowed_for_the_question_is_refused(allowed, make, message):
    with pytest.raises(UploadRejected) as refused:
        check_upload(upload("file", make()), allowed, MB)

    assert str(refused.value) == message


# attach_file


def test_attach_file_stores_bytes_under_a_random_key(draft, user, documents, private_root):
    data = pdf_bytes()

    record = attach_file(draft, user, documents, upload("Resume 2026.pdf", data))

    assert STORAGE_KEY.fullmatch(record.storage_key) is not None
    assert record.storage_key.startswith(f"nominations/{draft.cycle_id}/")
    assert ORIGINAL_KEY.fullmatch(record.original_storage_key) is not None
    assert record.original_storage_key.startswith(f"originals/nominations/{draft.cycle_id}/")
    assert stored_files(private_root) == both_copies(record)
    assert (private_root / record.original_storage_key).read_bytes() == data
    assert len(PdfReader(private_root / record.storage_key).pages) == 1
    assert (record.nomination, record.question_key) == (draft, "documents")
    assert record.display_name == "Resume_2026.pdf"
    assert record.content_type == "application/pdf"
    assert record.size == len(data)
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert file_events(draft) == ["nomination.file_added"]


def test_attach_file_without_allowed_types_takes_pdf_only(draft, user, questions):
    photo = {**questions["documents"].snapshot(), "allowed_file_types": []}

    with pytest.raises(UploadRejected, match=exactly("This question takes PDF files only.")):
        attach_file(draft, user, photo, upload("photo.png", png_bytes()))

    assert attach_file(draft, user, photo, upload("cv.pdf", pdf_bytes())).size > 0


@pytest.mark.parametrize(
    ("name", "display_name"),
    [
        ("../../../etc/cron.d/resume.pdf", "resume.pdf"),
        ("..\\..\\windows\\resume.pdf", "resume.pdf"),
        ("..\\", "file.pdf"),
        ("resume\x00.sh.pdf", "resume.sh.pdf"),
        ("resume\u202egpj.exe", "resumegpj.exe.pdf"),
        ("page.html", "page.html.pdf"),
        ("RESUME.PDF", "RESUME.PDF"),
    ],
    ids=[
        "dot-dot-slash",
        "backslashes",
        "only-a-path",
        "nul",
        "right-to-left-override",
        "other-extension",
        "extension-in-capitals",
    ],
)
def test_attach_file_hostile_name_gets_a_safe_display_name(
    draft, user, documents, private_root, name, display_name
):
    record = attach_file(draft, user, documents, upload(name, pdf_bytes()))

    assert record.display_name == display_name
    assert STORAGE_KEY.fullmatch(record.storage_key) is not None
    assert ORIGINAL_KEY.fullmatch(record.original_storage_key) is not None
    words = {word.lower() for word in re.findall(r"[A-Za-z]{3,}", name)} - {"pdf"}
    # Past the random token (which the patterns above pin), nothing of the name: the token
    # itself may spell "etc" by chance.
    fixed_parts = re.sub(r"[A-Za-z0-9_-]{32}\.", ".", "".join(both_copies(record))).lower()
    assert [word for word in words if word in fixed_parts] == []
    assert stored_files(private_root) == both_copies(record)


def test_attach_file_storage_key_never_holds_a_persons_name(draft, user, documents, private_root):
    user.first_name, user.last_name = "Eleanor", "Whitfield"
    user.save()
    names = ["margaret", "hamilton", "eleanor", "whitfield"]
    uploaded = "Margaret Hamilton - nominated by Eleanor Whitfield.pdf"
    assert [name for name in names if name in uploaded.lower()] == names

    record = attach_file(draft, user, documents, upload(uploaded, pdf_bytes()))

    assert draft.nominee_name == "Margaret Hamilton"
    assert [name for name in names if name in "".join(both_copies(record)).lower()] == []
    assert [name for name in names if name in "".join(stored_files(private_root)).lower()] == []


def test_attach_file_each_upload_gets_its_own_key(draft, user, documents, private_root):
    data = pdf_bytes()

    first = attach_file(draft, user, documents, upload("same.pdf", data))
    second = attach_file(draft, user, documents, upload("same.pdf", data))

    assert first.storage_key != second.storage_key
    assert stored_files(private_root) == sorted(both_copies(first) + both_copies(second))


def test_attach_file_too_many_files_is_refused(draft, user, documents, private_root):
    attach_file(draft, user, documents, upload("one.pdf", pdf_bytes()))
    attach_file(draft, user, documents, upload("two.png", png_bytes()))

    with pytest.raises(UploadRejected) as refused:
        attach_file(draft, user, documents, upload("three.jpg", jpeg_bytes()))

    assert (
        str(refused.value) == "This question takes at most 2 files. Remove one to upload another."
    )
    assert NominationFile.objects.count() == 2
    assert len(stored_files(private_root)) == 4


def test_attach_file_refused_upload_stores_nothing(draft, user, documents, private_root):
    with pytest.raises(UploadRejected):
        attach_file(draft, user, documents, upload("page.pdf", html_bytes()))

    assert NominationFile.objects.count() == 0
    assert stored_files(private_root) == []
    assert file_events(draft) == []


def test_attach_file_image_over_40_megapixels_leaves_the_draft_untouched(
    draft, user, documents, private_root
):
    with pytest.raises(UploadRejected, match=exactly(TOO_MANY_PIXELS)):
        attach_file(draft, user, documents, upload("poster.png", bilevel_png(8_000, 6_000)))

    draft.refresh_from_db()
    assert draft.answers == COMPLETE_ANSWERS
    assert NominationFile.objects.count() == 0
    assert stored_files(private_root) == []
    assert file_events(draft) == []


def test_attach_file_question_cap_above_the_largest_allowed_upload_is_lowered_to_it(
    settings, draft, user, questions, private_root
):
    settings.MAX_UPLOAD_FILE_MB = 1
    generous = {**questions["documents"].snapshot(), "max_file_size_mb": 50}
    data = pdf_bytes()
    data += b"%" * (MB + 1 - len(data))

    with pytest.raises(UploadRejected, match=exactly("This file is larger than 1 MB.")):
        attach_file(draft, user, generous, upload("big.pdf", data))

    assert stored_files(private_root) == []


def test_attach_file_oversize_is_refused(draft, user, documents, private_root):
    data = pdf_bytes()
    data += b"%" * (MB + 1 - len(data))

    with pytest.raises(UploadRejected, match=exactly("This file is larger than 1 MB.")):
        attach_file(draft, user, documents, upload("big.pdf", data))

    assert stored_files(private_root) == []


def test_attach_file_another_user_is_refused(draft, documents, private_root):
    with pytest.raises(PermissionDenied):
        attach_file(draft, UserFactory(), documents, upload("resume.pdf", pdf_bytes()))

    assert NominationFile.objects.count() == 0
    assert stored_files(private_root) == []


def test_attach_file_withdrawn_nomination_is_refused(draft, user, documents, private_root):
    withdraw_nomination(draft, user)

    with pytest.raises(NominationClosed):
        attach_file(draft, user, documents, upload("resume.pdf", pdf_bytes()))

    assert stored_files(private_root) == []


def test_attach_file_after_the_deadline_is_refused(draft, user, documents, private_root):
    draft.cycle.opens_at = timezone.now() - timedelta(days=30)
    draft.cycle.closes_at = timezone.now() - timedelta(minutes=1)
    draft.cycle.save()

    with pytest.raises(NominationClosed):
        attach_file(draft, user, documents, upload("resume.pdf", pdf_bytes()))

    assert stored_files(private_root) == []


# A PNG that is also a web page


def test_attach_file_real_png_with_a_script_tail_is_served_inert(
    draft, user, documents, private_root
):
    # It decodes as an image, so it is accepted; what is served is the image encoded again,
    # without the tail, and served so that even the tail could not run.
    record = attach_file(draft, user, documents, upload("page.html", real_png_with_html_tail()))

    response = private_file_response(record.storage_key, record.display_name)
    try:
        body = b"".join(response.streaming_content)
    finally:
        response.close()

    assert record.content_type == "image/png"
    assert record.storage_key.endswith(".png")
    assert record.display_name == "page.html.png"
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="page.html.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"<script" not in body
    with Image.open(io.BytesIO(body)) as served, Image.open(io.BytesIO(png_bytes())) as sent:
        assert (served.format, served.size) == ("PNG", sent.size)
        assert served.convert("RGB").tobytes() == sent.convert("RGB").tobytes()


# Blind review: the copy everyone is given holds nothing of its author; staff keep the original


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("cv.pdf", pdf_naming_its_author),
        ("classroom.jpg", jpeg_naming_its_author),
        ("classroom.png", png_naming_its_author),
        ("letter.docx", docx_naming_its_author),
    ],
)
def test_attach_file_stores_a_copy_without_its_authors_metadata_and_keeps_the_original(
    draft, user, documents, private_root, name, make
):
    data = make()
    findings = FINDINGS[name.rsplit(".", 1)[1]]
    assert findings(data, AUTHOR) != []  # the leak is there to be removed

    record = attach_file(draft, user, documents, upload(name, data))

    assert findings((private_root / record.storage_key).read_bytes(), AUTHOR) == []
    assert (private_root / record.original_storage_key).read_bytes() == data
    assert (record.size, record.sha256) == (len(data), hashlib.sha256(data).hexdigest())


def test_attach_file_pdf_copy_keeps_its_pages_and_loses_javascript_and_actions(
    draft, user, documents, private_root
):
    record = attach_file(draft, user, documents, upload("cv.pdf", pdf_naming_its_author()))

    cleaned = (private_root / record.storage_key).read_bytes()
    assert pdf_findings(cleaned, AUTHOR) == []
    assert "UPLOADED-CV" in pdf_text(cleaned)
    assert len(PdfReader(io.BytesIO(cleaned)).pages) == 1


def test_attach_file_photo_copy_is_upright_without_exif(draft, user, documents, private_root):
    record = attach_file(draft, user, documents, upload("classroom.jpg", jpeg_naming_its_author()))

    with Image.open(private_root / record.storage_key) as photo:
        assert photo.format == "JPEG"
        assert photo.getexif() == {}
        # Stored sideways with "turn 90 degrees clockwise": upright it is 20 x 40, red on top.
        assert photo.size == (20, 40)
        red, green, blue = photo.getpixel((10, 5))
        assert red > 200 and green < 40 and blue < 40
        red, green, blue = photo.getpixel((10, 35))
        assert red < 40 and green < 40 and blue > 200


def test_attach_file_word_copy_is_still_a_word_document(draft, user, documents, private_root):
    record = attach_file(draft, user, documents, upload("letter.docx", docx_naming_its_author()))

    cleaned = (private_root / record.storage_key).read_bytes()
    assert check_upload(upload("letter.docx", cleaned), ["docx"], MB).content_type == DOCX_TYPE
    with zipfile.ZipFile(io.BytesIO(cleaned)) as package:
        body = package.read("word/document.xml")
    assert b"A letter of support." in body


# When storage or the database fails


def test_attach_file_storage_down_raises_storage_unavailable(
    draft, user, documents, s3_private_storage, s3_server
):
    # The same storage works while its server runs, so the failure below is the outage alone.
    probe = s3_private_storage.save("nominations/probe.txt", ContentFile(b"up"))
    assert s3_private_storage.exists(probe) is True
    s3_server.stop()

    with pytest.raises(StorageUnavailable):
        attach_file(draft, user, documents, upload("resume.pdf", pdf_bytes()))

    draft.refresh_from_db()
    assert draft.answers == COMPLETE_ANSWERS
    assert NominationFile.objects.count() == 0
    assert file_events(draft) == []


def test_attach_file_to_s3_stores_under_the_random_key(draft, user, documents, s3_private_storage):
    data = pdf_bytes()

    record = attach_file(draft, user, documents, upload("Margaret Hamilton.pdf", data))

    assert STORAGE_KEY.fullmatch(record.storage_key) is not None
    assert ORIGINAL_KEY.fullmatch(record.original_storage_key) is not None
    with s3_private_storage.open(record.original_storage_key, "rb") as stored:
        assert stored.read() == data
    with s3_private_storage.open(record.storage_key, "rb") as stored:
        assert len(PdfReader(io.BytesIO(stored.read())).pages) == 1


def test_attach_file_unwritable_disk_raises_storage_unavailable(
    draft, user, documents, settings, tmp_path
):
    # A file where the storage folder should be: every write fails with an OSError.
    blocked = tmp_path / "not-a-folder"
    blocked.write_bytes(b"")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "portal.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(blocked)},
        },
    }

    with pytest.raises(StorageUnavailable):
        attach_file(draft, user, documents, upload("resume.pdf", pdf_bytes()))

    assert NominationFile.objects.count() == 0
    assert blocked.read_bytes() == b""


def test_attach_file_clean_copy_unwritable_removes_the_stored_original(
    draft, user, documents, private_root
):
    # A file where the clean copies' folder should be: the original is written, the copy fails.
    private_root.mkdir(parents=True)
    (private_root / "nominations").write_bytes(b"")

    with pytest.raises(StorageUnavailable):
        attach_file(draft, user, documents, upload("resume.pdf", pdf_bytes()))

    assert stored_files(private_root) == ["nominations"]
    assert NominationFile.objects.count() == 0
    assert file_events(draft) == []


def test_attach_file_database_failure_deletes_the_stored_object(
    draft, user, documents, private_root, failing_file_inserts
):
    with pytest.raises(DatabaseError, match="disk full"):
        attach_file(draft, user, documents, upload("resume.pdf", pdf_bytes()))

    assert stored_files(private_root) == []
    assert NominationFile.objects.count() == 0
    assert file_events(draft) == []


# remove_file


def test_remove_file_deletes_the_row_now_and_the_object_after_commit(
    draft, user, documents, private_root, django_capture_on_commit_callbacks
):
    record = attach_file(draft, user, documents, upload("resume.pdf", pdf_bytes()))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remove_file(draft, user, record.code)

    assert NominationFile.objects.filter(pk=record.pk).exists() is False
    assert stored_files(private_root) == both_copies(record)
    assert len(callbacks) == 1
    callbacks[0]()
    assert stored_files(private_root) == []
    assert file_events(draft) == ["nomination.file_added", "nomination.file_removed"]


def test_remove_file_after_commit_leaves_the_other_files(
    draft, user, documents, private_root, django_capture_on_commit_callbacks
):
    kept = attach_file(draft, user, documents, upload("kept.pdf", pdf_bytes()))
    removed = attach_file(draft, user, documents, upload("removed.png", png_bytes()))

    with django_capture_on_commit_callbacks(execute=True):
        remove_file(draft, user, removed.code)

    assert stored_files(private_root) == both_copies(kept)
    assert list(draft.files.all()) == [kept]


def test_remove_file_of_another_nomination_is_not_found(
    draft, user, documents, private_root, django_capture_on_commit_callbacks
):
    from tests.awards.factories import NominationFactory

    other = NominationFactory(cycle=draft.cycle)
    theirs = attach_file(other, other.nominator, documents, upload("theirs.pdf", pdf_bytes()))

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(NominationFile.DoesNotExist),
    ):
        remove_file(draft, user, theirs.code)

    assert stored_files(private_root) == both_copies(theirs)


def test_remove_file_another_user_is_refused(
    draft, user, documents, private_root, django_capture_on_commit_callbacks
):
    record = attach_file(draft, user, documents, upload("resume.pdf", pdf_bytes()))

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(PermissionDenied),
    ):
        remove_file(draft, UserFactory(), record.code)

    assert stored_files(private_root) == both_copies(record)
    assert draft.files.count() == 1


# Files accepted before clean copies were stored


def stored_before_clean_copies(nomination, data: bytes, name: str = "cv.pdf"):
    """A file row as attach_file wrote it before originals were kept apart: one object, the
    bytes as uploaded, and no original key."""
    key = private_storage().save(
        new_private_key(f"nominations/{nomination.cycle_id}", ".pdf"), ContentFile(data)
    )
    return NominationFile.objects.create(
        nomination=nomination,
        question_key="documents",
        storage_key=key,
        display_name=name,
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def test_separate_originals_gives_earlier_files_a_clean_copy_and_keeps_the_original(
    draft, private_root
):
    data = pdf_naming_its_author()
    record = stored_before_clean_copies(draft, data)
    letter_data = docx_naming_its_author(author="Dana Writer")
    letter_key = private_storage().save("letters/old.docx", ContentFile(letter_data))
    letter = LetterRequestFactory(
        nomination=draft, letter_file_key=letter_key, letter_file_name="old.docx"
    )
    old_key = record.storage_key

    assert separate_originals() == (2, 0)

    record.refresh_from_db()
    letter.refresh_from_db()
    assert record.original_storage_key == old_key
    assert (private_root / old_key).read_bytes() == data
    assert STORAGE_KEY.fullmatch(record.storage_key) is not None
    assert pdf_findings((private_root / record.storage_key).read_bytes(), AUTHOR) == []
    assert letter.letter_file_original_key == letter_key
    cleaned_letter = (private_root / letter.letter_file_key).read_bytes()
    assert docx_findings(cleaned_letter, "Dana Writer") == []
    # A second run finds nothing left to do.
    assert separate_originals() == (0, 0)
    assert len(stored_files(private_root)) == 4


def test_separate_originals_leaves_a_file_that_no_longer_passes_the_checks(draft, private_root):
    record = stored_before_clean_copies(draft, corrupt_pdf_bytes())

    assert separate_originals() == (0, 1)

    record.refresh_from_db()
    assert record.original_storage_key == ""
    assert stored_files(private_root) == [record.storage_key]
