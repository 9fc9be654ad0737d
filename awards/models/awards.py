import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel

from ..spec import translated
from .schools import SchoolLevel


class NomineeCategory(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    PRINCIPAL = "principal", _("Principal")
    STAFF = "staff", _("School staff")
    STUDENT = "student", _("Student")


class Award(models.Model):
    """An award or scholarship the foundation gives every year."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    category = models.CharField(
        max_length=20, choices=NomineeCategory, help_text="Who can be nominated."
    )
    description = models.TextField(blank=True)

    # Eligibility, checked as early as the nominator gives the answer it depends on.
    eligible_school_levels = models.JSONField(
        default=list,
        blank=True,
        help_text="School levels whose people may be nominated; empty means every level.",
    )
    title_i_only = models.BooleanField("Title I schools only", default=False)
    min_years_at_school = models.PositiveSmallIntegerField(
        default=0, help_text="Minimum years at the school, attested by the nominator."
    )
    min_years_in_district = models.PositiveSmallIntegerField(
        default=0, help_text="Minimum years in the district, attested by the nominator."
    )
    exclude_past_winners = models.BooleanField(default=True)
    past_winner_wait_years = models.PositiveSmallIntegerField(
        "years before a past winner may be nominated again",
        null=True,
        blank=True,
        help_text="Counted from the year of the win. Leave empty: past winners can never be "
        "nominated for this award again.",
    )

    class NomineeNotice(models.TextChoices):
        NOTIFY = "notify", "Tell the nominee they were nominated"
        SURPRISE = "surprise", "Surprise: the nominee hears nothing until results"

    nominee_notice = models.CharField(
        max_length=20, choices=NomineeNotice, default=NomineeNotice.SURPRISE
    )
    nominee_handoff = models.BooleanField(
        default=False,
        help_text="Invite the nominee to confirm and add their own section (needs 'notify').",
    )
    requires_guardian_consent = models.BooleanField(
        default=False,
        help_text="Student nominees: a parent or guardian must consent before a name is published.",
    )
    # The name and description families read in their language, by language code, field and
    # English text: {"es": {"name": {"Curiosity Prize": "Premio Curiosidad"}}} (see
    # `spec.translated`). Whatever is missing reads in English.
    translations = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        unknown = set(self.eligible_school_levels or []) - set(SchoolLevel.values)
        if unknown:
            raise ValidationError({"eligible_school_levels": f"Unknown levels: {sorted(unknown)}"})
        if self.nominee_handoff and self.nominee_notice == self.NomineeNotice.SURPRISE:
            raise ValidationError(
                {"nominee_handoff": "A surprise award cannot invite the nominee."}
            )

    def localised(self, field: str, language: str | None = None) -> str:
        """`field` ("name" or "description") in `language` (the active language by default),
        or in English where it has no translation."""
        english = getattr(self, field)
        return translated(self.translations, language or get_language(), field, english)

    @property
    def local_name(self) -> str:
        """The name in the language the page is shown in."""
        return self.localised("name")

    @property
    def local_description(self) -> str:
        return self.localised("description")


class Cycle(ClusterableModel):
    """One year's round of an award: nominations open, close, letters come in, review follows."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        # Never stored: what an "Open" cycle is before its opening date (see `effective_status`).
        SCHEDULED = "scheduled", "Scheduled"
        OPEN = "open", "Open"
        REVIEW = "review", "In review"
        DECIDED = "decided", "Decided"
        CLOSED = "closed", "Closed"

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="cycles")
    name = models.CharField(max_length=100, help_text="For example 2026-27.")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    letters_due_at = models.DateTimeField(null=True, blank=True)
    grace_period = models.DurationField(
        null=True, blank=True, help_text="Submissions are still accepted this long after closing."
    )
    results_expected_on = models.DateField(
        null=True,
        blank=True,
        help_text="When results are expected to be announced, shown with the key dates.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        help_text="“Open” runs by the dates: scheduled until opening, open until the deadline "
        "(and grace period), then in review. “Draft” never opens by itself.",
    )
    # Reminders sent by themselves (`send_reminders`), each on by default.
    remind_letter_writers = models.BooleanField(
        "remind letter writers",
        default=True,
        help_text="E-mail writers whose letter has not arrived, the given number of days "
        "before letters are due.",
    )
    letter_reminder_days = models.PositiveSmallIntegerField(
        "days before letters are due",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    remind_nominators = models.BooleanField(
        "remind nominators with unsent drafts",
        default=True,
        help_text="E-mail nominators whose nomination is still a draft, the given number of "
        "days before it closes (their own deadline, if extended) and again the day before.",
    )
    nominator_reminder_days = models.PositiveSmallIntegerField(
        "days before nominations close",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    remind_reviewers = models.BooleanField(
        "remind reviewers with reviews to submit",
        default=True,
        help_text="E-mail reviewers with reviews not yet submitted, the given number of days "
        "before scoring closes.",
    )
    reviewer_reminder_days = models.PositiveSmallIntegerField(
        "days before scoring closes",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="next_cycles",
        help_text="The cycle this one was started from (“Start next year's cycle”).",
    )
    # The form's section titles (its step titles) in families' languages, by language code and
    # English title: {"es": {"sections": {"Their story": "Su historia"}}} (see
    # `spec.translated`). A renamed section reads in English until it is translated again.
    translations = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-opens_at", "award__name"]
        constraints = [
            models.UniqueConstraint(fields=["award", "name"], name="unique_cycle_name_per_award"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="cycle_closes_after_opening",
            ),
        ]

    def __str__(self):
        return f"{self.award} {self.name}"

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The cycle must close after it opens."})
        if self.letters_due_at and self.opens_at and self.letters_due_at < self.opens_at:
            raise ValidationError(
                {"letters_due_at": "Letters cannot be due before the cycle opens."}
            )

    def effective_status(self, now=None) -> str:
        """The status as of `now`: an "Open" cycle moves by its dates, the others are as staff
        (or publishing) set them.

        Derived on every read rather than moved by a periodic task: no process keeps state,
        nothing runs late or twice, and the status is right at the second the deadline passes
        (a task would leave it wrong until its next run, and every reader would still have to
        check the dates, as `accepts_submission_from` does). Staff close early or extend by
        moving the deadline (awards.domain.cycles), so the dates stay the one source.
        """
        if self.status != self.Status.OPEN:
            return self.status
        now = now or timezone.now()
        if now < self.opens_at:
            return self.Status.SCHEDULED
        if now < self.closes_at + (self.grace_period or timedelta(0)):
            return self.Status.OPEN
        return self.Status.REVIEW

    def get_effective_status_display(self) -> str:
        return self.Status(self.effective_status()).label

    def is_accepting_nominations(self, now=None) -> bool:
        now = now or timezone.now()
        closes = self.closes_at + (self.grace_period or timedelta(0))
        return self.status == self.Status.OPEN and self.opens_at <= now < closes

    def deadline_for(self, user) -> "timezone.datetime":
        """When this user's nominations close: the cycle's close or their extension, if later."""
        if not getattr(user, "is_authenticated", False):
            return self.closes_at
        extension = self.extensions.filter(nominator=user).order_by("-closes_at").first()
        if extension and extension.closes_at > self.closes_at:
            return extension.closes_at
        return self.closes_at

    def accepts_submission_from(self, user, now=None) -> bool:
        """Open for this user now: opened, not past their deadline plus the grace period."""
        now = now or timezone.now()
        closes = self.deadline_for(user) + (self.grace_period or timedelta(0))
        return self.status == self.Status.OPEN and self.opens_at <= now < closes


class DeadlineExtension(models.Model):
    """Staff let one nominator submit after the cycle closes."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="extensions")
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_extensions"
    )
    closes_at = models.DateTimeField()
    reason = models.CharField(max_length=300, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "nominator"], name="one_extension_per_nominator_and_cycle"
            )
        ]

    def __str__(self):
        return f"Extension for {self.nominator} until {self.closes_at:%Y-%m-%d %H:%M}"


class PastWinner(models.Model):
    """Someone who has already won an award: the "past winners excluded" rule checks this list.

    Staff enter earlier years' winners here; published results add their winners once they are
    public, students only with every asked guardian's consent (`nomination` then says which).
    """

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="past_winners")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    school = models.ForeignKey(
        "awards.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(blank=True)
    year = models.CharField(max_length=20, help_text="For example 2024-25.")
    nomination = models.ForeignKey(
        "awards.Nomination",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The winning nomination, for winners added from published results.",
    )

    class Meta:
        ordering = ["-year", "last_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.award}, {self.year})"

    @property
    def won_in(self) -> int | None:
        """The calendar year the win counts from: the last year `year` names ("2024-25" and
        "2024/2025" give 2025, "2024" gives 2024); None when it names none."""
        # Staff type the year by hand: a hyphen, a slash or an en dash (U+2013) between years.
        found = re.search(r"(\d{4})(?:\s*[-/\u2013]\s*(\d{4}|\d{2}))?", self.year or "")
        if not found:
            return None
        first, second = found.groups()
        if second is None:
            return int(first)
        if len(second) == 4:
            return int(second)
        last = int(first[:2] + second)
        return last if last >= int(first) else last + 100  # "1999-00" ends in 2000
