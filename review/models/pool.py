from django.conf import settings
from django.db import models

from .stages import Stage


class ReviewerEnrolment(models.Model):
    """A reviewer taking part in one cycle: how much they can take and what they may review."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        WITHDRAWN = "withdrawn", "Withdrawn"

    cycle = models.ForeignKey(
        "awards.Cycle", on_delete=models.PROTECT, related_name="reviewer_enrolments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_enrolments"
    )
    stage = models.CharField(
        max_length=20,
        choices=Stage,
        default=Stage.FIRST,
        help_text="A reviewer of the first stage, or a committee member scoring the finalists.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.INVITED)
    capacity = models.PositiveSmallIntegerField(
        default=10, help_text="The most candidates this reviewer will score in the cycle."
    )
    categories = models.JSONField(
        default=list, blank=True, help_text="Nominee categories they may review; empty means all."
    )
    preferred_categories = models.JSONField(default=list, blank=True)
    schools = models.ManyToManyField(
        "awards.School",
        blank=True,
        related_name="+",
        help_text="Schools the reviewer works at or is tied to (their conflicts).",
    )
    is_principal = models.BooleanField(
        default=False, help_text="A principal has a conflict with everyone at their schools."
    )
    # Running statistics of the reviewer's counted reviews, kept by review.domain.ranking.
    scored_count = models.PositiveIntegerField(default=0, editable=False)
    score_sum = models.FloatField(default=0, editable=False)
    score_sumsq = models.FloatField(default=0, editable=False)
    invited_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle", "reviewer__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "reviewer", "stage"],
                name="one_enrolment_per_reviewer_and_cycle",
            )
        ]

    def __str__(self):
        return f"{self.reviewer} in {self.cycle}"


class Conflict(models.Model):
    """A reason a reviewer must not review a candidate. Staff may dismiss a detected one."""

    class Source(models.TextChoices):
        DECLARED = "declared", "Declared by the reviewer"
        STAFF = "staff", "Recorded by staff"
        DETECTED = "detected", "Detected automatically"

    enrolment = models.ForeignKey(
        ReviewerEnrolment, on_delete=models.CASCADE, related_name="conflicts"
    )
    dossier = models.ForeignKey(
        "awards.Dossier", on_delete=models.CASCADE, related_name="conflicts"
    )
    source = models.CharField(max_length=20, choices=Source)
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The assignment the conflict ended, so staff can give a mistaken declaration back.
    ended_assignment = models.ForeignKey(
        "review.Assignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["enrolment", "dossier"])]

    def __str__(self):
        return f"{self.get_source_display()}: {self.reason}"

    @property
    def active(self) -> bool:
        return self.dismissed_at is None
