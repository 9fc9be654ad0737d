"""The nominations screens: the list, a nomination's page (history, notes, tags, files,
letters), its export, split, withdrawal, correction and resent requests."""

import copy

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import FormView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, HeaderButton

from portal.errors import DomainError
from portal.models import audit
from portal.permissions import (
    can_change_nominations,
    can_group_candidates,
    is_staff,
    require,
)
from portal.storage import private_file_response
from portal.viewsets import CodeHistoryView, HistoryButtonMixin, StaffOnlyMixin

from .. import spec
from ..domain.corrections import CorrectionRefused, correct_nomination, correctable_questions
from ..domain.dossiers import (
    DossierChangeRefused,
    split_nomination,
)
from ..domain.nominations import (
    EligibilityRefused,
    WithdrawalRefused,
    record_eligibility,
    withdraw_nomination,
)
from ..domain.notes import NoteRefused, TagsRefused, add_staff_note, set_tags
from ..domain.responses import (
    STILL_OPEN,
    AskingAgainRefused,
    resend_guardian_request,
    resend_nominee_handoff,
)
from ..exports import (
    FORMATS,
    export_filename,
    export_response,
    guardian_answer,
    local_time,
    nomination_rows,
)
from ..models import (
    Cycle,
    Nomination,
    NominationRevision,
    School,
)
from ..pdf import nomination_sections
from ..queries import letter_counts, nominations_visible_to
from .base import AdminIndexView, BulkSelectionMixin
from .forms import (
    STAFF_NOMINEE_LABELS,
    EligibilityForm,
    NominationCorrectionForm,
    NominationTagsForm,
    StaffNoteForm,
    StaffWithdrawalForm,
)


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
                    url=reverse("nomination:cycle_export", args=(cycle.pk, export_format)),
                    icon_name="download",
                )
                for export_format in FORMATS
            ]
        return buttons

    def get_inspect_url(self, instance):
        if self.inspect_url_name and self.user_has_any_permission({"view", "change"}):
            return reverse(self.inspect_url_name, args=(instance.code,))
        return None


class NominationHistoryView(CodeHistoryView):
    """A nomination's audit events, for staff who may see the nomination."""

    def get_base_object_queryset(self):
        return nominations_visible_to(self.request.user)


class NominationInspectView(HistoryButtonMixin, InspectView):
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
    # The domain's refusal of `act`, shown on the form.
    refusal: type[DomainError] = DomainError

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
            except self.refusal as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, done)
                return redirect(self.inspect_url_name, self.object.code)
        messages.error(request, self.refused)
        return self.render_to_response(self.get_context_data(**{self.form_context_name: form}))


class NominationNoteView(NominationPageFormView):
    form_class = StaffNoteForm
    form_context_name = "note_form"
    refused = "The note was not added. Check the form below."
    refusal = NoteRefused

    def act(self, form) -> str:
        shared = form.cleaned_data["share_with_reviewers"]
        add_staff_note(self.request.user, self.object, form.cleaned_data["text"], shared)
        return "Note added, shared with reviewers." if shared else "Note added, for staff only."


class NominationTagsView(NominationPageFormView):
    form_class = NominationTagsForm
    form_context_name = "tags_form"
    refused = "The tags were not saved. Check the form below."
    refusal = TagsRefused

    def get_form(self, data):
        return self.get_tags_form(data)

    def act(self, form) -> str:
        tags = set_tags(self.request.user, self.object, form.cleaned_data["tags"])
        if not tags:
            return "Tags removed."
        return "Tags saved: " + ", ".join(tag.name for tag in tags) + "."


def download(storage_key: str, download_name: str):
    """A private file as a download; a file missing from storage is a 404."""
    try:
        return private_file_response(storage_key, download_name)
    except FileNotFoundError:
        raise Http404 from None


class NominationsExportView(StaffOnlyMixin, View):
    """A cycle's sent nominations with every answer (`nomination_rows`), as CSV or XLSX, for
    staff; anyone else, and an unknown cycle or format, 404. Side effect: an audit event."""

    allowed = staticmethod(is_staff)
    refused_as_missing = True

    def get(self, request, cycle_id: int, export_format: str):
        if export_format not in FORMATS:
            raise Http404
        cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=cycle_id)
        header, rows = nomination_rows(cycle)
        audit(request.user, "nominations.exported", cycle, format=export_format)
        filename = export_filename(cycle, "nominations", export_format)
        return export_response(export_format, filename, header, rows)


class NominationFileView(View):
    """A nomination's uploaded file, for someone who may see the nomination: staff get it
    exactly as it was sent, anyone else the clean copy. Missing or not visible: 404. Side
    effect: an audit event."""

    http_method_names = ["get", "head"]

    def get(self, request, code: str, file_code: str):
        nomination = get_object_or_404(nominations_visible_to(request.user), code=code)
        record = get_object_or_404(nomination.files.all(), code=file_code)
        response = download(record.original_storage_key or record.storage_key, record.display_name)
        audit(request.user, "nomination.file_downloaded", nomination, file=record.code)
        return response


class LetterFileView(View):
    """The file a letter writer uploaded, on the same terms as `NominationFileView`."""

    http_method_names = ["get", "head"]

    def get(self, request, code: str, letter_code: str):
        nomination = get_object_or_404(nominations_visible_to(request.user), code=code)
        letter = get_object_or_404(nomination.letters.exclude(letter_file_key=""), code=letter_code)
        response = download(
            letter.letter_file_original_key or letter.letter_file_key,
            letter.letter_file_name or "letter",
        )
        audit(request.user, "nomination.letter_downloaded", nomination, letter=letter.code)
        return response


class NominationActionView(StaffOnlyMixin, View):
    """A button on a nomination's page, posted here: staff whom `allowed` lets in act on a
    nomination they may see (`perform`, a domain operation), then go back to its page with
    the outcome as a message; the domain's refusal (`refusal`) is shown the same way. Anyone
    else: 404, as for a nomination that does not exist."""

    http_method_names = ["post"]
    refused_as_missing = True
    refusal: type[Exception] = DomainError

    def post(self, request, code: str):
        nomination = get_object_or_404(
            nominations_visible_to(request.user).select_related("cycle", "dossier"), code=code
        )
        try:
            self.perform(nomination)
        except self.refusal as exc:
            messages.error(request, str(exc))
        return redirect("nomination:inspect", nomination.code)

    def perform(self, nomination: Nomination) -> None:
        raise NotImplementedError


class NominationSplitView(NominationActionView):
    """Staff move a nomination out of its candidate into a candidate of its own (the domain's
    split_nomination)."""

    allowed = staticmethod(can_group_candidates)
    refusal = DossierChangeRefused

    def perform(self, nomination: Nomination) -> None:
        dossier = split_nomination(nomination, self.request.user)
        messages.success(
            self.request,
            f"Nomination {nomination.code} is now a candidate of its own.",
            buttons=[
                messages.button(reverse("dossier:inspect", args=(dossier.code,)), "View candidate")
            ],
        )


class ResendGuardianRequestView(NominationActionView):
    """Staff send the parent or guardian's consent request again (resend_guardian_request)."""

    allowed = staticmethod(can_change_nominations)
    refusal = AskingAgainRefused

    def perform(self, nomination: Nomination) -> None:
        resend_guardian_request(nomination, self.request.user)
        messages.success(self.request, "The consent request is being sent again.")


class ResendNomineeHandoffView(NominationActionView):
    """Staff send the nominee's hand-off link again (resend_nominee_handoff)."""

    allowed = staticmethod(can_change_nominations)
    refusal = AskingAgainRefused

    def perform(self, nomination: Nomination) -> None:
        resend_nominee_handoff(nomination, self.request.user)
        messages.success(self.request, "The nominee's link is being sent again.")


class NominationFormView(StaffOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """A form of its own about a submitted nomination, for staff who may change nominations
    (anyone else, and a nomination not submitted or not theirs to see: 404). A valid form is
    handed to `perform`, a domain operation; its refusal (`refusal`) is shown as a message,
    since Wagtail's form template shows field errors only, and the form stays as it was typed.
    Done, staff go back to the nomination's page with the message `done`."""

    http_method_names = ["get", "head", "post"]
    allowed = staticmethod(can_change_nominations)
    refused_as_missing = True
    template_name = "wagtailadmin/generic/form.html"
    inspect_url_name = "nomination:inspect"
    submit_button_label = ""
    refusal: type[Exception] = DomainError
    done = ""

    @cached_property
    def nomination(self) -> Nomination:
        return get_object_or_404(
            nominations_visible_to(self.request.user).filter(status=Nomination.Status.SUBMITTED),
            code=self.kwargs["code"],
        )

    def get_page_subtitle(self):
        return f"{self.nomination.nominee_name or 'No nominee named'} ({self.nomination.code})"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(action_url=self.request.path, submit_button_label=self.submit_button_label)
        return context

    def form_valid(self, form):
        try:
            self.perform(form)
        except self.refusal as exc:
            messages.error(self.request, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, self.done.format(code=self.nomination.code))
        return redirect(self.inspect_url_name, self.nomination.code)

    def perform(self, form) -> None:
        raise NotImplementedError


class NominationWithdrawView(NominationFormView):
    """Staff withdraw a submitted nomination, saying why (the domain's withdraw_nomination): the
    only way once results naming the candidate are published."""

    form_class = StaffWithdrawalForm
    page_title = "Withdraw nomination"
    header_icon = "cross"
    submit_button_label = "Withdraw nomination"
    refusal = WithdrawalRefused
    done = "Nomination {code} was withdrawn."

    def perform(self, form) -> None:
        withdraw_nomination(self.nomination, self.request.user, form.cleaned_data["reason"])


class NominationCorrectView(NominationFormView):
    """Staff correct a submitted nomination, saying why (the domain's correct_nomination); the
    nomination's page lists every correction and keeps the nominator's own version."""

    form_class = NominationCorrectionForm
    page_title = "Correct nomination"
    header_icon = "edit"
    submit_button_label = "Save correction"
    refusal = CorrectionRefused
    done = "Nomination {code} was corrected."

    def get_form_kwargs(self):
        # The form works on a copy: what it is given must not show as saved before it is.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.nomination)}

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

    def perform(self, form) -> None:
        correct_nomination(
            self.nomination,
            self.request.user,
            reason=form.cleaned_data["reason"],
            nominee=form.nominee_values(),
            answers=form.answer_values(),
        )


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
