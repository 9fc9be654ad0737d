import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from portal.i18n import language_or_default


def generate_code() -> str:
    """A public identifier: random, unguessable, safe in URLs. Never a primary key."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Nomination(models.Model):
    """A nominator's nomination of one person for one award cycle, from first draft onwards."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Eligibility(models.TextChoices):
        PENDING = "pending", "Not yet checked"
        ELIGIBLE = "eligible", "Eligible"
        INELIGIBLE = "ineligible", "Ineligible"

    code = models.CharField(max_length=16, unique=True, default=generate_code, editable=False)
    cycle = models.ForeignKey("awards.Cycle", on_delete=models.PROTECT, related_name="nominations")
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)

    nominee_first_name = models.CharField(max_length=100, blank=True)
    nominee_last_name = models.CharField(max_length=100, blank=True)
    nominee_email = models.EmailField(blank=True)
    nominee_role = models.CharField(max_length=150, blank=True)
    school = models.ForeignKey(
        "awards.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nominator_relationship = models.CharField(max_length=150, blank=True)
    years_at_school = models.PositiveSmallIntegerField(
        "years the nominee has been at this school", null=True, blank=True
    )
    years_in_district = models.PositiveSmallIntegerField(
        "years the nominee has been in the district", null=True, blank=True
    )
    guardian_name = models.CharField("parent or guardian's name", max_length=150, blank=True)
    guardian_email = models.EmailField("parent or guardian's e-mail address", blank=True)
    answers = models.JSONField(default=dict, blank=True)
    # The language each answer was written in (the page's language when it was last changed),
    # by question key: {"impact": "es"}. Answers saved before languages were kept have none.
    answer_languages = models.JSONField(default=dict, blank=True, editable=False)
    # The language the nominator sent the nomination in: their receipt and later e-mails use it.
    language = models.CharField(max_length=10, blank=True, editable=False)
    # The language the nominator chose for the e-mails to the nominee and the parent or
    # guardian (their own by default).
    contact_language = models.CharField(max_length=10, blank=True, editable=False)
    form_snapshot = models.JSONField(default=list, blank=True, editable=False)
    # Whether the draft was opened on a phone (from the browser's description of itself; the
    # description is not kept). None: started before this was recorded.
    started_on_phone = models.BooleanField(null=True, default=None, editable=False)

    dossier = models.ForeignKey(
        "awards.Dossier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    eligibility = models.CharField(max_length=20, choices=Eligibility, default=Eligibility.PENDING)
    eligibility_reason = models.TextField(blank=True)
    # Staff's labels, set through awards.domain.notes.set_tags; never shown outside the admin.
    tags = TaggableManager(
        through="awards.TaggedNomination", blank=True, related_name="nominations"
    )

    class Response(models.TextChoices):
        NOT_ASKED = "not_asked", _("Not asked")
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    # The nominee's own answer, where the award hands the nomination to them.
    nominee_response = models.CharField(max_length=20, choices=Response, default=Response.NOT_ASKED)
    nominee_statement = models.TextField(blank=True)
    nominee_responded_at = models.DateTimeField(null=True, blank=True)
    # A student's parent or guardian: consent to publish the name or photo if the student wins.
    guardian_consent = models.CharField(max_length=20, choices=Response, default=Response.NOT_ASKED)
    guardian_consent_signature = models.CharField(max_length=150, blank=True)
    guardian_consent_at = models.DateTimeField(null=True, blank=True)

    purged_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When retention removed this nomination's personal data.",
    )
    submission_key = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    receipt_sent_for = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The submission the last receipt was for."
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["cycle", "status"]),
            models.Index(fields=["nominator", "status"]),
        ]

    def __str__(self):
        return f"Nomination {self.code}"

    def get_status_display(self) -> str:
        """The status as staff and the nominator read it; a nomination the nominee declined
        says so, with the day ("Withdrawn: the nominee declined on 3 Dec 2026")."""
        if self.status == self.Status.WITHDRAWN and self.nominee_response == self.Response.DECLINED:
            day = (
                date_format(timezone.localtime(self.nominee_responded_at), "j M Y")
                if self.nominee_responded_at
                else gettext("a day not recorded")
            )
            return gettext("Withdrawn: the nominee declined on %(day)s") % {"day": day}
        return dict(self.Status.choices).get(self.status, self.status)

    @property
    def nominee_name(self) -> str:
        return f"{self.nominee_first_name} {self.nominee_last_name}".strip()

    @property
    def family_language(self) -> str:
        """The language of everything written to the nominee and the parent or guardian (their
        e-mails, the certificate): the nominator's choice for them, else the language the
        nominator used, else the site's."""
        return language_or_default(self.contact_language or self.language)

    @property
    def nominator_language(self) -> str:
        """The language the nominator sent the nomination in (their e-mails use it)."""
        return language_or_default(self.language)


class NominationRevision(models.Model):
    """A copy of a nomination as it stood at one submission, edit or staff correction."""

    class Kind(models.TextChoices):
        NOMINATOR = "nominator", "Sent by the nominator"
        CORRECTION = "correction", "Corrected by staff"

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NOMINATOR)
    # A staff correction's reason, and what it changed: {name: [before, after]}, where name is
    # a nominee field ("nominee_last_name") or "answers.<question key>".
    reason = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.nomination} at {self.created_at:%Y-%m-%d %H:%M}"


class NominationFile(models.Model):
    """An uploaded file, kept in private storage under random keys: the clean copy (without the
    file's metadata or active content) that everyone is given, and the original for staff.
    `size` and `sha256` describe the original, as the nominator uploaded it."""

    code = models.CharField(max_length=16, unique=True, default=generate_code, editable=False)
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")
    question_key = models.SlugField(max_length=50)
    storage_key = models.CharField(max_length=255, unique=True, editable=False)
    # Empty for files accepted before originals were kept apart: their storage_key is the original.
    original_storage_key = models.CharField(max_length=255, blank=True, editable=False)
    display_name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.display_name


class LetterRequest(models.Model):
    """A letter of support asked of a third party, who answers through a private link."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(max_length=16, unique=True, default=generate_code, editable=False)
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="letters")
    question_key = models.SlugField(max_length=50)
    writer_name = models.CharField(max_length=150)
    writer_email = models.EmailField()
    # The language of the writer's e-mails and page, chosen by the nominator.
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.REQUESTED)
    requested_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    # Part of the signed link; bumping it on resend retires every earlier link.
    send_count = models.PositiveSmallIntegerField(default=0)
    received_at = models.DateTimeField(null=True, blank=True)
    # The writer followed "stop reminding me": no reminder goes out about this letter.
    reminders_stopped_at = models.DateTimeField(null=True, blank=True, editable=False)
    letter_text = models.TextField(blank=True)
    # The clean copy of the writer's file, which reviewers' packets use; the original is for staff.
    letter_file_key = models.CharField(max_length=255, blank=True, editable=False)
    letter_file_original_key = models.CharField(max_length=255, blank=True, editable=False)
    letter_file_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["requested_at"]

    def __str__(self):
        return f"Letter from {self.writer_name}"


class LetterEmail(models.Model):
    """One letter-request e-mail (the first or a reminder): the log the sending limits count,
    per address and per nominator. Holds no address or name of its own: its letter does."""

    class Kind(models.TextChoices):
        REQUEST = "request", "Request"
        REMINDER = "reminder", "Reminder"

    letter = models.ForeignKey(LetterRequest, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=Kind)
    sent_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["sent_at"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.letter} at {self.sent_at:%Y-%m-%d %H:%M}"
