"""Demo data that shows the reminders at work: after `seed_demo`, `manage.py send_reminders`
queues one reminder of each kind (a letter due soon, a draft near its deadline, a reviewer with
reviews left); and a cycle in its finalist round."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from awards.models import Award, Cycle, Dossier, LetterRequest, Nomination, School

from .domain.assignment import commit_assignment, plan_assignment
from .domain.finalists import select_finalists
from .domain.ranking import compute_ranking
from .domain.scoring import save_review
from .models import Assignment, Criterion, ReviewerEnrolment, ReviewSettings, Rubric, Stage

NOMINATIONS_CYCLE = "Reminders demo: nominations"
REVIEW_CYCLE = "Reminders demo: review"
FINALIST_CYCLE = "Finalist round demo"
# (first name, last name, role, the demo reviewer's first-stage score out of 10 per criterion)
FINALIST_CANDIDATES = [
    ("Lucia", "Moreno", "Bilingual kindergarten teacher", (9, 8)),
    ("Farah", "Abdi", "Special education teacher", (8, 9)),
    ("Dmitri", "Volkov", "Robotics club advisor", (6, 7)),
    ("Grace", "Okafor", "School counselor", (5, 4)),
]


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


def seed_finalist_demo(
    award: Award, *, nominator_email: str, reviewer_email: str, staff_email: str
):
    """A cycle of `award` in its finalist round: four candidates scored in the first stage by
    the demo reviewer, the top two picked as finalists, and the same reviewer on the committee
    (one person on both stages), who has scored one finalist's classroom visit and has the
    other still to score. Everything goes through the domain operations staff and reviewers
    use. Run again, it adds nothing."""
    now = timezone.now()
    users = get_user_model().objects
    nominator = users.get(email=nominator_email)
    reviewer = users.get(email=reviewer_email)
    staff = users.get(email=staff_email)
    cycle, created = Cycle.objects.get_or_create(
        award=award,
        name=FINALIST_CYCLE,
        defaults={
            "opens_at": now - datetime.timedelta(days=120),
            "closes_at": now - datetime.timedelta(days=60),
            "status": Cycle.Status.REVIEW,
        },
    )
    if not created:
        return cycle
    review_settings = ReviewSettings.objects.create(
        cycle=cycle, release_at=now - datetime.timedelta(days=50), reviewers_per_candidate=1
    )
    first = Rubric.objects.create(cycle=cycle, name="Nomination")
    for name in ("Impact on students", "Evidence"):
        Criterion.objects.create(rubric=first, name=name, scale_min=0, scale_max=10)
    visit = Rubric.objects.create(cycle=cycle, name="Classroom visit", stage=Stage.FINALIST)
    for name in ("Classroom climate", "Student engagement"):
        Criterion.objects.create(rubric=visit, name=name, scale_min=1, scale_max=5)
    schools = list(School.objects.order_by("code")[:4])
    scores = {}
    for (first_name, last_name, role, given), school in zip(
        FINALIST_CANDIDATES, schools, strict=False
    ):
        nomination = Nomination.objects.create(
            cycle=cycle,
            nominator=nominator,
            school=school,
            nominee_first_name=first_name,
            nominee_last_name=last_name,
            nominee_role=role,
            status=Nomination.Status.SUBMITTED,
            submitted_at=now - datetime.timedelta(days=70),
        )
        nomination.dossier = Dossier.objects.create(cycle=cycle)
        nomination.save(update_fields=["dossier"])
        scores[nomination.dossier_id] = given
    ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=reviewer, status=ReviewerEnrolment.Status.ACTIVE, capacity=10
    )
    commit_assignment(plan_assignment(cycle), staff)
    criteria = list(first.criteria.order_by("sort_order", "pk"))
    for assignment in Assignment.objects.filter(enrolment__cycle=cycle).select_related(
        "enrolment__cycle__review_settings", "dossier"
    ):
        given = scores[assignment.dossier_id]
        save_review(
            assignment,
            reviewer,
            values={c.pk: v for c, v in zip(criteria, given, strict=True)},
            comments={},
            comment="A strong nomination with clear evidence.",
            submit=True,
        )
    review_settings.review_closes_at = now - datetime.timedelta(days=20)
    review_settings.save(update_fields=["review_closes_at"])
    top = [entry.dossier_id for entry in compute_ranking(cycle, limit=2).entries]
    select_finalists(cycle, top, staff)
    reviewer.groups.add(Group.objects.get_or_create(name=settings.COMMITTEE_GROUP)[0])
    ReviewerEnrolment.objects.create(
        cycle=cycle,
        reviewer=reviewer,
        stage=Stage.FINALIST,
        status=ReviewerEnrolment.Status.ACTIVE,
        capacity=10,
    )
    commit_assignment(plan_assignment(cycle, stage=Stage.FINALIST), staff)
    visited = Assignment.objects.select_related("enrolment__cycle__review_settings").get(
        enrolment__stage=Stage.FINALIST, dossier_id=top[0]
    )
    save_review(
        visited,
        reviewer,
        values={c.pk: 5 for c in visit.criteria.all()},
        comments={},
        comment="Every student took part; the visit confirmed the nomination.",
        submit=True,
    )
    return cycle
