"""Translations of the demo foundation's texts (the demo form and the four awards), one module
per language, each a mapping from the English text, as awards/demo.py writes it, to the text in
that language. Written in plain words a parent uses, for native speakers to review: change a
translation here, then run `manage.py seed_demo` on a fresh database (seeding again fills only
what is not translated yet, so nothing staff changed is overwritten).

A text missing here reads in English on the demo site.
"""

from . import es, so, vi, zh_hans

# By language code (settings.LANGUAGES).
DEMO_TRANSLATIONS: dict[str, dict[str, str]] = {
    "es": es.TEXTS,
    "so": so.TEXTS,
    "vi": vi.TEXTS,
    "zh-hans": zh_hans.TEXTS,
}
