from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable


class Rubric(ClusterableModel):
    """How a cycle's candidates are scored: weighted criteria on scales with band descriptors.

    Once the first score exists a rubric is locked; changing it makes a new version and the
    scores already given keep the version they were given against.
    """

    class TieBreak(models.TextChoices):
        """How candidates with equal normalised scores are ordered."""

        RAW_MEAN = "raw_mean", "Higher raw mean, then more reviews"
        MORE_REVIEWS = "more_reviews", "More completed reviews, then higher raw mean"
        SUBMITTED_FIRST = "submitted_first", "Earlier first submission"

    cycle = models.ForeignKey("awards.Cycle", on_delete=models.PROTECT, related_name="rubrics")
    name = models.CharField(max_length=150, default="Rubric")
    version = models.PositiveSmallIntegerField(default=1)
    locked = models.BooleanField(default=False, editable=False)
    tie_break = models.CharField(
        max_length=30,
        choices=TieBreak,
        default=TieBreak.RAW_MEAN,
        help_text="Chosen before scoring opens: it is locked with the rubric at the first score "
        "and stored with every ranking it produces.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "version"], name="unique_rubric_version")
        ]

    def __str__(self):
        return f"{self.name} v{self.version} ({self.cycle})"


class Criterion(Orderable):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    weight = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    scale_min = models.IntegerField(default=0)
    scale_max = models.IntegerField(default=10)
    scale_step = models.PositiveSmallIntegerField(default=1)
    bands = models.JSONField(
        default=list,
        blank=True,
        help_text='Descriptors, e.g. [{"from": 0, "to": 2, "label": "Emerging"}, …].',
    )
    comment_required = models.BooleanField(default=False)

    class Meta(Orderable.Meta):
        verbose_name_plural = "criteria"

    def __str__(self):
        return self.name

    def clean(self):
        if self.scale_max <= self.scale_min:
            raise ValidationError({"scale_max": "The top of the scale must exceed the bottom."})
        if (self.scale_max - self.scale_min) % self.scale_step:
            raise ValidationError({"scale_step": "The step must divide the scale evenly."})
        for band in self.bands or []:
            low, high = band.get("from"), band.get("to")
            if low is None or high is None or not band.get("label"):
                raise ValidationError({"bands": "Each band needs from, to and a label."})
            if not self.scale_min <= low <= high <= self.scale_max:
                raise ValidationError({"bands": f"Band {band['label']} lies outside the scale."})

    def band_for(self, value: int) -> str:
        for band in self.bands or []:
            if band["from"] <= value <= band["to"]:
                return band["label"]
        return ""
