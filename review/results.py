"""What the public may read about published results. CMS pages call this; nothing else in the
review app is reachable from the public site."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from awards.models import Nomination, NomineeCategory

from .models import Decision, Publication

PUBLIC_OUTCOMES = (
    Decision.Outcome.WINNER,
    Decision.Outcome.FINALIST,
    Decision.Outcome.HONOURABLE_MENTION,
)

PUBLIC_NOMINATION_FIELDS = (
    "dossier",
    "nominee_first_name",
    "nominee_last_name",
    "nominee_role",
    "guardian_consent",
    "school",
    "school__name",
)


@dataclass(frozen=True)
class PublicResult:
    name: str
    role: str
    school: str
    award: str
    cycle: str
    outcome: str
    citation: str
    photo: object = None

    def __str__(self):
        return f"{self.name}, {self.role}, {self.school} ({self.award}, {self.cycle})"


def needs_guardian_consent(award) -> bool:
    return award.requires_guardian_consent or award.category == NomineeCategory.STUDENT


def published_results(
    *, cycle=None, award=None, outcomes=PUBLIC_OUTCOMES, now=None
) -> list[PublicResult]:
    """Results of cycles whose publication is approved and due, in a fixed number of queries.

    A student is named (and pictured) only with a parent's or guardian's recorded consent;
    otherwise they appear as "a student at <school>" or not at all, as staff chose. No contact
    detail is ever included.
    """
    decisions = (
        Decision.objects.filter(
            outcome__in=list(outcomes),
            cycle__publication__status=Publication.Status.PUBLISHED,
            cycle__publication__publish_at__lte=now or timezone.now(),
        )
        .select_related("cycle__award", "photo")
        .order_by("-cycle__closes_at", "outcome", "pk")
    )
    if cycle is not None:
        decisions = decisions.filter(cycle=cycle)
    if award is not None:
        decisions = decisions.filter(cycle__award=award)
    decisions = list(decisions)
    # The candidates' submitted nominations in one query, straight by dossier (no dossier rows),
    # with only the columns a public result may show.
    nominations_of = defaultdict(list)
    if decisions:
        for nomination in (
            Nomination.objects.filter(
                dossier_id__in={decision.dossier_id for decision in decisions},
                status=Nomination.Status.SUBMITTED,
            )
            .select_related("school")
            .only(*PUBLIC_NOMINATION_FIELDS)
            .order_by("submitted_at", "pk")
        ):
            nominations_of[nomination.dossier_id].append(nomination)
    results = []
    for decision in decisions:
        nominations = nominations_of[decision.dossier_id]
        if not nominations:
            continue
        nomination = nominations[0]
        award_of = decision.cycle.award
        school = nomination.school.name if nomination.school_id else ""
        name, photo = nomination.nominee_name, decision.photo
        consented = any(n.guardian_consent == Nomination.Response.ACCEPTED for n in nominations)
        if needs_guardian_consent(award_of) and not consented:
            if decision.student_display == Decision.StudentDisplay.HIDDEN:
                continue
            name, photo = (f"A student at {school}" if school else "A student"), None
        results.append(
            PublicResult(
                name=name,
                role=nomination.nominee_role,
                school=school,
                award=award_of.name,
                cycle=decision.cycle.name,
                outcome=decision.get_outcome_display(),
                citation=decision.citation,
                photo=photo,
            )
        )
    return results


def published_dossier_ids() -> set[int]:
    """Candidates whose names appear in published results (retention keeps those names)."""
    return set(
        Decision.objects.filter(
            outcome__in=list(PUBLIC_OUTCOMES),
            cycle__publication__status=Publication.Status.PUBLISHED,
        ).values_list("dossier_id", flat=True)
    )


def next_release(now=None):
    """When the next approved results become public (None if none is waiting): the moment the
    results pages and award pages change."""
    return (
        Publication.objects.filter(
            status=Publication.Status.PUBLISHED, publish_at__gt=now or timezone.now()
        )
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
