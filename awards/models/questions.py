from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable


class Question(Orderable):
    """One question of a cycle's nomination form. Questions sharing a `section` form one step."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", "Short text"
        LONG_TEXT = "long_text", "Long text (essay)"
        SINGLE_CHOICE = "single_choice", "Single choice"
        MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
        ATTESTATION = "attestation", "Yes/no attestation"
        DATE = "date", "Date"
        NUMBER = "number", "Number"
        FILE = "file", "File upload"
        LETTERS = "letters", "Letters of support"

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document (.docx)"
        JPEG = "jpeg", "JPEG image"
        PNG = "png", "PNG image"

    cycle = ParentalKey("awards.Cycle", on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        max_length=50, help_text="A short stable name for this question, used in exports."
    )
    section = models.CharField(
        max_length=100,
        default="About the nomination",
        help_text="Questions in a section share a step.",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.LONG_TEXT)
    label = models.CharField(max_length=300)
    help_text = models.TextField(blank=True)
    required = models.BooleanField(default=True)
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    choices = models.JSONField(
        default=list, blank=True, help_text="The options of a choice question, one per item."
    )
    allowed_file_types = models.JSONField(default=list, blank=True)
    max_file_size_mb = models.PositiveSmallIntegerField(default=10)
    max_files = models.PositiveSmallIntegerField(default=1)
    min_letters = models.PositiveSmallIntegerField(default=0)
    max_letters = models.PositiveSmallIntegerField(default=3)
    if_no_message = models.CharField(
        "message for a “No”",
        max_length=300,
        blank=True,
        help_text="Yes/no questions: what to tell someone who answers No, for example why the "
        "nominee is not eligible.",
    )
    show_if_key = models.SlugField(
        max_length=50, blank=True, help_text="Show this question only when that question's answer…"
    )
    show_if_value = models.CharField(max_length=200, blank=True, help_text="…is this value.")
    # What families read in their language, by language code, field and English text:
    # {"es": {"label": {"Why them?": "¿Por qué?"}, "choices": {"Other": "Otro"}}} (see
    # `spec.translated`). Edited on the cycle's "Translate the form" screen; whatever is missing,
    # or was translated from English that has changed since, reads in English.
    translations = models.JSONField(default=dict, blank=True, editable=False)

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="unique_question_key_per_cycle")
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.kind in {self.Kind.SINGLE_CHOICE, self.Kind.MULTIPLE_CHOICE} and not self.choices:
            raise ValidationError({"choices": "A choice question needs at least one option."})
        if self.kind == self.Kind.LETTERS and self.min_letters > self.max_letters:
            raise ValidationError({"min_letters": "The minimum cannot exceed the maximum."})
        if bool(self.show_if_key) != bool(self.show_if_value):
            raise ValidationError({"show_if_value": "Give both the question and the value."})

    def snapshot(self) -> dict:
        """What a submitted nomination keeps of this question, so later edits never break it."""
        return {
            "key": self.key,
            "section": self.section,
            "kind": self.kind,
            "label": self.label,
            "help_text": self.help_text,
            "required": self.required,
            "word_limit": self.word_limit,
            "choices": list(self.choices or []),
            "allowed_file_types": list(self.allowed_file_types or []),
            "max_file_size_mb": self.max_file_size_mb,
            "max_files": self.max_files,
            "min_letters": self.min_letters,
            "max_letters": self.max_letters,
            "show_if_key": self.show_if_key,
            "show_if_value": self.show_if_value,
            "if_no_message": self.if_no_message,
            "translations": self.snapshot_translations(),
        }

    def snapshot_translations(self) -> dict:
        """This question's translations with its section's title (kept on the cycle) as the
        field "section", by language: what `spec.localised` reads."""
        kept = {}
        sections = self.cycle.translations or {}
        for language in sorted({*(self.translations or {}), *sections}):
            texts = dict((self.translations or {}).get(language) or {})
            title = ((sections.get(language) or {}).get("sections") or {}).get(self.section)
            if title:
                texts["section"] = {self.section: title}
            if texts:
                kept[language] = texts
        return kept
