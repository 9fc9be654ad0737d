from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class NomineeCategory(models.TextChoices):
    TEACHER = "teacher", "Teacher"
    PRINCIPAL = "principal", "Principal"
    STAFF = "staff", "School staff"
    STUDENT = "student", "Student"


class Award(models.Model):
    """An award or scholarship the foundation gives every year."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    category = models.CharField(
        max_length=20, choices=NomineeCategory, help_text="Who can be nominated."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Cycle(models.Model):
    """One year's round of an award: nominations open, close, letters come in, review follows."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        REVIEW = "review", "In review"
        DECIDED = "decided", "Decided"
        CLOSED = "closed", "Closed"

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="cycles")
    name = models.CharField(max_length=100, help_text="For example 2026-27.")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    letters_due_at = models.DateTimeField(null=True, blank=True)
    grace_period = models.DurationField(
        null=True, blank=True, help_text="Submissions are still accepted this long after closing."
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)

    class Meta:
        ordering = ["-opens_at", "award__name"]
        constraints = [
            models.UniqueConstraint(fields=["award", "name"], name="unique_cycle_name_per_award"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="cycle_closes_after_opening",
            ),
        ]

    def __str__(self):
        return f"{self.award} {self.name}"

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The cycle must close after it opens."})
        if self.letters_due_at and self.opens_at and self.letters_due_at < self.opens_at:
            raise ValidationError(
                {"letters_due_at": "Letters cannot be due before the cycle opens."}
            )

    def is_accepting_nominations(self, now=None) -> bool:
        now = now or timezone.now()
        closes = self.closes_at + (self.grace_period or timedelta(0))
        return self.status == self.Status.OPEN and self.opens_at <= now < closes
