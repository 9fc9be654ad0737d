"""Forms of the nominator's journey. Each step form can hand back what was typed even when it
does not validate, so a draft keeps every answer (`raw_values`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal.i18n import language_names

from . import spec
from .models import Award, Nomination
from .queries import eligible_schools, school_rule
from .rules import past_winner_refusal

ATTESTATION_CHOICES = [("yes", _("Yes")), ("no", _("No"))]
NOMINEE_FIELDS = [
    "nominee_first_name",
    "nominee_last_name",
    "nominee_email",
    "nominee_role",
    "school",
    "nominator_relationship",
    "years_at_school",
    "years_in_district",
    "guardian_name",
    "guardian_email",
]
GUARDIAN_FIELDS = ("guardian_name", "guardian_email")


class NomineeForm(forms.ModelForm):
    """Step 1: who is nominated, at which school, and how the nominator knows them."""

    class Meta:
        model = Nomination
        fields = NOMINEE_FIELDS
        labels = {
            "nominee_first_name": _("Nominee's first name"),
            "nominee_last_name": _("Nominee's last name"),
            "nominee_email": _("Nominee's e-mail address"),
            "nominee_role": _("Nominee's role or grade"),
            "school": _("School"),
            "nominator_relationship": _("How do you know the nominee?"),
            "years_at_school": _("Years the nominee has been at this school"),
            "years_in_district": _("Years the nominee has been in the district"),
            "guardian_name": _("Parent or guardian's name"),
            "guardian_email": _("Parent or guardian's e-mail address"),
        }
        help_texts = {
            "nominee_role": _("For example: 7th grade science teacher, principal, 12th grader."),
            "nominator_relationship": _("For example: parent of a student, colleague, student."),
        }

    def __init__(self, *args, award: Award, **kwargs):
        super().__init__(*args, **kwargs)
        self.award = award
        for name in ("nominee_first_name", "nominee_last_name", "school", "nominator_relationship"):
            self.fields[name].required = True
        self.fields["nominee_role"].required = True
        needs_email = award.nominee_notice == Award.NomineeNotice.NOTIFY
        self.fields["nominee_email"].required = needs_email
        if not needs_email:
            self.fields["nominee_email"].help_text = _(
                "Optional. It stays private; the nominee is not contacted before results."
            )
        if award.requires_guardian_consent:
            for name in GUARDIAN_FIELDS:
                self.fields[name].required = True
            self.fields["guardian_email"].help_text = _(
                "We ask a parent or guardian before a student's name or photo is ever published."
            )
        else:
            for name in GUARDIAN_FIELDS:
                del self.fields[name]
        for name, minimum in (
            ("years_at_school", award.min_years_at_school),
            ("years_in_district", award.min_years_in_district),
        ):
            if minimum:
                self.fields[name].required = True
                self.fields[name].help_text = ngettext(
                    "This award asks for at least %(minimum)d year.",
                    "This award asks for at least %(minimum)d years.",
                    minimum,
                ) % {"minimum": minimum}
                self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})
            else:
                del self.fields[name]
        self.fields["school"].queryset = eligible_schools(award)
        self.fields["school"].empty_label = gettext("Choose a school")
        self.fields["school"].help_text = school_rule(award)
        for field in self.fields.values():
            field.widget.attrs.setdefault("autocomplete", "off")
        self.fields["nominee_first_name"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        cleaned = super().clean()
        school = cleaned.get("school")
        refusal = past_winner_refusal(
            self.award,
            cleaned.get("nominee_first_name", ""),
            cleaned.get("nominee_last_name", ""),
            school.pk if school else None,
            cleaned.get("nominee_email", ""),
        )
        if refusal:
            # Always on the same field, whichever detail matched (the address, or the name and
            # school), so where it shows hints at nothing; the step page lists field errors.
            self.add_error("nominee_last_name", refusal)
        return cleaned

    def _below_minimum(self, name: str):
        """The years typed, and the award's minimum when they fall short of it."""
        value = self.cleaned_data.get(name)
        minimum = getattr(self.award, f"min_{name}")
        return value, (minimum if value is not None and value < minimum else None)

    def clean_years_at_school(self):
        value, minimum = self._below_minimum("years_at_school")
        if minimum is not None:
            raise ValidationError(
                ngettext(
                    "This award is for people with at least %(minimum)d year at the school; "
                    "the nominee has %(value)d.",
                    "This award is for people with at least %(minimum)d years at the school; "
                    "the nominee has %(value)d.",
                    minimum,
                )
                % {"minimum": minimum, "value": value}
            )
        return value

    def clean_years_in_district(self):
        value, minimum = self._below_minimum("years_in_district")
        if minimum is not None:
            raise ValidationError(
                ngettext(
                    "This award is for people with at least %(minimum)d year in the district; "
                    "the nominee has %(value)d.",
                    "This award is for people with at least %(minimum)d years in the district; "
                    "the nominee has %(value)d.",
                    minimum,
                )
                % {"minimum": minimum, "value": value}
            )
        return value

    def raw_values(self) -> dict:
        """What was typed, cleaned where possible, for saving into the draft regardless."""
        values = {}
        for name in NOMINEE_FIELDS:
            if name not in self.fields:
                continue
            if name in ("years_at_school", "years_in_district"):
                raw = str(self.data.get(self.add_prefix(name)) or "").strip()
                values[name] = int(raw) if raw.isdigit() and int(raw) < 100 else None
            elif name == "school":
                school_id = str(self.data.get(self.add_prefix("school")) or "")
                valid = (
                    school_id.isdigit()
                    and self.fields["school"].queryset.filter(pk=school_id).exists()
                )
                values["school_id"] = int(school_id) if valid else None
            else:
                values[name] = (self.data.get(self.add_prefix(name)) or "").strip()[:150]
        return values


def stored_nominee_data(nomination: Nomination) -> dict:
    """The nominee step's saved values as form data, to check them the way the form does."""
    data = {name: getattr(nomination, name) for name in NOMINEE_FIELDS if name != "school"}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["school"] = nomination.school_id or ""
    return data


def stored_answers_data(answers: dict) -> MultiValueDict:
    """Saved answers as form data (a choice list under one key), to check them as the form does."""
    return MultiValueDict(
        {
            key: [str(item) for item in value] if isinstance(value, list) else [str(value)]
            for key, value in answers.items()
            if value is not None
        }
    )


class WordLimitTextarea(forms.Textarea):
    def __init__(self, word_limit=None, attrs=None):
        attrs = {"rows": 8, **(attrs or {})}
        if word_limit:
            attrs["data-word-limit"] = str(word_limit)
        super().__init__(attrs)


def field_for(question: dict) -> forms.Field:
    """The form field of one question, read in the language `question` was localised in (see
    `spec.localised`); the options' values are always the form's own."""
    kind, required = question["kind"], question["required"]
    common = {
        "label": question["label"],
        "help_text": question["help_text"],
        "required": required,
        # The same words the review page uses for an unanswered question.
        "error_messages": {"required": _("This question needs an answer.")},
    }
    if kind == "short_text":
        return forms.CharField(max_length=500, **common)
    if kind == "long_text":
        if question.get("word_limit"):
            limit = gettext("Up to %(limit)d words.") % {"limit": question["word_limit"]}
            common["help_text"] = f"{common['help_text']} {limit}".strip()
        return forms.CharField(
            max_length=50_000, widget=WordLimitTextarea(question.get("word_limit")), **common
        )
    options = [(value, spec.answer_label(question, value)) for value in question["choices"]]
    if kind == "single_choice":
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if kind == "multiple_choice":
        return forms.MultipleChoiceField(
            choices=options,
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == "attestation":
        return forms.ChoiceField(choices=ATTESTATION_CHOICES, widget=forms.RadioSelect, **common)
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "number":
        return forms.DecimalField(max_digits=12, decimal_places=2, **common)
    raise ValueError(f"No form field for {kind} questions")


class AnswersForm(forms.Form):
    """One step's questions. Files and letters are handled beside it, not as fields."""

    def __init__(self, *args, questions: tuple[dict, ...], answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if q["kind"] not in (spec.FILE, spec.LETTERS)]
        self.stored_answers = answers
        for question in self.questions:
            self.fields[question["key"]] = field_for(question)

    def raw_values(self) -> dict:
        values = {}
        for question in self.questions:
            key = self.add_prefix(question["key"])
            if question["kind"] == "multiple_choice":
                values[question["key"]] = [v[:300] for v in self.data.getlist(key)][:50]
            else:
                values[question["key"]] = (self.data.get(key) or "").strip()[:50_000]
        return values

    def active(self, question: dict) -> bool:
        return spec.is_active(question, {**self.stored_answers, **self.raw_values()})

    def clean(self):
        cleaned = super().clean()
        raw = self.raw_values()
        for question in self.questions:
            key = question["key"]
            if not self.active(question):
                self.errors.pop(key, None)
                cleaned.pop(key, None)
                continue
            if key in self.errors:
                continue
            for message in spec.answer_errors(question, raw.get(key)):
                self.add_error(key, ValidationError(message))
        return cleaned


class LanguageSelect(forms.Select):
    """A choice of language, each named in itself and marked as that language (`lang`), so a
    screen reader says "español" in Spanish."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class LetterRequestForm(forms.Form):
    # Someone else's name and address: the browser must not offer the nominator's own.
    writer_name = forms.CharField(
        label=_("Letter writer's name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    writer_email = forms.EmailField(
        label=_("Letter writer's e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    language = forms.ChoiceField(
        label=_("Language of our e-mail to them"),
        choices=language_names,
        required=False,
        widget=LanguageSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()


class LetterForm(forms.Form):
    """What a letter writer sends: text, a file, or both."""

    letter_text = forms.CharField(
        label=_("Your letter"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    letter_file = forms.FileField(label=_("Or upload your letter (PDF or Word)"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("letter_text", "").strip() and not cleaned.get("letter_file"):
            raise ValidationError(_("Write your letter or upload it as a file."))
        return cleaned


class NomineeResponseForm(forms.Form):
    accept = forms.ChoiceField(
        label=_("Do you accept the nomination?"),
        choices=[("yes", _("Yes, I accept")), ("no", _("No, please withdraw me"))],
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("In your own words"),
        help_text=_("What would you like the reviewers to know? Up to 500 words."),
        required=False,
        widget=WordLimitTextarea(500),
    )

    def clean_statement(self):
        statement = self.cleaned_data["statement"]
        if spec.word_count(statement) > 500:
            raise ValidationError(
                gettext("Use at most %(limit)d words (you have %(count)d).")
                % {"limit": 500, "count": spec.word_count(statement)}
            )
        return statement


class GuardianConsentForm(forms.Form):
    consent = forms.ChoiceField(
        label=_("If the student is chosen, may we publish their name and photo?"),
        choices=[
            ("yes", _("Yes, you may publish the student's name and photo")),
            ("no", _("No, keep the student's name and photo private")),
        ],
        widget=forms.RadioSelect,
    )
    signature = forms.CharField(
        label=_("Your full name, as your signature"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
