"""The staff-edited message templates (results e-mails, the certificate) in a reader's
language, and rendering their text."""

from django.conf import settings
from django.template import Context, Template

from portal.i18n import language_or_default

from .announcement_texts import default_message
from .models import MessageTemplate


def template_for(kind: str, language: str | None = None) -> MessageTemplate:
    """The staff-edited template of `kind` in `language`: the English one where staff deleted
    that language's version, made again from the default if the English one is gone too."""
    return choose_version(
        {row.language: row for row in MessageTemplate.objects.filter(kind=kind)},
        language,
        lambda english: MessageTemplate.objects.get_or_create(
            kind=kind,
            language=english,
            defaults=dict(zip(("subject", "body"), default_message(kind, english), strict=True)),
        )[0],
    )


def choose_version(versions: dict, language: str | None, make_english):
    """Of one template's `versions` (by language), the one in `language`, else the English
    one, else `make_english(code)` (staff deleted both)."""
    english = settings.LANGUAGE_CODE
    found = versions.get(language_or_default(language)) or versions.get(english)
    if found is None:
        found = versions[english] = make_english(english)
    return found


def render_text(text: str, context: dict) -> str:
    """`text` (a staff template) filled in with `context`, as plain text: not marked safe, so a
    page that shows it (the e-mail preview, the committee screen, a certificate) escapes it."""
    # Plain strings only in the context: a staff template cannot reach into models.
    return str.__str__(Template(text).render(Context(context, autoescape=False)))
