"""A cycle's screens beyond its edit form: translations of its form, next year's cycle, closing
early and extending."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import get_language_info
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.admin.widgets.button import Button, HeaderButton

from portal.permissions import (
    can_change_cycles,
    can_start_next_cycle,
    can_translate_awards,
)

from ..domain.cycles import (
    CycleChangeRefused,
    NextCycleDates,
    NextCycleSummary,
    close_early,
    extend,
    start_next_cycle,
)
from ..domain.translations import (
    FormChanged,
    current_translations,
    fingerprint,
    form_texts,
    translate_form,
    translation_languages,
)
from ..models import (
    Cycle,
)
from .forms import FormTranslationForm


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
