"""The letter file size cap, written from the rule: a letter writer's file may be at most 10 MB
(10 x 1024 x 1024 bytes). A larger file is refused in plain words, nothing is stored, the letter
stays open, and what the writer typed is still on the page to send again."""

import html
from html.parser import HTMLParser

import pytest
from django.core import mail

from awards.domain.letters import request_letter, submit_letter
from awards.domain.uploads import UploadRejected
from awards.models import LetterRequest
from awards.tokens import letter_token
from tests.awards.conftest import exactly
from tests.awards.fixtures.files import pdf_bytes, upload

# The rule, stated here rather than read from the code under test.
LETTER_CAP_BYTES = 10 * 1024 * 1024
REFUSAL = "This file is larger than 10 MB."
TYPED_TEXT = "Ms Rivera turned our robotics club into the reason my son comes to school."


def pdf_of_size(size: int) -> bytes:
    """A real PDF padded with a trailing comment to exactly `size` bytes."""
    data = pdf_bytes()
    return data + b"\n%" + b"x" * (size - len(data) - 3) + b"\n"


class _TextareaReader(HTMLParser):
    def __init__(self, name: str):
        super().__init__()
        self.name, self.inside, self.text = name, False, []

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "textarea" and dict(attrs).get("name") == self.name

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.text.append(data)


def textarea_text(page: str, name: str) -> str:
    """What the browser shows in the page's textarea `name` (entities decoded)."""
    reader = _TextareaReader(name)
    reader.feed(page)
    return "".join(reader.text)


def stored_files(root) -> list[str]:
    if not root.exists():
        return []
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


@pytest.fixture
def letter(draft, user, questions, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        asked = request_letter(
            draft, user, questions["support"].snapshot(), "Dana Writer", "dana@example.org"
        )
    mail.outbox.clear()
    return asked


@pytest.fixture
def private_root(isolated_file_storage):
    return isolated_file_storage["private"]


def test_letter_file_at_the_10_mb_cap_is_accepted(letter, private_root):
    data = pdf_of_size(LETTER_CAP_BYTES)
    assert len(data) == LETTER_CAP_BYTES

    submit_letter(letter, text="", upload=upload("letter.pdf", data))

    letter.refresh_from_db()
    assert letter.status == LetterRequest.Status.RECEIVED
    assert letter.letter_file_key in stored_files(private_root)


def test_letter_file_one_byte_over_the_10_mb_cap_is_refused_and_nothing_is_kept(
    letter, private_root
):
    data = pdf_of_size(LETTER_CAP_BYTES + 1)

    with pytest.raises(UploadRejected, match=exactly(REFUSAL)):
        submit_letter(letter, text=TYPED_TEXT, upload=upload("letter.pdf", data))

    letter.refresh_from_db()
    assert letter.status == LetterRequest.Status.REQUESTED
    assert (letter.letter_text, letter.letter_file_key, letter.letter_file_name) == ("", "", "")
    assert stored_files(private_root) == []


def test_letter_page_over_the_cap_shows_the_refusal_and_keeps_the_typed_text(
    client, letter, private_root
):
    page = f"/letters/{letter_token(letter)}/"
    too_big = upload("letter.pdf", pdf_of_size(LETTER_CAP_BYTES + 1))

    response = client.post(page, {"letter_text": TYPED_TEXT, "letter_file": too_big})

    body = response.content.decode()
    assert response.status_code == 422
    assert REFUSAL in html.unescape(body)
    assert textarea_text(body, "letter_text").strip() == TYPED_TEXT
    letter.refresh_from_db()
    assert letter.status == LetterRequest.Status.REQUESTED
    assert stored_files(private_root) == []
