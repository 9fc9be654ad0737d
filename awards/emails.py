"""The text of the e-mails asking a letter writer for a letter (and reminding them), in the
active language."""

from django.utils.translation import gettext

from portal.mail import sender_context
from portal.templatetags.languages import long_datetime

from .models import Award, LetterRequest


def letter_request_message(letter: LetterRequest, link: str, *, reminder: bool) -> tuple[str, str]:
    """The subject and body of the e-mail asking `letter`'s writer for it.

    Nothing the nominator typed about the writer appears: the greeting is a plain "Hello," and
    the subject names only the award, so a request cannot carry an advert or a link of the
    nominator's choosing to an outside address in the foundation's name. (A typed name that
    merely looks like a name could still say "Claim your prize", so none is used.) The
    nominator is named by their account's name, or their address when the account has none.
    """
    return letters_message([(letter, link)], reminder=reminder)


def letters_message(
    letters: list[tuple[LetterRequest, str]],
    *,
    reminder: bool,
    stop_link: str = "",
    sender: dict | None = None,
) -> tuple[str, str]:
    """The subject and body of one e-mail to one writer about each (letter, link) in `letters`
    (a writer asked twice gets one reminder naming both), in the active language; with
    `stop_link`, how to stop the reminders. `sender` is `sender_context()`, read here unless
    given."""
    award = letters[0][0].nomination.cycle.award.local_name
    if reminder:
        subject = gettext("Reminder: a letter of support for the %(award)s") % {"award": award}
    else:
        subject = gettext("A letter of support for the %(award)s") % {"award": award}
    lines = [gettext("Hello,"), ""]
    if reminder:
        lines += [gettext("This is a friendly reminder."), ""]
    for letter, link in letters:
        lines += _letter_lines(letter, link)
    sender = sender or sender_context()
    lines += [
        gettext(
            "Only the foundation's staff and reviewers read letters; the nominator sees that "
            "yours arrived, not what it says."
        ),
        "",
        gettext("If you did not expect this message, you can ignore it."),
        "",
    ]
    if stop_link:
        lines += [gettext("To get no more reminders about this letter, follow this link:")]
        lines += [stop_link, ""]
    lines += [sender["foundation_name"], f"{sender['site_url']}/"]
    return subject, "\n".join(lines) + "\n"


def _letter_lines(letter: LetterRequest, link: str) -> list[str]:
    nomination = letter.nomination
    names = {
        "award": nomination.cycle.award.local_name,
        "nominator": nomination.nominator,
        "nominee": nomination.nominee_name,
    }
    due = nomination.cycle.letters_due_at or nomination.cycle.closes_at
    lines = [
        gettext(
            "%(nominator)s has nominated %(nominee)s for the %(award)s and asked you to write a "
            "letter of support."
        )
        % names,
        "",
    ]
    if nomination.cycle.award.nominee_notice == Award.NomineeNotice.SURPRISE:
        lines += [
            gettext(
                "Please keep this a surprise: %(nominee)s is not told about the nomination "
                "before the results."
            )
            % names,
            "",
        ]
    return [
        *lines,
        gettext("Write or upload your letter here (no account needed):"),
        link,
        "",
        gettext("Letters are accepted until %(date)s.") % {"date": long_datetime(due)},
        "",
    ]
