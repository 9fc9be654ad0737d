"""Messages of Django that families read, for the catalogues of languages Django ships none for.

Django translates its own messages with its own catalogues; Somali has none, so the messages a
family meets (month and weekday names in dates, the colon after a form label) are extracted into
the project's catalogues too (`make catalogues`) and translated there. The sign-in forms and
messages use the project's own words (portal/forms.py, templates/account/messages/). Nothing
imports this module: it exists for the message extractor.
"""

from django.utils.translation import gettext_noop

CALENDAR_WORDS = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
    gettext_noop("AM"),
    gettext_noop("PM"),
)

FORM_WORDS = (
    # Translators: what follows a form field's label (Django's label suffix).
    gettext_noop(":"),
)
