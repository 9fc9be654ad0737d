"""A nomination form as data: the questions a nomination answers, in steps, and their rules.

A draft answers the cycle's current questions; a submitted nomination answers the snapshot it
was submitted with, so later edits to the form never break it. Both are lists of dicts (see
`Question.snapshot`), which is all the functions here work on.

Staff write the form in English; a question may carry translations of what people read (its
label, help text, options, "if No" message and section title). `localised` gives the dicts in
one language for showing them: the options' values, the conditions and the keys stay the
English ones, so an answer given in any language is stored, checked and grouped the same way.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import (
    get_language,
    get_language_info,
    gettext,
    gettext_noop,
    ngettext,
)

NOMINEE_STEP = gettext_noop("Nominee")
WORD_RE = re.compile(r"\S+")

# Question kinds whose answer lives outside `Nomination.answers`.
FILE = "file"
LETTERS = "letters"
ATTESTATION = "attestation"
# Kinds whose answer is the nominator's own words, in the language they wrote them in.
WRITTEN = ("short_text", "long_text")


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    questions: tuple[dict, ...]


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text or ""))


def questions_for(nomination) -> list[dict]:
    """The questions this nomination answers: its snapshot once submitted, else the live form."""
    if nomination.submitted_at is not None:
        return list(nomination.form_snapshot)
    return [question.snapshot() for question in nomination.cycle.questions.all()]


def translated(translations: dict | None, language: str | None, field: str, english: str) -> str:
    """`english`, the text of `field`, in `language`; `english` itself where it has none.

    `translations` maps language codes to fields, and each field maps English texts to their
    translations: {"es": {"label": {"Why them?": "¿Por qué?"}}}. Kept by their English, a
    translation stops applying the moment the English it translates changes, and the English
    shows until it is translated again: nobody reads the translation of another text.
    """
    if not english:
        return english
    texts = ((translations or {}).get(language) or {}).get(field) or {}
    return texts.get(english) or english


def localised(questions: list[dict], language: str | None = None) -> list[dict]:
    """`questions` as people read them in `language` (the active language by default): label,
    help text, "if No" message, `section_title` and `option_labels` (each option's value to
    what is shown) translated where a translation exists, English otherwise; and
    `show_if_label`, how the answer a conditional question waits for reads.

    Values stay as they are (`choices`, `section`, `show_if_value`), so a localised question
    checks and groups answers exactly as the English one. Snapshots taken before forms had
    translations have none, and read in English.
    """
    language = language or get_language()
    shown = []
    for question in questions:
        translations = question.get("translations")

        def read(field, english, translations=translations):
            return translated(translations, language, field, english)

        shown.append(
            {
                **question,
                "label": read("label", question["label"]),
                "help_text": read("help_text", question.get("help_text", "")),
                "if_no_message": read("if_no_message", question.get("if_no_message", "")),
                "section_title": read("section", question.get("section", "")),
                "option_labels": {
                    value: read("choices", value) for value in question.get("choices") or []
                },
            }
        )
    by_key = {question["key"]: question for question in shown}
    for question in shown:
        depends_on = by_key.get(question.get("show_if_key"))
        question["show_if_label"] = (
            answer_label(depends_on, question["show_if_value"])
            if depends_on
            else question.get("show_if_value", "")
        )
    return shown


def answer_label(question: dict, value: str) -> str:
    """How one value of a choice or yes/no answer reads: the option's label in the language
    `question` was localised in (the value itself when it was not), "Yes" or "No"."""
    if question["kind"] == ATTESTATION:
        return attestation_label(value)
    return (question.get("option_labels") or {}).get(value, value)


def steps_for(questions: list[dict]) -> list[Step]:
    """Step 1 is always the nominee; then one step per section, in the order sections appear.

    Steps follow the English section names, so a step has the same number in every language;
    a localised form's steps are titled in its language."""
    sections: dict[str, list[dict]] = {}
    for question in questions:
        sections.setdefault(question["section"] or "Questions", []).append(question)
    steps = [Step(1, gettext(NOMINEE_STEP), ())]
    for number, (section, items) in enumerate(sections.items(), start=2):
        steps.append(Step(number, items[0].get("section_title") or section, tuple(items)))
    return steps


def language_name(code: str) -> str:
    """A language as its speakers name it ("Español", "Tiếng Việt"): what "written in" says
    beside an answer. An unknown code reads as itself."""
    try:
        name = get_language_info(code)["name_local"]
    except KeyError:
        return code
    # Django spells some names with combining accents ("Tiếng Việt" as e + two marks): composed,
    # they match what people type and search for.
    return capfirst(unicodedata.normalize("NFC", name))


def attestation_label(value) -> str:
    """A yes/no answer as a person reads it (stored as "yes" or "no")."""
    return {"yes": gettext("Yes"), "no": gettext("No")}.get(value, value or "")


def is_active(question: dict, answers: dict) -> bool:
    """A conditional question counts only when the answer it depends on has the given value."""
    key = question.get("show_if_key")
    if not key:
        return True
    answer = answers.get(key)
    if isinstance(answer, list):
        return question["show_if_value"] in answer
    return str(answer or "") == question["show_if_value"]


def answer_errors(
    question: dict, value, *, file_count: int = 0, letter_count: int = 0
) -> list[str]:
    """Why `value` does not yet answer `question` well enough to submit; [] when it does."""
    kind = question["kind"]
    if kind == FILE:
        if question["required"] and file_count == 0:
            return [gettext("Upload a file.")]
        if file_count > question["max_files"]:
            return [
                ngettext(
                    "Upload at most %(count)d file.",
                    "Upload at most %(count)d files.",
                    question["max_files"],
                )
                % {"count": question["max_files"]}
            ]
        return []
    if kind == LETTERS:
        if letter_count < question["min_letters"]:
            needed = question["min_letters"]
            return [
                ngettext(
                    "Ask for at least %(count)d letter of support.",
                    "Ask for at least %(count)d letters of support.",
                    needed,
                )
                % {"count": needed}
            ]
        return []
    empty = value in (None, "", [], False)
    if empty:
        return [gettext("This question needs an answer.")] if question["required"] else []
    if kind == "attestation" and question["required"] and value != "yes":
        # Snapshots taken before the message existed have no such key.
        return [
            question.get("if_no_message")
            or gettext(
                "Only a “Yes” here lets the nomination be sent: answering “No” means it cannot "
                "be accepted."
            )
        ]
    if kind == "long_text" and question.get("word_limit"):
        words = word_count(value)
        if words > question["word_limit"]:
            return [
                gettext("Use at most %(limit)d words (you have %(count)d).")
                % {"limit": question["word_limit"], "count": words}
            ]
    if kind == "single_choice" and value not in question["choices"]:
        return [gettext("Choose one of the options.")]
    if kind == "multiple_choice" and not set(value) <= set(question["choices"]):
        return [gettext("Choose from the options given.")]
    return []
