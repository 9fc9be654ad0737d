"""Every view that hands out a file: an attachment that a browser cannot sniff into a page nor
run, and on S3 a short-lived presigned URL issued only to someone the view let through."""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse

from portal.storage import PrivateS3Storage
from tests.conftest import s3_storage_options, start_s3_server
from tests.factories import UserFactory
from tests.responses import body_of, fetch, query
from tests.security.conftest import (
    LETTER_FILE,
    NOMINATION_FILE,
    PACKET_FILE,
    SECRET_NOMINEE,
    World,
    sign_in,
)


@dataclass(frozen=True)
class Download:
    role: str
    path: object  # (World) -> str
    content: bytes | None = None  # the stored file, for views that hand one out


DOWNLOADS = {
    "nomination file": Download(
        "owner",
        lambda w: reverse("awards:download_file", args=(w.nomination.code, w.file.code)),
        NOMINATION_FILE,
    ),
    "nomination file (staff)": Download(
        "staff",
        lambda w: reverse("nomination:file", args=(w.nomination.code, w.file.code)),
        NOMINATION_FILE,
    ),
    "letter file (staff)": Download(
        "staff",
        lambda w: reverse("nomination:letter_file", args=(w.nomination.code, w.letter.code)),
        LETTER_FILE,
    ),
    "candidate file (reviewer)": Download(
        "assigned_reviewer",
        lambda w: reverse("review:download", args=(w.dossier.code, w.file.code)),
        NOMINATION_FILE,
    ),
    "committee packet": Download(
        "staff", lambda w: reverse("review_admin:packet_download", args=(w.packet.pk,)), PACKET_FILE
    ),
    "receipt PDF": Download(
        "owner", lambda w: reverse("awards:receipt", args=(w.nomination.code,))
    ),
    "reviewer packet PDF": Download(
        "assigned_reviewer", lambda w: reverse("review:packet", args=(w.dossier.code,))
    ),
    "certificate": Download(
        "staff", lambda w: reverse("review_admin:certificate", args=(w.decision.pk,))
    ),
    "export CSV": Download("staff", lambda w: reverse("nomination:index") + "?export=csv"),
    "export XLSX": Download("staff", lambda w: reverse("nomination:index") + "?export=xlsx"),
    "cycle nominations CSV": Download(
        "staff", lambda w: reverse("nomination:cycle_export", args=(w.cycle.pk, "csv"))
    ),
    "cycle nominations XLSX": Download(
        "staff", lambda w: reverse("nomination:cycle_export", args=(w.cycle.pk, "xlsx"))
    ),
    "candidates XLSX": Download(
        "staff", lambda w: reverse("review_admin:export", args=(w.cycle.pk, "candidates", "xlsx"))
    ),
    "reviewers CSV": Download(
        "staff", lambda w: reverse("review_admin:export", args=(w.cycle.pk, "reviewers", "csv"))
    ),
}
STORED = [name for name, download in DOWNLOADS.items() if download.content is not None]


@pytest.fixture(scope="module")
def module_s3_server(module_aws_sandbox, module_world):
    """One moto server for the module's tests, its bucket holding the module world's files,
    stored through the private S3 storage under the keys the world has for them. The tests only
    read from it."""
    running = start_s3_server()
    try:
        storage = PrivateS3Storage(**s3_storage_options(running))
        _built, private_root = module_world
        for path in sorted(private_root.rglob("*")):
            if path.is_file():
                key = path.relative_to(private_root).as_posix()
                assert storage.save(key, ContentFile(path.read_bytes())) == key
        yield running
    finally:
        running.stop()


@pytest.fixture
def s3_server(module_s3_server, aws_sandbox):
    """The module's moto server, in place of a server of the test's own."""
    return module_s3_server


@pytest.fixture
def s3_world(s3_private_storage, world) -> World:
    """The world with every stored file in the S3 bucket."""
    assert isinstance(s3_private_storage, PrivateS3Storage)
    return world


@pytest.fixture
def presigned_urls(monkeypatch) -> list[str]:
    """Every presigned URL the S3 storage issues during the test."""
    issued = []
    original = PrivateS3Storage.url

    def url(self, name, *args, **kwargs):
        issued.append(original(self, name, *args, **kwargs))
        return issued[-1]

    monkeypatch.setattr(PrivateS3Storage, "url", url)
    return issued


@pytest.fixture
def admin_access_only(db):
    """In the Wagtail admin, but allowed to see no nomination and no review screen."""
    user = UserFactory(is_staff=True, verified=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


# Local storage: the file itself ----------------------------------------------------------------


@pytest.mark.parametrize("name", list(DOWNLOADS))
def test_served_file_is_an_inert_attachment(client, world, name):
    download = DOWNLOADS[name]

    response = sign_in(client, world, download.role).get(download.path(world))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"
    # What a browser must get, written out: a file opened in a tab loads and runs nothing.
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    body = body_of(response)
    if download.content is not None:
        assert body == download.content
    elif name.endswith("PDF") or name == "certificate":
        assert response["Content-Type"] == "application/pdf"
        assert body.startswith(b"%PDF-")
    else:
        assert response["Content-Type"].startswith(("text/csv", "application/vnd.openxml"))


def test_served_file_policy_is_not_given_to_pages(client, world):
    """The download policy is for attachments only: pages keep the site's own."""
    response = sign_in(client, world, "owner").get(
        reverse("awards:review", args=(world.nomination.code,))
    )

    assert response.status_code == 200
    assert "sandbox" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


# S3: a presigned URL, after the permission check ---------------------------------------------


@pytest.mark.parametrize("name", STORED)
def test_served_file_s3_redirects_to_short_lived_presigned_url(
    client, s3_world, s3_server, presigned_urls, name
):
    download = DOWNLOADS[name]

    response = sign_in(client, s3_world, download.role).get(download.path(s3_world))

    assert response.status_code == 302
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    url = response["Location"]
    assert presigned_urls == [url]
    assert url.startswith(f"{s3_server.endpoint}/{s3_server.bucket}/private/")
    params = query(url)
    assert 0 < int(params["X-Amz-Expires"]) <= 300
    assert params["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert len(params["X-Amz-Signature"]) == 64
    assert params["response-content-disposition"].startswith("attachment; filename=")


@pytest.mark.parametrize("name", STORED)
def test_served_file_s3_presigned_url_gives_the_file_as_attachment(
    client, s3_world, presigned_urls, name
):
    download = DOWNLOADS[name]
    url = sign_in(client, s3_world, download.role).get(download.path(s3_world))["Location"]

    status, headers, body = fetch(url)

    assert status == 200
    assert body == download.content
    assert headers["Content-Disposition"].startswith("attachment; filename=")


@pytest.mark.parametrize("name", STORED)
def test_served_file_s3_url_without_signature_is_refused(client, s3_world, presigned_urls, name):
    download = DOWNLOADS[name]
    url = sign_in(client, s3_world, download.role).get(download.path(s3_world))["Location"]

    status, _, body = fetch(urlunsplit(urlsplit(url)._replace(query="")))

    assert status == 403
    assert download.content not in body
    assert SECRET_NOMINEE[1].encode() not in body


@pytest.mark.parametrize(
    ("name", "role", "status"),
    [
        ("nomination file", "other_nominator", 404),
        ("nomination file", "staff", 404),
        ("nomination file", "assigned_reviewer", 404),
        ("nomination file (staff)", "admin_access_only", 404),
        ("nomination file (staff)", "owner", 302),  # Wagtail: no admin access, sign in
        ("letter file (staff)", "admin_access_only", 404),
        ("letter file (staff)", "assigned_reviewer", 302),
        ("candidate file (reviewer)", "unassigned_reviewer", 404),
        ("candidate file (reviewer)", "conflicted_reviewer", 404),
        ("candidate file (reviewer)", "detected_reviewer", 404),
        ("candidate file (reviewer)", "owner", 404),
        ("candidate file (reviewer)", "staff", 404),
        ("committee packet", "admin_access_only", 302),  # Wagtail: permission denied
        ("committee packet", "assigned_reviewer", 302),
        ("committee packet", "anonymous", 302),
    ],
)
def test_served_file_s3_forbidden_user_gets_no_presigned_url(
    client, s3_world, s3_server, presigned_urls, admin_access_only, name, role, status
):
    s3_world.users["admin_access_only"] = admin_access_only
    download = DOWNLOADS[name]

    response = sign_in(client, s3_world, role).get(download.path(s3_world))

    assert response.status_code == status
    assert presigned_urls == []
    answer = "\n".join(f"{key}: {value}" for key, value in response.items())
    answer += "\n" + body_of(response).decode("utf-8", errors="replace")
    for trace in ("X-Amz-", s3_server.endpoint, s3_server.bucket, "127.0.0.1"):
        assert trace not in answer
    if status == 302:
        assert response["Location"].startswith(("/accounts/login/?next=", "/admin/"))


@pytest.mark.parametrize("name", STORED)
def test_served_file_s3_missing_file_gets_no_presigned_url(
    client, s3_world, s3_server, presigned_urls, name
):
    download = DOWNLOADS[name]
    client = sign_in(client, s3_world, download.role)
    s3_world.file.code = s3_world.letter.code = "nosuchcode00"
    s3_world.packet.pk = 987_654_321

    response = client.get(download.path(s3_world))

    assert response.status_code == 404
    assert presigned_urls == []
    assert s3_server.endpoint not in body_of(response).decode()
