"""A pseudo language for tests: every message that goes through gettext comes out transformed
(accented and bracketed), so a page rendered in it shows at a glance any word that did not go
through the catalogue: English left in a template or in Python.

It also records every message asked for, so a test can check that each one is in the project's
catalogues (or in a catalogue Django or a library ships for that language)."""

import re
from gettext import NullTranslations
from pathlib import Path

import polib
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils.translation import to_locale, trans_real

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


DATA = re.compile(r"«[^»]*»")
PSEUDO = re.compile(re.escape(OPEN) + r".*?" + re.escape(CLOSE), flags=re.S)
# A message with markup inside (a link in a sentence) spans several text nodes: its first node
# opens the bracket, its last closes it, and the ones between carry its accented letters.
PSEUDO_START = re.compile(re.escape(OPEN) + r".*$", flags=re.S)
PSEUDO_END = re.compile(r"^.*?" + re.escape(CLOSE), flags=re.S)
PSEUDO_LETTERS = re.compile("[áéíóúÁÉÍÓÚçñýÇÑÝ]")
# Time zone abbreviations (the "T" date letter) are not words of any catalogue.
ZONES = re.compile(r"\b(PST|PDT|UTC|GMT)\b")
URLS = re.compile(r"https?://\S+")


def english_left(texts: list[str], data: set[str]) -> list[str]:
    """The pieces of `texts` (what a person reads) holding a word that did not come through the
    catalogue: not pseudo-translated, not data («…» or one of `data`), not a URL."""
    leaks = []
    for text in texts:
        rest = DATA.sub(" ", text)
        rest = PSEUDO.sub(" ", rest)
        rest = PSEUDO_END.sub(" ", PSEUDO_START.sub(" ", rest))
        if PSEUDO_LETTERS.search(rest):
            continue
        rest = URLS.sub(" ", rest)
        rest = ZONES.sub(" ", rest)
        for token in data:
            rest = rest.replace(token, " ")
        if re.search(r"[A-Za-z]{2,}", rest):
            leaks.append(" ".join(text.split()))
    return leaks


VISIBLE_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


def readable_text(html: str) -> list[str]:
    """Every piece of text a visitor can read or hear: text nodes, the title, and the
    attributes screen readers and browsers show. The language switcher, and any choice of a
    language, names each language in itself, by design: text marked with another language
    (`lang="es"`: a language's own name) is not the page's."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template"]):
        hidden.decompose()
    for switcher in soup.select("nav.languages"):
        switcher.decompose()
    page_language = soup.html.get("lang") if soup.html else None
    for other in soup.select("body [lang]"):
        if other.get("lang") != page_language and not DATA.fullmatch(other.get_text().strip()):
            other.decompose()
    texts = [soup.title.get_text()] if soup.title else []
    body = soup.body or soup
    texts += [str(text) for text in body.find_all(string=True)]
    for tag in body.find_all(True):
        texts += [tag[name] for name in VISIBLE_ATTRIBUTES if tag.has_attr(name)]
        if tag.name == "input" and tag.get("type") in ("submit", "button"):
            texts.append(tag.get("value", ""))
    return [text for text in texts if text.strip()]


def own_catalogue(language: str) -> set[str]:
    """The messages the project's catalogue for `language` translates, as gettext keys them
    ("context\x04message" for a message with a context)."""
    path = Path(settings.LOCALE_PATHS[0]) / to_locale(language) / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return set()
    return {
        f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        for entry in polib.pofile(str(path))
        if entry.translated() and not entry.obsolete
    }
