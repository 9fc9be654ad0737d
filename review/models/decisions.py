from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.Model):
    """The committee's decision on one candidate, with what the public will read about them."""

    class Outcome(models.TextChoices):
        # Translated: {{ outcome }} in an announcement reads in the recipient's language.
        WINNER = "winner", _("Winner")
        FINALIST = "finalist", _("Finalist")
        HONOURABLE_MENTION = "honourable_mention", _("Honourable mention")
        NOT_SELECTED = "not_selected", _("Not selected")

    class StudentDisplay(models.TextChoices):
        ANONYMOUS = "anonymous", "Without consent: “a student at <school>”"
        HIDDEN = "hidden", "Without consent: leave them off the page"

    cycle = models.ForeignKey("awards.Cycle", on_delete=models.PROTECT, related_name="decisions")
    dossier = models.OneToOneField(
        "awards.Dossier", on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(max_length=30, choices=Outcome)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    citation = models.TextField(max_length=600, blank=True, help_text="A short public citation.")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_name = models.CharField(
        max_length=150,
        blank=True,
        help_text="The winner's name as the results page and the certificate print it. Empty: "
        "the name as the nominator typed it.",
    )
    photo_caption = models.CharField(max_length=200, blank=True)
    student_display = models.CharField(
        max_length=20, choices=StudentDisplay, default=StudentDisplay.ANONYMOUS
    )
    position = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Place on the results page among the candidates with the same outcome (1 "
        "first). Empty: the candidate's place in the ranking, fixed when the results are "
        "published.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["cycle", "outcome", "pk"]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.dossier}"

    @classmethod
    def outcome_rank(cls) -> models.Case:
        """The outcomes in the order they are declared (winner first, not selected last), for
        ordering a query: their names sort the other way round."""
        return models.Case(
            *(
                models.When(outcome=outcome, then=models.Value(rank))
                for rank, outcome in enumerate(cls.Outcome.values)
            ),
            default=models.Value(len(cls.Outcome.values)),
            output_field=models.IntegerField(),
        )


class Publication(models.Model):
    """Announcing a cycle's results: requested by one staff member, approved by another."""

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting a second approval"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"
        WITHDRAWN = "withdrawn", "Request withdrawn"

    cycle = models.OneToOneField(
        "awards.Cycle", on_delete=models.PROTECT, related_name="publication"
    )
    status = models.CharField(max_length=30, choices=Status)
    publish_at = models.DateTimeField(help_text="When the results become public.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    results_page = models.ForeignKey(
        "cms.ResultsPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    early_reason = models.TextField(
        blank=True,
        help_text="Why publishing was requested while the cycle was still open for nominations "
        "(required then; shown to the approver and kept in the audit log).",
    )

    def __str__(self):
        return f"Results of {self.cycle}: {self.get_status_display()}"

    @property
    def locks_decisions(self) -> bool:
        """Decisions cannot change while a request waits for approval (the approver approves
        exactly what they read) or while the results are published."""
        return self.status in (self.Status.AWAITING_APPROVAL, self.Status.PUBLISHED)


class FileJob(models.Model):
    """A file built in the background (`review.domain.jobs.run_file_job`) and stored privately;
    staff watch its progress and download it once ready."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Building"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=20, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    message = models.CharField(max_length=300, blank=True)
    storage_key = models.CharField(max_length=255, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class PacketJob(FileJob):
    """Building a committee packet in the background."""

    cycle = models.ForeignKey("awards.Cycle", on_delete=models.CASCADE, related_name="packets")
    pages = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self):
        return f"Committee packet for {self.cycle} ({self.get_status_display()})"


class CertificateJob(FileJob):
    """Building winners' certificates in the background, as one ZIP of PDFs or as one PDF of a
    certificate per page."""

    class Format(models.TextChoices):
        ZIP = "zip", "One ZIP of PDFs, a PDF per winner"
        PDF = "pdf", "One PDF, a certificate per page"

    format = models.CharField(max_length=10, choices=Format, default=Format.ZIP)
    decisions = models.ManyToManyField(Decision, related_name="+")

    def __str__(self):
        return f"Winners' certificates ({self.get_status_display()})"
