"""What the public may read about published results. CMS pages call this; nothing else in the
review app is reachable from the public site."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from wagtail.images import get_image_model

from awards.domain.consent import guardians_consent, needs_guardian_consent
from awards.models import Nomination

from .models import Decision, Publication

PUBLIC_OUTCOMES = (
    Decision.Outcome.WINNER,
    Decision.Outcome.FINALIST,
    Decision.Outcome.HONOURABLE_MENTION,
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
    photo_caption: str = ""

    def __str__(self):
        return f"{self.name}, {self.role}, {self.school} ({self.award}, {self.cycle})"


def published_results(
    *, cycle=None, award=None, outcomes=PUBLIC_OUTCOMES, now=None
) -> list[PublicResult]:
    """Results of cycles whose publication is approved and due, in a fixed number of queries
    (two, and a third when a result has a photo).

    A student is named (and pictured) only when every parent or guardian asked, across the
    candidate's nominations, consented (`guardians_consent`: one refusal withholds it), by the
    public name staff set on the decision where they set one;
    otherwise they appear as "a student at <school>" or not at all, as staff chose. No contact
    detail is ever included. Rows come as plain values, with only the columns a public result
    may show: a results page lists every winner on every request that is not served from the
    page cache.
    """
    decisions = Decision.objects.filter(
        outcome__in=list(outcomes),
        cycle__publication__status=Publication.Status.PUBLISHED,
        cycle__publication__publish_at__lte=now or timezone.now(),
    ).order_by(
        "-cycle__closes_at",
        Decision.outcome_rank(),
        F("position").asc(nulls_last=True),
        "pk",
    )
    if cycle is not None:
        decisions = decisions.filter(cycle=cycle)
    if award is not None:
        decisions = decisions.filter(cycle__award=award)
    decisions = list(
        decisions.values(
            "dossier_id",
            "outcome",
            "citation",
            "photo_id",
            "photo_caption",
            "public_name",
            "student_display",
            "cycle__name",
            "cycle__award__name",
            "cycle__award__category",
            "cycle__award__requires_guardian_consent",
        )
    )
    if not decisions:
        return []
    # The candidates' submitted nominations in one query, straight by dossier (no dossier rows).
    nominations_of = defaultdict(list)
    for nomination in (
        Nomination.objects.filter(
            dossier_id__in={decision["dossier_id"] for decision in decisions},
            status=Nomination.Status.SUBMITTED,
        )
        .order_by("submitted_at", "pk")
        .values(
            "dossier_id",
            "nominee_first_name",
            "nominee_last_name",
            "nominee_role",
            "guardian_consent",
            "school__name",
        )
    ):
        nominations_of[nomination["dossier_id"]].append(nomination)
    photo_ids = {decision["photo_id"] for decision in decisions} - {None}
    photos = get_image_model().objects.in_bulk(photo_ids) if photo_ids else {}
    results = []
    for decision in decisions:
        nominations = nominations_of[decision["dossier_id"]]
        if not nominations:
            continue
        nomination = nominations[0]
        school = nomination["school__name"] or ""
        # The name staff set for the public, else the name as the nominator typed it.
        name = (
            decision["public_name"]
            or f"{nomination['nominee_first_name']} {nomination['nominee_last_name']}".strip()
        )
        photo = photos.get(decision["photo_id"])
        caption = decision["photo_caption"]
        consented = guardians_consent(n["guardian_consent"] for n in nominations)
        if not consented and needs_guardian_consent(
            decision["cycle__award__category"], decision["cycle__award__requires_guardian_consent"]
        ):
            if decision["student_display"] == Decision.StudentDisplay.HIDDEN:
                continue
            name, photo, caption = (f"A student at {school}" if school else "A student"), None, ""
        results.append(
            PublicResult(
                name=name,
                role=nomination["nominee_role"],
                school=school,
                award=decision["cycle__award__name"],
                cycle=decision["cycle__name"],
                outcome=Decision.Outcome(decision["outcome"]).label,
                citation=decision["citation"],
                photo=photo,
                photo_caption=caption if photo else "",
            )
        )
    return results


def results_released(cycle_id: int, now=None) -> bool:
    """Whether the cycle's results are approved and due: before then its results page is not
    there for anyone (404, out of the sitemap), as a page not yet published."""
    return Publication.objects.filter(
        cycle_id=cycle_id,
        status=Publication.Status.PUBLISHED,
        publish_at__lte=now or timezone.now(),
    ).exists()


def published_dossier_ids() -> set[int]:
    """Candidates whose names appear in published results (retention keeps those names)."""
    return set(
        Decision.objects.filter(
            outcome__in=list(PUBLIC_OUTCOMES),
            cycle__publication__status=Publication.Status.PUBLISHED,
        ).values_list("dossier_id", flat=True)
    )


def is_published_candidate(dossier_id: int) -> bool:
    """Whether the candidate appears in results that are published or scheduled."""
    return Decision.objects.filter(
        dossier_id=dossier_id,
        outcome__in=list(PUBLIC_OUTCOMES),
        cycle__publication__status=Publication.Status.PUBLISHED,
    ).exists()


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
