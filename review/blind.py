"""Blind review: which identity fields a cycle hides from its reviewers, and text with what
they hide taken out.

Hiding a field means more than leaving its own box empty: an e-mail address or a name also
reaches a reviewer when a nominator types it into an essay, a relationship or a letter, when a
letter writer signs their letter, or when another reviewer names the nominee in a comment; and
a nominator known only by their address is printed as that address. So every text a reviewer
reads passes through `BlindReview.text`, which removes

- with e-mail addresses hidden: the addresses the portal knows (nominee, nominator, guardian,
  letter writers) and anything else shaped like an address;
- with names hidden: every name the portal knows, as a whole word in any letter case and with
  or without its accents (given name, family name, full name, each part of a hyphenated name),
  replaced by who they are: [nominee] (and [guardian], the nominee's parent), [nominator],
  [letter writer];
- with the school hidden: its name (and the name without "School", "Academy" and the like),
  replaced by [school].

Whole words only: a nominee called Wu leaves "would" alone. The reviewer is told when anything
was replaced (`BlindReview.note`).
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _

NOMINEE_NAME = "nominee_name"
NOMINATOR_NAME = "nominator_name"  # nominators' and letter writers' names
EMAILS = "emails"
SCHOOL = "school"
IDENTITY_FIELDS = (NOMINEE_NAME, NOMINATOR_NAME, EMAILS, SCHOOL)


def every_identity_field() -> list[str]:
    """What a new cycle hides: everything. Staff untick a field deliberately."""
    return list(IDENTITY_FIELDS)


WITHHELD = "[e-mail address withheld]"
# Loose on purpose: a false match costs a reviewer a few characters of an essay; a missed
# address is a leak.
ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


NOMINEE = "[nominee]"
GUARDIAN = "[guardian]"
NOMINATOR = "[nominator]"
LETTER_WRITER = "[letter writer]"
SCHOOL_NAME = "[school]"
# Which replacements each hidden field brings, in the order a name known in two roles takes.
TOKENS_HIDDEN_BY = {
    NOMINEE_NAME: (NOMINEE, GUARDIAN),
    NOMINATOR_NAME: (NOMINATOR, LETTER_WRITER),
    SCHOOL: (SCHOOL_NAME,),
}
PRIORITY = (NOMINEE, GUARDIAN, NOMINATOR, LETTER_WRITER, SCHOOL_NAME)
# Trailing words a school is also known without ("Lincoln High School" is "Lincoln").
SCHOOL_WORDS = frozenset(
    {
        "school",
        "high",
        "middle",
        "elementary",
        "primary",
        "secondary",
        "junior",
        "senior",
        "academy",
        "college",
        "charter",
        "magnet",
        "preparatory",
        "prep",
        "institute",
        "center",
        "centre",
        "k-8",
        "k-12",
    }
)
APOSTROPHES = "\u2019\u2018\u02bc\u0060\u00b4"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character for one: without its accents, apostrophes and dashes made plain, so a
    match in the folded text is a match at the same place in the original."""
    if char in APOSTROPHES:
        return "'"
    if char in DASHES:
        return "-"
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and all(unicodedata.combining(mark) for mark in decomposed[1:]):
        return decomposed[0]
    return char


def _fold(text: str) -> str:
    return "".join(_fold_char(char) for char in text)


def _key(name: str) -> str:
    return " ".join(_fold(name).split()).lower()


def _words(name: str) -> list[str]:
    return [word.strip(".,;:()[]\"'") for word in name.split()]


def name_variants(name: str, token: str) -> set[str]:
    """How a name may appear in text: whole, each word, each part of a hyphenated word; for a
    school, whole and without its trailing generic words. Initials are left out."""
    name = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not name:
        return set()
    variants = {name}
    words = _words(name)
    if token == SCHOOL_NAME:
        while words and (words[-1].lower() in SCHOOL_WORDS or words[-1].isdigit()):
            words.pop()
        stem = " ".join(words)
        if len(stem) >= 4 and stem != name:
            variants.add(stem)
    else:
        for word in words:
            variants.add(word)
            variants.update(word.split("-"))
    return {variant for variant in variants if sum(c.isalpha() for c in variant) >= 2}


@dataclass(frozen=True)
class BlindReview:
    """What one cycle hides from reviewers, and the addresses and names known to belong to a
    candidate's people."""

    fields: frozenset[str]
    known_emails: tuple[str, ...] = ()
    # Folded, lower-case name -> what it is replaced by; only names of hidden fields.
    names: tuple[tuple[str, str], ...] = ()
    pattern: re.Pattern | None = None
    replaced: set[str] = field(default_factory=set, compare=False)  # tokens used so far

    @classmethod
    def of(
        cls,
        review_settings,
        known_emails: Iterable[str] = (),
        known_names: Iterable[tuple[str, str]] = (),
    ) -> "BlindReview":
        """`known_names` pairs a replacement (NOMINEE, GUARDIAN, NOMINATOR, LETTER_WRITER,
        SCHOOL_NAME) with a name as the portal holds it."""
        fields = frozenset(review_settings.blind_fields or [])
        known = {email.strip().lower() for email in known_emails if email and email.strip()}
        hidden = {token for name in fields for token in TOKENS_HIDDEN_BY.get(name, ())}
        token_of: dict[str, str] = {}
        for token, name in sorted(known_names, key=lambda pair: PRIORITY.index(pair[0])):
            if token in hidden:
                for variant in name_variants(name, token):
                    token_of.setdefault(_key(variant), token)
        pattern = None
        if token_of:
            # Longest first: a full name goes before the given name inside it. Any run of
            # spaces between words; a whole word only (no letter or digit either side).
            alternatives = [
                r"\s+".join(re.escape(word) for word in key.split())
                for key in sorted(token_of, key=len, reverse=True)
            ]
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
        # Longest first, so an address is never left half-replaced by a shorter one inside it.
        return cls(
            fields,
            tuple(sorted(known, key=len, reverse=True)),
            tuple(token_of.items()),
            pattern,
        )

    def __bool__(self) -> bool:
        return bool(self.fields)

    def __contains__(self, hidden: str) -> bool:
        return hidden in self.fields

    @property
    def hides_emails(self) -> bool:
        return EMAILS in self.fields

    def text(self, value) -> str:
        """`value` as a reviewer may read it: hidden addresses withheld, hidden names replaced."""
        text = "" if value is None else str(value)
        if not text:
            return text
        if self.hides_emails:
            for email in self.known_emails:
                text = re.sub(re.escape(email), WITHHELD, text, flags=re.IGNORECASE)
            text = ADDRESS.sub(WITHHELD, text)
        if self.pattern is not None:
            text = self._replace_names(unicodedata.normalize("NFC", text))
        return text

    def _replace_names(self, text: str) -> str:
        token_of = dict(self.names)
        pieces, end = [], 0
        for match in self.pattern.finditer(_fold(text)):
            token = token_of[" ".join(match.group(0).split()).lower()]
            pieces += [text[end : match.start()], token]
            end = match.end()
            self.replaced.add(token)
        return "".join(pieces) + text[end:] if pieces else text

    @property
    def note(self) -> str:
        """What to tell the reviewer when names were replaced in what they read ("" if not)."""
        if not self.replaced:
            return ""
        used = [token for token in PRIORITY if token in self.replaced]
        # Translators: %(tokens)s lists the stand-ins, such as "[nominee], [school]", as they are.
        return _(
            "Names in the text are replaced for blind review: %(tokens)s stand for the people "
            "concerned and the school."
        ) % {"tokens": ", ".join(used)}
