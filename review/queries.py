"""What a reviewer may see: only live, released, conflict-free assignments of their own."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from awards.models import Cycle, LetterRequest, Nomination

from .models import Assignment, Conflict, ReviewerEnrolment


def detected_conflict(enrolment_ref: str = "enrolment", dossier_ref: str = "dossier") -> Q:
    """The detection rules of `review.domain.conflicts.detect_conflicts` as a SQL condition on
    an (enrolment, dossier) pair, less the pairs staff dismissed. Tests hold the two equal."""
    Tie = ReviewerEnrolment.schools.through
    tied_school = Tie.objects.filter(
        reviewerenrolment_id=OuterRef(OuterRef(enrolment_ref)), school_id=OuterRef("school_id")
    )
    submitted = Nomination.objects.filter(
        dossier=OuterRef(dossier_ref), status=Nomination.Status.SUBMITTED
    )
    at_school = submitted.filter(Exists(tied_school))
    nominated = submitted.filter(nominator__reviewer_enrolments__pk=OuterRef(enrolment_ref))
    writer_is_reviewer = ReviewerEnrolment.objects.filter(
        pk=OuterRef(OuterRef(enrolment_ref)), reviewer__email__iexact=OuterRef("writer_email")
    )
    # A letter the reviewer wrote, not one a nominator only asked of them (that is flagged to
    # staff instead): asking costs a nominator nothing and would take any reviewer off.
    wrote_letter = LetterRequest.objects.filter(
        nomination__dossier=OuterRef(dossier_ref), status=LetterRequest.Status.RECEIVED
    ).filter(Exists(writer_is_reviewer))
    dismissed = Conflict.objects.filter(
        enrolment=OuterRef(enrolment_ref),
        dossier=OuterRef(dossier_ref),
        source=Conflict.Source.DETECTED,
        dismissed_at__isnull=False,
    )
    return (Exists(at_school) | Exists(nominated) | Exists(wrote_letter)) & ~Exists(dismissed)


def recorded_conflict(enrolment_ref: str = "enrolment", dossier_ref: str = "dossier") -> Q:
    """A declared or staff-recorded conflict still standing for the pair."""
    return Q(
        Exists(
            Conflict.objects.filter(
                enrolment=OuterRef(enrolment_ref),
                dossier=OuterRef(dossier_ref),
                dismissed_at__isnull=True,
            ).exclude(source=Conflict.Source.DETECTED)
        )
    )


def live_assignments(cycle) -> QuerySet[Assignment]:
    """Assignments of `cycle` still in force: not removed and not in conflict."""
    return (
        Assignment.objects.filter(enrolment__cycle=cycle, removed_at__isnull=True)
        .exclude(enrolment__status=ReviewerEnrolment.Status.WITHDRAWN)
        .exclude(detected_conflict())
        .exclude(recorded_conflict())
    )


def assignments_for(user, now=None) -> QuerySet[Assignment]:
    """The user's assignments a reviewer may open now; none for anyone else (deny by default).

    Removed assignments, enrolments not active (withdrawn), assignments not yet released and any
    pair with a conflict (detected from the data now, declared or recorded) are excluded, so
    taking a reviewer off, or a letter they write, cuts access on the next request.
    """
    if not user.is_authenticated or not user.is_active:
        return Assignment.objects.none()
    now = now or timezone.now()
    return (
        Assignment.objects.filter(
            enrolment__reviewer=user,
            enrolment__status=ReviewerEnrolment.Status.ACTIVE,
            removed_at__isnull=True,
            enrolment__cycle__review_settings__release_at__lte=now,
        )
        .exclude(detected_conflict())
        .exclude(recorded_conflict())
        .select_related("dossier", "enrolment__cycle__award", "enrolment__cycle__review_settings")
    )


def reviewable_by(user) -> Q:
    return Q(pk__in=assignments_for(user).values("pk"))


def live_enrolments(user) -> QuerySet[ReviewerEnrolment]:
    """The user's reviewer enrolments still in force: invited or active, in a cycle not closed.
    None for anyone signed out or deactivated."""
    if not user.is_authenticated or not user.is_active:
        return ReviewerEnrolment.objects.none()
    return (
        ReviewerEnrolment.objects.filter(reviewer=user)
        .exclude(status=ReviewerEnrolment.Status.WITHDRAWN)
        .exclude(cycle__status=Cycle.Status.CLOSED)
    )


def reviews_now(user) -> bool:
    """Whether the user has any live reviewer enrolment (their reviews are where they work)."""
    return live_enrolments(user).exists()


def candidate_labels(dossier_ids) -> dict[int, str]:
    """Staff-facing names of candidates: nominee, role and school of the first nomination."""
    labels = {}
    for dossier_id, first, last, school in (
        Nomination.objects.filter(dossier_id__in=list(dossier_ids))
        .order_by("dossier_id", "submitted_at", "pk")
        .values_list("dossier_id", "nominee_first_name", "nominee_last_name", "school__name")
    ):
        labels.setdefault(dossier_id, f"{first} {last} ({school or 'no school'})")
    return labels
