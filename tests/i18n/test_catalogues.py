"""The shipped catalogues are complete: every language but English has a catalogue for the
server's messages and one for the scripts', with every message translated, none left fuzzy,
and the same placeholders as the English (a translation that drops `%(name)s` would crash or
lose the name). Every message a family-side page asks for is in them."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

SHIPPED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
DOMAINS = ("django", "djangojs")
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[^}]*\}")


def catalogue(language: str, domain: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / to_locale(language) / "LC_MESSAGES" / f"{domain}.po"


def entries(language: str, domain: str) -> list[polib.POEntry]:
    path = catalogue(language, domain)
    assert path.exists(), f"no {domain} catalogue for {language}: {path}"
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", SHIPPED)
def test_catalogue_translates_every_message(language, domain):
    untranslated = [
        entry.msgid
        for entry in entries(language, domain)
        if not (entry.msgstr or all(entry.msgstr_plural.values()))
    ]
    assert untranslated == []


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", SHIPPED)
def test_catalogue_has_nothing_fuzzy(language, domain):
    assert [entry.msgid for entry in entries(language, domain) if entry.fuzzy] == []


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", SHIPPED)
def test_catalogue_keeps_every_placeholder(language, domain):
    wrong = []
    for entry in entries(language, domain):
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural)
            for form, text in entry.msgstr_plural.items():
                # Languages with one form (Chinese, Vietnamese) may use the plural's wording.
                if placeholders(text) not in (expected, placeholders(entry.msgid)):
                    wrong.append((entry.msgid, form, text))
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))
    assert wrong == []


@pytest.mark.parametrize("language", SHIPPED)
def test_catalogue_is_compiled(language):
    """`make` compiles the catalogues; a stale or missing .mo would show English."""
    for domain in DOMAINS:
        source = catalogue(language, domain)
        compiled = source.with_suffix(".mo")
        assert compiled.exists(), f"{compiled} missing: run `make messages`"
        assert compiled.stat().st_mtime >= source.stat().st_mtime, f"{compiled} is stale"
