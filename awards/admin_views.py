"""Views and forms of the awards admin (Wagtail). The viewsets that wire them are in
wagtail_hooks.py; the work itself is done by the domain operations and query functions."""

import copy
import csv

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import get_language_info
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.coreutils import multigetattr
from wagtail.permissions import policy_registry

from portal.models import audit
from portal.permissions import (
    can_change_cycles,
    can_change_nominations,
    can_group_candidates,
    can_start_next_cycle,
    can_translate_awards,
    is_staff,
    require,
)
from portal.storage import private_file_response

from . import reports, spec
from .charts import Bar, bar_chart, intake_chart
from .domain.consent import guardians_consent, needs_guardian_consent
from .domain.corrections import correct_nomination, correctable_questions
from .domain.cycles import (
    CycleChangeRefused,
    NextCycleDates,
    NextCycleSummary,
    close_early,
    extend,
    start_next_cycle,
)
from .domain.dossiers import (
    DossierChangeRefused,
    accept_suggestion,
    dismiss_suggestion,
    merge_dossiers,
    split_nomination,
)
from .domain.extensions import grant_extension
from .domain.nominations import EligibilityRefused, record_eligibility, withdraw_nomination
from .domain.notes import NOTE_MAX_LENGTH, TAG_MAX_LENGTH, add_staff_note, set_tags, tag_names
from .domain.responses import STILL_OPEN, resend_guardian_request, resend_nominee_handoff
from .domain.translations import (
    FormChanged,
    current_translations,
    fingerprint,
    form_texts,
    translate_form,
    translation_languages,
)
from .exports import (
    FORMATS,
    FormulaSafeExportMixin,
    export_filename,
    export_response,
    guardian_answer,
    local_time,
    neutralise_formula,
    nomination_rows,
)
from .forms import NOMINEE_FIELDS
from .imports import import_schools
from .models import (
    Cycle,
    Dossier,
    DossierSuggestion,
    Nomination,
    NominationRevision,
    Question,
    School,
    SchoolLevel,
)
from .pdf import nomination_sections
from .queries import letter_counts, nominations_visible_to

# Forms ------------------------------------------------------------------------------------------


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


# Index views ------------------------------------------------------------------------------------


def _follow(item, dotted: str):
    """The value at a dotted path, or None where the path meets a missing related object."""
    value = item
    for name in dotted.split("."):
        if value is None:
            return None
        value = multigetattr(value, name)
    return value


class AdminIndexView(FormulaSafeExportMixin, IndexView):
    """Index view of the awards admin: related rows joined up front, and exports that cannot
    smuggle formulas into a spreadsheet nor stumble on an empty relation."""

    select_related = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def to_row_dict(self, item):
        return {field: _follow(item, field) for field in self.list_export}


# Nominations ------------------------------------------------------------------------------------


def nominations_for_admin(user) -> QuerySet[Nomination]:
    """The nominations `user` may see, with everything the admin list and export show.

    Related rows are joined, letters counted and the candidate's nominations counted
    (`dossier_size`) in the same query, so the number of queries does not grow with the number of
    nominations.
    """
    return (
        nominations_visible_to(user)
        .select_related("cycle__award", "school", "nominator")
        .annotate(
            **letter_counts(),
            nominee_full_name=Concat("nominee_first_name", Value(" "), "nominee_last_name"),
            school_name=F("school__name"),
            dossier_code=F("dossier__code"),
            dossier_size=dossier_size(),
        )
    )


def dossier_size() -> Coalesce:
    """On a nominations queryset: how many nominations share each one's dossier, itself included
    (0 outside any dossier). A subquery, so it multiplies no count joined beside it."""
    sharing = (
        Nomination.objects.filter(dossier=OuterRef("dossier"))
        .order_by()
        .values("dossier")
        .annotate(size=Count("pk"))
        .values("size")
    )
    return Coalesce(Subquery(sharing), 0)


def tags_by_name(nomination: Nomination) -> list:
    """The nomination's tags in alphabetical order, whatever their case (from the prefetched
    tags where the list read them)."""
    return sorted(nomination.tags.all(), key=lambda tag: tag.name.casefold())


def letters_complete_q() -> Q:
    """On `nominations_for_admin`: every letter asked for (and not cancelled) has arrived."""
    return Q(letters_received__gte=F("letters_requested"))


THIS_YEAR = "current"  # the year filter's value for each award's current cycle


BULK_INDEX_TEMPLATE = "awards/admin/bulk_index.html"


class BulkSelectionMixin:
    """An index view whose rows can be ticked for the bulk actions registered on its model
    (awards.bulk_actions, review.bulk_actions); its viewset sets `index_template_name =
    BULK_INDEX_TEMPLATE`, which adds the bulk actions' footer."""

    @cached_property
    def columns(self):
        obj_type = self.model._meta.model_name
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type=obj_type), *super().columns]


class NominationIndexView(BulkSelectionMixin, AdminIndexView):
    """The nominations list: visible nominations only, linked to the detail by code. Opened
    without filters, it shows this year's submitted nominations (staff may choose "All")."""

    default_filters = {"year": THIS_YEAR, "status": Nomination.Status.SUBMITTED.value}

    def get(self, request, *args, **kwargs):
        if not request.GET and not self.results_only:
            return redirect(f"{request.path}?{urlencode(self.default_filters)}")
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        # The tags column reads every row's tags from one query.
        return nominations_for_admin(self.request.user).prefetch_related("tags")

    @cached_property
    def header_buttons(self):
        """With one cycle chosen: its nominations with every answer, as CSV and XLSX."""
        buttons = list(super().header_buttons)
        cycle = (
            self.filters.form.cleaned_data.get("cycle")
            if self.filters and self.filters.is_valid()
            else None
        )
        if cycle is not None and is_staff(self.request.user):
            buttons += [
                HeaderButton(
                    f"Download with answers ({export_format.upper()})",
                    url=reverse("nominations_export", args=(cycle.pk, export_format)),
                    icon_name="download",
                )
                for export_format in FORMATS
            ]
        return buttons

    def get_inspect_url(self, instance):
        if self.inspect_url_name and self.user_has_any_permission({"view", "change"}):
            return reverse(self.inspect_url_name, args=(instance.code,))
        return None


class NominationInspectView(InspectView):
    """A nomination as staff review it, with its candidate and the eligibility decision form."""

    pk_url_kwarg = "code"
    page_title = "Nomination"
    file_url_name = None
    letter_file_url_name = None
    split_url_name = None
    dossier_url_name = None

    def get_object(self, queryset=None):
        visible = (
            nominations_visible_to(self.request.user)
            .select_related("cycle__award", "school", "nominator", "dossier")
            .annotate(revision_count=Count("revisions"), dossier_size=dossier_size())
        )
        return get_object_or_404(visible, code=self.pk)

    def get_page_subtitle(self):
        return f"{self.object.nominee_name or 'No nominee yet'} ({self.object.code})"

    def get_fields_context(self):
        return []

    withdraw_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if (
            self.withdraw_url_name
            and is_staff(self.request.user)
            and self.object.status == Nomination.Status.SUBMITTED
        ):
            url = reverse(self.withdraw_url_name, args=(self.object.code,))
            buttons.append(Button("Withdraw", url=url, icon_name="cross", priority=30))
        return buttons

    correct_url_name = None

    @cached_property
    def correct_url(self) -> str:
        if (
            self.correct_url_name
            and can_change_nominations(self.request.user)
            and self.object.status == Nomination.Status.SUBMITTED
        ):
            return reverse(self.correct_url_name, args=(self.object.code,))
        return ""

    def resend_urls(self) -> dict:
        """Where staff send the consent request or the hand-off link again, when it can go."""
        nomination, award = self.object, self.object.cycle.award
        if not self.correct_url:
            return {}
        urls = {}
        if (
            award.requires_guardian_consent
            and nomination.guardian_email
            and nomination.guardian_consent in STILL_OPEN
        ):
            urls["resend_guardian_url"] = reverse(
                "nomination:resend_guardian", args=(nomination.code,)
            )
        if (
            award.nominee_notice == award.NomineeNotice.NOTIFY
            and nomination.nominee_email
            and nomination.nominee_response in STILL_OPEN
        ):
            urls["resend_handoff_url"] = reverse(
                "nomination:resend_handoff", args=(nomination.code,)
            )
        return urls

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.correct_url:
            buttons.append(HeaderButton("Correct", url=self.correct_url, icon_name="edit"))
        return buttons

    @cached_property
    def can_decide(self) -> bool:
        return (
            can_change_nominations(self.request.user)
            and self.object.status == Nomination.Status.SUBMITTED
        )

    def get_eligibility_form(self, data=None):
        initial = {}
        if self.object.eligibility != Nomination.Eligibility.PENDING:
            initial = {
                "decision": self.object.eligibility,
                "reason": self.object.eligibility_reason,
            }
        return EligibilityForm(data=data, initial=initial)

    inspect_url_name = None  # the viewset's, so a form posted elsewhere comes back here
    note_url_name = None
    tags_url_name = None

    @cached_property
    def tags(self) -> list:
        return tags_by_name(self.object)

    def get_tags_form(self, data=None):
        names = ", ".join(tag.name for tag in self.tags)
        return NominationTagsForm(data=data, initial={"tags": names})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nomination = self.object
        labels = {question["key"]: question["label"] for question in spec.questions_for(nomination)}
        files = list(nomination.files.all())
        for record in files:
            record.question_label = labels.get(record.question_key, record.question_key)
            record.download_url = reverse(self.file_url_name, args=(nomination.code, record.code))
        letters = list(nomination.letters.all())
        for letter in letters:
            letter.question_label = labels.get(letter.question_key, letter.question_key)
            letter.download_url = (
                reverse(self.letter_file_url_name, args=(nomination.code, letter.code))
                if letter.letter_file_key
                else ""
            )
        context.update(
            nomination=nomination,
            sections=nomination_sections(nomination),
            files=files,
            letters=letters,
            dossier_url=(
                reverse(self.dossier_url_name, args=(nomination.dossier.code,))
                if nomination.dossier
                else ""
            ),
            shared_with=max(nomination.dossier_size - 1, 0),
            split_url=reverse(self.split_url_name, args=(nomination.code,)),
            can_decide=self.can_decide,
            guardian_answer=guardian_answer(nomination),
            history=nomination_history(nomination),
            **self.resend_urls(),
            correct_url=self.correct_url,
            inspect_url=reverse(self.inspect_url_name, args=(nomination.code,)),
            eligibility_form=kwargs.get("eligibility_form") or self.get_eligibility_form(),
            staff_notes=[
                {"note": note, "written_at": local_time(note.created_at)}
                for note in nomination.staff_notes.select_related("author")
            ],
            tags=self.tags,
            note_url=reverse(self.note_url_name, args=(nomination.code,)),
            note_form=kwargs.get("note_form") or StaffNoteForm(),
            tags_url=reverse(self.tags_url_name, args=(nomination.code,)),
            tags_form=kwargs.get("tags_form") or self.get_tags_form(),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.can_decide:
            raise PermissionDenied
        form = self.get_eligibility_form(data=request.POST)
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            try:
                record_eligibility(self.object, request.user, decision, form.cleaned_data["reason"])
            except EligibilityRefused as exc:
                form.add_error(None, str(exc))
            else:
                label = Nomination.Eligibility(decision).label
                messages.success(request, f"Eligibility recorded: {label}.")
                return redirect(request.path)
        messages.error(request, "The eligibility decision was not saved. Check the form below.")
        return self.render_to_response(self.get_context_data(eligibility_form=form))


class NominationPageFormView(NominationInspectView):
    """One form of the nomination's page, posted to an address of its own: done, back to the page
    with a message; refused, the page again with what was typed and why. Staff only (a reviewer
    let into the admin gets 404, as for any nomination they cannot see)."""

    http_method_names = ["post"]
    form_class = forms.Form
    form_context_name = ""
    refused = "Nothing was saved. Check the form below."

    def get_form(self, data):
        return self.form_class(data=data)

    def act(self, form) -> str:
        """Do the form's work through its domain operation; return the success message."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        require(can_change_nominations(request.user))
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                done = self.act(form)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, done)
                return redirect(self.inspect_url_name, self.object.code)
        messages.error(request, self.refused)
        return self.render_to_response(self.get_context_data(**{self.form_context_name: form}))


class NominationNoteView(NominationPageFormView):
    form_class = StaffNoteForm
    form_context_name = "note_form"
    refused = "The note was not added. Check the form below."

    def act(self, form) -> str:
        shared = form.cleaned_data["share_with_reviewers"]
        add_staff_note(self.request.user, self.object, form.cleaned_data["text"], shared)
        return "Note added, shared with reviewers." if shared else "Note added, for staff only."


class NominationTagsView(NominationPageFormView):
    form_class = NominationTagsForm
    form_context_name = "tags_form"
    refused = "The tags were not saved. Check the form below."

    def get_form(self, data):
        return self.get_tags_form(data)

    def act(self, form) -> str:
        tags = set_tags(self.request.user, self.object, form.cleaned_data["tags"])
        if not tags:
            return "Tags removed."
        return "Tags saved: " + ", ".join(tag.name for tag in tags) + "."


def _download(storage_key: str, download_name: str):
    try:
        return private_file_response(storage_key, download_name)
    except FileNotFoundError:
        raise Http404 from None


@require_safe
def nominations_export(request, cycle_id: int, export_format: str):
    """A cycle's sent nominations with every answer (`nomination_rows`), as CSV or XLSX, for
    staff; anyone else, and an unknown cycle or format, 404. Side effect: an audit event."""
    if not is_staff(request.user) or export_format not in FORMATS:
        raise Http404
    cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=cycle_id)
    header, rows = nomination_rows(cycle)
    audit(request.user, "nominations.exported", cycle, format=export_format)
    filename = export_filename(cycle, "nominations", export_format)
    return export_response(export_format, filename, header, rows)


@require_safe
def nomination_file_download(request, code, file_code):
    """A nomination's uploaded file, for someone who may see the nomination. Missing or not
    visible: 404. Side effect: an audit event."""
    nomination = get_object_or_404(nominations_visible_to(request.user), code=code)
    record = get_object_or_404(nomination.files.all(), code=file_code)
    # Staff get the file exactly as it was sent; everyone else gets the clean copy.
    response = _download(record.original_storage_key or record.storage_key, record.display_name)
    audit(request.user, "nomination.file_downloaded", nomination, file=record.code)
    return response


@require_safe
def letter_file_download(request, code, letter_code):
    """The file a letter writer uploaded, on the same terms as `nomination_file_download`."""
    nomination = get_object_or_404(nominations_visible_to(request.user), code=code)
    letter = get_object_or_404(nomination.letters.exclude(letter_file_key=""), code=letter_code)
    response = _download(
        letter.letter_file_original_key or letter.letter_file_key,
        letter.letter_file_name or "letter",
    )
    audit(request.user, "nomination.letter_downloaded", nomination, letter=letter.code)
    return response


@require_POST
def nomination_split(request, code):
    """Staff move a nomination out of its candidate into a candidate of its own (the domain's
    split_nomination), then return to the nomination with a message."""
    nomination = get_object_or_404(
        nominations_visible_to(request.user).select_related("cycle", "dossier"), code=code
    )
    require(can_group_candidates(request.user))
    try:
        dossier = split_nomination(nomination, request.user)
    except DossierChangeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Nomination {nomination.code} is now a candidate of its own.",
            buttons=[
                messages.button(reverse("dossier:inspect", args=(dossier.code,)), "View candidate")
            ],
        )
    return redirect("nomination:inspect", nomination.code)


def _resend(request, code: str, operation, done: str):
    if not can_change_nominations(request.user):
        raise Http404
    nomination = get_object_or_404(nominations_visible_to(request.user), code=code)
    try:
        operation(nomination, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("nomination:inspect", nomination.code)


@require_POST
def nomination_resend_guardian(request, code):
    """Staff send the parent or guardian's consent request again (resend_guardian_request)."""
    return _resend(
        request, code, resend_guardian_request, "The consent request is being sent again."
    )


@require_POST
def nomination_resend_handoff(request, code):
    """Staff send the nominee's hand-off link again (resend_nominee_handoff)."""
    return _resend(request, code, resend_nominee_handoff, "The nominee's link is being sent again.")


class NominationWithdrawView(WagtailAdminTemplateMixin, FormView):
    """Staff withdraw a submitted nomination, saying why (the domain's withdraw_nomination): the
    only way once results naming the candidate are published."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = StaffWithdrawalForm
    page_title = "Withdraw nomination"
    header_icon = "cross"
    inspect_url_name = "nomination:inspect"

    def dispatch(self, request, *args, **kwargs):
        require(can_change_nominations(request.user))
        self.nomination = get_object_or_404(
            nominations_visible_to(request.user).filter(status=Nomination.Status.SUBMITTED),
            code=kwargs["code"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"{self.nomination.nominee_name or 'No nominee named'} ({self.nomination.code})"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(action_url=self.request.path, submit_button_label="Withdraw nomination")
        return context

    def form_valid(self, form):
        try:
            withdraw_nomination(self.nomination, self.request.user, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Nomination {self.nomination.code} was withdrawn.")
        return redirect(self.inspect_url_name, self.nomination.code)


class NominationCorrectView(WagtailAdminTemplateMixin, FormView):
    """Staff correct a submitted nomination, saying why (the domain's correct_nomination); the
    nomination's page lists every correction and keeps the nominator's own version."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = NominationCorrectionForm
    page_title = "Correct nomination"
    header_icon = "edit"
    inspect_url_name = "nomination:inspect"

    def dispatch(self, request, *args, **kwargs):
        # Missing and forbidden alike: 404.
        if not can_change_nominations(request.user):
            raise Http404
        self.nomination = get_object_or_404(
            nominations_visible_to(request.user).filter(status=Nomination.Status.SUBMITTED),
            code=kwargs["code"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        # The form works on a copy: what it is given must not show as saved before it is.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.nomination)}

    def get_page_subtitle(self):
        return f"{self.nomination.nominee_name or 'No nominee named'} ({self.nomination.code})"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("nomination:index"), "label": "Nominations"},
            {
                "url": reverse(self.inspect_url_name, args=(self.nomination.code,)),
                "label": self.get_page_subtitle(),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(action_url=self.request.path, submit_button_label="Save correction")
        return context

    def form_valid(self, form):
        try:
            correct_nomination(
                self.nomination,
                self.request.user,
                reason=form.cleaned_data["reason"],
                nominee=form.nominee_values(),
                answers=form.answer_values(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Nomination {self.nomination.code} was corrected.")
        return redirect(self.inspect_url_name, self.nomination.code)


def _shown(value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def nomination_history(nomination: Nomination) -> list[dict]:
    """The nomination's revisions, oldest first, as staff read them: who, when, why, what each
    correction changed (before and after), and every value as it stood then. Three queries
    (revisions with their authors, and the schools they name), whatever their number."""
    revisions = list(nomination.revisions.select_related("created_by").order_by("created_at", "pk"))
    labels = {
        f"answers.{question['key']}": question["label"]
        for question in nomination.form_snapshot or []
    }
    labels.update(STAFF_NOMINEE_LABELS)
    school_ids = {r.data.get("school_id") for r in revisions}
    for revision in revisions:
        for name, (before, after) in revision.changes.items():
            if name == "school_id":
                school_ids |= {before, after}
    schools = dict(School.objects.filter(pk__in=school_ids - {None}).values_list("pk", "name"))

    def show(name, value):
        if name == "school_id":
            return schools.get(value, "—") if value else "—"
        return _shown(value)

    history = []
    for revision in revisions:
        data = revision.data
        values = [
            (STAFF_NOMINEE_LABELS[name], show(name, data.get(name)))
            for name in STAFF_NOMINEE_LABELS
            if name != "school" and name in data
        ] + [
            (question["label"], show("", (data.get("answers") or {}).get(question["key"])))
            for question in correctable_questions(nomination)
        ]
        history.append(
            {
                "revision": revision,
                "by": revision.created_by,
                "is_correction": revision.kind == NominationRevision.Kind.CORRECTION,
                "changes": [
                    (labels.get(name, name), show(name, before), show(name, after))
                    for name, (before, after) in revision.changes.items()
                ],
                "values": values,
            }
        )
    return history


# Candidates (dossiers) --------------------------------------------------------------------------


def nominations_in_filing_order() -> QuerySet[Nomination]:
    """Nominations in the order they joined their dossier: the first submitted first."""
    return Nomination.objects.order_by(F("submitted_at").asc(nulls_last=True), "created_at", "pk")


def dossiers_for_admin(user) -> QuerySet[Dossier]:
    """The dossiers `user` may see in the admin: every one for staff, none for anyone else.

    Each is labelled by its first nomination (`candidate_name`, `candidate_school`), counted
    (`nomination_count`) and carries its nominations' codes (`listed_nominations`), in a number
    of queries that does not grow with the number of dossiers.
    """
    if not is_staff(user):
        return Dossier.objects.none()
    first = nominations_in_filing_order().filter(dossier=OuterRef("pk"))
    full_name = Concat("nominee_first_name", Value(" "), "nominee_last_name")
    return (
        Dossier.objects.select_related("cycle__award")
        .annotate(
            candidate_name=Subquery(first.annotate(full_name=full_name).values("full_name")[:1]),
            candidate_school=Subquery(first.values("school__name")[:1]),
            nomination_count=Count("nominations"),
        )
        .prefetch_related(
            Prefetch(
                "nominations",
                queryset=nominations_in_filing_order().only(
                    "code", "dossier", "status", "guardian_consent"
                ),
                to_attr="listed_nominations",
            )
        )
    )


def student_naming(dossier: Dossier) -> str:
    """On a dossier from `dossiers_for_admin`: whether its candidate would be named in public
    results, and why, from every guardian answer of its submitted nominations (one refusal
    withholds the name; see `guardians_consent`)."""
    award = dossier.cycle.award
    if not needs_guardian_consent(award.category, award.requires_guardian_consent):
        return "Named: no consent needed"
    answers = [
        nomination.guardian_consent
        for nomination in dossier.listed_nominations
        if nomination.status == Nomination.Status.SUBMITTED
    ]
    if Nomination.Response.DECLINED in answers:
        return "Not named: a guardian refused"
    if guardians_consent(answers):
        return "Named: every guardian asked consented"
    if Nomination.Response.PENDING in answers:
        return "Not named yet: waiting for a guardian"
    return "Not named: no guardian was asked"


def candidate_label(dossier: Dossier) -> str:
    """A dossier from `dossiers_for_admin` by nominee and school: "Jordan Lee, Lakeside High"."""
    name = (dossier.candidate_name or "").strip() or "No nominee named"
    return ", ".join(part for part in (name, dossier.candidate_school) if part)


class CandidatesField(forms.ModelMultipleChoiceField):
    """Dossiers as checkboxes, each with its nominee, school and nominations' codes."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, dossier):
        count = dossier.nomination_count
        codes = ", ".join(nomination.code for nomination in dossier.listed_nominations)
        noun = "nomination" if count == 1 else "nominations"
        return f"{candidate_label(dossier)} — {count} {noun}" + (f": {codes}" if codes else "")


class DossierMergeForm(forms.Form):
    """Other candidates of the dossier's cycle, to merge into it."""

    others = CandidatesField(
        queryset=Dossier.objects.none(),
        to_field_name="code",
        label="Candidates to merge into this one",
        help_text="Their nominations move to this candidate; the candidates you tick disappear.",
        error_messages={
            "required": "Tick at least one candidate to merge into this one.",
            "invalid_choice": (
                "Only candidates of the same cycle can be merged: %(value)s is not another "
                "candidate of this cycle."
            ),
        },
    )

    def __init__(self, *args, dossier, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = (
            dossiers_for_admin(user)
            .filter(cycle_id=dossier.cycle_id)
            .exclude(pk=dossier.pk)
            .order_by("candidate_name", "created_at")
        )


def dossiers_matching(queryset: QuerySet[Dossier], query: str) -> QuerySet[Dossier]:
    """The dossiers of `queryset` one of whose nominations matches the candidates list's search
    (nominee's name or school, or exactly a nomination's code or the nominee's e-mail). One row
    per dossier: its nominations are matched in a subquery rather than through a join."""
    matching = Nomination.objects.annotate(
        full_name=Concat("nominee_first_name", Value(" "), "nominee_last_name")
    ).filter(
        Q(full_name__icontains=query)
        | Q(school__name__icontains=query)
        | Q(code__iexact=query)
        | Q(nominee_email__iexact=query)
    )
    return queryset.filter(pk__in=matching.values("dossier"))


class CandidatePaginator(WagtailPaginator):
    verbose_name = "candidate"
    verbose_name_plural = "candidates"


class DossierIndexView(BulkSelectionMixin, AdminIndexView):
    """The candidates list: dossiers labelled by their first nomination, in a number of queries
    that does not grow with the number of dossiers."""

    page_title = "Candidates"
    verbose_name = CandidatePaginator.verbose_name
    verbose_name_plural = CandidatePaginator.verbose_name_plural
    paginator_class = CandidatePaginator
    default_ordering = "candidate_name"

    def get_base_queryset(self):
        return dossiers_for_admin(self.request.user)

    def search_queryset(self, queryset):
        return dossiers_matching(queryset, self.search_query) if self.is_searching else queryset

    def get_inspect_url(self, instance):
        if self.inspect_url_name and self.user_has_any_permission({"view", "change"}):
            return reverse(self.inspect_url_name, args=(instance.code,))
        return None


class DossierInspectView(InspectView):
    """One candidate: its nominations, and a form to merge other candidates of its cycle in."""

    pk_url_kwarg = "code"
    page_title = "Candidate"
    nomination_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(dossiers_for_admin(self.request.user), code=self.pk)

    def get_page_subtitle(self):
        return candidate_label(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Candidates"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_fields_context(self):
        return []

    def get_merge_form(self, data=None):
        return DossierMergeForm(data=data, dossier=self.object, user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nominations = list(
            nominations_in_filing_order()
            .filter(dossier=self.object)
            .select_related("school", "nominator")
        )
        for nomination in nominations:
            nomination.inspect_url = reverse(self.nomination_url_name, args=(nomination.code,))
            nomination.guardian_text = guardian_answer(nomination)
        merge_form = kwargs.get("merge_form") or self.get_merge_form()
        context.update(
            dossier=self.object,
            nominations=nominations,
            merge_form=merge_form,
            has_other_candidates=bool(merge_form.fields["others"].choices),
        )
        return context

    def post(self, request, *args, **kwargs):
        require(can_group_candidates(request.user))
        form = self.get_merge_form(data=request.POST)
        if form.is_valid():
            others = list(form.cleaned_data["others"])
            try:
                merge_dossiers(self.object, others, request.user)
            except DossierChangeRefused as exc:
                form.add_error(None, str(exc))
            else:
                noun = "candidate" if len(others) == 1 else "candidates"
                messages.success(request, f"Merged {len(others)} {noun} into this one.")
                return redirect(request.path)
        messages.error(request, "The candidates were not merged. Check the form below.")
        return self.render_to_response(self.get_context_data(merge_form=form))


# Grouping suggestions ---------------------------------------------------------------------------


def suggestions_for_admin(user) -> QuerySet[DossierSuggestion]:
    """The grouping suggestions staff still have to decide (every open one for staff, none for
    anyone else), each with its nomination, school and suggested candidate's label
    (`candidate_name`, `candidate_school`), in a number of queries that does not grow with the
    number of suggestions."""
    if not is_staff(user):
        return DossierSuggestion.objects.none()
    first = nominations_in_filing_order().filter(dossier=OuterRef("dossier"))
    full_name = Concat("nominee_first_name", Value(" "), "nominee_last_name")
    return (
        DossierSuggestion.objects.filter(resolution="")
        .select_related("nomination__school", "dossier__cycle__award")
        .annotate(
            candidate_name=Subquery(first.annotate(full_name=full_name).values("full_name")[:1]),
            candidate_school=Subquery(first.values("school__name")[:1]),
        )
    )


def suggested_nomination_label(suggestion: DossierSuggestion) -> str:
    """The suggested nomination by nominee and school: "Jordan Lee, Lakeside High"."""
    nomination = suggestion.nomination
    school = nomination.school.name if nomination.school else ""
    name = nomination.nominee_name or "No nominee named"
    return ", ".join(part for part in (name, school) if part)


class SuggestionIndexView(AdminIndexView):
    """The grouping suggestions staff still have to decide, oldest first."""

    page_title = "Grouping suggestions"
    default_ordering = "created_at"

    def get_base_queryset(self):
        return suggestions_for_admin(self.request.user)


def _decide_suggestion(request, pk: int, operation, done: str):
    suggestion = get_object_or_404(suggestions_for_admin(request.user), pk=pk)
    require(can_group_candidates(request.user))
    try:
        operation(suggestion, request.user)
    except DossierChangeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            done,
            buttons=[
                messages.button(
                    reverse("dossier:inspect", args=(suggestion.dossier.code,)), "View candidate"
                )
            ],
        )
    return redirect("dossiersuggestion:index")


@require_POST
def suggestion_merge(request, pk: int):
    """Staff merge the suggested nomination's candidate into the suggested one (the domain's
    accept_suggestion, through merge_dossiers)."""
    return _decide_suggestion(request, pk, accept_suggestion, "Merged into the candidate.")


@require_POST
def suggestion_dismiss(request, pk: int):
    """Staff decide the suggested nomination names someone else (dismiss_suggestion)."""
    return _decide_suggestion(request, pk, dismiss_suggestion, "Suggestion dismissed.")


# Deadline extensions ----------------------------------------------------------------------------


class DeadlineExtensionCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return grant_extension(
            data["cycle"], data["nominator"], data["closes_at"], data["reason"], self.request.user
        )


# Schools ----------------------------------------------------------------------------------------


class SchoolIndexView(AdminIndexView):
    import_url_name = None

    def user_can_import(self) -> bool:
        return self.user_has_permission("add") and self.user_has_permission("change")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.import_url_name and self.user_can_import():
            buttons.append(
                HeaderButton("Import roster", url=reverse(self.import_url_name), icon_name="upload")
            )
        return buttons


class SchoolImportView(WagtailAdminTemplateMixin, FormView):
    """Upload the district roster; the page lists every bad row, or what was imported."""

    template_name = "awards/admin/school_import.html"
    form_class = SchoolImportForm
    page_title = "Import schools"
    header_icon = "upload"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(School)
        if not (
            policy.user_has_permission(request.user, "add")
            and policy.user_has_permission(request.user, "change")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Schools"},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        report = import_schools(form.cleaned_data["roster"], user=self.request.user)
        # The page itself lists the problems; a message only confirms success.
        if report.imported:
            messages.success(
                self.request,
                f"Roster imported: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged.",
            )
        return self.render_to_response(self.get_context_data(form=self.form_class(), report=report))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["index_url"] = reverse(self.index_url_name)
        context["levels"] = SchoolLevel.choices
        return context


# Translations of a cycle's form -------------------------------------------------------------------


def language_label(code: str) -> str:
    """A language for staff: "Spanish (Español)"."""
    info = get_language_info(code)
    return f"{info['name']} ({info['name_local']})"


class CycleEditView(EditView):
    """A cycle's edit view, with the way to its form's translations and to next year's cycle."""

    translate_url_name = None
    next_year_url_name = None
    deadline_url_names = None  # close early, extend

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.translate_url_name and can_change_cycles(self.request.user):
            buttons.append(
                HeaderButton(
                    "Translate the form",
                    url=reverse(self.translate_url_name, args=(self.object.pk,)),
                    icon_name="globe",
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        # In the header's "Actions" menu: beside "Translate the form" the header would be wider
        # than a 1280px screen.
        buttons = list(super().header_more_buttons)
        if self.next_year_url_name and can_start_next_cycle(self.request.user):
            buttons.append(
                Button(
                    "Start next year's cycle",
                    url=reverse(self.next_year_url_name, args=(self.object.pk,)),
                    icon_name="copy",
                    priority=35,
                )
            )
        if self.deadline_url_names and can_change_cycles(self.request.user):
            status = self.object.effective_status()
            if status == Cycle.Status.OPEN:
                buttons.append(
                    Button(
                        "Close early",
                        url=reverse(self.deadline_url_names[0], args=(self.object.pk,)),
                        icon_name="lock",
                        priority=40,
                    )
                )
            if status in (Cycle.Status.OPEN, Cycle.Status.REVIEW):
                buttons.append(
                    Button(
                        "Extend the deadline",
                        url=reverse(self.deadline_url_names[1], args=(self.object.pk,)),
                        icon_name="date",
                        priority=50,
                    )
                )
        return buttons


class CycleScreenMixin(WagtailAdminTemplateMixin):
    """A staff page about one cycle (`self.cycle`): its name under the title, and the way back
    to the cycles and to the cycle in the breadcrumbs."""

    index_url_name = None
    edit_url_name = None

    def get_page_subtitle(self):
        return str(self.cycle)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Cycles"},
            {"url": reverse(self.edit_url_name, args=(self.cycle.pk,)), "label": str(self.cycle)},
            {"url": "", "label": self.get_page_title()},
        ]


class CycleTranslationMixin(CycleScreenMixin):
    """The cycle of a translation page, for staff who may change cycles; the rest 404."""

    header_icon = "globe"
    page_title = "Translate the form"
    translations_url_name = None
    translate_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not can_change_cycles(request.user):
            raise PermissionDenied
        self.cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=kwargs["pk"])
        self.questions = list(self.cycle.questions.order_by("sort_order", "pk"))
        self.texts = form_texts(
            self.cycle, self.questions, with_award=can_translate_awards(request.user)
        )
        return super().dispatch(request, *args, **kwargs)

    def languages(self) -> list[dict]:
        """Each language families read besides English, with how much of the form is in it."""
        shown = []
        for code in translation_languages():
            done = current_translations(self.cycle, self.questions, self.texts, code)
            shown.append(
                {
                    "code": code,
                    "label": language_label(code),
                    "url": reverse(self.translate_url_name, args=(self.cycle.pk, code)),
                    "translated": sum(1 for text in done.values() if text),
                    "total": len(self.texts),
                }
            )
        return shown


class CycleTranslationsView(CycleTranslationMixin, TemplateView):
    """The languages of a cycle's form, each linked to its translation page."""

    template_name = "awards/admin/cycle_translations.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cycle=self.cycle,
            languages=self.languages(),
            edit_url=reverse(self.edit_url_name, args=(self.cycle.pk,)),
            **kwargs,
        )


class CycleTranslateView(CycleTranslationMixin, FormView):
    """One page per language: every English text of the cycle's form (and of its award) beside a
    field for its translation, filled with what exists, saved in one go (`translate_form`)."""

    template_name = "awards/admin/cycle_translate.html"
    form_class = FormTranslationForm

    def dispatch(self, request, *args, **kwargs):
        self.language = kwargs["language"]
        if self.language not in translation_languages():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Translate the form into {get_language_info(self.language)['name']}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "texts": self.texts, "language": self.language}

    def get_initial(self):
        return {
            **current_translations(self.cycle, self.questions, self.texts, self.language),
            "seen": fingerprint(self.texts),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cycle=self.cycle,
            language=language_label(self.language),
            languages=self.languages(),
            current=self.language,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            changed = translate_form(
                self.cycle,
                self.language,
                form.translations(),
                self.request.user,
                seen=form.cleaned_data["seen"],
            )
        except FormChanged:
            # The English now on the page, with what was typed for the texts still there.
            data = self.request.POST.copy()
            data["seen"] = fingerprint(self.texts)
            form = self.get_form_class()(
                data, texts=self.texts, language=self.language, initial=self.get_initial()
            )
            form.is_valid()
            form.add_error(
                None,
                "The English form changed since this page was opened, so nothing was saved. "
                "The texts below are the form as it is now, with what you typed; check them "
                "and save again.",
            )
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Translations into {language_label(self.language)} saved: "
            f"{changed} text{'s' if changed != 1 else ''} changed.",
        )
        return redirect(self.request.path)


# Next year's cycle --------------------------------------------------------------------------------


class NextCycleForm(forms.Form):
    """The new cycle's name and dates, filled with this year's a year on."""

    name = forms.CharField(max_length=100, help_text="For example 2027-28.")
    opens_at = forms.DateTimeField(label="Opens", widget=AdminDateTimeInput)
    closes_at = forms.DateTimeField(label="Closes (deadline)", widget=AdminDateTimeInput)
    letters_due_at = forms.DateTimeField(
        label="Letters due", required=False, widget=AdminDateTimeInput
    )
    results_expected_on = forms.DateField(
        label="Results expected", required=False, widget=AdminDateInput
    )
    release_at = forms.DateTimeField(
        label="Reviewers see their assignments from", required=False, widget=AdminDateTimeInput
    )
    review_closes_at = forms.DateTimeField(
        label="Review closes", required=False, widget=AdminDateTimeInput
    )
    another = forms.BooleanField(
        label="Start another next cycle anyway",
        required=False,
        help_text="This cycle already has a next cycle; tick to make a second one.",
    )

    def __init__(self, *args, has_next: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_next:
            del self.fields["another"]

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", "The cycle must close after it opens.")
        letters = cleaned.get("letters_due_at")
        if opens_at and letters and letters < opens_at:
            self.add_error("letters_due_at", "Letters cannot be due before the cycle opens.")
        return cleaned

    def dates(self) -> NextCycleDates:
        return NextCycleDates(
            **{name: self.cleaned_data[name] for name in NextCycleDates.__dataclass_fields__}
        )


class NextCycleView(CycleScreenMixin, FormView):
    """ "Start next year's cycle": the new cycle's dates (this year's a year on, to change),
    what will be copied and what stays behind, then one button (`start_next_cycle`). Staff who
    may not add cycles are refused, as the rest of the admin refuses them."""

    template_name = "awards/admin/cycle_next_year.html"
    form_class = NextCycleForm
    header_icon = "date"
    page_title = "Start next year's cycle"

    def dispatch(self, request, *args, **kwargs):
        if not can_start_next_cycle(request.user):
            raise PermissionDenied
        self.cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=kwargs["pk"])
        self.summary = NextCycleSummary.of(self.cycle)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "has_next": bool(self.summary.existing_next)}

    def get_initial(self):
        return vars(NextCycleDates.a_year_after(self.cycle))

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=self.cycle, summary=self.summary, **kwargs)

    def form_valid(self, form):
        try:
            new = start_next_cycle(
                self.cycle,
                self.request.user,
                form.dates(),
                another=form.cleaned_data.get("another", False),
            )
        except CycleChangeRefused as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        reviewers = self.summary.reviewers
        messages.success(
            self.request,
            f"{new} is ready as a draft, copied from {self.cycle}. "
            + (
                f"{reviewers} reviewer{pluralize(reviewers)} carried over as invited: send "
                "their invitations from “Invite reviewers” when you are ready. "
                if reviewers
                else ""
            )
            + "Set it to Open to have it open on its date.",
        )
        return redirect(self.edit_url_name, new.pk)


# Close early, extend -----------------------------------------------------------------------------


class CloseEarlyForm(forms.Form):
    reason = forms.CharField(
        max_length=300, required=False, help_text="Kept in the audit log with the old deadline."
    )


class ExtendForm(CloseEarlyForm):
    closes_at = forms.DateTimeField(label="New deadline", widget=AdminDateTimeInput)


class CycleDeadlineView(CycleScreenMixin, FormView):
    """Move an open cycle's deadline (`close_early`, `extend`): its status follows the dates.
    Staff who may not change cycles are refused, as the rest of the admin refuses them."""

    template_name = "awards/admin/cycle_deadline.html"
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not can_change_cycles(request.user):
            raise PermissionDenied
        self.cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=self.cycle, **kwargs)

    def move(self, form) -> str:
        """Move the deadline; returns the message for staff."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            done = self.move(form)
        except CycleChangeRefused as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, done)
        return redirect(self.edit_url_name, self.cycle.pk)


class CloseEarlyView(CycleDeadlineView):
    form_class = CloseEarlyForm
    page_title = "Close early"

    def move(self, form) -> str:
        close_early(self.cycle, self.request.user, form.cleaned_data["reason"])
        return f"{self.cycle} is closed to nominations and in review from now."


class ExtendView(CycleDeadlineView):
    form_class = ExtendForm
    page_title = "Extend the deadline"

    def move(self, form) -> str:
        extend(
            self.cycle,
            self.request.user,
            form.cleaned_data["closes_at"],
            form.cleaned_data["reason"],
        )
        closes = date_format(timezone.localtime(self.cycle.closes_at), "DATETIME_FORMAT")
        return f"{self.cycle} takes nominations until {closes}."


# The reach report -------------------------------------------------------------------------------


def reach_charts(report: reports.ReachReport) -> dict:
    """The report's charts, by section; the template puts each beside a table of its numbers."""
    scope = report.scope.label

    def counted(shares):
        return [(share.label, share.count) for share in shares]

    eligibility = [
        ("Not yet checked", sum(row.pending for row in report.eligibility)),
        ("Eligible", sum(row.eligible for row in report.eligibility)),
        ("Ineligible", sum(row.ineligible for row in report.eligibility)),
    ]
    bar_charts = [
        (
            "awards",
            "Submitted nominations by award",
            [(r.award, r.submitted) for r in report.by_award],
        ),
        (
            "schools",
            "Submitted nominations by school",
            [(r.name, r.submitted) for r in report.by_school],
        ),
        ("title_i", "Submitted nominations by Title I status", counted(report.by_title_i)),
        ("levels", "Submitted nominations by school level", counted(report.by_level)),
        (
            "letters",
            "Letters of support still due by award",
            [(r.award, r.still_due) for r in report.letters],
        ),
        ("eligibility", "Eligibility of submitted nominations", eligibility),
        ("devices", "Nominations started, by device", counted(report.devices)),
        ("languages", "Submitted nominations by language", counted(report.languages)),
    ]
    charts = {
        key: bar_chart(
            f"chart-{key}",
            f"{title} ({scope})",
            "; ".join(f"{label}: {value}" for label, value in rows) or "No nominations.",
            [Bar(label, value) for label, value in rows],
        )
        for key, title, rows in bar_charts
    }
    days = report.intake
    peak = max(days, key=lambda day: day.submitted, default=None)
    charts["intake"] = intake_chart(
        "chart-intake",
        f"Nominations submitted each day, against the deadline ({scope})",
        (
            f"{report.submitted} submitted, counted by day from the deadline. First: "
            f"{days[0].label}; last: {days[-1].label}; busiest: {peak.label}, with "
            f"{peak.submitted}."
            if peak
            else "No nomination was submitted."
        ),
        [(day.days_to_deadline, day.submitted, day.running_total) for day in days],
    )
    return charts


def reach_csv(report: reports.ReachReport) -> HttpResponse:
    """Every figure as a CSV file whose cells no spreadsheet runs as formulas."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reach-report.csv"'
    writer = csv.writer(response)
    writer.writerow(["Section", "Item", "Measure", "Value"])
    for row in reports.reach_rows(report):
        writer.writerow([neutralise_formula(cell) for cell in row])
    return response


@require_safe
def reach_report(request):
    """Staff's reach report for one cycle, one school year or every cycle (`?cycles=`), as a
    page of charts and tables or (`?export=csv`) a CSV file. Anyone but staff: 404."""
    if not is_staff(request.user):
        raise Http404
    scope = reports.scope_for(request.GET.get("cycles"))
    report = reports.reach_report(scope)
    if request.GET.get("export") == "csv":
        return reach_csv(report)
    return TemplateResponse(
        request,
        "awards/admin/reach_report.html",
        {
            "report": report,
            "charts": reach_charts(report),
            "choices": reports.scope_choices(),
            "csv_query": urlencode({"cycles": scope.key, "export": "csv"}),
            "header_title": f"Reach report: {scope.label}",
            "page_title": "Reach report",
            "page_subtitle": scope.label,
            "header_icon": "table",
        },
    )
