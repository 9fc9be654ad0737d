from django.db import models


class MessageTemplate(models.Model):
    """An e-mail (or certificate) text staff can edit. Placeholders in {{ double braces }}."""

    class Kind(models.TextChoices):
        WINNER = "winner", "To a winner"
        NOMINATOR_WON = "nominator_won", "To a nominator: your nominee won"
        NOMINATOR_NOT_SELECTED = "nominator_not_selected", "To a nominator: not selected"
        LETTER_WRITER = "letter_writer", "To a letter writer: thank you"
        REVIEWER = "reviewer", "To a reviewer: thank you"
        CERTIFICATE = "certificate", "Winner's certificate (PDF text)"

    kind = models.CharField(max_length=30, choices=Kind, unique=True)
    subject = models.CharField(max_length=200, help_text="For the certificate: its heading.")
    body = models.TextField(
        help_text="Placeholders: {{ name }}, {{ award }}, {{ cycle }}, {{ nominee }}, "
        "{{ citation }}, {{ foundation }}, {{ results_url }}."
    )

    class Meta:
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()


class OutgoingMessage(models.Model):
    """One e-mail of an announcement and its delivery state; the key makes queueing idempotent."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Being handed to the mail server"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (see the error)"

    cycle = models.ForeignKey("awards.Cycle", on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(max_length=30, choices=MessageTemplate.Kind)
    key = models.CharField(max_length=200, unique=True, editable=False)
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body = models.TextField()
    decision = models.ForeignKey(
        "review.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.QUEUED)
    send_after = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "send_after"])]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to} ({self.get_status_display()})"
