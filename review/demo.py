"""Demo data that shows the reminders at work: after `seed_demo`, `manage.py send_reminders`
queues one reminder of each kind (a letter due soon, a draft near its deadline, a reviewer with
reviews left)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from awards.models import Award, Cycle, Dossier, LetterRequest, Nomination, School

from .models import Assignment, ReviewerEnrolment, ReviewSettings

NOMINATIONS_CYCLE = "Reminders demo: nominations"
REVIEW_CYCLE = "Reminders demo: review"


def _on_day(days: int, now: datetime.datetime) -> datetime.datetime:
    """Five in the afternoon, the portal's time, `days` days from today."""
    day = timezone.localtime(now).date() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))


def seed_reminders_demo(award: Award, *, nominator_email: str, reviewer_email: str, now=None):
    """Two cycles of `award` dated from today, so that today is each reminder's day: one open
    for nominations (the nominator's draft, and a submitted nomination whose letter has not
    arrived), one in review (the reviewer with a review to submit). Run again, it moves the
    dates to the new today and adds nothing."""
    now = now or timezone.now()
    users = get_user_model().objects
    nominator = users.get(email=nominator_email)
    reviewer = users.get(email=reviewer_email)
    school = School.objects.order_by("code").first()

    nominations, _ = Cycle.objects.update_or_create(
        award=award,
        name=NOMINATIONS_CYCLE,
        defaults={
            # Opened before the school year's cycle of the same award, which stays the one its
            # page offers (the newest of those taking nominations).
            "opens_at": now - datetime.timedelta(days=400),
            "closes_at": _on_day(7, now),  # the nominator reminder day: 7 days before
            "letters_due_at": _on_day(7, now),  # the letter writer reminder day
            "status": Cycle.Status.OPEN,
        },
    )
    nominee = {"cycle": nominations, "nominator": nominator, "school": school}
    Nomination.objects.get_or_create(
        **nominee,
        nominee_first_name="Rosa",
        nominee_last_name="Delgado",
        defaults={"nominee_role": "4th grade teacher", "language": "es"},
    )
    sent, _ = Nomination.objects.get_or_create(
        **nominee,
        nominee_first_name="Tomas",
        nominee_last_name="Nguyen",
        defaults={
            "nominee_role": "Music teacher",
            "status": Nomination.Status.SUBMITTED,
            "submitted_at": now,
        },
    )
    LetterRequest.objects.get_or_create(
        nomination=sent,
        writer_email="coach.demo@example.org",
        defaults={
            "question_key": "letters",
            "writer_name": "Coach Demo",
            "language": "vi",
            "send_count": 1,
            "last_sent_at": now,
        },
    )

    review, _ = Cycle.objects.update_or_create(
        award=award,
        name=REVIEW_CYCLE,
        defaults={
            "opens_at": now - datetime.timedelta(days=90),
            "closes_at": now - datetime.timedelta(days=30),
            "status": Cycle.Status.REVIEW,
        },
    )
    ReviewSettings.objects.update_or_create(
        cycle=review,
        defaults={
            "release_at": now - datetime.timedelta(days=10),
            "review_closes_at": _on_day(3, now),  # the reviewer reminder day
        },
    )
    candidate, created = Nomination.objects.get_or_create(
        cycle=review,
        nominator=nominator,
        school=school,
        nominee_first_name="Amina",
        nominee_last_name="Yusuf",
        defaults={
            "nominee_role": "Science teacher",
            "status": Nomination.Status.SUBMITTED,
            "submitted_at": now - datetime.timedelta(days=40),
        },
    )
    if created:
        candidate.dossier = Dossier.objects.create(cycle=review)
        candidate.save(update_fields=["dossier"])
    enrolment, _ = ReviewerEnrolment.objects.get_or_create(
        cycle=review, reviewer=reviewer, defaults={"status": ReviewerEnrolment.Status.ACTIVE}
    )
    Assignment.objects.get_or_create(
        dossier=candidate.dossier, enrolment=enrolment, removed_at=None
    )
