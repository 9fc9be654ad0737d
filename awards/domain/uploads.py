"""Checking and storing uploaded files.

A file's type is decided by its content (magic bytes), never by its name or the browser's word.
PDFs must parse, images must decode, Word documents must be real OOXML packages. An accepted file
is stored twice in private storage, each under its own random key: a clean copy without the
file's metadata or active content (`portal.cleaning`), which is what nominators, reviewers and
packets are given, so blind review stays blind; and the original, under `originals/`, for staff.
The name a person gave is kept only as a sanitised label.
"""

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from portal.cleaning import MAX_IMAGE_PIXELS, CleaningFailed, clean_file
from portal.errors import DomainError
from portal.models import audit
from portal.storage import max_upload_bytes, new_private_key, private_storage, safe_display_name

from ..models import LetterRequest, NominationFile

logger = logging.getLogger(__name__)

# Sniffed MIME type -> (allowed-type name in the form settings, stored extension)
KNOWN_TYPES = {
    "application/pdf": ("pdf", ".pdf"),
    "image/png": ("png", ".png"),
    "image/jpeg": ("jpeg", ".jpg"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", ".docx"),
}
TYPE_LABELS = {
    "pdf": _("PDF"),
    "png": _("PNG image"),
    "jpeg": _("JPEG image"),
    "docx": _("Word (.docx)"),
}
# Name endings a download may keep, by stored extension.
NAME_SUFFIXES = {".pdf": {".pdf"}, ".png": {".png"}, ".jpg": {".jpg", ".jpeg"}, ".docx": {".docx"}}
SNIFF_BYTES = 8192
# Originals sit apart from the clean copies, so a bucket policy can treat them apart too.
ORIGINALS_FOLDER = "originals"
DAMAGED = {
    "pdf": _("This PDF could not be opened. It may be damaged."),
    "png": _("This image could not be opened. It may be damaged."),
    "jpeg": _("This image could not be opened. It may be damaged."),
    "docx": _("This Word document could not be opened. It may be damaged."),
}
# A Word document is a zip: a few megabytes can unpack to gigabytes. Text and pictures of even a
# long document stay far below this.
DOCX_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
TOO_MANY_PIXELS = _(
    "This image is too large in pixels: at most 40 megapixels are accepted. "
    "Save a smaller copy and upload that."
)


class UploadRejected(DomainError):
    """The file cannot be accepted; the message says why, in words for the person uploading."""


class StorageUnavailable(Exception):
    """Private storage could not take the file; nothing was kept. A failure of the
    infrastructure, not a DomainError: nothing the person changes helps but trying later."""


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


@dataclass(frozen=True)
class StoredFile:
    """The private storage keys of an accepted file's clean copy and of its original."""

    key: str
    original_key: str


def describe_types(allowed: list[str]) -> str:
    return ", ".join(str(TYPE_LABELS.get(name, name)) for name in allowed)


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<", b"<?xml")) or b"<svg" in text[:1024] or b"<html" in text[:1024]


def _looks_executable(head: bytes) -> bool:
    return head.startswith((b"MZ", b"\x7fELF", b"#!", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"))


def _verify_pdf(data: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRejected(
                _("This PDF is password-protected. Upload a copy without a password.")
            )
        if len(reader.pages) == 0:
            raise UploadRejected(_("This PDF has no pages."))
        reader.pages[0].extract_text()
    except UploadRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UploadRejected(DAMAGED["pdf"]) from exc


def _verify_image(data: bytes) -> None:
    try:
        # Opening reads the header only: the pixel count is known before anything is decoded.
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise UploadRejected(TOO_MANY_PIXELS)
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow refuses a header claiming far too many pixels before we can count them.
        raise UploadRejected(TOO_MANY_PIXELS) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRejected(DAMAGED["png"]) from exc


def _verify_docx(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise UploadRejected(_("This is not a Word document."))
            if any(name.lower().endswith((".bin", ".exe")) for name in names):
                raise UploadRejected(_("Word documents with macros or programs are not accepted."))
            # The clean copy unpacks every part; zipfile reads no part past its declared size.
            if sum(entry.file_size for entry in package.infolist()) > DOCX_MAX_UNPACKED_BYTES:
                raise UploadRejected(_("This Word document is too large once unpacked."))
    except zipfile.BadZipFile as exc:
        raise UploadRejected(DAMAGED["docx"]) from exc


VERIFIERS = {"pdf": _verify_pdf, "png": _verify_image, "jpeg": _verify_image, "docx": _verify_docx}


def question_max_bytes(question: dict) -> int:
    """The largest file `question` takes: its own cap, lowered to the portal's largest upload."""
    return min(question["max_file_size_mb"] * 1024 * 1024, max_upload_bytes())


def too_large(max_bytes: int) -> UploadRejected:
    """The refusal of a file over `max_bytes`, in the words the person reads."""
    return UploadRejected(
        gettext("This file is larger than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)}
    )


def read_upload(upload: UploadedFile, max_bytes: int) -> bytes:
    """The uploaded bytes, once its size is known to be within `max_bytes`."""
    if upload.size is None or upload.size == 0:
        raise UploadRejected(_("This file is empty."))
    if upload.size > max_bytes:
        raise too_large(max_bytes)
    upload.seek(0)
    return upload.read()


def check_upload(upload: UploadedFile, allowed: list[str], max_bytes: int) -> CheckedFile:
    """Decide whether `upload` may be kept; UploadRejected says why not, in plain words."""
    return check_content(read_upload(upload, max_bytes), allowed, max_bytes)


def check_content(data: bytes, allowed: list[str], max_bytes: int) -> CheckedFile:
    """Decide whether these bytes may be kept, whichever way they arrived (a form upload, or an
    object read back from storage); UploadRejected says why not, in plain words."""
    if not data:
        raise UploadRejected(_("This file is empty."))
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    head = data[:SNIFF_BYTES]
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == "application/zip" and b"word/" in data[:65536]:
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if mime not in KNOWN_TYPES:
        if _looks_like_markup(head):
            raise UploadRejected(_("Web pages, SVG and XML files cannot be uploaded."))
        if _looks_executable(head):
            raise UploadRejected(_("Programs and scripts cannot be uploaded."))
        raise UploadRejected(
            gettext("This type of file is not accepted. Upload %(types)s.")
            % {"types": describe_types(allowed)}
        )
    type_name, extension = KNOWN_TYPES[mime]
    if allowed and type_name not in allowed:
        raise UploadRejected(
            gettext("This question takes %(types)s files only.")
            % {"types": describe_types(allowed)}
        )
    VERIFIERS[type_name](data)
    return CheckedFile(mime, extension, len(data), hashlib.sha256(data).hexdigest())


def display_name_for(name: str | None, checked: CheckedFile, fallback_stem: str) -> str:
    """The sanitised name to show and download as, ending in what the file really is: a PNG
    named page.html must not open as a web page once downloaded."""
    extension = checked.extension
    name = safe_display_name(name, fallback=f"{fallback_stem}{extension}")
    if PurePosixPath(name).suffix.lower() not in NAME_SUFFIXES[extension]:
        name = name[: 150 - len(extension)] + extension
    return name


def require_editable(nomination, user) -> None:
    from .nominations import NominationClosed, can_edit

    if nomination.nominator_id != getattr(user, "pk", None):
        raise PermissionDenied
    if not can_edit(nomination, user):
        raise NominationClosed(_("This nomination can no longer be changed."))


def store_private(folder: str, upload: File, checked: CheckedFile) -> str:
    """Write to private storage under a fresh random key; raises StorageUnavailable on failure."""
    key = new_private_key(folder, checked.extension)
    upload.seek(0)
    try:
        saved = private_storage().save(key, upload)
    except Exception as exc:  # any storage failure means the same to the user
        logger.warning("Private storage refused a file: %s", type(exc).__name__)
        raise StorageUnavailable from exc
    return saved


def delete_private(key: str) -> None:
    try:
        private_storage().delete(key)
    except Exception:  # best effort; an orphan is logged for clean-up
        logger.exception("Could not delete private object after a failed write")


def store_accepted(folder: str, data: bytes, checked: CheckedFile) -> StoredFile:
    """Store checked bytes twice, each under a fresh random key: a clean copy under `folder`,
    for everyone who may see the file, and the bytes as received under `originals/<folder>`,
    for staff.

    Side effects: two objects in private storage, or none. Raises UploadRejected when no clean
    copy can be made of the file, or StorageUnavailable.
    """
    try:
        cleaned = clean_file(data, checked.content_type)
    except CleaningFailed as exc:
        raise UploadRejected(DAMAGED[KNOWN_TYPES[checked.content_type][0]]) from exc
    original_key = store_private(f"{ORIGINALS_FOLDER}/{folder}", ContentFile(data), checked)
    try:
        key = store_private(folder, ContentFile(cleaned), checked)
    except StorageUnavailable:
        delete_private(original_key)
        raise
    return StoredFile(key, original_key)


def delete_stored(*keys: str) -> None:
    """Delete these private objects (best effort); empty keys, as files accepted before
    originals were kept apart have, are skipped."""
    for key in keys:
        if key:
            delete_private(key)


def check_room(nomination, question: dict) -> None:
    """Refuse another file once the question has its `max_files`."""
    current = nomination.files.filter(question_key=question["key"]).count()
    if current >= question["max_files"]:
        raise UploadRejected(
            ngettext(
                "This question takes at most %(count)d file. Remove one to upload another.",
                "This question takes at most %(count)d files. Remove one to upload another.",
                question["max_files"],
            )
            % {"count": question["max_files"]}
        )


def record_file(
    nomination, user, question: dict, stored: StoredFile, name: str | None, checked: CheckedFile
):
    """The NominationFile row and its audit event for a file already in private storage as
    `stored`; a failed database write removes both objects."""
    try:
        with transaction.atomic():
            record = NominationFile.objects.create(
                nomination=nomination,
                question_key=question["key"],
                storage_key=stored.key,
                original_storage_key=stored.original_key,
                display_name=display_name_for(name, checked, "file"),
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
            )
            audit(user, "nomination.file_added", nomination, file=record.code)
    except Exception:
        delete_stored(stored.key, stored.original_key)
        raise
    return record


def attach_file(nomination, user, question: dict, upload: UploadedFile):
    """Check `upload` against `question` and attach it to `nomination`.

    Side effects: two objects in private storage (the clean copy and the original, see
    `store_accepted`) and one NominationFile row, or none of them (a failed database write
    removes the stored objects); an audit event. Raises PermissionDenied, NominationClosed,
    UploadRejected or StorageUnavailable; the draft is untouched either way.
    """
    require_editable(nomination, user)
    check_room(nomination, question)
    allowed = question.get("allowed_file_types") or ["pdf"]
    max_bytes = question_max_bytes(question)
    data = read_upload(upload, max_bytes)
    checked = check_content(data, allowed, max_bytes)
    stored = store_accepted(f"nominations/{nomination.cycle_id}", data, checked)
    return record_file(nomination, user, question, stored, upload.name, checked)


def remove_file(nomination, user, file_code: str) -> None:
    """Remove one of the nomination's files: the row now, the stored objects (the clean copy
    and the original) once committed."""
    require_editable(nomination, user)
    record = nomination.files.get(code=file_code)
    keys = (record.storage_key, record.original_storage_key)
    with transaction.atomic():
        record.delete()
        audit(user, "nomination.file_removed", nomination, file=file_code)
        transaction.on_commit(lambda: delete_stored(*keys))


LETTER_FILE_TYPES = ["pdf", "docx"]
LETTER_MAX_BYTES = 10 * 1024 * 1024


def attach_letter_file(letter, upload: UploadedFile) -> StoredFile:
    """Check and store a letter writer's file (a clean copy and the original, see
    `store_accepted`); returns where. Sets the display name on `letter` (unsaved). Raises
    UploadRejected or StorageUnavailable."""
    max_bytes = min(LETTER_MAX_BYTES, max_upload_bytes())
    data = read_upload(upload, max_bytes)
    checked = check_content(data, LETTER_FILE_TYPES, max_bytes)
    stored = store_accepted(f"letters/{letter.nomination.cycle_id}", data, checked)
    letter.letter_file_name = display_name_for(upload.name, checked, "letter")
    return stored


def separate_originals() -> tuple[int, int]:
    """Give every file accepted before clean copies were stored (an empty original key) its
    clean copy: the stored object becomes the original, kept where it is, and a clean copy is
    stored under a fresh random key in the same folder and takes its place. Nomination files and
    letter files alike. Returns (files given a clean copy, files left as they were because they
    are missing or no longer pass the upload checks; logged). Safe to re-run, and to run while
    people work.

    Side effects, per file: one object written, one row updated; a row changed or removed
    meanwhile keeps its state and the new object is deleted.
    """
    done = skipped = 0
    for model, key_field, original_field in (
        (NominationFile, "storage_key", "original_storage_key"),
        (LetterRequest, "letter_file_key", "letter_file_original_key"),
    ):
        pending = (
            model.objects.filter(**{original_field: ""})
            .exclude(**{key_field: ""})
            .values_list("pk", key_field)
        )
        for pk, key in pending.iterator():
            clean_key = _clean_copy_of_stored(key)
            if clean_key is None:
                skipped += 1
                continue
            updated = model.objects.filter(pk=pk, **{key_field: key, original_field: ""}).update(
                **{key_field: clean_key, original_field: key}
            )
            if updated:
                done += 1
            else:
                delete_private(clean_key)
    return done, skipped


def _clean_copy_of_stored(key: str) -> str | None:
    """Store a clean copy of the private object `key` beside it; its key, or None when the
    object is missing or no longer passes the upload checks. Raises StorageUnavailable."""
    try:
        with private_storage().open(key, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        logger.warning("A stored file to give a clean copy to is missing")
        return None
    except Exception as exc:  # any storage failure means the same to the caller
        raise StorageUnavailable from exc
    try:
        checked = check_content(data, [], len(data))
        cleaned = clean_file(data, checked.content_type)
    except (UploadRejected, CleaningFailed):
        logger.warning("A stored file could not be given a clean copy; it is left as it was")
        return None
    folder = str(PurePosixPath(key).parent)
    return store_private(folder, ContentFile(cleaned), checked)
