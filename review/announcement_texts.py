"""The texts results e-mails and certificates start from, in every language the portal speaks.

One source per language: the English below is marked for translation, and each language's
default is that English read through the language's catalogue (`locale/<lang>/django.po`) under
`translation.override`. A data migration seeds them as staff-editable rows
(AnnouncementTemplate, MessageTemplate), one per language, and the same functions make a row
again when staff deleted the English one. Adding a language is one catalogue (and its entry in
LANGUAGES): `manage.py seed_template_languages` then gives it its rows.

Texts are built from paragraphs, each one message, so a translator reads whole sentences and
the {{ placeholders }} in them (kept identical in every translation: the catalogue test checks
it). Placeholders are listed in AnnouncementTemplate's help text.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

DEAR = _("Dear {{ name }},")
DEAR_FAMILY = _("{% if name %}Dear {{ name }},{% else %}Dear parent or guardian,{% endif %}")
HELLO = _("Hello,")
CITATION = "{{ citation }}"
RESULTS = _("The results are at {{ results_url }}")
FOUNDATION = "{{ foundation }}"
WARMLY = (_("With warm congratulations,"), "\n", FOUNDATION)
CONGRATULATIONS = (_("With congratulations,"), "\n", FOUNDATION)
NOT_THIS_YEAR = _("{{ award }}: this year's results")

# (outcome, recipient): (subject, paragraphs); a tuple paragraph is joined without a break.
ANNOUNCEMENTS = {
    ("winner", "nominee"): (
        _("Congratulations: {{ award }}"),
        [
            DEAR,
            _("We are delighted to tell you that you have won the {{ award }} ({{ cycle }})."),
            CITATION,
            _("Your certificate is attached. The results are at {{ results_url }}"),
            WARMLY,
        ],
    ),
    ("winner", "guardian"): (
        _("{{ nominee }} has won the {{ award }}"),
        [
            DEAR_FAMILY,
            _(
                "We are delighted to tell you that {{ nominee }} has won the {{ award }} "
                "({{ cycle }})."
            ),
            CITATION,
            _(
                "Their certificate is attached: please share the news with them. The results "
                "are at {{ results_url }}"
            ),
            WARMLY,
        ],
    ),
    ("winner", "nominator"): (
        _("Your nominee won: {{ award }}"),
        [
            HELLO,
            _(
                "{{ nominee }}, whom you nominated, has won the {{ award }} ({{ cycle }}). Thank "
                "you for taking the time to nominate them."
            ),
            RESULTS,
            FOUNDATION,
        ],
    ),
    ("finalist", "nominee"): (
        _("You are a finalist: {{ award }}"),
        [
            DEAR,
            _(
                "We are delighted to tell you that you are a finalist for the {{ award }} "
                "({{ cycle }}). The committee read every nomination carefully, and yours stood "
                "out."
            ),
            CITATION,
            RESULTS,
            CONGRATULATIONS,
        ],
    ),
    ("finalist", "guardian"): (
        _("{{ nominee }} is a finalist: {{ award }}"),
        [
            DEAR_FAMILY,
            _(
                "We are delighted to tell you that {{ nominee }} is a finalist for the "
                "{{ award }} ({{ cycle }}). The committee read every nomination carefully, and "
                "this one stood out: please share the news with them."
            ),
            CITATION,
            RESULTS,
            CONGRATULATIONS,
        ],
    ),
    ("finalist", "nominator"): (
        _("Your nominee is a finalist: {{ award }}"),
        [
            HELLO,
            _(
                "{{ nominee }}, whom you nominated, is a finalist for the {{ award }} "
                "({{ cycle }}). Thank you for taking the time to nominate them."
            ),
            RESULTS,
            FOUNDATION,
        ],
    ),
    ("honourable_mention", "nominee"): (
        _("An honourable mention: {{ award }}"),
        [
            DEAR,
            _(
                "We are delighted to tell you that the committee of the {{ award }} "
                "({{ cycle }}) has given you an honourable mention."
            ),
            CITATION,
            RESULTS,
            CONGRATULATIONS,
        ],
    ),
    ("honourable_mention", "guardian"): (
        _("An honourable mention for {{ nominee }}: {{ award }}"),
        [
            DEAR_FAMILY,
            _(
                "We are delighted to tell you that the committee of the {{ award }} "
                "({{ cycle }}) has given {{ nominee }} an honourable mention: please share the "
                "news with them."
            ),
            CITATION,
            RESULTS,
            CONGRATULATIONS,
        ],
    ),
    ("honourable_mention", "nominator"): (
        _("An honourable mention for your nominee: {{ award }}"),
        [
            HELLO,
            _(
                "{{ nominee }}, whom you nominated, has received an honourable mention in the "
                "{{ award }} ({{ cycle }}). Thank you for taking the time to nominate them."
            ),
            RESULTS,
            FOUNDATION,
        ],
    ),
    ("not_selected", "nominee"): (
        NOT_THIS_YEAR,
        [
            DEAR,
            _(
                "You were nominated for the {{ award }} ({{ cycle }}), and the committee read "
                "your nomination carefully. You were not selected this year, but being "
                "nominated says a great deal about the difference you make."
            ),
            FOUNDATION,
        ],
    ),
    ("not_selected", "guardian"): (
        NOT_THIS_YEAR,
        [
            DEAR_FAMILY,
            _(
                "{{ nominee }} was nominated for the {{ award }} ({{ cycle }}), and the "
                "committee read the nomination carefully. {{ nominee }} was not selected this "
                "year, but being nominated says a great deal about them."
            ),
            FOUNDATION,
        ],
    ),
    ("not_selected", "nominator"): (
        NOT_THIS_YEAR,
        [
            HELLO,
            _(
                "Thank you for nominating {{ nominee }} for the {{ award }} ({{ cycle }}). The "
                "committee read every nomination carefully; {{ nominee }} was not selected this "
                "year. Please consider nominating again."
            ),
            FOUNDATION,
        ],
    ),
}

# MessageTemplate.Kind: (subject, paragraphs). The certificate's lines are one message, so a
# translation may reorder them (the certificate styles its 2nd and 5th lines: name and award).
MESSAGES = {
    "letter_writer": (
        _("Thank you for your letter: {{ award }}"),
        [
            _("Hello {{ name }},"),
            _(
                "Thank you for writing in support of a nominee for the {{ award }} "
                "({{ cycle }}). The results are now public: {{ results_url }}"
            ),
            FOUNDATION,
        ],
    ),
    "reviewer": (
        _("Thank you for reviewing: {{ award }}"),
        [
            HELLO,
            _(
                "Thank you for reviewing nominations for the {{ award }} ({{ cycle }}). The "
                "results are now public: {{ results_url }}"
            ),
            FOUNDATION,
        ],
    ),
    "certificate": (
        # Translators: the heading of a winner's certificate.
        _("Certificate of Achievement"),
        [
            # Translators: a winner's certificate, one line each; keep six lines, the name on
            # the 2nd and the award on the 5th (they are printed large).
            _(
                "This certifies that\n{{ name }}\n{{ role }}, {{ school }}\nhas been awarded "
                "the\n{{ award }}\n{{ cycle }}"
            ),
        ],
    ),
}


def _read(subject, paragraphs, language: str) -> tuple[str, str]:
    with translation.override(language):
        body = "\n\n".join(
            "".join(str(piece) for piece in paragraph)
            if isinstance(paragraph, tuple)
            else str(paragraph)
            for paragraph in paragraphs
        )
        return str(subject), body


def default_announcement(outcome: str, recipient: str, language: str) -> tuple[str, str]:
    """The (subject, body) an outcome's announcement to `recipient` starts from in `language`."""
    return _read(*ANNOUNCEMENTS[outcome, recipient], language)


def default_message(kind: str, language: str) -> tuple[str, str]:
    """The (subject, body) a thank-you or the certificate (MessageTemplate.Kind) starts from."""
    return _read(*MESSAGES[kind], language)


def has_catalogue(language: str) -> bool:
    """Whether `language` reads these texts translated: English does; another language only
    once its catalogue is compiled (without it every text would come out in English)."""
    english = settings.LANGUAGE_CODE
    return language == english or default_message("certificate", language) != default_message(
        "certificate", english
    )


def seed_default_templates(announcement_model, message_model, languages) -> dict[str, int]:
    """Give every language of `languages` its version of each announcement and message
    template where it has none (staff edits are kept; a version staff deleted comes back).
    A language whose catalogue is not compiled is left out rather than seeded with English.
    Takes the models so a migration can pass its historical ones. Returns how many rows were
    made per language seeded."""
    made = {}
    for language in languages:
        if not has_catalogue(language):
            continue
        made[language] = 0
        for outcome, recipient in ANNOUNCEMENTS:
            subject, body = default_announcement(outcome, recipient, language)
            made[language] += announcement_model.objects.get_or_create(
                outcome=outcome,
                recipient=recipient,
                language=language,
                defaults={"subject": subject, "body": body},
            )[1]
        for kind in MESSAGES:
            subject, body = default_message(kind, language)
            made[language] += message_model.objects.get_or_create(
                kind=kind, language=language, defaults={"subject": subject, "body": body}
            )[1]
    return made
