"""Background work of the review side, run by the task worker."""

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from awards.tasks import send_templated

from .models import ReviewReminder


@task
def send_review_reminder(reminder_id: int) -> None:
    """E-mail one reminder. A retried task finds it already sent and sends nothing."""
    with transaction.atomic():
        reminder = (
            ReviewReminder.objects.select_for_update(of=("self",))
            .select_related("enrolment__reviewer", "enrolment__cycle__award")
            .get(pk=reminder_id)
        )
        if reminder.sent_at is not None:
            return
        cycle = reminder.enrolment.cycle
        review_settings = getattr(cycle, "review_settings", None)
        send_templated(
            f"Reviews outstanding: {cycle.award.name}",
            "review/email/reminder.txt",
            {
                "reminder": reminder,
                "cycle": cycle,
                "closes_at": review_settings.review_closes_at if review_settings else None,
                "site_url": settings.WAGTAILADMIN_BASE_URL,
            },
            reminder.enrolment.reviewer.email,
        )
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])


@task
def add_extra_reviewers(cycle_id: int) -> None:
    """After a review is submitted: where scores disagree near the cutoff, add one reviewer."""
    from awards.models import Cycle

    from .domain.ranking import add_reviewers_near_cutoff

    cycle = Cycle.objects.select_related("award").get(pk=cycle_id)
    if cycle.review_settings.extra_reviewer_near_cutoff:
        add_reviewers_near_cutoff(cycle)


@task
def send_reviewer_invitation(enrolment_id: int) -> None:
    """E-mail an invited reviewer their link; nothing once they have accepted or withdrawn."""
    from django.urls import reverse

    from .domain.enrolment import invitation_token
    from .models import ReviewerEnrolment

    enrolment = ReviewerEnrolment.objects.select_related("reviewer", "cycle__award").get(
        pk=enrolment_id
    )
    if enrolment.status != ReviewerEnrolment.Status.INVITED:
        return
    cycle = enrolment.cycle
    review_settings = getattr(cycle, "review_settings", None)
    send_templated(
        f"Invitation to review: {cycle.award.name}",
        "review/email/invitation.txt",
        {
            "enrolment": enrolment,
            "cycle": cycle,
            "foundation": getattr(settings, "WAGTAIL_SITE_NAME", "foundation"),
            "closes_at": review_settings.review_closes_at if review_settings else None,
            "link": settings.WAGTAILADMIN_BASE_URL
            + reverse("review:join", args=[invitation_token(enrolment)]),
        },
        enrolment.reviewer.email,
    )
