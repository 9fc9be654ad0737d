"""The awards side's Wagtail admin screens: one viewset per model staff manage or read,
grouped under the Awards menu. `wagtail_hooks.py` registers them."""

import django_filters
from django import forms
from django.middleware.csrf import get_token
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    get_form_for_model,
)
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from portal.permissions import can_change_cycles, can_start_next_cycle
from portal.viewsets import CodeAddressedViewSet, ReadOnlyViewSet, StaffMenuItem

from .admin_views.base import BULK_INDEX_TEMPLATE, AdminIndexView
from .admin_views.candidates import (
    DossierHistoryView,
    DossierIndexView,
    DossierInspectView,
    SuggestionDismissView,
    SuggestionIndexView,
    SuggestionMergeView,
    candidate_label,
    student_naming,
    suggested_nomination_label,
)
from .admin_views.cycles import (
    CloseEarlyView,
    CycleEditView,
    CycleTranslateView,
    CycleTranslationsView,
    ExtendView,
    NextCycleView,
)
from .admin_views.forms import AwardForm, CycleForm, DeadlineExtensionForm, QuestionForm
from .admin_views.nominations import (
    LetterFileView,
    NominationCorrectView,
    NominationFileView,
    NominationHistoryView,
    NominationIndexView,
    NominationInspectView,
    NominationNoteView,
    NominationsExportView,
    NominationSplitView,
    NominationTagsView,
    NominationWithdrawView,
    ResendGuardianRequestView,
    ResendNomineeHandoffView,
    tags_by_name,
)
from .admin_views.reach import ReachReportView
from .admin_views.schools import DeadlineExtensionCreateView, SchoolImportView, SchoolIndexView
from .exports import guardian_answer
from .filters import CycleFilterSet, DossierFilterSet, NominationFilterSet
from .models import (
    Award,
    Cycle,
    DeadlineExtension,
    Dossier,
    DossierSuggestion,
    Nomination,
    PastWinner,
    School,
)


class AwardViewSet(ModelViewSet):
    model = Award
    icon = "success"
    menu_label = "Awards"
    index_view_class = AdminIndexView
    list_display = ["name", "category", "slug", "title_i_only", "nominee_notice"]
    list_filter = ["category", "title_i_only", "nominee_notice"]
    search_fields = ["name", "description"]
    list_export = [
        "name",
        "slug",
        "category",
        "eligible_school_levels",
        "title_i_only",
        "min_years_at_school",
        "min_years_in_district",
        "exclude_past_winners",
        "past_winner_wait_years",
        "nominee_notice",
        "nominee_handoff",
        "requires_guardian_consent",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("category"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("eligible_school_levels"),
                    FieldPanel("title_i_only"),
                    FieldRowPanel(
                        [FieldPanel("min_years_at_school"), FieldPanel("min_years_in_district")]
                    ),
                    FieldPanel("exclude_past_winners"),
                    FieldPanel("past_winner_wait_years"),
                ],
                heading="Eligibility",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("nominee_notice", widget=forms.RadioSelect),
                    FieldPanel("nominee_handoff"),
                    FieldPanel("requires_guardian_consent"),
                ],
                heading="The nominee",
            ),
        ],
        base_form_class=AwardForm,
    )


class QuestionInlinePanel(InlinePanel):
    """The questions of a cycle, each edited through QuestionForm."""

    def get_form_options(self):
        options = super().get_form_options()
        # As InlinePanel builds its child form, on QuestionForm instead of WagtailAdminModelForm.
        child_options = self.child_edit_handler.get_form_options()
        options["formsets"][self.relation_name]["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=QuestionForm,
            defer_required_on_fields=child_options.get("defer_required_on_fields", []),
        )
        return options


QUESTION_PANELS = [
    FieldRowPanel([FieldPanel("key"), FieldPanel("section"), FieldPanel("kind")]),
    FieldPanel("label"),
    FieldPanel("help_text"),
    FieldRowPanel([FieldPanel("required"), FieldPanel("word_limit")]),
    FieldPanel("choices"),
    FieldPanel("allowed_file_types"),
    FieldRowPanel([FieldPanel("max_file_size_mb"), FieldPanel("max_files")]),
    FieldRowPanel([FieldPanel("min_letters"), FieldPanel("max_letters")]),
    FieldRowPanel([FieldPanel("show_if_key"), FieldPanel("show_if_value")]),
]


class CycleIndexView(AdminIndexView):
    select_related = ("award",)
    translate_url_name = None

    next_year_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if self.next_year_url_name and can_start_next_cycle(self.request.user):
            buttons.append(
                MenuItem(
                    "Start next year's cycle",
                    url=reverse(self.next_year_url_name, args=(instance.pk,)),
                    icon_name="copy",
                    priority=20,
                )
            )
        if self.translate_url_name and can_change_cycles(self.request.user):
            buttons.append(
                MenuItem(
                    "Translate the form",
                    url=reverse(self.translate_url_name, args=(instance.pk,)),
                    icon_name="globe",
                    priority=15,
                )
            )
        return buttons


class CycleViewSet(ModelViewSet):
    model = Cycle
    icon = "date"
    menu_label = "Cycles"
    index_view_class = CycleIndexView
    list_display = [
        "__str__",
        Column("status", label="Status", accessor="get_effective_status_display"),
        "opens_at",
        "closes_at",
        "letters_due_at",
    ]
    filterset_class = CycleFilterSet
    list_export = [
        "award.name",
        "name",
        "get_effective_status_display",
        "opens_at",
        "closes_at",
        "letters_due_at",
    ]
    export_headings = {"award.name": "Award", "get_effective_status_display": "Status"}
    edit_handler = ObjectList(
        [
            FieldPanel("award"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("status")]),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            FieldRowPanel([FieldPanel("letters_due_at"), FieldPanel("grace_period")]),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("remind_letter_writers"), FieldPanel("letter_reminder_days")]
                    ),
                    FieldRowPanel(
                        [FieldPanel("remind_nominators"), FieldPanel("nominator_reminder_days")]
                    ),
                    FieldRowPanel(
                        [FieldPanel("remind_reviewers"), FieldPanel("reviewer_reminder_days")]
                    ),
                ],
                heading="Reminders",
                help_text="Sent by themselves, in each person's language, at most one of a kind "
                "a day, never once the work is done or after the deadline.",
            ),
            QuestionInlinePanel(
                "questions",
                panels=QUESTION_PANELS,
                heading="Nomination form",
                label="Question",
            ),
        ],
        base_form_class=CycleForm,
    )
    edit_view_class = CycleEditView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            translate_url_name=self.get_url_name("translate"),
            next_year_url_name=self.get_url_name("next_year"),
            **kwargs,
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            translate_url_name=self.get_url_name("translate"),
            next_year_url_name=self.get_url_name("next_year"),
            deadline_url_names=(self.get_url_name("close_early"), self.get_url_name("extend")),
            **kwargs,
        )

    def cycle_screen(self, view_class):
        return view_class.as_view(
            index_url_name=self.get_url_name("index"), edit_url_name=self.get_url_name("edit")
        )

    def translation_view_kwargs(self) -> dict:
        return {
            "index_url_name": self.get_url_name("index"),
            "edit_url_name": self.get_url_name("edit"),
            "translate_url_name": self.get_url_name("translate_language"),
        }

    @property
    def translations_view(self):
        return CycleTranslationsView.as_view(**self.translation_view_kwargs())

    @property
    def translate_view(self):
        return CycleTranslateView.as_view(**self.translation_view_kwargs())

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("translate/<int:pk>/", self.translations_view, name="translate"),
            path(
                "next-year/<int:pk>/",
                self.cycle_screen(NextCycleView),
                name="next_year",
            ),
            path(
                "close-early/<int:pk>/",
                self.cycle_screen(CloseEarlyView),
                name="close_early",
            ),
            path("extend/<int:pk>/", self.cycle_screen(ExtendView), name="extend"),
            path(
                "translate/<int:pk>/<str:language>/",
                self.translate_view,
                name="translate_language",
            ),
        ]


class LinkColumn(Column):
    """A value linked to the URL `get_url(instance)` returns; plain text where it returns none."""

    cell_template_name = "awards/admin/tables/link_cell.html"

    def __init__(self, name, get_url, **kwargs):
        super().__init__(name, **kwargs)
        self._get_url = get_url

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["link_url"] = self._get_url(instance)
        return context


class NominationCodesColumn(Column):
    """The codes of a dossier's nominations, each linked to the nomination."""

    cell_template_name = "awards/admin/tables/nomination_codes_cell.html"


class NominationViewSet(CodeAddressedViewSet):
    """Nominations are read here, never added: staff decide eligibility, and correct a sent
    nomination with a reason (each correction a revision, the nominator's version kept)."""

    model = Nomination
    icon = "form"
    menu_label = "Nominations"
    add_to_reference_index = False
    index_view_class = NominationIndexView
    inspect_view_class = NominationInspectView
    history_view_class = NominationHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_template_name = "awards/admin/nomination_inspect.html"
    index_template_name = BULK_INDEX_TEMPLATE
    list_per_page = 50
    list_display = [
        TitleColumn(
            "nominee",
            label="Nominee",
            accessor="nominee_full_name",
            sort_key="nominee_last_name",
            get_url=lambda nomination: reverse("nomination:inspect", args=(nomination.code,)),
            get_title_id=lambda nomination: f"nomination_{nomination.pk}_title",
        ),
        Column("code", label="Code", sort_key="code"),
        Column("award", label="Award", accessor="cycle.award.name", sort_key="cycle__award__name"),
        Column("cycle", label="Cycle", accessor="cycle.name", sort_key="cycle__name"),
        Column("school", label="School", accessor="school_name", sort_key="school__name"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column(
            "eligibility",
            label="Eligibility",
            accessor="get_eligibility_display",
            sort_key="eligibility",
        ),
        Column(
            "guardian_consent",
            label="Guardian consent",
            accessor=guardian_answer,
            sort_key="guardian_consent",
        ),
        Column(
            "letters",
            label="Letters received",
            accessor=lambda n: f"{n.letters_received} of {n.letters_requested}",
            sort_key="letters_received",
        ),
        DateColumn("submitted_at", label="Submitted", sort_key="submitted_at"),
        LinkColumn(
            "dossier_size",
            label="Candidate",
            accessor=lambda n: (
                f"{n.dossier_size} nomination{pluralize(n.dossier_size)}" if n.dossier_code else ""
            ),
            get_url=lambda n: (
                reverse("dossier:inspect", args=(n.dossier_code,)) if n.dossier_code else None
            ),
            sort_key="dossier_size",
        ),
        Column(
            "tags",
            label="Tags",
            accessor=lambda n: ", ".join(tag.name for tag in tags_by_name(n)),
        ),
    ]
    filterset_class = NominationFilterSet
    search_fields = ["nominee_full_name", "code", "school__name"]
    search_backend_name = None
    list_export = [
        "code",
        "cycle.award.name",
        "cycle.name",
        "get_status_display",
        "get_eligibility_display",
        "eligibility_reason",
        "nominee_first_name",
        "nominee_last_name",
        "nominee_role",
        "school_name",
        "nominator.email",
        "nominator_relationship",
        "letters_requested",
        "letters_received",
        "submitted_at",
    ]
    export_headings = {
        "code": "Code",
        "cycle.award.name": "Award",
        "cycle.name": "Cycle",
        "get_status_display": "Status",
        "get_eligibility_display": "Eligibility",
        "eligibility_reason": "Eligibility reason",
        "nominee_first_name": "Nominee first name",
        "nominee_last_name": "Nominee last name",
        "nominee_role": "Nominee role",
        "school_name": "School",
        "nominator.email": "Nominator e-mail",
        "nominator_relationship": "Nominator relationship",
        "letters_requested": "Letters requested",
        "letters_received": "Letters received",
        "submitted_at": "Submitted",
    }
    export_filename = "nominations"

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            history_url_name=self.get_url_name("history"),
            file_url_name=self.get_url_name("file"),
            letter_file_url_name=self.get_url_name("letter_file"),
            split_url_name=self.get_url_name("split"),
            withdraw_url_name=self.get_url_name("withdraw"),
            correct_url_name=self.get_url_name("correct"),
            dossier_url_name="dossier:inspect",
            note_url_name=self.get_url_name("add_note"),
            tags_url_name=self.get_url_name("set_tags"),
            **kwargs,
        )

    def page_form_view(self, view_class):
        """A form of the nomination's page (NominationPageFormView), with the
        page's own view arguments, so a refused form shows the whole page again."""
        return self.construct_view(view_class, **self.get_inspect_view_kwargs())

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "cycles/<int:cycle_id>/export/<str:export_format>/",
                NominationsExportView.as_view(),
                name="cycle_export",
            ),
            path("<str:code>/split/", NominationSplitView.as_view(), name="split"),
            path(
                "<str:code>/notes/",
                self.page_form_view(NominationNoteView),
                name="add_note",
            ),
            path(
                "<str:code>/tags/",
                self.page_form_view(NominationTagsView),
                name="set_tags",
            ),
            path(
                "<str:code>/withdraw/",
                NominationWithdrawView.as_view(),
                name="withdraw",
            ),
            path(
                "<str:code>/resend-consent/",
                ResendGuardianRequestView.as_view(),
                name="resend_guardian",
            ),
            path(
                "<str:code>/resend-handoff/",
                ResendNomineeHandoffView.as_view(),
                name="resend_handoff",
            ),
            path(
                "<str:code>/correct/",
                NominationCorrectView.as_view(),
                name="correct",
            ),
            path(
                "<str:code>/files/<str:file_code>/",
                NominationFileView.as_view(),
                name="file",
            ),
            path(
                "<str:code>/letters/<str:letter_code>/",
                LetterFileView.as_view(),
                name="letter_file",
            ),
        ]


class DossierViewSet(CodeAddressedViewSet):
    """Candidates: the dossiers nominations are filed into. Read here, merged and split by staff;
    never added or edited by hand."""

    model = Dossier
    icon = "group"
    menu_label = "Candidates"
    add_to_reference_index = False
    index_view_class = DossierIndexView
    inspect_view_class = DossierInspectView
    history_view_class = DossierHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_template_name = "awards/admin/dossier_inspect.html"
    index_template_name = BULK_INDEX_TEMPLATE
    list_per_page = 50
    list_display = [
        TitleColumn(
            "candidate",
            label="Candidate",
            accessor=candidate_label,
            sort_key="candidate_name",
            get_url=lambda dossier: reverse("dossier:inspect", args=(dossier.code,)),
            get_title_id=lambda dossier: f"dossier_{dossier.pk}_title",
        ),
        Column("cycle", label="Cycle", accessor="cycle", sort_key="cycle__opens_at"),
        Column("nomination_count", label="Nominations", sort_key="nomination_count"),
        NominationCodesColumn("codes", label="Nomination codes", accessor="listed_nominations"),
        Column("named", label="Name in results", accessor=student_naming),
        BooleanColumn("merged_by_staff", label="Grouped by staff", sort_key="merged_by_staff"),
    ]
    filterset_class = DossierFilterSet
    search_fields = ["code"]  # searched by DossierIndexView.search_queryset
    search_backend_name = None

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            nomination_url_name="nomination:inspect",
            history_url_name=self.get_url_name("history"),
            **kwargs,
        )


class SuggestionActionsColumn(Column):
    """One-click Merge and Dismiss buttons, each a POST form with its CSRF token."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        token = get_token(parent_context["request"])
        forms = [
            format_html(
                '<form action="{}" method="post" style="display:inline">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="button button-small{}">{}</button></form>',
                reverse(f"dossiersuggestion:{action}", args=(instance.pk,)),
                token,
                extra,
                label,
            )
            for action, label, extra in (
                ("merge", "Merge into the candidate", ""),
                ("dismiss", "Dismiss", " button-secondary"),
            )
        ]
        context["value"] = format_html_join(" ", "{}", ((form,) for form in forms))
        return context


class DossierSuggestionViewSet(ReadOnlyViewSet):
    """Nominations that may name an existing candidate but were not grouped with it (the same
    e-mail under another name or school, or a candidate already in review): staff merge them
    through the candidates' merge, or dismiss them. Never added or edited by hand."""

    model = DossierSuggestion
    icon = "group"
    menu_label = "Grouping suggestions"
    add_to_reference_index = False
    index_view_class = SuggestionIndexView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_per_page = 50
    list_display = [
        LinkColumn(
            "nomination",
            label="Nomination",
            accessor=suggested_nomination_label,
            get_url=lambda s: reverse("nomination:inspect", args=(s.nomination.code,)),
        ),
        LinkColumn(
            "candidate",
            label="May be the candidate",
            accessor=candidate_label,
            get_url=lambda s: reverse("dossier:inspect", args=(s.dossier.code,)),
        ),
        Column("reason", label="Why", accessor="get_reason_display"),
        Column("cycle", label="Cycle", accessor="dossier.cycle"),
        DateColumn("created_at", label="Suggested", sort_key="created_at"),
        SuggestionActionsColumn("actions", label="Decide"),
    ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/merge/", SuggestionMergeView.as_view(), name="merge"),
            path("<int:pk>/dismiss/", SuggestionDismissView.as_view(), name="dismiss"),
        ]


class SchoolViewSet(ModelViewSet):
    model = School
    icon = "site"
    menu_label = "Schools"
    index_view_class = SchoolIndexView
    list_display = [
        "name",
        "code",
        "level",
        BooleanColumn("title_i", label="Title I", sort_key="title_i"),
        BooleanColumn("active", label="Active", sort_key="active"),
    ]
    list_filter = ["level", "title_i", "active"]
    search_fields = ["name", "code"]
    form_fields = ["name", "code", "level", "title_i", "active"]
    list_export = ["name", "code", "level", "title_i", "active"]
    list_per_page = 50

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(import_url_name=self.get_url_name("import"), **kwargs)

    @property
    def import_view(self):
        return SchoolImportView.as_view(index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("import/", self.import_view, name="import")]


class DeadlineExtensionIndexView(AdminIndexView):
    select_related = ("cycle__award", "nominator", "granted_by")


class DeadlineExtensionFilterSet(WagtailFilterSet):
    cycle = django_filters.ModelChoiceFilter(
        queryset=Cycle.objects.select_related("award"), label="Cycle"
    )

    class Meta:
        model = DeadlineExtension
        fields = ["cycle"]


class DeadlineExtensionViewSet(ModelViewSet):
    model = DeadlineExtension
    icon = "time"
    menu_label = "Deadline extensions"
    index_view_class = DeadlineExtensionIndexView
    add_view_class = DeadlineExtensionCreateView
    copy_view_enabled = False
    list_display = [
        "nominator",
        Column("cycle", label="Cycle", sort_key="cycle__opens_at"),
        DateColumn("closes_at", label="Closes", sort_key="closes_at"),
        Column("reason", label="Reason"),
        Column("granted_by", label="Granted by", accessor="granted_by.email"),
        DateColumn("granted_at", label="Granted", sort_key="granted_at"),
    ]
    filterset_class = DeadlineExtensionFilterSet
    search_fields = ["nominator__email", "reason"]
    list_export = [
        "nominator",
        "nominator.email",
        "cycle.award.name",
        "cycle.name",
        "closes_at",
        "reason",
        "granted_by.email",
        "granted_at",
    ]
    export_headings = {
        "nominator": "Nominator",
        "nominator.email": "Nominator e-mail",
        "cycle.award.name": "Award",
        "cycle.name": "Cycle",
        "granted_by.email": "Granted by",
    }
    edit_handler = ObjectList(
        [
            FieldPanel("cycle"),
            FieldPanel("nominator"),
            FieldPanel("closes_at"),
            FieldPanel("reason"),
        ],
        base_form_class=DeadlineExtensionForm,
    )


class PastWinnerViewSet(ModelViewSet):
    model = PastWinner
    icon = "success"
    menu_label = "Past winners"
    list_display = ["__str__", "award", "school", "year"]
    list_filter = ["award", "year"]
    search_fields = ["first_name", "last_name"]
    form_fields = ["award", "first_name", "last_name", "school", "email", "year"]


class ReachReportViewSet(ViewSet):
    """The reach report, under Reports, for staff."""

    name = "reach_report"
    url_prefix = "reports/reach"
    icon = "table"
    menu_label = "Reach"
    menu_order = 50
    menu_hook = "register_reports_menu_item"
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return [path("", ReachReportView.as_view(), name="index")]


class AwardsViewSetGroup(ViewSetGroup):
    menu_label = "Awards"
    menu_icon = "success"
    menu_order = 200
    items = (
        NominationViewSet,
        DossierViewSet,
        DossierSuggestionViewSet,
        AwardViewSet,
        CycleViewSet,
        SchoolViewSet,
        DeadlineExtensionViewSet,
        PastWinnerViewSet,
    )
