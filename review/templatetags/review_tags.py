from django import template
from django.urls import reverse

from review.models import Stage
from review.queries import reviews_now

register = template.Library()


@register.simple_tag
def assignment_url(name: str, assignment) -> str:
    """The address of the portal page `name` (candidate, autosave, conflict) for an assignment.
    The finalist round's pages have their own addresses, so a person who reviews a candidate in
    the first stage and scores it again as a finalist reaches each of the two."""
    prefix = "finalist_" if assignment.enrolment.stage == Stage.FINALIST else ""
    return reverse(f"review:{prefix}{name}", args=[assignment.dossier.code])


@register.simple_tag
def has_live_enrolment(user) -> bool:
    """For the site header's "My reviews": one query per page, for signed-in people only."""
    return reviews_now(user)
