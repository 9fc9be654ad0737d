"""A request body larger than the largest upload plus the form's own fields is refused, with a
plain 413 page, before any of it is read; within that, requests go on as before."""

import io
from wsgiref.util import setup_testing_defaults

from django.conf import settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, ClientHandler, encode_multipart

from tests.awards.fixtures.files import upload

MB = 1024 * 1024
# A CSRF secret sent as the cookie and as the form's token, so Django reads the form.
CSRF_SECRET = "a" * 32


def post_through_wsgi(path: str, body: bytes, declared: int | None = None):
    """POST `body` to the whole application, as a WSGI server hands it a request, declaring
    `declared` bytes (the body's own length by default), with a CSRF cookie, CSRF checks on.
    Returns the response and how many bytes of the body the application read."""
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "CONTENT_TYPE": MULTIPART_CONTENT,
        "CONTENT_LENGTH": str(len(body) if declared is None else declared),
        "wsgi.input": io.BytesIO(body),
        "HTTP_COOKIE": f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}",
    }
    setup_testing_defaults(environ)
    # The test client's handler: Django's own, minus closing the test's database connection.
    response = ClientHandler(enforce_csrf_checks=True)(environ)
    return response, environ["wsgi.input"].tell()


def multipart_with_file(size: int) -> bytes:
    return encode_multipart(
        BOUNDARY,
        {
            "csrfmiddlewaretoken": CSRF_SECRET,
            "login": "someone@example.org",
            "letter_file": upload("big.pdf", b"x" * size),
        },
    )


def test_upload_far_over_the_largest_allowed_is_refused_unread(db, settings):
    settings.MAX_UPLOAD_FILE_MB = 25
    body = multipart_with_file(60 * MB)

    response, read = post_through_wsgi("/accounts/login/", body)

    page = response.content.decode()
    assert response.status_code == 413
    assert read == 0
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Files of up to 25 MB can be uploaded." in page
    assert "Nothing from this page was saved" in page


def test_request_declaring_one_byte_over_the_limit_is_refused(db, settings):
    settings.MAX_UPLOAD_FILE_MB = 1
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = MB
    # Declared, not sent: the refusal must rest on the header alone.
    response, read = post_through_wsgi("/accounts/login/", b"", declared=2 * MB + 1)

    assert (response.status_code, read) == (413, 0)


def test_request_at_the_limit_reaches_the_application(db, settings):
    settings.MAX_UPLOAD_FILE_MB = 1
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = MB
    framing = len(multipart_with_file(0))
    body = multipart_with_file(2 * MB - framing)
    assert len(body) == 2 * MB

    response, read = post_through_wsgi("/accounts/login/", body)

    # Django read the whole form and answered it: the limit let it through.
    assert read == len(body)
    assert response.status_code != 413
