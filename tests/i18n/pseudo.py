"""A pseudo language for tests: every message that goes through gettext comes out transformed
(accented and bracketed), so a page rendered in it shows at a glance any word that did not go
through the catalogue: English left in a template or in Python.

It also records every message asked for, so a test can check that each one is in the project's
catalogues (or in a catalogue Django or a library ships for that language)."""

import re
from gettext import NullTranslations

from django.utils.translation import trans_real

CODE = "qps"
OPEN, CLOSE = "⟪", "⟫"
# Letters swapped for look-alikes, so a transformed word is still readable in a failure.
ACCENTS = str.maketrans("aeiouAEIOUcnyCNY", "áéíóúÁÉÍÓÚçñýÇÑÝ")
# What must survive the transformation: placeholders, HTML tags and entities.
PROTECTED = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[^}]*\}|<[^>]+>|&[#\w]+;")
# Format strings (dates, times) are instructions to a formatter, not words.
FORMAT_CONTEXTS = ("date format", "time format")


def transform(message: str) -> str:
    pieces, last = [], 0
    for match in PROTECTED.finditer(message):
        pieces.append(message[last : match.start()].translate(ACCENTS))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(message[last:].translate(ACCENTS))
    return OPEN + "".join(pieces) + CLOSE


class PseudoTranslation(NullTranslations):
    def __init__(self):
        super().__init__()
        self.asked: set[str] = set()
        self.plural = lambda n: int(n != 1)

    def gettext(self, message):
        context, separator, text = message.partition(trans_real.CONTEXT_SEPARATOR)
        if not separator:
            text, context = message, ""
        self.asked.add(message)
        if context in FORMAT_CONTEXTS:
            return text
        return transform(text)

    def ngettext(self, singular, plural, n):
        self.asked.add(singular)
        chosen = singular if n == 1 else plural
        _context, separator, text = chosen.partition(trans_real.CONTEXT_SEPARATOR)
        return transform(text if separator else chosen)

    def language(self):
        return CODE

    def to_language(self):
        return CODE
