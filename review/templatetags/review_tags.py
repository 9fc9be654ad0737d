from django import template

from review.queries import reviews_now

register = template.Library()


@register.simple_tag
def has_live_enrolment(user) -> bool:
    """For the site header's "My reviews": one query per page, for signed-in people only."""
    return reviews_now(user)
