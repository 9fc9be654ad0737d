from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ..blind import every_identity_field


class ReviewSettings(models.Model):
    """How a cycle is reviewed."""

    cycle = models.OneToOneField(
        "awards.Cycle", on_delete=models.CASCADE, related_name="review_settings"
    )
    reviewers_per_candidate = models.PositiveSmallIntegerField(default=3)
    release_at = models.DateTimeField(
        null=True, blank=True, help_text="Reviewers see their assignments from this moment."
    )
    review_closes_at = models.DateTimeField(null=True, blank=True)
    finalists_close_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The committee scores the finalists until then (empty: no closing time). "
        "Committee members see a finalist from the moment they are assigned to it.",
    )
    blind_fields = models.JSONField(
        default=every_identity_field,
        blank=True,
        help_text="Identity fields hidden from reviewers: nominee_name, nominator_name, "
        "emails, school. A new cycle hides them all.",
    )
    discussion_enabled = models.BooleanField(
        default=False, help_text="Reviewers who have scored may see the others' scores."
    )
    disagreement_percent = models.PositiveSmallIntegerField(
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Flag a candidate when its reviewers' weighted totals differ by more than this "
        "percentage of the rubric's range (from the lowest to the highest possible total): 25 "
        "flags a 10-point gap on a 1-40 rubric, not a 3-point one.",
    )
    disagreement_threshold = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Or a fixed number of points instead of the percentage; leave empty to use "
        "the percentage.",
    )
    places = models.PositiveSmallIntegerField(
        default=5,
        help_text="How many candidates the committee will consider (winners and finalists): "
        "the cutoff for adding reviewers where it matters.",
    )
    cutoff_margin = models.PositiveSmallIntegerField(
        default=3,
        help_text="Ranks either side of the cutoff counted as near it.",
    )
    extra_reviewer_near_cutoff = models.BooleanField(
        default=False,
        help_text="Give a flagged candidate near the cutoff one more reviewer automatically.",
    )

    class Meta:
        verbose_name_plural = "review settings"

    def __str__(self):
        return f"Review settings for {self.cycle}"


class Assignment(models.Model):
    """One reviewer asked to score one candidate."""

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", "Automatic"
        MANUAL = "manual", "By hand"
        EXTRA = "extra", "Extra reviewer (scores disagree near the cutoff)"

    dossier = models.ForeignKey(
        "awards.Dossier", on_delete=models.PROTECT, related_name="assignments"
    )
    enrolment = models.ForeignKey(
        "review.ReviewerEnrolment", on_delete=models.PROTECT, related_name="assignments"
    )
    source = models.CharField(max_length=20, choices=Source, default=Source.AUTOMATIC)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "enrolment"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "enrolment"],
                condition=models.Q(removed_at__isnull=True),
                name="one_live_assignment_per_pair",
            )
        ]

    def __str__(self):
        return f"{self.enrolment.reviewer} reviews {self.dossier}"


class ReviewReminder(models.Model):
    """One reminder e-mail to one reviewer about their outstanding reviews, sent at most once."""

    enrolment = models.ForeignKey(
        "review.ReviewerEnrolment", on_delete=models.CASCADE, related_name="reminders"
    )
    outstanding = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Reminder to {self.enrolment.reviewer} ({self.outstanding} outstanding)"
