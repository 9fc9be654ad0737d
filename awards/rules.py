"""Rules about people that need data beyond one form, shared by the forms that check them as
the nominator types and by the domain operations that check them again: who is the same
nominee, and who is excluded as a past winner. Read-only."""

import unicodedata

from django.utils import timezone

from .models import Award, PastWinner


def normalised_name(first: str, last: str) -> str:
    """Case, accents, punctuation and spacing removed: "José  O'Neil" -> "jose oneil"."""
    text = unicodedata.normalize("NFKD", f"{first} {last}")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(ch if ch.isalnum() or ch.isspace() else "" for ch in text.casefold())
    return " ".join(text.split())


def _still_excluded(award: Award, winner: PastWinner, year: int) -> bool:
    if award.past_winner_wait_years is None:
        return True
    won_in = winner.won_in
    # A year staff typed that names no year cannot be counted from: the rule stands.
    return won_in is None or year < won_in + award.past_winner_wait_years


def past_win(
    award: Award, first: str, last: str, school_id, email: str, now=None
) -> PastWinner | None:
    """The earlier win of this award by the same person (same e-mail, or same normalised name
    at the same school) that still excludes them, if any. For the rule only: what it holds
    must never be shown to the person asking (see `past_winner_refusal`)."""
    if not award.exclude_past_winners:
        return None
    year = timezone.localtime(now or timezone.now()).year
    name = normalised_name(first or "", last or "")
    for winner in PastWinner.objects.filter(award=award):
        same_email = email and winner.email and winner.email.lower() == email.lower()
        same_person = (
            name
            and winner.school_id == school_id
            and normalised_name(winner.first_name, winner.last_name) == name
        )
        if (same_email or same_person) and _still_excluded(award, winner, year):
            return winner
    return None


def past_winner_refusal(
    award: Award, first: str, last: str, school_id, email: str, now=None
) -> str | None:
    """What the nominator is told when the nominee is excluded as a past winner, else None.

    The words come from the award's rule alone and are the same whichever detail matched: the
    answer must not tell anyone typing an address or a name who won, what, or when.
    """
    if past_win(award, first, last, school_id, email, now) is None:
        return None
    wait = award.past_winner_wait_years
    if wait is None:
        return "Not eligible: past winners of this award cannot be nominated for it again."
    years = "year" if wait == 1 else "years"
    return f"Not eligible: past winners of this award may be nominated again after {wait} {years}."
