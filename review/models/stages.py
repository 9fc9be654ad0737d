from django.conf import settings
from django.db import models


class Stage(models.TextChoices):
    """The review stages of a cycle. Every cycle has the first; a finalist round is a second
    one, scored by the committee against its own rubric, for the finalists staff picked from the
    first stage's ranking."""

    FIRST = "first", "First review"
    FINALIST = "finalist", "Finalist round"


class Finalist(models.Model):
    """A candidate staff picked from the first stage's ranking for the finalist round."""

    cycle = models.ForeignKey("awards.Cycle", on_delete=models.PROTECT, related_name="finalists")
    dossier = models.OneToOneField(
        "awards.Dossier", on_delete=models.PROTECT, related_name="finalist"
    )
    rank_at_selection = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The candidate's place in the first stage's ranking when picked (empty: "
        "not ranked then).",
    )
    selected_at = models.DateTimeField(auto_now_add=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["cycle", "rank_at_selection", "pk"]

    def __str__(self):
        return f"Finalist: {self.dossier}"
