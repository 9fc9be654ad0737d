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


# Every other e-mail the portal sends (sign-in codes aside), in the same message log.
class EmailKind(models.TextChoices):
    RECEIPT = "receipt", "To a nominator: nomination received"
    LETTER_REQUEST = "letter_request", "To a letter writer: a letter is asked for"
    LETTER_REQUEST_AGAIN = "letter_request_again", "To a letter writer: the request again"
    LETTER_RECEIVED = "letter_received", "To a nominator: a letter arrived"
    HANDOFF = "handoff", "To a nominee: you have been nominated"
    GUARDIAN_CONSENT = "guardian_consent", "To a parent or guardian: consent asked"
    REVIEWER_INVITATION = "reviewer_invitation", "To a reviewer: invitation"
    REVIEWER_REMINDER = "reviewer_reminder", "To a reviewer: reminder sent by staff"
    BROADCAST = "broadcast", "A message written by staff"


def template_kinds() -> list[tuple[str, str]]:
    """What staff can write a MessageTemplate for: the thank-yous and certificate, every other
    e-mail but the ones staff write themselves, and the reminders that go out by themselves."""
    return (
        list(MessageTemplate.Kind.choices)
        + [(value, label) for value, label in EmailKind.choices if value != EmailKind.BROADCAST]
        + REMINDER_KINDS
    )


class MessageTemplate(models.Model):
    """An e-mail (or certificate) text staff can edit, other than the announcement of an
    outcome (AnnouncementTemplate). Placeholders in {{ double braces }}. For the e-mails of
    EmailKind, a language without a row is written in the portal's own wording (see
    review.domain.emails); the preview screen shows each as it would go out."""

    class Kind(models.TextChoices):
        LETTER_WRITER = "letter_writer", "To a letter writer: thank you"
        REVIEWER = "reviewer", "To a reviewer: thank you"
        CERTIFICATE = "certificate", "Winner's certificate (PDF text)"

    kind = models.CharField(max_length=30, choices=template_kinds)
    language = models.CharField(
        max_length=10, choices=languages, default=default_language, help_text=LANGUAGE_HELP
    )
    subject = models.CharField(max_length=200, help_text="For the certificate: its heading.")
    body = models.TextField(
        help_text="Placeholders: {{ name }}, {{ award }}, {{ cycle }}, {{ nominee }}, "
        "{{ citation }}, {{ foundation }}, {{ results_url }}. The other e-mails' placeholders "
        "are listed on the e-mail preview screen."
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
    """Every kind of e-mail in the message log: an outcome told to a nominee, guardian or
    nominator, the thank-yous, and the kinds of announcements before outcomes had their own
    e-mails (still in the message log), the reminders, and every other e-mail (EmailKind)."""
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
    return (
        told
        + list(MessageTemplate.Kind.choices)
        + REMINDER_KINDS
        + list(EmailKind.choices)
        + earlier
    )


class OutgoingMessage(models.Model):
    """One e-mail the portal sends (sign-in codes aside) and its delivery state; the key, which
    names what it is about and never holds an address, makes sending idempotent."""

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
    nomination = models.ForeignKey(
        "awards.Nomination",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The nomination it is about, where its receipt goes with it.",
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
        verbose_name = "sent e-mail"

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to} ({self.get_status_display()})"
