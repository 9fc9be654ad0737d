"""Deadline extensions and the school roster (with its import)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import CreateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import policy_registry

from ..domain.extensions import grant_extension
from ..imports import import_schools
from ..models import (
    School,
    SchoolLevel,
)
from .base import AdminIndexView
from .forms import SchoolImportForm


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
