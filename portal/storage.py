"""Private file storage: nomination uploads, letters and generated PDFs.

Private files are never reachable by a guessable URL. On local disk they live outside every
served folder and `url()` refuses to answer; on S3 they are fetched through presigned URLs that
expire within `PRIVATE_URL_MAX_EXPIRY_SECONDS`. Either way a view hands a file out only after its
own permission check, through `private_file_response`.
"""

import logging
import secrets
import unicodedata
from pathlib import PurePosixPath

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# The policy of every download: opened in a browser after all, a file loads and runs nothing.
DOWNLOAD_CSP = "default-src 'none'; sandbox"

logger = logging.getLogger(__name__)


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private storage: it has no URL; files leave only through a checked view."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, base_url=None, **kwargs)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them with private_file_response.")


class PrivateS3Storage(S3Storage):
    """S3 private storage: presigned URLs only, never public ACLs, never overwriting."""

    def get_default_settings(self):
        defaults = super().get_default_settings()
        defaults.update(querystring_auth=True, default_acl=None, file_overwrite=False)
        return defaults

    def url(self, name, parameters=None, expire=None, http_method=None):
        limit = settings.PRIVATE_URL_MAX_EXPIRY_SECONDS
        expire = min(expire or self.querystring_expire, limit)
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)

    # Object operations django-storages does not offer. Each takes a storage name (relative to
    # `location`); botocore's errors pass through to the caller.

    def _key(self, name: str) -> str:
        return self._normalize_name(clean_name(name))

    @property
    def _client(self):
        return self.connection.meta.client

    def presigned_post(self, name: str, content_type: str, max_bytes: int, expires: int) -> dict:
        """A presigned POST that can create only `name`, with this Content-Type and 1 byte to
        `max_bytes`, for `expires` seconds. A local computation: no request goes to S3."""
        return self._client.generate_presigned_post(
            Bucket=self.bucket_name,
            Key=self._key(name),
            Fields={"Content-Type": content_type},
            Conditions=[
                {"Content-Type": content_type},
                ["content-length-range", 1, max_bytes],
            ],
            ExpiresIn=expires,
        )

    def object_size(self, name: str) -> int | None:
        """The object's size in bytes, or None when there is no such object."""
        try:
            head = self._client.head_object(Bucket=self.bucket_name, Key=self._key(name))
        except ClientError as exc:
            if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                return None
            raise
        return head["ContentLength"]

    def read_at_most(self, name: str, limit: int) -> bytes:
        """The object's first `limit` bytes: a larger object is never read in full."""
        response = self._client.get_object(
            Bucket=self.bucket_name, Key=self._key(name), Range=f"bytes=0-{limit - 1}"
        )
        with response["Body"] as body:
            return body.read(limit)

    def delete_older_than(self, folder: str, cutoff) -> int:
        """Delete the objects under `folder` last modified before `cutoff`; returns how many."""
        removed = 0
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket_name, Prefix=self._key(folder) + "/"
        )
        for page in pages:
            stale = [
                {"Key": item["Key"]}
                for item in page.get("Contents", [])
                if item["LastModified"] < cutoff
            ]
            if stale:
                # One page holds at most 1,000 keys, the most one delete_objects call takes.
                answer = self._client.delete_objects(
                    Bucket=self.bucket_name, Delete={"Objects": stale, "Quiet": True}
                )
                removed += len(stale) - len(answer.get("Errors", []))
        return removed


def private_storage() -> Storage:
    return storages["private"]


def max_upload_bytes() -> int:
    """The largest file any upload may be (`MAX_UPLOAD_FILE_MB`); each upload's own cap is at
    most this."""
    return settings.MAX_UPLOAD_FILE_MB * 1024 * 1024


def new_private_key(folder: str, suffix: str = "") -> str:
    """A random storage key under `folder`: never derived from a user's file name or a person."""
    return f"{folder}/{secrets.token_urlsafe(24)}{suffix}"


def safe_display_name(name: str | None, fallback: str = "file") -> str:
    """A file name fit to show and to offer as a download name: no paths, controls or bidi marks."""
    name = unicodedata.normalize("NFKC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = PurePosixPath(name.replace("\\", "/")).name
    try:
        name = get_valid_filename(name)
    except Exception:
        name = ""
    return name[:150] or fallback


def private_file_response(name: str, download_name: str) -> HttpResponse:
    """Hand out a private file. Call only after the caller's own permission check.

    Local disk: streamed as an attachment with `nosniff` and a sandboxing CSP.
    S3: a redirect to a presigned URL (short expiry) that forces an attachment download, once
    a HEAD request found the object; S3 unreachable answers 503 (storage_unavailable_response).
    A missing file raises FileNotFoundError on either.
    """
    storage = private_storage()
    download_name = safe_display_name(download_name)
    if isinstance(storage, S3Storage):
        # Signing needs no network, so without this check an outage would send the browser to
        # an endpoint that does not answer.
        try:
            found = storage.exists(name)
        except (BotoCoreError, ClientError) as exc:
            logger.warning("Private storage unreachable for a download: %s", type(exc).__name__)
            return storage_unavailable_response()
        if not found:
            raise FileNotFoundError(name)
        url = storage.url(
            name,
            # The same header FileResponse sends: RFC 6266 `filename*` for non-ASCII names, which
            # S3 must echo back and HTTP headers cannot carry raw.
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, download_name)
            },
        )
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(
            storage.open(name, "rb"), as_attachment=True, filename=download_name
        )
    return _private_download(response)


def private_content_response(content: bytes, download_name: str, content_type: str):
    """Hand out a file made for this request (a PDF receipt, certificate or packet) as the
    stored ones are: an attachment with the same headers. Call only after the caller's own
    permission check."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, download_name)
    return _private_download(response)


def _private_download(response: HttpResponse) -> HttpResponse:
    """A download of private data: never sniffed into HTML, never run (a sandboxing CSP) and
    never kept by a cache."""
    if not isinstance(response, HttpResponseRedirect):
        response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def storage_unavailable_response() -> HttpResponse:
    """503 with a short page (no request context, nothing that could fail in turn): the file
    store is unreachable; the user may try again in a few minutes."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "120"
    response["Cache-Control"] = "private, no-store"
    return response
