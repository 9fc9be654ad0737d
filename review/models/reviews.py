from django.conf import settings
from django.db import models


class Review(models.Model):
    """One reviewer's scores for one candidate, against one version of the rubric."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    assignment = models.OneToOneField(
        "review.Assignment", on_delete=models.PROTECT, related_name="review"
    )
    # Copied from the assignment when the review is created, so that ranking reads one narrow,
    # indexed table instead of joining three (see review.domain.ranking).
    cycle = models.ForeignKey(
        "awards.Cycle", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    dossier = models.ForeignKey(
        "awards.Dossier", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    enrolment = models.ForeignKey(
        "review.ReviewerEnrolment",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    total = models.FloatField(
        null=True,
        editable=False,
        help_text="The weighted total as a float, which rankings aggregate.",
    )
    z = models.FloatField(
        null=True,
        editable=False,
        help_text="How far this total lies from the reviewer's own mean, in their own spreads; "
        "empty while the reviewer has too few reviews to tell.",
    )
    counted = models.BooleanField(
        default=False,
        editable=False,
        help_text="Submitted, complete and its assignment still in force: it counts in rankings.",
    )
    rubric = models.ForeignKey("review.Rubric", on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    comment = models.TextField(blank=True)
    weighted_total = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    others_seen_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the other reviewers' scores were first shown to this reviewer (where "
        "discussion is on): from then on these scores are final.",
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(
                fields=["cycle", "counted", "enrolment", "dossier", "total"],
                name="review_by_reviewer",
            ),
            models.Index(
                fields=["cycle", "counted", "dossier", "enrolment", "total"],
                name="review_by_candidate",
            ),
            # Keeping the running aggregates finds a reviewer's reviews and a candidate's.
            models.Index(fields=["enrolment", "counted"], name="review_of_reviewer"),
            models.Index(fields=["dossier", "counted"], name="review_of_candidate"),
        ]

    def __str__(self):
        return f"Review of {self.assignment.dossier} by {self.assignment.enrolment.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "review.Criterion", on_delete=models.PROTECT, related_name="scores"
    )
    value = models.IntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class Ranking(models.Model):
    """A ranking as it stood when recorded, with the method and tie-break that produced it, so
    a committee decision can always be traced to the exact ordering it was based on."""

    cycle = models.ForeignKey("awards.Cycle", on_delete=models.PROTECT, related_name="rankings")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tie_break = models.CharField(max_length=30)
    method = models.TextField(help_text="The normalisation as explained to staff.")
    entries = models.JSONField(
        help_text="One object per candidate in rank order: dossier, rank, reviews, mean, "
        "normalised, low, high, flagged."
    )

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"Ranking of {self.cycle} at {self.created_at:%Y-%m-%d %H:%M}"


class CandidateScore(models.Model):
    """Running aggregates of a candidate's counted reviews, kept by review.domain.ranking so a
    ranking reads one row per candidate instead of every score."""

    dossier = models.OneToOneField(
        "awards.Dossier", on_delete=models.CASCADE, related_name="score", primary_key=True
    )
    cycle = models.ForeignKey("awards.Cycle", on_delete=models.CASCADE, related_name="+")
    reviews = models.PositiveIntegerField()
    total_sum = models.FloatField()
    low = models.FloatField()
    high = models.FloatField()
    normalised_count = models.PositiveIntegerField(
        help_text="Reviews whose reviewer has enough reviews to be normalised."
    )
    z_sum = models.FloatField()
    unnormalised_sum = models.FloatField(help_text="Totals used as given.")
    z_mean = models.FloatField(
        null=True,
        help_text="Mean z of the reviews when every one of them is normalised (else empty): the "
        "normalised score is then the pool's mean plus its spread times this, so a page of the "
        "ranking can be read from an index in this order.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["cycle"], name="candidate_score_cycle"),
            models.Index(fields=["cycle", "z_mean"], name="candidate_score_z_mean"),
        ]

    def __str__(self):
        return f"Scores of {self.dossier}"
