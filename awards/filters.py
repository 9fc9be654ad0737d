"""The filters of the cycles, nominations and candidates lists, shared by the lists and their bulk
actions (which act on every item a filtered list shows)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from .admin_views.nominations import THIS_YEAR, letters_complete_q
from .models import Award, Cycle, Dossier, Nomination, NominationTag, School
from .queries import current_cycles, cycles_in_status


class NominationFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Year"),
        choices=[(THIS_YEAR, gettext_lazy("This year's cycles"))],
        empty_label=gettext_lazy("All years"),
        widget=forms.RadioSelect,
        method="filter_year",
    )
    cycle = django_filters.ModelChoiceFilter(
        queryset=Cycle.objects.select_related("award"), label="Cycle"
    )
    award = django_filters.ModelChoiceFilter(
        field_name="cycle__award", queryset=Award.objects.all(), label="Award"
    )
    status = django_filters.ChoiceFilter(
        choices=Nomination.Status.choices, widget=forms.RadioSelect, empty_label="All"
    )
    eligibility = django_filters.ChoiceFilter(
        choices=Nomination.Eligibility.choices, widget=forms.RadioSelect, empty_label="All"
    )
    school = django_filters.ModelChoiceFilter(queryset=School.objects.all(), label="School")
    letters_complete = django_filters.BooleanFilter(
        label="Letters complete",
        method="filter_letters_complete",
        widget=BooleanRadioSelect,
    )
    tags = django_filters.ModelMultipleChoiceFilter(
        label="Tags",
        queryset=NominationTag.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
        help_text="Nominations with any of the tags chosen.",
    )

    class Meta:
        model = Nomination
        fields = [
            "year",
            "cycle",
            "award",
            "status",
            "eligibility",
            "school",
            "letters_complete",
            "tags",
        ]

    def filter_year(self, queryset, name, value):
        return queryset.filter(cycle__in=current_cycles()) if value == THIS_YEAR else queryset

    def filter_letters_complete(self, queryset, name, value):
        complete = letters_complete_q()
        return queryset.filter(complete) if value else queryset.exclude(complete)


class DossierFilterSet(WagtailFilterSet):
    cycle = django_filters.ModelChoiceFilter(
        queryset=Cycle.objects.select_related("award"), label="Cycle"
    )
    award = django_filters.ModelChoiceFilter(
        field_name="cycle__award", queryset=Award.objects.all(), label="Award"
    )
    merged_by_staff = django_filters.BooleanFilter(
        label="Grouped by staff", widget=BooleanRadioSelect
    )

    class Meta:
        model = Dossier
        fields = ["cycle", "award", "merged_by_staff"]


class CycleFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=Cycle.Status.choices,
        empty_label="All",
        widget=forms.RadioSelect,
        method="filter_status",
        help_text="As of now: an open cycle is scheduled before its opening date and in review "
        "after its deadline.",
    )

    class Meta:
        model = Cycle
        fields = ["status", "award"]

    def filter_status(self, queryset, name, value):
        return cycles_in_status(queryset, value)
