"""The review side's admin viewsets: its models' screens, and the staff screens about one
cycle."""

import django_filters
from django import forms
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from awards.models import Cycle, NomineeCategory
from portal.viewsets import ReadOnlyViewSet

from .admin_views.assignment import AssignReplacementView, AssignView, ConflictsView, ProgressView
from .admin_views.committee import AssignFinalistsView, CommitteeView, FinalistsView
from .admin_views.files import (
    CertificateDownloadView,
    CertificateJobDownloadView,
    CertificateJobView,
    PacketDownloadView,
)
from .admin_views.invitations import InviteView, SendInvitationsAgainView
from .admin_views.messaging import (
    BroadcastView,
    EmailPreviewView,
    MessageIndexView,
    MessageInspectView,
    MessagesView,
    ResendView,
)
from .admin_views.ranking import RankingView, ReviewExportView
from .blind import EMAILS, NOMINATOR_NAME, NOMINEE_NAME, SCHOOL, every_identity_field
from .domain.rubrics import save_rubric_change
from .models import (
    AnnouncementTemplate,
    Criterion,
    MessageTemplate,
    OutgoingMessage,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
)
from .models.rubrics import check_bands

BLIND_FIELD_CHOICES = [
    (NOMINEE_NAME, "Nominee's name"),
    (NOMINATOR_NAME, "Nominators' and letter writers' names"),
    (EMAILS, "E-mail addresses (also where typed into answers and letters)"),
    (SCHOOL, "School"),
]


class CategoriesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=NomineeCategory.choices, required=False, **kwargs)


class EnrolmentForm(WagtailAdminModelForm):
    categories = CategoriesField(help_text="Leave all unticked to allow every category.")
    preferred_categories = CategoriesField()

    class Meta:
        model = ReviewerEnrolment
        fields = [
            "cycle",
            "reviewer",
            "stage",
            "status",
            "capacity",
            "categories",
            "preferred_categories",
            "schools",
            "is_principal",
        ]


class ReviewSettingsForm(WagtailAdminModelForm):
    blind_fields = forms.MultipleChoiceField(
        choices=BLIND_FIELD_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=every_identity_field,
        help_text="Hidden from reviewers on every page, file name and PDF. A new cycle hides "
        "them all: untick a field only when reviewers must see it.",
    )

    class Meta:
        model = ReviewSettings
        fields = [
            "cycle",
            "reviewers_per_candidate",
            "release_at",
            "review_closes_at",
            "finalists_close_at",
            "blind_fields",
            "discussion_enabled",
            "disagreement_percent",
            "disagreement_threshold",
            "places",
            "cutoff_margin",
            "extra_reviewer_near_cutoff",
        ]


class BandRowsWidget(forms.Widget):
    """Band descriptors as rows (from, to, label, description), with blank rows to add more and
    each row's problems shown on it. Works without JavaScript: a blank row is ignored."""

    template_name = "review/admin/widgets/band_rows.html"
    blank_rows = 2
    most_rows = 50
    row_errors: dict[int, list[str]] = {}

    def value_from_datadict(self, data, files, name):
        count = data.get(f"{name}-count")
        if count is None:
            return None
        rows = []
        for index in range(min(int(count) if str(count).isdigit() else 0, self.most_rows)):
            rows.append(
                {
                    key: (data.get(f"{name}-{index}-{key}") or "").strip()
                    for key in ("from", "to", "label", "description")
                }
            )
        return rows

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-count" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        bands = value if isinstance(value, list) else []
        rows = [
            {
                key: "" if band.get(key) is None else str(band.get(key))
                for key in ("from", "to", "label", "description")
            }
            for band in bands
            if isinstance(band, dict)
        ]
        # Blank rows are dropped as BandsField drops them, so row errors line up.
        rows = [row for row in rows if any(row.values())]
        for index, row in enumerate(rows):
            row["errors"] = self.row_errors.get(index, [])
        rows += [
            {"from": "", "to": "", "label": "", "description": "", "errors": []}
        ] * self.blank_rows
        context["widget"]["rows"] = rows
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine: the form renderer only reads apps' template folders.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class BandsField(forms.Field):
    """The rows typed, blank ones left out; checked against the scale by the criterion form."""

    widget = BandRowsWidget

    def to_python(self, value):
        return [row for row in value or [] if any(row.values())]

    def prepare_value(self, value):
        return value if isinstance(value, list) else []

    def has_changed(self, initial, data):
        return self.to_python(data) != (initial or [])


class CriterionForm(WagtailAdminModelForm):
    bands = BandsField(
        required=False,
        label="Bands",
        help_text="Describe ranges of the scale, lowest first: every score must fall in one band. "
        "Leave a row blank to ignore it; save to get more rows.",
    )

    class Meta:
        model = Criterion
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        rows = cleaned.get("bands")
        low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
        step = cleaned.get("scale_step")
        if rows is None or low is None or high is None or not step or high <= low:
            return cleaned
        bands, problems = check_bands(rows, low, high, step)
        if problems:
            self.fields["bands"].widget.row_errors = problems
            count = len(problems)
            self.add_error(
                "bands",
                f"{count} band{'s' if count != 1 else ''} need{'s' if count == 1 else ''} "
                "correcting: see the rows marked below.",
            )
        else:
            cleaned["bands"] = bands
        return cleaned


class CriteriaPanel(InlinePanel):
    """The rubric's criteria, each edited with CriterionForm (its bands as rows)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = CriterionForm
        return options


class RubricEditView(EditView):
    versioned = False

    def save_instance(self):
        saved = save_rubric_change(self.form, self.request.user)
        self.versioned = saved.pk != self.form.instance.pk
        return saved

    def get_success_message(self):
        if self.versioned:
            return (
                f"Scores already exist, so your changes were saved as version "
                f"{self.object.version}. Reviews given so far keep the version they used."
            )
        return super().get_success_message()


class RubricViewSet(ModelViewSet):
    model = Rubric
    edit_view_class = RubricEditView
    icon = "list-ol"
    menu_label = "Rubrics"
    list_display = ["__str__", "cycle", "stage", "version", "locked", "tie_break"]
    list_filter = ["cycle", "stage", "locked"]
    panels = [
        MultiFieldPanel(
            [FieldPanel("cycle"), FieldPanel("stage"), FieldPanel("name"), FieldPanel("tie_break")],
            heading="Rubric",
        ),
        CriteriaPanel("criteria", heading="Criteria", label="Criterion", min_num=1),
    ]


class ReviewerEnrolmentViewSet(ModelViewSet):
    model = ReviewerEnrolment
    icon = "user"
    menu_label = "Reviewers"
    form_fields = EnrolmentForm.Meta.fields
    list_display = ["reviewer", "cycle", "stage", "status", "capacity", "categories"]
    list_filter = ["cycle", "stage", "status", "is_principal"]
    search_fields = ["reviewer__email"]

    def get_form_class(self, for_update=False):
        return EnrolmentForm


# A cycle's staff screens (their URL names), linked from its review settings in one column: a
# column each would make the list wider than a 1280px screen.
CYCLE_SCREENS = [
    ("review_admin:assign", "Preview and assign"),
    ("review_admin:invite", "Invite reviewers"),
    ("review_admin:progress", "Progress and reminders"),
    ("review_admin:ranking", "Ranking"),
    ("review_admin:committee", "Decisions and publishing"),
    ("review_admin:finalists", "Finalists and committee scores"),
    ("review_admin:messages", "Message log"),
    ("review_admin:broadcast", "Write to a selection"),
    ("review_admin:conflicts", "Conflicts of interest"),
]


def cycle_screens(settings) -> str:
    return format_html(
        '<ul class="laurel-screen-links">{}</ul>',
        format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            (
                (reverse(url_name, args=[settings.cycle_id]), text)
                for url_name, text in CYCLE_SCREENS
            ),
        ),
    )


class ReviewSettingsViewSet(ModelViewSet):
    model = ReviewSettings
    icon = "cog"
    menu_label = "Review settings"
    form_fields = ReviewSettingsForm.Meta.fields
    list_display = [
        "cycle",
        "reviewers_per_candidate",
        "release_at",
        "review_closes_at",
        Column("screens", label="Screens", accessor=cycle_screens),
    ]

    def get_form_class(self, for_update=False):
        return ReviewSettingsForm


class MessageTemplateViewSet(ModelViewSet):
    """The thank-yous, the certificate and every other e-mail's text, one version per language;
    the e-mail preview screen shows each written for a real person of the current cycle."""

    model = MessageTemplate
    icon = "mail"
    menu_label = "Message templates"
    form_fields = ["kind", "language", "subject", "body"]
    list_display = ["__str__", "language", "subject"]
    list_filter = ["kind", "language"]


class AnnouncementTemplateViewSet(ModelViewSet):
    """What each outcome's nominee, guardian and nominators are told when results are
    published, one version per language (each person gets their language's, else the English
    one); the committee screen previews them with a real candidate's data."""

    model = AnnouncementTemplate
    icon = "mail"
    menu_label = "Announcement e-mails"
    form_fields = ["outcome", "recipient", "language", "subject", "body"]
    list_display = ["__str__", "language", "subject"]
    list_filter = ["outcome", "recipient", "language"]


# Before any view asks: the log is read, never added to or edited by hand (resending is its own
# view, for staff who may change it).


class MessageLogFilterSet(WagtailFilterSet):
    # The cycles offered read their awards in the same query (one per cycle otherwise).
    cycle = django_filters.ModelChoiceFilter(
        queryset=Cycle.objects.select_related("award"), label="Cycle"
    )

    class Meta:
        model = OutgoingMessage
        fields = ["kind", "status", "cycle"]


class MessageLogViewSet(ReadOnlyViewSet):
    """Every e-mail the portal sends (sign-in codes aside): its status, attempts and last error;
    searchable by recipient, filtered by kind, status and cycle; each can be sent again."""

    model = OutgoingMessage
    name = "message_log"
    url_prefix = "message-log"
    icon = "mail"
    menu_label = "Message log"
    add_to_reference_index = False
    index_view_class = MessageIndexView
    inspect_view_class = MessageInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    list_display = [
        DateColumn("created_at", label="Written", sort_key="created_at"),
        TitleColumn(
            "to",
            label="To",
            sort_key="to",
            get_url=lambda message: reverse("message_log:inspect", args=(message.pk,)),
        ),
        Column("kind", label="Kind", accessor="get_kind_display"),
        Column("subject", label="Subject"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("attempts", label="Attempts"),
        Column("last_error", label="Last error"),
        Column("cycle", label="Cycle", accessor="cycle"),
    ]
    filterset_class = MessageLogFilterSet
    search_fields = ["to"]
    search_backend_name = None
    # Wagtail wants a form even where the policy lets nobody use it.
    form_fields = ["to"]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/resend/", ResendView.as_view(), name="resend"),
        ]


class ReviewViewSetGroup(ViewSetGroup):
    menu_label = "Review"
    menu_icon = "glasses"
    menu_order = 210
    items = (
        ReviewSettingsViewSet,
        RubricViewSet,
        ReviewerEnrolmentViewSet,
        AnnouncementTemplateViewSet,
        MessageTemplateViewSet,
        MessageLogViewSet,
    )


class CycleReviewViewSet(ViewSet):
    """Ranking, invitations, assignment, progress, conflicts, committee, finalist round, message
    log and messages to a selection of a cycle, at admin/review/<screen>/<cycle id>/ (URL names
    `review_admin:<screen>`); the e-mail preview, of any cycle, at admin/review/email-preview/;
    and the files staff download from these screens (exports, certificates, committee packets).
    """

    name = "review_admin"
    url_prefix = "review"

    def get_urlpatterns(self):
        return [
            path("ranking/<int:cycle_id>/", RankingView.as_view(), name="ranking"),
            path("invite/<int:cycle_id>/", InviteView.as_view(), name="invite"),
            path(
                "invite/<int:cycle_id>/again/",
                SendInvitationsAgainView.as_view(),
                name="invite_again",
            ),
            path("assign/<int:cycle_id>/", AssignView.as_view(), name="assign"),
            path("progress/<int:cycle_id>/", ProgressView.as_view(), name="progress"),
            path(
                "progress/<int:cycle_id>/replace/",
                AssignReplacementView.as_view(),
                name="assign_replacement",
            ),
            path("conflicts/<int:cycle_id>/", ConflictsView.as_view(), name="conflicts"),
            path("committee/<int:cycle_id>/", CommitteeView.as_view(), name="committee"),
            path("messages/<int:cycle_id>/", MessagesView.as_view(), name="messages"),
            path("finalists/<int:cycle_id>/", FinalistsView.as_view(), name="finalists"),
            path(
                "finalists/<int:cycle_id>/assign/",
                AssignFinalistsView.as_view(),
                name="assign_finalists",
            ),
            path("broadcast/<int:cycle_id>/", BroadcastView.as_view(), name="broadcast"),
            path("email-preview/", EmailPreviewView.as_view(), name="email_preview"),
            path(
                "exports/<int:cycle_id>/<str:what>/<str:export_format>/",
                ReviewExportView.as_view(),
                name="export",
            ),
            path(
                "certificates/<int:decision_id>/",
                CertificateDownloadView.as_view(),
                name="certificate",
            ),
            path(
                "certificates/jobs/<int:job_id>/",
                CertificateJobView.as_view(),
                name="certificate_job",
            ),
            path(
                "certificates/jobs/<int:job_id>/download/",
                CertificateJobDownloadView.as_view(),
                name="certificate_job_download",
            ),
            path(
                "packets/<int:job_id>/download/",
                PacketDownloadView.as_view(),
                name="packet_download",
            ),
        ]
