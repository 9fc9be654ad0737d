"""Nomination files sent by the browser straight to S3, and checked by the server before they count.

With S3 as private storage, the nominator's browser POSTs a file to the bucket through a presigned
POST whose policy fixes the key (random, under `incoming/`), the size range (1 byte to the
question's limit) and the Content-Type. The browser then asks the server to confirm the upload
with the signed key it was given. The server reads the object back (never more than the limit
plus one byte), checks it exactly as a form upload is checked (`check_content`), stores a clean
copy of the bytes it checked and those bytes themselves under fresh random keys in `nominations/`
and `originals/nominations/` (`store_accepted`), and removes the incoming object. What a
nomination holds is therefore always the verified bytes, even if the browser posts again to its
still-valid policy after the check. Incoming objects that are never confirmed are removed after an
hour (`manage.py remove_stale_uploads`).

With private storage on local disk there are no direct uploads: files come through the step form.
"""

import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError
from portal.storage import PrivateS3Storage, new_private_key, private_storage

from .uploads import (
    KNOWN_TYPES,
    StorageUnavailable,
    UploadRejected,
    check_content,
    check_room,
    delete_private,
    question_max_bytes,
    record_file,
    require_editable,
    store_accepted,
    too_large,
)

logger = logging.getLogger(__name__)

INCOMING_FOLDER = "incoming"
# How long the browser may take to start its POST. Shorter than UPLOAD_TOKEN_MAX_AGE, so an object
# that lands late can still be confirmed before the clean-up takes it.
POST_POLICY_SECONDS = 10 * 60
# How long a signed key can be confirmed; equal to STALE_AFTER, so the clean-up never removes an
# object whose key could still be confirmed.
UPLOAD_TOKEN_MAX_AGE = timedelta(hours=1)
STALE_AFTER = timedelta(hours=1)
SIGNING_SALT = "awards.direct-upload"
FALLBACK_CONTENT_TYPE = "application/octet-stream"


class DirectUploadsUnavailable(Exception):
    """Private storage is not S3: files come through the step form instead. How the site is
    deployed, not a DomainError: views check `direct_uploads_available` first, so reaching this
    is a bug to see."""


class UnknownUpload(DomainError):
    """The signed key was not issued by this server for this nomination and question, or it
    expired."""


def direct_uploads_available() -> bool:
    return isinstance(private_storage(), PrivateS3Storage)


def _s3_storage() -> PrivateS3Storage:
    storage = private_storage()
    if not isinstance(storage, PrivateS3Storage):
        raise DirectUploadsUnavailable
    return storage


def upload_origin() -> str | None:
    """The origin browsers POST direct uploads to (for the step page's Content-Security-Policy),
    or None when the page should not offer direct uploads: local storage, or S3 that cannot
    presign (the form upload still works). Computed by the same call that presigns, so the two
    always agree; presigning is a local computation, no request goes to S3."""
    if not direct_uploads_available():
        return None
    try:
        post = _s3_storage().presigned_post(
            f"{INCOMING_FOLDER}/origin", FALLBACK_CONTENT_TYPE, 1, POST_POLICY_SECONDS
        )
    except (BotoCoreError, ClientError) as exc:
        logger.warning("Direct uploads are off: cannot presign (%s)", type(exc).__name__)
        return None
    url = urlsplit(post["url"])
    return f"{url.scheme}://{url.netloc}"


# Operations


def _allowed(question: dict) -> list[str]:
    return question.get("allowed_file_types") or ["pdf"]


def _content_type_for(claimed: str, allowed: list[str]) -> str:
    """The Content-Type the POST must carry: the browser's word when it names an accepted type
    (S3 then stores a sensible type), else a neutral one. The check after the upload decides by
    content either way."""
    known = KNOWN_TYPES.get(claimed)
    return claimed if known and known[0] in allowed else FALLBACK_CONTENT_TYPE


def presign_upload(nomination, user, question: dict, content_type: str = "") -> dict:
    """A presigned POST for one file for `question`, and the signed key to confirm it with.

    Returns {"url", "fields", "key", "max_bytes"}: the browser posts `fields` and then the file to
    `url`, then hands `key` (signed: nomination code, question key, object name, time) to
    `confirm_upload`. The object name is random and holds nothing about the person or the file.
    Side effects: none; no object exists until the browser posts one. Raises
    DirectUploadsUnavailable, PermissionDenied, NominationClosed, UploadRejected (the question
    has all its files) or StorageUnavailable.
    """
    storage = _s3_storage()
    require_editable(nomination, user)
    check_room(nomination, question)
    max_bytes = question_max_bytes(question)
    name = new_private_key(INCOMING_FOLDER)
    try:
        post = storage.presigned_post(
            name,
            _content_type_for(content_type, _allowed(question)),
            max_bytes,
            POST_POLICY_SECONDS,
        )
    except (BotoCoreError, ClientError) as exc:
        logger.warning("Could not presign a direct upload: %s", type(exc).__name__)
        raise StorageUnavailable from exc
    key = signing.dumps(
        {"nomination": nomination.code, "question": question["key"], "name": name},
        salt=SIGNING_SALT,
    )
    return {"url": post["url"], "fields": post["fields"], "key": key, "max_bytes": max_bytes}


def _incoming_name(key: str, nomination, question: dict) -> str:
    try:
        issued = signing.loads(key, salt=SIGNING_SALT, max_age=UPLOAD_TOKEN_MAX_AGE)
    except signing.BadSignature as exc:  # tampered, or expired (SignatureExpired)
        raise UnknownUpload from exc
    if (
        not isinstance(issued, dict)
        or issued.get("nomination") != nomination.code
        or issued.get("question") != question["key"]
        or not str(issued.get("name", "")).startswith(f"{INCOMING_FOLDER}/")
    ):
        raise UnknownUpload
    return issued["name"]


def confirm_upload(nomination, user, question: dict, key: str, file_name: str):
    """Check the object the browser posted with the signed `key`, then attach it to `nomination`.

    Side effects, on success: a clean copy of the checked bytes and the bytes themselves stored
    under fresh random keys in `nominations/` and `originals/nominations/`, one NominationFile row
    and an audit event (as `attach_file`), and the incoming object removed.
    A refused file's incoming object is removed. Raises DirectUploadsUnavailable,
    PermissionDenied, NominationClosed, UnknownUpload (nothing is touched), UploadRejected or
    StorageUnavailable; the draft is untouched either way.
    """
    storage = _s3_storage()
    require_editable(nomination, user)
    name = _incoming_name(key, nomination, question)
    max_bytes = question_max_bytes(question)
    try:
        size = storage.object_size(name)
        if size is None:
            raise UploadRejected(_("We did not receive this file. Please upload it again."))
        if size == 0 or size > max_bytes:
            # S3 refuses both through the policy; a store that did not still gets no further.
            delete_private(name)
            raise UploadRejected(_("This file is empty.")) if size == 0 else too_large(max_bytes)
        data = storage.read_at_most(name, max_bytes + 1)
    except (BotoCoreError, ClientError) as exc:
        logger.warning("Could not read a direct upload back: %s", type(exc).__name__)
        raise StorageUnavailable from exc
    try:
        check_room(nomination, question)
        checked = check_content(data, _allowed(question), max_bytes)
        stored = store_accepted(f"nominations/{nomination.cycle_id}", data, checked)
    except UploadRejected:
        delete_private(name)
        raise
    record = record_file(nomination, user, question, stored, file_name, checked)
    delete_private(name)
    return record


def remove_stale_uploads(now: datetime | None = None) -> int:
    """Remove incoming objects older than STALE_AFTER: posted but never confirmed, or refused
    where the removal failed. Returns how many were removed; 0 with local storage.

    Side effects: objects deleted from private storage. Raises StorageUnavailable.
    """
    if not direct_uploads_available():
        return 0
    cutoff = (now or timezone.now()) - STALE_AFTER
    try:
        return _s3_storage().delete_older_than(INCOMING_FOLDER, cutoff)
    except (BotoCoreError, ClientError) as exc:
        logger.warning("Could not remove stale direct uploads: %s", type(exc).__name__)
        raise StorageUnavailable from exc
