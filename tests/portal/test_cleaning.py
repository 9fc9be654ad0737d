"""Clean copies of uploaded files (`portal.cleaning`): what stays, besides what goes, which the
upload tests show on every path a file arrives by."""

import io
import zipfile

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from portal.cleaning import CleaningFailed, clean_docx, clean_file, clean_image, clean_pdf
from tests.awards.fixtures.files import AUTHOR, docx_bytes, docx_naming_its_author, pdf_bytes
from tests.awards.fixtures.revealed import docx_findings, image_findings, pdf_findings


def two_pages_with_links() -> bytes:
    """Two pages; the first links to the second (moving within the document) and to a web
    address."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_blank_page(width=200, height=200)
    second = writer.pages[1].indirect_reference
    for rect, action in (
        (
            [0, 0, 50, 50],
            {"/S": NameObject("/GoTo"), "/D": ArrayObject([second, NameObject("/Fit")])},
        ),
        (
            [60, 0, 110, 50],
            {"/S": NameObject("/URI"), "/URI": TextStringObject("https://example.org/")},
        ),
    ):
        writer.add_annotation(
            0,
            {
                "/Type": NameObject("/Annot"),
                "/Subtype": NameObject("/Link"),
                "/Rect": ArrayObject(NumberObject(n) for n in rect),
                "/A": DictionaryObject({NameObject(k): v for k, v in action.items()}),
            },
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_clean_pdf_keeps_links_within_the_document_and_drops_those_leaving_it():
    reader = PdfReader(io.BytesIO(clean_pdf(two_pages_with_links())))

    actions = [annotation.get_object().get("/A") for annotation in reader.pages[0]["/Annots"]]
    assert len(reader.pages) == 2
    assert [action["/S"] if action else None for action in actions] == ["/GoTo", None]
    assert actions[0]["/D"][0].get_object() == reader.pages[1]


def test_clean_image_keeps_a_palette_pngs_transparency():
    image = Image.new("P", (4, 4), 1)
    image.putpalette([0, 0, 0, 255, 255, 255])
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=1)

    with Image.open(io.BytesIO(clean_image(buffer.getvalue()))) as cleaned:
        assert (cleaned.mode, cleaned.info.get("transparency")) == ("P", 1)


def test_clean_docx_finds_properties_wherever_the_package_relationships_put_them():
    package = io.BytesIO(docx_naming_its_author())
    moved = io.BytesIO()
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(moved, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "_rels/.rels":
                content = content.replace(b"docProps/core.xml", b"meta/who.xml")
            target.writestr("meta/who.xml" if name == "docProps/core.xml" else name, content)

    cleaned = clean_docx(moved.getvalue())

    assert [f for f in docx_findings(cleaned, AUTHOR) if "meta/who.xml" in f] == []
    with zipfile.ZipFile(io.BytesIO(cleaned)) as result:
        assert result.namelist() == zipfile.ZipFile(moved).namelist()


def test_clean_docx_cleans_the_pictures_in_the_document():
    cleaned = clean_docx(docx_naming_its_author())

    with zipfile.ZipFile(io.BytesIO(cleaned)) as package:
        picture = package.read("word/media/image1.jpeg")
    assert image_findings(picture, AUTHOR) == []
    with Image.open(io.BytesIO(picture)) as image:
        assert (image.format, image.size) == ("JPEG", (20, 40))


def test_clean_image_over_40_megapixels_is_not_decoded():
    buffer = io.BytesIO()
    Image.new("1", (8_000, 5_001)).save(buffer, "PNG")

    with pytest.raises(CleaningFailed):
        clean_image(buffer.getvalue())


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"%PDF-1.7\n" + bytes(range(256)), "application/pdf"),
        (b"\x89PNG\r\n\x1a\nnot an image", "image/png"),
        (
            b"PK\x03\x04 not a zip",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
    ids=["pdf", "png", "docx"],
)
def test_clean_file_that_cannot_be_read_raises_cleaning_failed(data, content_type):
    with pytest.raises(CleaningFailed):
        clean_file(data, content_type)


def test_clean_copy_of_a_file_with_nothing_to_remove_reports_nothing():
    assert pdf_findings(clean_pdf(pdf_bytes()), AUTHOR) == []
    assert docx_findings(clean_docx(docx_bytes()), AUTHOR) == []
