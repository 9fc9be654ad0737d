"""The signed links e-mailed to people without an account: a letter writer's link and
"stop reminding me" link, the nominee's hand-off link and a parent's or guardian's consent link.

Each maker has its reader beside it; a bad, tampered or (where they expire) old link reads as
the model's DoesNotExist. Used by the domain operations, the views and the e-mail tasks.
"""

from django.core import signing

from .models import LetterRequest, Nomination

NOMINEE_SALT = "awards.nominee-link"
GUARDIAN_SALT = "awards.guardian-link"
LINK_MAX_AGE = 60 * 60 * 24 * 120


def nominee_token(nomination: Nomination) -> str:
    return signing.dumps(nomination.code, salt=NOMINEE_SALT)


def guardian_token(nomination: Nomination) -> str:
    return signing.dumps(nomination.code, salt=GUARDIAN_SALT)


def _from_token(token: str, salt: str) -> Nomination:
    try:
        code = signing.loads(token, salt=salt, max_age=LINK_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        raise Nomination.DoesNotExist from None
    return Nomination.objects.select_related("cycle__award", "school").get(
        code=code, status=Nomination.Status.SUBMITTED
    )


def nomination_for_nominee(token: str) -> Nomination:
    return _from_token(token, NOMINEE_SALT)


def nomination_for_guardian(token: str) -> Nomination:
    return _from_token(token, GUARDIAN_SALT)


LINK_SALT = "awards.letter-link"
STOP_REMINDERS_SALT = "awards.letter-reminders-stop"


def letter_token(letter: LetterRequest) -> str:
    return signing.dumps([letter.code, letter.send_count], salt=LINK_SALT, compress=False)


def letter_from_token(token: str) -> LetterRequest:
    """The letter a link points at; raises LetterRequest.DoesNotExist for any bad or old link."""
    try:
        code, version = signing.loads(token, salt=LINK_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise LetterRequest.DoesNotExist from None
    letter = LetterRequest.objects.select_related(
        "nomination__cycle__award", "nomination__nominator"
    ).get(code=code)
    if letter.send_count != version or letter.status == LetterRequest.Status.CANCELLED:
        raise LetterRequest.DoesNotExist
    return letter


def stop_reminders_token(letter: LetterRequest) -> str:
    """The signed "stop reminding me" link's token: the letter's random code, nothing personal.
    It stays valid when the letter's own link is sent again."""
    return signing.dumps(letter.code, salt=STOP_REMINDERS_SALT, compress=False)


def letter_from_stop_token(token: str) -> LetterRequest:
    """The letter a "stop reminding me" link was sent about; raises LetterRequest.DoesNotExist
    for any bad or tampered link."""
    try:
        code = signing.loads(token, salt=STOP_REMINDERS_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise LetterRequest.DoesNotExist from None
    if not isinstance(code, str):
        raise LetterRequest.DoesNotExist
    return LetterRequest.objects.select_related("nomination__cycle__award").get(code=code)
