"""PDF rendering with WeasyPrint, fetching nothing it was not meant to.

Nominations carry text typed by the public. Rendered into a PDF, a `<img src="file:///etc/passwd">`,
a `<link rel="attachment">`, a CSS `@import` of an internal URL or a redirect could read local
files or reach internal services. The hardened fetcher answers only `data:` URIs and the portal's
own assets under `portal/static/pdf/` (as `asset:NAME`); every other URL fails quietly and the
PDF renders without it.
"""

import logging
import mimetypes
import re
import ssl
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

PDF_ASSET_DIR = Path(__file__).resolve().parent / "static" / "pdf"
ASSET_SCHEME = "asset"


# The fetcher never opens a connection (only `data:` and asset URLs are read), but urllib builds
# an HTTPS handler for each fetcher and, given no context, loads the system's certificates every
# time: a tenth of a long packet's render. One context, trusting no certificate, serves them all.
NO_NETWORK_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class HardenedURLFetcher(URLFetcher):
    """A WeasyPrint fetcher that reads only `data:` URIs and the portal's PDF assets."""

    allowed_schemes = frozenset({"data", ASSET_SCHEME})

    def __init__(self, **kwargs):
        super().__init__(
            timeout=2,
            ssl_context=NO_NETWORK_TLS,
            allowed_protocols=self.allowed_schemes,
            allow_redirects=False,
            fail_on_errors=False,
        )

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == ASSET_SCHEME:
            return self._asset(url)
        if scheme == "data":
            return super().fetch(url, headers)
        # Log the scheme only: the URL itself may carry personal data.
        logger.info("PDF rendering refused a %s: URL", scheme[:10])
        raise ValueError("URL refused by the PDF renderer")

    def _asset(self, url):
        name = url.split(":", 1)[1].lstrip("/")
        path = (PDF_ASSET_DIR / name).resolve()
        if not path.is_relative_to(PDF_ASSET_DIR) or not path.is_file():
            raise ValueError("Unknown PDF asset")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def get_url_fetcher() -> HardenedURLFetcher:
    return import_string(settings.PDF_URL_FETCHER)()


def page_numbers_css() -> str:
    """The page footer ("Page 2 of 3") in the active language, as CSS generated content."""
    # Translators: the footer of every PDF page; keep both placeholders.
    text = _("Page %(page)s of %(pages)s")
    pieces = []
    for part in re.split(r"(%\(page\)s|%\(pages\)s)", text):
        if part == "%(page)s":
            pieces.append("counter(page)")
        elif part == "%(pages)s":
            pieces.append("counter(pages)")
        elif part:
            pieces.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    content = " ".join(pieces)
    return f"@page {{ @bottom-right {{ content: {content}; }} }}"


# Every PDF is tagged (PDF/UA-1): screen readers follow its structure, in the language of the
# document's `<html lang>`.
PDF_OPTIONS = {"attachments": [], "pdf_variant": "pdf/ua-1"}


def render_document(html: str, stylesheets: tuple[str, ...] = ("base.css",)) -> Document:
    """Lay out trusted template output `html` into pages, not yet written (see
    `write_documents`).

    `stylesheets` are file names under portal/static/pdf/. The same hardened fetcher serves the
    document and every stylesheet; no base URL is given, so relative URLs resolve to nothing.
    Fonts: Noto covers the Latin (Spanish, Somali, Vietnamese) and Chinese scripts.
    """
    fetcher = get_url_fetcher()
    document = HTML(string=html, url_fetcher=fetcher, base_url=None)
    css = [CSS(url=f"{ASSET_SCHEME}:{name}", url_fetcher=fetcher) for name in stylesheets]
    if "base.css" in stylesheets:
        css.append(CSS(string=page_numbers_css(), url_fetcher=fetcher))
    return document.render(stylesheets=css, **PDF_OPTIONS)


def write_documents(documents: list[Document]) -> bytes:
    """The pages of `documents`, one after another, as one tagged PDF (its metadata, title
    included, from the first). Each keeps its own language, fonts and page footers."""
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf(**PDF_OPTIONS)


def render_pdf(html: str, stylesheets: tuple[str, ...] = ("base.css",)) -> bytes:
    """Render trusted template output `html` to a tagged PDF (see `render_document`)."""
    return write_documents([render_document(html, stylesheets)])
