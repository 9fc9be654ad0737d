"""The admin forms of the awards side: awards, questions, cycles and their translations,
deadline extensions, eligibility, withdrawals, staff notes and tags, corrections, school imports."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import get_language_info
from wagtail.admin.forms.models import WagtailAdminModelForm

from .. import spec
from ..domain.corrections import correctable_questions
from ..domain.notes import NOTE_MAX_LENGTH, TAG_MAX_LENGTH, tag_names
from ..forms import NOMINEE_FIELDS
from ..models import (
    Cycle,
    Nomination,
    Question,
    School,
    SchoolLevel,
)


class AwardForm(WagtailAdminModelForm):
    """Award editing: the eligible school levels (a JSON list) as checkboxes."""

    eligible_school_levels = forms.MultipleChoiceField(
        choices=SchoolLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave every box empty to accept nominees from schools of every level.",
    )

    def clean_eligible_school_levels(self):
        chosen = set(self.cleaned_data["eligible_school_levels"])
        return [level for level in SchoolLevel.values if level in chosen]


class QuestionForm(WagtailAdminModelForm):
    """One question of a cycle's form: options one per line, file types as checkboxes."""

    choices = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Choice questions: one option per line.",
    )
    allowed_file_types = forms.MultipleChoiceField(
        choices=Question.FileType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="File questions: the kinds of file accepted. None ticked accepts all four.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.initial.get("choices"), list):
            self.initial["choices"] = "\n".join(self.initial["choices"])

    def clean_choices(self):
        options = []
        for line in self.cleaned_data["choices"].splitlines():
            option = line.strip()
            if option and option not in options:
                options.append(option)
        return options

    def clean_allowed_file_types(self):
        chosen = set(self.cleaned_data["allowed_file_types"])
        return [kind for kind in Question.FileType.values if kind in chosen]


class CycleForm(WagtailAdminModelForm):
    """A cycle with its questions: conditions must name another question of the same form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            # "Scheduled" is what an open cycle is before its dates, never a choice.
            self.fields["status"].choices = [
                choice
                for choice in self.fields["status"].choices
                if choice[0] != Cycle.Status.SCHEDULED
            ]

    def clean(self):
        cleaned = super().clean()
        questions = self.formsets.get("questions")
        if questions is None or not questions.is_valid():
            return cleaned
        kept = [form for form in questions.forms if form not in questions.deleted_forms]
        keys = {form.cleaned_data.get("key") for form in kept if form.cleaned_data}
        for form in kept:
            data = form.cleaned_data or {}
            depends_on = data.get("show_if_key")
            if depends_on and (depends_on not in keys or depends_on == data.get("key")):
                form.add_error("show_if_key", "Name the key of another question in this form.")
                self.add_error(None, "A question's condition names a question that is not here.")
        return cleaned


class FormTranslationForm(forms.Form):
    """A cycle's form in one language: one field per English text (`form_texts`), described by
    the English it translates, and the fingerprint of the English the page showed."""

    seen = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, texts, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.texts = texts
        direction = "rtl" if get_language_info(language).get("bidi") else "ltr"
        for text in texts:
            widget = (
                forms.Textarea(attrs={"rows": 3})
                if text.long
                else forms.TextInput(attrs={"autocomplete": "off"})
            )
            # Marked as the language typed: spelling checks and screen readers follow it.
            widget.attrs.update(lang=language, dir=direction)
            self.fields[text.name] = forms.CharField(
                label=text.what,
                help_text=text.english,
                required=False,
                max_length=10_000 if text.long else 1_000,
                widget=widget,
            )

    def groups(self) -> list[tuple[str, list]]:
        """The fields under their headings (the award, the step titles, each question)."""
        grouped: dict[str, list] = {}
        for text in self.texts:
            grouped.setdefault(text.group, []).append(self[text.name])
        return list(grouped.items())

    def translations(self) -> dict[str, str]:
        """The translations sent, by field name: a field missing from the request changes
        nothing (an empty one removes its translation)."""
        return {
            text.name: self.cleaned_data.get(text.name, "")
            for text in self.texts
            if self.add_prefix(text.name) in self.data
        }


class NominatorField(forms.ModelChoiceField):
    """A user chosen by typing their e-mail address."""

    def to_python(self, value):
        return super().to_python((value or "").strip().lower())


class DeadlineExtensionForm(WagtailAdminModelForm):
    nominator = NominatorField(
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="email",
        widget=forms.EmailInput,
        label="Nominator's e-mail address",
        error_messages={"invalid_choice": "No active account uses this e-mail address."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["nominator"] = self.instance.nominator.email

    def clean(self):
        cleaned = super().clean()
        cycle, closes_at = cleaned.get("cycle"), cleaned.get("closes_at")
        if cycle and closes_at and closes_at <= cycle.closes_at:
            self.add_error("closes_at", "An extension must end after the cycle closes.")
        return cleaned


class EligibilityForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (Nomination.Eligibility.ELIGIBLE, Nomination.Eligibility.ELIGIBLE.label),
            (Nomination.Eligibility.INELIGIBLE, Nomination.Eligibility.INELIGIBLE.label),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required when ineligible. The nominator may be told this reason.",
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == Nomination.Eligibility.INELIGIBLE
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", "Say why the nomination is ineligible.")
        return cleaned


class StaffWithdrawalForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="Kept in the audit log. Once results are published, the candidate leaves the "
        "results page when this was their last nomination.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why the nomination is withdrawn.")
        return reason


class StaffNoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX_LENGTH,
        help_text="For the foundation's staff. Nominators and nominees never see it.",
    )
    share_with_reviewers = forms.BooleanField(
        label="Share with reviewers",
        required=False,
        help_text="The reviewers assigned to this candidate read it beside the nomination, "
        "as a note from the foundation's staff.",
    )


class NominationTagsForm(forms.Form):
    tags = forms.CharField(
        label="Tags",
        required=False,
        help_text="Separate tags with commas. Staff only; leave empty to remove every tag.",
    )

    def clean_tags(self) -> list[str]:
        names = tag_names(self.cleaned_data["tags"])
        for name in names:
            if len(name) > TAG_MAX_LENGTH:
                raise forms.ValidationError(
                    f"A tag holds at most {TAG_MAX_LENGTH} characters: “{name[:20]}…” is longer."
                )
        return names


STAFF_NOMINEE_LABELS = {
    "nominee_first_name": "Nominee's first name",
    "nominee_last_name": "Nominee's last name",
    "nominee_email": "Nominee's e-mail address",
    "nominee_role": "Nominee's role or grade",
    "school": "School",
    "school_id": "School",
    "nominator_relationship": "Nominator's relationship to the nominee",
    "years_at_school": "Years at the school",
    "years_in_district": "Years in the district",
    "guardian_name": "Parent or guardian's name",
    "guardian_email": "Parent or guardian's e-mail address",
}
ANSWER_PREFIX = "answer_"


class NominationCorrectionForm(forms.ModelForm):
    """Staff correct a sent nomination: the nominee step's fields, the written and chosen
    answers of the form it was sent with, and the reason, which is required. Bound to a copy:
    the domain's correct_nomination does the saving."""

    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Kept with the nomination's history and in the audit log.",
    )

    class Meta:
        model = Nomination
        fields = NOMINEE_FIELDS
        labels = {
            name: label for name, label in STAFF_NOMINEE_LABELS.items() if name != "school_id"
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("nominee_first_name", "nominee_last_name"):
            self.fields[name].required = True
        self.fields["school"].queryset = School.objects.order_by("name")
        self.questions = correctable_questions(self.instance)
        answers = self.instance.answers or {}
        for question in self.questions:
            self.fields[ANSWER_PREFIX + question["key"]] = self._answer_field(
                question, answers.get(question["key"])
            )
        # The reason last, after what it explains.
        self.fields["reason"] = self.fields.pop("reason")

    @staticmethod
    def _answer_field(question: dict, value) -> forms.Field:
        label = question["label"]
        kind = question["kind"]
        choices = [(choice, choice) for choice in question.get("choices") or []]
        if kind == "single_choice":
            # An answer no longer among the options stays choosable, so it is not lost.
            if value and (value, value) not in choices:
                choices.append((value, value))
            return forms.ChoiceField(
                label=label, choices=[("", "—"), *choices], required=False, initial=value
            )
        if kind == "multiple_choice":
            choices += [(item, item) for item in value or [] if (item, item) not in choices]
            return forms.MultipleChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=value or [],
                widget=forms.CheckboxSelectMultiple,
            )
        widget = forms.Textarea(attrs={"rows": 6}) if kind == "long_text" else forms.TextInput
        return forms.CharField(
            label=label, required=False, initial=value or "", widget=widget, strip=True
        )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = ANSWER_PREFIX + question["key"]
            if name not in cleaned:
                continue
            value = cleaned[name]
            before = (self.instance.answers or {}).get(question["key"])
            if (value or "") == (before or ""):
                continue
            for message in spec.answer_errors(question, value):
                self.add_error(name, message)
        return cleaned

    def nominee_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in NOMINEE_FIELDS if name != "school"}
        school = self.cleaned_data.get("school")
        values["school_id"] = school.pk if school else None
        return values

    def answer_values(self) -> dict:
        return {
            question["key"]: self.cleaned_data[ANSWER_PREFIX + question["key"]]
            for question in self.questions
        }


class SchoolImportForm(forms.Form):
    MAX_BYTES = 1024 * 1024

    roster = forms.FileField(
        label="Roster CSV file",
        help_text="A .csv file of at most 1 MB, saved as “CSV UTF-8” if you can.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_roster(self):
        upload = self.cleaned_data["roster"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB.")
        data = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError("Save the roster as “CSV UTF-8” and upload it again.")
