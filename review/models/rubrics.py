from decimal import Decimal
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from .stages import Stage


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
    stage = models.CharField(
        max_length=20,
        choices=Stage,
        default=Stage.FIRST,
        help_text="The stage it scores: the first review, or the finalist round (e.g. a "
        "classroom visit).",
    )
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
            models.UniqueConstraint(
                fields=["cycle", "stage", "version"], name="unique_rubric_version"
            )
        ]

    def __str__(self):
        return f"{self.name} v{self.version} ({self.cycle})"


def _whole_number(raw) -> int | None:
    text = str(raw if raw is not None else "").strip()
    if text.lstrip("-").isdigit() and text.count("-") <= 1:
        return int(text)
    return None


def _scores(values: list[int]) -> str:
    return f"{values[0]}" if len(values) == 1 else f"{values[0]} to {values[-1]}"


def check_bands(rows, scale_min: int, scale_max: int, scale_step: int = 1):
    """A criterion's band descriptors checked against its scale, as the rows were given.

    Returns (bands, problems): the bands as stored ({"from", "to", "label", "description"}, whole
    numbers and stripped text, in the rows' order) and {row index: [what is wrong]}. A row must
    have whole numbers, from not above to, a label and lie on the scale; rows must not overlap;
    every score on the scale must fall in a band once any band is given.
    """
    bands, problems = [], {}

    def problem(index: int, text: str) -> None:
        problems.setdefault(index, []).append(text)

    for index, row in enumerate(rows):
        low, high = _whole_number(row.get("from")), _whole_number(row.get("to"))
        label = str(row.get("label") or "").strip()
        description = str(row.get("description") or "").strip()
        if low is None:
            problem(index, "Give the lowest score of the band as a whole number.")
        if high is None:
            problem(index, "Give the highest score of the band as a whole number.")
        if not label:
            problem(index, "Give the band a label.")
        if low is not None and high is not None:
            if low > high:
                problem(index, f"“From” ({low}) is more than “to” ({high}).")
            elif not scale_min <= low <= high <= scale_max:
                problem(index, f"The band lies outside the scale ({scale_min} to {scale_max}).")
        bands.append({"from": low, "to": high, "label": label, "description": description})
    placed = sorted(
        (band["from"], band["to"], index)
        for index, band in enumerate(bands)
        if band["from"] is not None and band["to"] is not None and band["from"] <= band["to"]
    )
    for (low, high, index), (next_low, next_high, next_index) in pairwise(placed):
        if next_low <= high:
            problem(next_index, f"Overlaps the band “{bands[index]['label']}” ({low} to {high}).")
            problem(
                index,
                f"Overlaps the band “{bands[next_index]['label']}” ({next_low} to {next_high}).",
            )
    if placed and not problems and scale_step > 0:
        scores = range(scale_min, scale_max + 1, scale_step)
        first, last = placed[0], placed[-1]
        below = [v for v in scores if v < first[0]]
        if below:
            problem(first[2], f"Scores {_scores(below)} are in no band: start this band lower.")
        for (_, high, index), (low, _, next_index) in pairwise(placed):
            between = [v for v in scores if high < v < low]
            if between:
                problem(
                    next_index,
                    f"Scores {_scores(between)} are in no band: between “{bands[index]['label']}” "
                    "and this band.",
                )
        above = [v for v in scores if v > last[1]]
        if above:
            problem(last[2], f"Scores {_scores(above)} are in no band: end this band higher.")
    return bands, problems


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
        if not self.scale_step or (self.scale_max - self.scale_min) % self.scale_step:
            raise ValidationError({"scale_step": "The step must divide the scale evenly."})
        _, problems = check_bands(self.bands or [], self.scale_min, self.scale_max, self.scale_step)
        if problems:
            raise ValidationError(
                {
                    "bands": [
                        f"Band {index + 1}: {text}"
                        for index, texts in sorted(problems.items())
                        for text in texts
                    ]
                }
            )

    def band_for(self, value: int) -> str:
        for band in self.bands or []:
            if band["from"] <= value <= band["to"]:
                return band["label"]
        return ""
