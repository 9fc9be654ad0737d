import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponseRedirect

from portal.storage import (
    PrivateFileSystemStorage,
    PrivateS3Storage,
    new_private_key,
    private_file_response,
    private_storage,
    safe_display_name,
)
from tests.responses import fetch, query

LETTER = b"%PDF-1.7\nConfidential recommendation for Margaret Hamilton\n%%EOF\n"


def test_private_file_system_storage_url_raises(tmp_path):
    storage = PrivateFileSystemStorage(location=tmp_path)

    with pytest.raises(ValueError, match="Private files have no public URL"):
        storage.url("letters/anything.pdf")


def test_private_file_system_storage_ignores_base_url(tmp_path):
    storage = PrivateFileSystemStorage(location=tmp_path, base_url="/media/")
    name = storage.save("letters/a.pdf", ContentFile(LETTER))

    with pytest.raises(ValueError, match="Private files have no public URL"):
        storage.url(name)


def test_private_storage_in_tests_is_local_temporary(isolated_file_storage):
    storage = private_storage()
    name = storage.save(new_private_key("letters", ".pdf"), ContentFile(LETTER))

    assert isinstance(storage, PrivateFileSystemStorage)
    assert (isolated_file_storage["private"] / name).read_bytes() == LETTER


def test_new_private_key_has_folder_and_suffix():
    key = new_private_key("letters", ".pdf")

    assert re.fullmatch(r"letters/[A-Za-z0-9_-]{32}\.pdf", key) is not None


def test_new_private_key_is_random():
    keys = {new_private_key("letters") for _ in range(1000)}

    assert len(keys) == 1000


def test_new_private_key_holds_no_part_of_the_uploaded_name():
    uploaded = "Margaret Hamilton - Recommendation (Principal).pdf"
    words = re.findall(r"[a-z]{4,}", uploaded.lower())

    key = new_private_key("letters", PurePosixPath(uploaded).suffix).lower()

    assert words == ["margaret", "hamilton", "recommendation", "principal"]
    assert [word for word in words if word in key] == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("letters/../../secret.pdf", "secret.pdf"),
        ("..", "file"),
        ("../", "file"),
        (".", "file"),
        ("", "file"),
        (None, "file"),
        ("report\x00.pdf", "report.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("a\u2066b\u2069c\u200f.pdf", "abc.pdf"),
        ("tab\tnew\nline\r\x1b[31m.pdf", "tabnewline31m.pdf"),
        ("zero\u200bwidth.pdf", "zerowidth.pdf"),
        ("\uff0e\uff0e\uff0fsecret.pdf", "secret.pdf"),
        ("Letter for Jane.pdf", "Letter_for_Jane.pdf"),
        ('quote"semi;colon.pdf', "quotesemicolon.pdf"),
        ("résumé.pdf", "résumé.pdf"),
    ],
)
def test_safe_display_name_strips_paths_and_controls(name, expected):
    assert safe_display_name(name) == expected


def test_safe_display_name_custom_fallback():
    assert safe_display_name("../", fallback="letter.pdf") == "letter.pdf"


def test_safe_display_name_caps_length():
    assert len(safe_display_name("a" * 500 + ".pdf")) == 150


def test_safe_display_name_never_keeps_separators_or_controls():
    hostile = "".join(chr(code) for code in range(0x00, 0x20)) + "/\\\u202e\u202d\u2066\ufeff.pdf"

    result = safe_display_name(hostile)

    assert "/" not in result
    assert "\\" not in result
    assert all(ord(ch) >= 0x20 and ch not in "\u202e\u202d\u2066\ufeff" for ch in result)


# Closing a response sends request_finished, which tidies up database connections.
@pytest.mark.django_db
def test_private_file_response_local_is_nosniff_attachment():
    name = private_storage().save(new_private_key("letters", ".pdf"), ContentFile(LETTER))

    response = private_file_response(name, "Letter for Jane\u202efdp.exe")
    try:
        body = b"".join(response.streaming_content)
    finally:
        response.close()

    assert isinstance(response, FileResponse)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Letter_for_Janefdp.exe"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert body == LETTER


def test_private_file_response_local_missing_file_raises():
    with pytest.raises(FileNotFoundError):
        private_file_response("letters/missing.pdf", "missing.pdf")


def test_private_s3_storage_url_is_signed_and_short_lived(s3_private_storage):
    name = s3_private_storage.save(new_private_key("letters", ".pdf"), ContentFile(LETTER))

    params = query(s3_private_storage.url(name))

    assert params["X-Amz-Expires"] == "120"
    assert params["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert len(params["X-Amz-Signature"]) == 64


def test_private_s3_storage_url_caps_requested_expiry(s3_private_storage):
    name = s3_private_storage.save(new_private_key("letters", ".pdf"), ContentFile(LETTER))

    assert query(s3_private_storage.url(name, expire=3600))["X-Amz-Expires"] == "300"


def test_private_s3_storage_url_caps_configured_expiry(s3_options):
    storage = PrivateS3Storage(**{**s3_options, "querystring_expire": 3600})

    assert query(storage.url("letters/x.pdf"))["X-Amz-Expires"] == "300"


def test_private_s3_storage_does_not_overwrite(s3_private_storage):
    first = s3_private_storage.save("letters/same.pdf", ContentFile(b"first"))
    second = s3_private_storage.save("letters/same.pdf", ContentFile(b"second"))

    assert first == "letters/same.pdf"
    assert second != first
    with s3_private_storage.open(first) as stored:
        assert stored.read() == b"first"


def test_private_file_response_s3_redirects_to_presigned_download(s3_private_storage):
    name = s3_private_storage.save(new_private_key("letters", ".pdf"), ContentFile(LETTER))

    response = private_file_response(name, "Letter for Jane\u202efdp.exe")

    assert isinstance(response, HttpResponseRedirect)
    assert response.status_code == 302
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    url = response["Location"]
    params = query(url)
    assert int(params["X-Amz-Expires"]) <= 300
    assert len(params["X-Amz-Signature"]) == 64
    assert params["response-content-disposition"] == (
        'attachment; filename="Letter_for_Janefdp.exe"'
    )

    status, headers, body = fetch(url)
    assert status == 200
    assert body == LETTER
    assert headers["Content-Disposition"] == 'attachment; filename="Letter_for_Janefdp.exe"'


def test_private_file_response_s3_url_without_signature_is_403(s3_private_storage):
    name = s3_private_storage.save(new_private_key("letters", ".pdf"), ContentFile(LETTER))
    url = private_file_response(name, "letter.pdf")["Location"]

    unsigned = urlunsplit(urlsplit(url)._replace(query=""))
    status, _, body = fetch(unsigned)

    assert status == 403
    assert LETTER not in body


# Closing a response sends request_finished, which tidies up database connections.
@pytest.mark.django_db
def test_private_file_response_local_non_ascii_name_is_rfc6266_encoded():
    name = private_storage().save(new_private_key("letters", ".pdf"), ContentFile(LETTER))

    response = private_file_response(name, "学生 推薦.pdf")
    response.close()

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%AD%A6%E7%94%9F_%E6%8E%A8%E8%96%A6.pdf"
    )


def test_private_file_response_s3_non_ascii_name_downloads(s3_private_storage):
    name = s3_private_storage.save(new_private_key("letters", ".pdf"), ContentFile(LETTER))

    url = private_file_response(name, "学生 推薦.pdf")["Location"]
    status, headers, body = fetch(url)

    assert status == 200
    assert body == LETTER
    assert headers["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%AD%A6%E7%94%9F_%E6%8E%A8%E8%96%A6.pdf"
    )
