from django.conf import settings
from django.db import models

from .nominations import generate_code


class Dossier(models.Model):
    """One candidate in a cycle: every submitted nomination of the same person, grouped.

    Review treats a dossier as one candidate. A nomination joins one automatically only when it
    names the same person by normalised name and school and the candidate's review has not
    started; other likenesses become a DossierSuggestion for staff. Staff merge and split.
    """

    code = models.CharField(max_length=16, unique=True, default=generate_code, editable=False)
    cycle = models.ForeignKey("awards.Cycle", on_delete=models.PROTECT, related_name="dossiers")
    created_at = models.DateTimeField(auto_now_add=True)
    merged_by_staff = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Dossier {self.code}"


class DossierSuggestion(models.Model):
    """A submitted nomination that may name an existing candidate but was not filed with it:
    the same nominee e-mail under another name or school, or the same name and school once the
    candidate's review had started. Staff merge (through `merge_dossiers`) or dismiss."""

    class Reason(models.TextChoices):
        SAME_EMAIL = "same_email", "Same nominee e-mail address, another name or school"
        UNDER_REVIEW = "under_review", "Same name and school, but the candidate was in review"

    class Resolution(models.TextChoices):
        MERGED = "merged", "Merged"
        DISMISSED = "dismissed", "Dismissed"

    nomination = models.ForeignKey(
        "awards.Nomination", on_delete=models.CASCADE, related_name="dossier_suggestions"
    )
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="suggestions")
    reason = models.CharField(max_length=20, choices=Reason)
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(max_length=20, choices=Resolution, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "dossier"], name="one_suggestion_per_nomination_and_dossier"
            )
        ]

    def __str__(self):
        return f"{self.nomination} may belong to {self.dossier}"
