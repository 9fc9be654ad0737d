"""Whether a student may be named in public: the rule, in one place, for the results page, the
past-winner roster, the announcement e-mails and the admin."""

from collections.abc import Iterable

from ..models import Nomination, NomineeCategory


def needs_guardian_consent(category: str, requires_guardian_consent: bool) -> bool:
    """Whether a nominee of an award with this category and setting is named in public (and
    written to as a winner) only through a parent or guardian."""
    return requires_guardian_consent or category == NomineeCategory.STUDENT


def guardians_consent(answers: Iterable[str]) -> bool:
    """Whether a student may be named and pictured in public, from the guardian answers of
    every nomination of the candidate (`Nomination.guardian_consent` values).

    Refusal wins: one refusal is enough to withhold the name, whoever else consented, because
    each nominator may have given a different guardian and any of them may be the real one. A
    guardian who was never asked (no address given) has no say; one who has not answered yet
    has not consented. Named only when at least one guardian was asked and all who were asked
    consented.
    """
    asked = [answer for answer in answers if answer != Nomination.Response.NOT_ASKED]
    return bool(asked) and all(answer == Nomination.Response.ACCEPTED for answer in asked)
