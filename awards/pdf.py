"""PDFs of the intake side: the nominator's receipt of exactly what was submitted."""

from django.template.loader import render_to_string

from portal.pdf import render_pdf

from . import spec


def nomination_sections(nomination, language: str | None = None) -> list[dict]:
    """The nomination's answers grouped by step, with labels from the form it answered, read in
    `language` (the active language by default): titles, labels and chosen options translated
    where the form has translations. Each written answer carries the code (`language`) and
    name (`written_in`) of the language it was written in, where that is known."""
    questions = spec.localised(spec.questions_for(nomination), language)
    files = {}
    for record in nomination.files.all():
        files.setdefault(record.question_key, []).append(record.display_name)
    letters = {}
    for letter in nomination.letters.exclude(status="cancelled"):
        letters.setdefault(letter.question_key, []).append(letter)
    sections = []
    for step in spec.steps_for(questions)[1:]:
        items = []
        for question in step.questions:
            if not spec.is_active(question, nomination.answers):
                continue
            value = nomination.answers.get(question["key"])
            if isinstance(value, list):
                value = ", ".join(spec.answer_label(question, item) for item in value)
            elif isinstance(value, str):
                value = spec.answer_label(question, value)
            # Only words carry the language they were written in; a chosen option, a date or a
            # number reads in the reader's own language.
            language = (
                (nomination.answer_languages or {}).get(question["key"], "")
                if question["kind"] in spec.WRITTEN and value
                else ""
            )
            items.append(
                {
                    "question": question,
                    "value": value or "",
                    "language": language,
                    "written_in": spec.language_name(language) if language else "",
                    "files": files.get(question["key"], []),
                    "letters": letters.get(question["key"], []),
                }
            )
        sections.append({"title": step.title, "items": items})
    return sections


def receipt_pdf(nomination) -> bytes:
    html = render_to_string(
        "awards/pdf/receipt.html",
        {"nomination": nomination, "sections": nomination_sections(nomination)},
    )
    return render_pdf(html)
