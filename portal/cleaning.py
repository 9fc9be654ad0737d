"""Clean copies of uploaded files: what reviewers read, without what the file says about who made
it or what it would run.

Blind review hides the nominee's and nominator's names on every page, but a file carries its own:
a PDF's Info dictionary and XMP packet (author, title, the software's user name), a photo's EXIF
(camera owner, GPS position), a Word document's core, app and custom properties (creator, last
editor, company). A PDF can also hold JavaScript and actions that run or reach out when it is
opened. Each function here takes bytes that already passed the upload checks and returns a clean
copy of the same type; the original is kept apart for staff.

- PDF: the pages are copied into a new document. What hangs off the document catalog (Info, XMP,
  the open action, document actions, the JavaScript and embedded-file name trees, forms, outlines)
  stays behind; on the pages, actions other than moving within the document, additional actions,
  XMP and application data are removed, attachment and media annotations dropped, and the author
  field of comments cleared.
- Images: decoded, turned upright as their EXIF orientation says, and encoded again with nothing
  but their pixels, their colour profile and their transparency.
- Word: `docProps` core, app and custom properties replaced by empty ones, and the pictures in
  the document (a phone photo keeps its EXIF inside Word) cleaned as images are; every other part
  is copied unchanged.
"""

import io
import zipfile
from xml.etree import ElementTree

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# PDF keys removed wherever they appear on a page or below it: actions run on events, JavaScript,
# XMP packets, applications' private data, action chains, and article threads (titled and
# authored). /OpenAction and the catalog's /AA and /Names are never copied at all.
PDF_DROPPED_KEYS = frozenset(
    {"/AA", "/OpenAction", "/JS", "/JavaScript", "/Metadata", "/PieceInfo", "/Next"}
)
# Actions that only move within the document; any other (/JavaScript, /Launch, /URI, /SubmitForm,
# /ImportData, /GoToR, /GoToE, /Rendition, ...) runs something or reaches outside it.
PDF_SAFE_ACTIONS = frozenset({"/GoTo", "/Named"})
# Annotations that carry a file or play media.
PDF_DROPPED_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
)

# Decoding an image costs memory in proportion to its pixels, whatever its size on disk: 40
# megapixels (a 7,700 x 5,200 photo, ~160 MB decoded) is more than any nomination needs.
MAX_IMAGE_PIXELS = 40_000_000
# What an image keeps besides its pixels: neither says who took it or where.
KEPT_IMAGE_INFO = ("icc_profile", "transparency")
IMAGE_SAVE_OPTIONS = {"JPEG": {"quality": 90}, "PNG": {}}

# Pictures in a Word document, by their first bytes: the formats that carry EXIF or text chunks.
DOCX_MEDIA_FOLDER = "word/media/"
PICTURE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
PACKAGE_RELATIONSHIPS = "_rels/.rels"
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Relationship types (by their last segments, the same in transitional and strict OOXML) of the
# property parts, and the empty part each is replaced with.
EMPTY_PROPERTIES = {
    "/metadata/core-properties": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
    ),
    "/extended-properties": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'docPropsVTypes"/>'
    ),
    "/custom-properties": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'docPropsVTypes"/>'
    ),
}
# Where Word puts them; replaced even when the package relationships do not point at them.
CONVENTIONAL_PROPERTY_PARTS = {
    "docProps/core.xml": "/metadata/core-properties",
    "docProps/app.xml": "/extended-properties",
    "docProps/custom.xml": "/custom-properties",
}


class CleaningFailed(Exception):
    """The file could not be read well enough to make a clean copy."""


def clean_file(data: bytes, content_type: str) -> bytes:
    """A copy of `data` (a checked file of `content_type`) without identifying metadata or
    active content. Raises CleaningFailed."""
    cleaners = {PDF: clean_pdf, PNG: clean_image, JPEG: clean_image, DOCX: clean_docx}
    return cleaners[content_type](data)


# PDF


def clean_pdf(data: bytes) -> bytes:
    """The PDF's pages in a new document, without metadata, JavaScript or actions."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        writer = PdfWriter()
        for page in reader.pages:
            # Scrubbed where it is read, before copying: whatever is cut off is then never
            # copied, not left in the new file as an unreferenced object.
            scrub_pdf_objects(page)
            writer.add_page(page)
        writer.metadata = None
        output = io.BytesIO()
        writer.write(output)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise CleaningFailed from exc
    return output.getvalue()


def scrub_pdf_objects(start) -> None:
    """Remove actions, JavaScript, XMP and application data from `start` (a PDF object, such as
    a page) and from everything it reaches, in place. See the module's docstring."""
    seen: set[int] = set()
    pending = [start]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            item = item.get_object()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, DictionaryObject):  # streams too: StreamObject is one
            _scrub_dictionary(item)
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)


def _scrub_dictionary(item: DictionaryObject) -> None:
    for key in PDF_DROPPED_KEYS.intersection(item.keys()):
        del item[key]
    action = item.get("/A")
    if isinstance(action, DictionaryObject) and action.get("/S") not in PDF_SAFE_ACTIONS:
        del item["/A"]
    annotations = item.get("/Annots")
    if isinstance(annotations, ArrayObject):
        item[NameObject("/Annots")] = ArrayObject(
            annotation
            for annotation in annotations
            if not (
                isinstance(annotation.get_object(), DictionaryObject)
                and annotation.get_object().get("/Subtype") in PDF_DROPPED_ANNOTATIONS
            )
        )
    if item.get("/Type") == "/Page" and "/B" in item:
        del item["/B"]
    subtype = item.get("/Subtype")
    if "/Rect" in item and subtype not in (None, "/Widget") and "/T" in item:
        # On a comment or mark-up, /T is the name of whoever wrote it (on a form field, its name).
        del item["/T"]


# Images


def clean_image(data: bytes) -> bytes:
    """The image upright, re-encoded in its own format with its pixels, colour profile and
    transparency only: no EXIF (camera, owner, GPS), XMP, comments or text chunks. An image over
    MAX_IMAGE_PIXELS is not decoded: CleaningFailed."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise CleaningFailed("too many pixels")
            image_format = image.format
            kept = {key: image.info[key] for key in KEPT_IMAGE_INFO if key in image.info}
            upright = ImageOps.exif_transpose(image)
        # The copy inherits the original's info (EXIF, XMP, comments), which the encoders
        # would write back.
        upright.info = {}
        output = io.BytesIO()
        upright.save(output, image_format, **kept, **IMAGE_SAVE_OPTIONS[image_format])
    except (OSError, ValueError, KeyError, SyntaxError, Image.DecompressionBombError) as exc:
        raise CleaningFailed from exc
    return output.getvalue()


# Word


def clean_docx(data: bytes) -> bytes:
    """The package with its core, app and custom properties emptied and its pictures cleaned;
    other parts unchanged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            replaced = _property_parts(package)
            output = io.BytesIO()
            with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as cleaned:
                for entry in package.infolist():
                    kind = replaced.get(entry.filename)
                    content = EMPTY_PROPERTIES[kind] if kind else package.read(entry)
                    if entry.filename.startswith(DOCX_MEDIA_FOLDER) and content.startswith(
                        PICTURE_SIGNATURES
                    ):
                        content = clean_image(content)
                    cleaned.writestr(entry.filename, content, zipfile.ZIP_DEFLATED)
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, KeyError, ValueError) as exc:
        raise CleaningFailed from exc
    return output.getvalue()


def _property_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> property kind, for each property part the package holds."""
    names = set(package.namelist())
    found = {name: kind for name, kind in CONVENTIONAL_PROPERTY_PARTS.items() if name in names}
    if PACKAGE_RELATIONSHIPS in names:
        # The standard library's expat fetches no external entities and, from 2.4.1 (Python 3.12
        # ships 2.5), limits entity expansion: hostile XML costs no more than its size.
        relationships = ElementTree.fromstring(package.read(PACKAGE_RELATIONSHIPS))  # noqa: S314
        for relationship in relationships.iter(f"{RELATIONSHIPS_NS}Relationship"):
            kind = next(
                (k for k in EMPTY_PROPERTIES if relationship.get("Type", "").endswith(k)), None
            )
            target = relationship.get("Target", "").lstrip("/")
            if kind and target in names:
                found[target] = kind
    return found
