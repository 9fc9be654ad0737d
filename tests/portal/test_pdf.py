import http.server
import io
import threading

import pytest
from django.core.checks import Error
from django.test import override_settings
from pypdf import PdfReader

from portal.checks import check_pdf_url_fetcher
from portal.pdf import HardenedURLFetcher, render_pdf


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        RecordingHandler.requests.append(self.path)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        body = b"body { color: red } /* LEAKED-FROM-LOOPBACK */"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    RecordingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_render_pdf_hostile_answers_fetch_nothing(loopback_server):
    hostile = f"""
    <html><head>
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="stylesheet" href="{loopback_server}/linked.css">
      <style>@import url("{loopback_server}/imported.css");</style>
    </head><body>
      <h1>Nomination for Alex Example</h1>
      <img src="file:///etc/passwd" alt="">
      <img src="{loopback_server}/redirect" alt="">
      <img src="/etc/hostname" alt="">
      <a rel="attachment" href="file:///etc/passwd">attached</a>
    </body></html>
    """
    pdf = render_pdf(hostile)
    reader = PdfReader(io.BytesIO(pdf))
    text = pdf_text(pdf)

    assert "Nomination for Alex Example" in text
    assert "root:" not in text
    assert "LEAKED-FROM-LOOPBACK" not in text
    assert RecordingHandler.requests == []
    assert reader.attachments == {}


def test_render_pdf_loopback_server_answers_when_asked_directly(loopback_server):
    # Proves the listener used above does record requests, so its silence there means something.
    import urllib.request

    with urllib.request.urlopen(f"{loopback_server}/probe.css") as response:  # noqa: S310
        assert b"LEAKED-FROM-LOOPBACK" in response.read()
    assert RecordingHandler.requests == ["/probe.css"]


def test_hardened_fetcher_serves_own_assets_only():
    fetcher = HardenedURLFetcher()
    response = fetcher.fetch("asset:base.css")
    assert b"@page" in response.read()
    for url in (
        "asset:../pdf.py",
        "asset:../../settings/base.py",
        "file:///etc/passwd",
        "http://127.0.0.1:1/",
        "https://example.org/",
        "ftp://127.0.0.1/",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_hardened_fetcher_reads_data_uri():
    response = HardenedURLFetcher().fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"


def test_check_pdf_url_fetcher_default_passes():
    assert check_pdf_url_fetcher() == []


@pytest.mark.parametrize(
    "fetcher_path", ["weasyprint.urls.URLFetcher", "portal.pdf.render_pdf", "no.such.Fetcher"]
)
def test_check_pdf_url_fetcher_other_fetcher_fails(fetcher_path):
    with override_settings(PDF_URL_FETCHER=fetcher_path):
        errors = check_pdf_url_fetcher()
    assert [error.id for error in errors] == ["portal.E008"]
    assert isinstance(errors[0], Error)
