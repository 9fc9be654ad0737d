"""The candidates screens (dossiers): the list, a candidate's page, grouping nominations and
the grouping suggestions."""

from django import forms
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic import InspectView

from portal.permissions import (
    can_group_candidates,
    is_staff,
    require,
)
from portal.viewsets import CodeHistoryView, HistoryButtonMixin, StaffOnlyMixin

from ..domain.consent import guardians_consent, needs_guardian_consent
from ..domain.dossiers import (
    DossierChangeRefused,
    accept_suggestion,
    dismiss_suggestion,
    merge_dossiers,
)
from ..exports import (
    guardian_answer,
)
from ..models import (
    Dossier,
    DossierSuggestion,
    Nomination,
)
from .base import AdminIndexView, BulkSelectionMixin


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


class DossierHistoryView(CodeHistoryView):
    """A candidate's audit events, for staff who may see the candidate."""

    def get_base_object_queryset(self):
        return dossiers_for_admin(self.request.user)


class DossierInspectView(HistoryButtonMixin, InspectView):
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


class SuggestionDecisionView(StaffOnlyMixin, View):
    """Staff decide an open grouping suggestion (`perform`, a domain operation), then go back to
    the suggestions with the outcome as a message. A suggestion already decided, or anyone but
    staff who may group candidates: 404."""

    http_method_names = ["post"]
    allowed = staticmethod(can_group_candidates)
    refused_as_missing = True
    done = ""

    def post(self, request, pk: int):
        suggestion = get_object_or_404(suggestions_for_admin(request.user), pk=pk)
        try:
            self.perform(suggestion)
        except DossierChangeRefused as exc:
            messages.error(request, str(exc))
        else:
            url = reverse("dossier:inspect", args=(suggestion.dossier.code,))
            messages.success(request, self.done, buttons=[messages.button(url, "View candidate")])
        return redirect("dossiersuggestion:index")

    def perform(self, suggestion: DossierSuggestion) -> None:
        raise NotImplementedError


class SuggestionMergeView(SuggestionDecisionView):
    """Staff merge the suggested nomination's candidate into the suggested one (the domain's
    accept_suggestion, through merge_dossiers)."""

    done = "Merged into the candidate."

    def perform(self, suggestion: DossierSuggestion) -> None:
        accept_suggestion(suggestion, self.request.user)


class SuggestionDismissView(SuggestionDecisionView):
    """Staff decide the suggested nomination names someone else (dismiss_suggestion)."""

    done = "Suggestion dismissed."

    def perform(self, suggestion: DossierSuggestion) -> None:
        dismiss_suggestion(suggestion, self.request.user)
