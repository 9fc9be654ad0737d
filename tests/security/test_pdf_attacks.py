"""Hostile markup typed into a nomination cannot make a PDF read local files, reach the network
or carry attachments: the receipt, the reviewer's packet, the certificate and the committee
packet, rendered through the real views and tasks.

Two real loopback listeners record every request: `target` answers a stylesheet that would
write LEAK into the PDF, `redirector` answers 302 to `target`. The first test is the control:
plain WeasyPrint, unhardened, does fetch every one of these URLs and a (fake) passwd file, embeds
attachments and prints what it read, so the silent listeners, the absent attachments and the
missing "root:x:" in the later tests mean something.
"""

import http.server
import io
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.urls import reverse
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from portal.pdf import render_pdf
from portal.storage import private_storage
from review.domain.packets import request_committee_packet
from review.models import PacketJob
from tests.security.conftest import World, sign_in

LEAK = "LOOPBACK-LEAK-7c41"  # only in what the listeners answer
PASSWD = "root:x:"  # the first line of /etc/passwd
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@dataclass
class Listener:
    """An HTTP server on a free loopback port, in a thread, recording each request's path."""

    redirect_to: str | None = None
    requests: list[str] = field(default_factory=list)

    def start(self) -> "Listener":
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                listener.requests.append(self.path)
                if listener.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", listener.redirect_to)
                    self.end_headers()
                    return
                body = f'body::after {{ content: "{LEAK}" }}'.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Listeners:
    target: Listener
    redirector: Listener

    @property
    def requests(self) -> list[str]:
        return self.target.requests + self.redirector.requests


@pytest.fixture
def listeners(monkeypatch):
    # A proxy from the environment would carry requests past the listeners unrecorded.
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    target = Listener().start()
    redirector = Listener(redirect_to=f"{target.url}/redirected").start()
    yield Listeners(target, redirector)
    redirector.stop()
    target.stop()


def attacks(listeners: Listeners) -> dict[str, str]:
    """The hostile snippets, by the field of a nomination each is typed into (the nominee's
    fields fit their length limits on PostgreSQL)."""
    target, redirector = listeners.target.url, listeners.redirector.url
    return {
        "nominee_first_name": f'<img src="file:///etc/passwd"><img src="{redirector}/redirect">',
        "nominee_last_name": '<link rel="attachment" href="file:///etc/passwd">',
        "nominee_role": (
            f"<style>@import url({target}/x.css)</style>"
            f'<link rel="stylesheet" href="{target}/linked.css">'
        ),
    }


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def embedded_files(pdf: bytes) -> list[str]:
    """Where the PDF carries files: the catalog's /Names /EmbeddedFiles, file annotations."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    names = reader.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append("/Names /EmbeddedFiles")
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                found.append(f"page {number} /FileAttachment")
    return found


class ControlFetcher(URLFetcher):
    """WeasyPrint's own fetcher, unhardened (http, redirects, files), except that it refuses
    every file outside `folder`: the control reads a fake passwd, never a real file."""

    def __init__(self, folder: Path):
        super().__init__(allowed_protocols={"http", "file"})
        self.folder = folder

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not path.is_relative_to(self.folder):
                raise ValueError("The control reads no real file.")
        return super().fetch(url, headers)


def test_pdf_attacks_unhardened_weasyprint_fetches_them(listeners, tmp_path):
    """The control: the same kinds of URL, rendered by WeasyPrint without the hardened fetcher,
    so every check below is one that can fail."""
    fake_passwd = tmp_path / "passwd"
    fake_passwd.write_text("root:x:0:0:fake:/root:/bin/sh\n")
    fake_css = tmp_path / "passwd.css"
    fake_css.write_text('body::before { content: "root:x:0:0:fake" }')
    target = listeners.target.url
    markup = (
        f'<html><head><link rel="attachment" href="{target}/attached.txt">'
        f'<link rel="attachment" href="{fake_passwd.as_uri()}">'
        f'<link rel="stylesheet" href="{target}/linked.css">'
        f"<style>@import url({target}/x.css); @import url({fake_css.as_uri()});</style>"
        f'</head><body><p>Control</p><img src="file:///etc/passwd">'
        f'<img src="{listeners.redirector.url}/redirect">'
        f'<a rel="attachment" href="{target}/annotated.txt">annotated</a></body></html>'
    )

    pdf = HTML(string=markup, url_fetcher=ControlFetcher(tmp_path)).write_pdf()

    assert sorted(listeners.target.requests) == [
        "/annotated.txt",
        "/attached.txt",
        "/linked.css",
        "/redirected",
        "/x.css",
    ]
    assert listeners.redirector.requests == ["/redirect"]
    text = pdf_text(pdf)
    assert LEAK in text
    assert "root:x:0:0:fake" in text
    assert embedded_files(pdf) == ["/Names /EmbeddedFiles", "page 1 /FileAttachment"]
    attached = [data for files in PdfReader(io.BytesIO(pdf)).attachments.values() for data in files]
    assert fake_passwd.read_bytes() in attached


def test_pdf_attacks_render_pdf_refuses_them_in_raw_markup(listeners):
    """The hardened renderer alone, with the snippets as live markup (not escaped)."""
    target = listeners.target.url
    markup = (
        "<html><head>"
        + "".join(attacks(listeners).values())
        + f'</head><body><p>Raw</p><a rel="attachment" href="file:///etc/passwd">a</a>'
        f'<a rel="attachment" href="{target}/annotated.txt">b</a></body></html>'
    )

    pdf = render_pdf(markup)

    assert listeners.requests == []
    text = pdf_text(pdf)
    assert "Raw" in text
    assert PASSWD not in text
    assert LEAK not in text
    assert embedded_files(pdf) == []


def receipt(client, world: World, capture_on_commit) -> bytes:
    response = sign_in(client, world, "owner").get(
        reverse("awards:receipt", args=(world.nomination.code,))
    )
    assert response.status_code == 200
    return response.content


def reviewer_packet(client, world: World, capture_on_commit) -> bytes:
    response = sign_in(client, world, "assigned_reviewer").get(
        reverse("review:packet", args=(world.dossier.code,))
    )
    assert response.status_code == 200
    return response.content


def certificate(client, world: World, capture_on_commit) -> bytes:
    response = sign_in(client, world, "staff").get(
        reverse("review_admin:certificate", args=(world.decision.pk,))
    )
    assert response.status_code == 200
    return response.content


def committee_packet(client, world: World, capture_on_commit) -> bytes:
    with capture_on_commit(execute=True):  # the packet is built by a task after commit
        job = request_committee_packet(world.cycle, world.users["staff"])
    job.refresh_from_db()
    assert job.status == PacketJob.Status.DONE
    with private_storage().open(job.storage_key, "rb") as stored:
        return stored.read()


@pytest.mark.parametrize("render", [receipt, reviewer_packet, certificate, committee_packet])
def test_pdf_attacks_in_a_nomination_fetch_nothing_and_show_as_text(
    client, build_world, listeners, django_capture_on_commit_callbacks, render
):
    snippets = attacks(listeners)
    essay = "".join(snippets.values())
    world = build_world(answers={"impact": essay}, **snippets)

    pdf = render(client, world, django_capture_on_commit_callbacks)

    assert listeners.requests == []
    assert embedded_files(pdf) == []
    text = pdf_text(pdf)
    assert PASSWD not in text
    assert LEAK not in text
    # Escaped, every snippet is printed as the text that was typed.
    for snippet in snippets.values():
        assert squashed(snippet) in squashed(text)
