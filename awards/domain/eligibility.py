"""Eligibility rules that need data beyond the form: past winners."""

from ..models import Award, PastWinner
from .dossiers import normalised_name


def past_win(award: Award, first: str, last: str, school_id, email: str) -> PastWinner | None:
    """The earlier win of this award by the same person (same e-mail, or same normalised name
    at the same school), if any."""
    if not award.exclude_past_winners:
        return None
    name = normalised_name(first or "", last or "")
    for winner in PastWinner.objects.filter(award=award):
        if email and winner.email and winner.email.lower() == email.lower():
            return winner
        if (
            name
            and winner.school_id == school_id
            and normalised_name(winner.first_name, winner.last_name) == name
        ):
            return winner
    return None
