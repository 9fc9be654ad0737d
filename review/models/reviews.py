from django.db import models


class Review(models.Model):
    """One reviewer's scores for one candidate, against one version of the rubric."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    assignment = models.OneToOneField(
        "review.Assignment", on_delete=models.PROTECT, related_name="review"
    )
    rubric = models.ForeignKey("review.Rubric", on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    comment = models.TextField(blank=True)
    weighted_total = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]

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
