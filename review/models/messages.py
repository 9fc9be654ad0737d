from django.conf import settings
from django.db import models

from .decisions import Decision


def languages() -> list[tuple[str, str]]:
    """The languages a template can be written in: the portal's (read when asked, not at
    import)."""
    return list(settings.LANGUAGES)


def default_language() -> str:
    return settings.LANGUAGE_CODE


LANGUAGE_HELP = (
    "The language of the people it is sent to. Someone whose language has no version gets the "
    "English one."
)


class MessageTemplate(models.Model):
    """An e-mail (or certificate) text staff can edit, other than the announcement of an
    outcome (AnnouncementTemplate). Placeholders in {{ double braces }}."""

    class Kind(models.TextChoices):
        LETTER_WRITER = "letter_writer", "To a letter writer: thank you"
        REVIEWER = "reviewer", "To a reviewer: thank you"
        CERTIFICATE = "certificate", "Winner's certificate (PDF text)"

    kind = models.CharField(max_length=30, choices=Kind)
    language = models.CharField(
        max_length=10, choices=languages, default=default_language, help_text=LANGUAGE_HELP
    )
    subject = models.CharField(max_length=200, help_text="For the certificate: its heading.")
    body = models.TextField(
        help_text="Placeholders: {{ name }}, {{ award }}, {{ cycle }}, {{ nominee }}, "
        "{{ citation }}, {{ foundation }}, {{ results_url }}."
    )

    class Meta:
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language"], name="one_message_template_per_kind_and_language"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_language_display()})"


ANNOUNCEMENT_PLACEHOLDERS = (
    "Placeholders: {{ name }} the person written to (empty when unknown), {{ nominee }} the "
    "nominee's name, {{ role }} their role, {{ school }} their school, {{ outcome }} the outcome "
    "in words, {{ award }}, {{ cycle }}, {{ citation }} the committee's public citation, "
    "{{ amount }} the award amount (empty when none), {{ foundation }}, {{ results_url }} the "
    "results page."
)


class AnnouncementTemplate(models.Model):
    """What one kind of person is told of one outcome when the results are published: the
    nominee (never a student: their parent or guardian instead) and each nominator."""

    class Recipient(models.TextChoices):
        NOMINEE = "nominee", "The nominee (not a student)"
        GUARDIAN = "guardian", "A student nominee's parent or guardian"
        NOMINATOR = "nominator", "Each nominator"

    outcome = models.CharField(max_length=30, choices=Decision.Outcome)
    recipient = models.CharField(max_length=20, choices=Recipient)
    language = models.CharField(
        max_length=10, choices=languages, default=default_language, help_text=LANGUAGE_HELP
    )
    subject = models.CharField(max_length=200, help_text=ANNOUNCEMENT_PLACEHOLDERS)
    body = models.TextField(help_text=ANNOUNCEMENT_PLACEHOLDERS)

    class Meta:
        ordering = ["outcome", "recipient", "language"]
        verbose_name = "announcement e-mail"
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "recipient", "language"],
                name="one_announcement_per_outcome_recipient_and_language",
            )
        ]

    def __str__(self):
        return (
            f"{self.get_outcome_display()}: to {self.get_recipient_display().lower()} "
            f"({self.get_language_display()})"
        )

    @property
    def kind(self) -> str:
        """The kind of the e-mails written from it (OutgoingMessage.kind)."""
        return f"{self.outcome}:{self.recipient}"


# The reminders that go out by themselves (review.domain.reminders), in the same message log.
REMINDER_KINDS = [
    ("reminder:letter", "Reminder to a letter writer"),
    ("reminder:draft", "Reminder to a nominator: draft not sent"),
    ("reminder:review", "Reminder to a reviewer: reviews to submit"),
]


def outgoing_kinds() -> list[tuple[str, str]]:
    """Every kind of announcement e-mail: an outcome told to a nominee, guardian or nominator,
    the thank-yous, and the kinds of announcements before outcomes had their own e-mails (still
    in the message log), and the reminders."""
    told = [
        (f"{outcome}:{recipient}", f"{outcome_label} to {recipient_label.lower()}")
        for outcome, outcome_label in Decision.Outcome.choices
        for recipient, recipient_label in AnnouncementTemplate.Recipient.choices
    ]
    earlier = [
        ("winner", "To a winner"),
        ("nominator_won", "To a nominator: your nominee won"),
        ("nominator_not_selected", "To a nominator: not selected"),
    ]
    return told + list(MessageTemplate.Kind.choices) + REMINDER_KINDS + earlier


class OutgoingMessage(models.Model):
    """One e-mail of an announcement and its delivery state; the key makes queueing idempotent."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Being handed to the mail server"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (see the error)"

    cycle = models.ForeignKey("awards.Cycle", on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(max_length=50, choices=outgoing_kinds)
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
