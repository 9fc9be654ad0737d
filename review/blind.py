"""Blind review: which identity fields a cycle hides from its reviewers, and text with hidden
e-mail addresses taken out.

Hiding a field means more than leaving its own box empty: an e-mail address also reaches a
reviewer when a nominator types it into an essay, a relationship or a letter, and a nominator
known only by their address is printed as that address. So with e-mail addresses hidden, every
text a reviewer reads passes through `BlindReview.text`, which removes the addresses the portal
knows (nominee, nominator, guardian, letter writers) and anything else shaped like an address.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class BlindReview:
    """What one cycle hides from reviewers, and the addresses known to belong to a candidate."""

    fields: frozenset[str]
    known_emails: tuple[str, ...] = ()

    @classmethod
    def of(cls, review_settings, known_emails: Iterable[str] = ()) -> "BlindReview":
        known = {email.strip().lower() for email in known_emails if email and email.strip()}
        # Longest first, so an address is never left half-replaced by a shorter one inside it.
        return cls(
            frozenset(review_settings.blind_fields or []),
            tuple(sorted(known, key=len, reverse=True)),
        )

    def __bool__(self) -> bool:
        return bool(self.fields)

    def __contains__(self, field: str) -> bool:
        return field in self.fields

    @property
    def hides_emails(self) -> bool:
        return EMAILS in self.fields

    def text(self, value) -> str:
        """`value` as a reviewer may read it: with e-mail addresses withheld where hidden."""
        text = "" if value is None else str(value)
        if not self.hides_emails or not text:
            return text
        for email in self.known_emails:
            text = re.sub(re.escape(email), WITHHELD, text, flags=re.IGNORECASE)
        return ADDRESS.sub(WITHHELD, text)
