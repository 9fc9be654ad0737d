from django.db import models

from .nominations import generate_code


class Dossier(models.Model):
    """One candidate in a cycle: every submitted nomination of the same person, grouped.

    Review treats a dossier as one candidate. Nominations join one automatically when they
    name the same person (normalised name and school, or the same e-mail); staff merge and split.
    """

    code = models.CharField(max_length=16, unique=True, default=generate_code, editable=False)
    cycle = models.ForeignKey("awards.Cycle", on_delete=models.PROTECT, related_name="dossiers")
    created_at = models.DateTimeField(auto_now_add=True)
    merged_by_staff = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Dossier {self.code}"
