"""A nomination form as data: the questions a nomination answers, in steps, and their rules.

A draft answers the cycle's current questions; a submitted nomination answers the snapshot it
was submitted with, so later edits to the form never break it. Both are lists of dicts (see
`Question.snapshot`), which is all the functions here work on.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop, ngettext

NOMINEE_STEP = gettext_noop("Nominee")
WORD_RE = re.compile(r"\S+")

# Question kinds whose answer lives outside `Nomination.answers`.
FILE = "file"
LETTERS = "letters"


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


def steps_for(questions: list[dict]) -> list[Step]:
    """Step 1 is always the nominee; then one step per section, in the order sections appear."""
    sections: dict[str, list[dict]] = {}
    for question in questions:
        sections.setdefault(question["section"] or "Questions", []).append(question)
    steps = [Step(1, gettext(NOMINEE_STEP), ())]
    for number, (title, items) in enumerate(sections.items(), start=2):
        steps.append(Step(number, title, tuple(items)))
    return steps


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
