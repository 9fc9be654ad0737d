"""What the portal's Wagtail admin viewsets share, and the audit log's screens."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import AuditEvent
from .permissions import is_staff


class ReadOnlyViewSet(ModelViewSet):
    """A viewset whose screens only list and inspect what the portal's own operations write
    (nominations, candidates, the message log): it has no add, edit, delete, history or usage
    view, so none of their URL names is handed to a template where it would not resolve."""

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )


class StaffOnlyMixin:
    """A view for staff whom the predicate `allowed` lets in, by the methods it names (GET or
    HEAD unless it says otherwise); anyone else is refused before anything is looked up: sent
    away as from any staff screen, or, where `refused_as_missing`, answered 404 as for something
    that does not exist."""

    http_method_names = ["get", "head"]
    allowed: Callable[..., bool]
    refused_as_missing = False

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        if not self.allowed(request.user):
            if self.refused_as_missing:
                raise Http404
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CodeHistoryView(HistoryView):
    """An object's History (its audit events, `portal.models.AuditEvent`) where the admin's URLs
    carry the object's code. The object is looked up in `get_base_object_queryset`, which a
    subclass narrows to what the user may see: any other code is a 404."""

    pk_url_kwarg = "code"

    def get_object(self):
        return get_object_or_404(self.get_base_object_queryset(), code=self.pk)

    @cached_property
    def header_buttons(self):
        return []  # nothing here is edited

    def get_history_url(self, instance):
        if self.history_url_name:
            return reverse(self.history_url_name, args=(instance.code,))

    def get_history_results_url(self, instance):
        if self.history_results_url_name:
            return reverse(self.history_results_url_name, args=(instance.code,))


class HistoryButtonMixin:
    """A "History" button on an inspect view of an object whose URLs carry its code."""

    history_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.history_url_name:
            url = reverse(self.history_url_name, args=(self.object.code,))
            buttons.append(Button("History", url=url, icon_name="history", priority=90))
        return buttons


class CodeAddressedViewSet(ReadOnlyViewSet):
    """A read-only viewset whose objects are addressed by their code, never their id: the list,
    each object's page and its History (`CodeHistoryView`); the admin's links to an object (its
    "edit URL") lead to its page, for staff only. A subclass adds its own screens after these."""

    def get_history_view_kwargs(self, **kwargs):
        return super().get_history_view_kwargs(
            history_url_name=self.get_url_name("history"), **kwargs
        )

    @cached_property
    def url_finder_class(self):
        return type(
            f"{self.model.__name__}URLFinder",
            (InspectByCodeURLFinder,),
            {"inspect_url_name": self.get_url_name("inspect")},
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<str:code>/", self.inspect_view, name="inspect"),
            path("<str:code>/history/", self.history_view, name="history"),
            path(
                "<str:code>/history/results/",
                self.history_results_view,
                name="history_results",
            ),
        ]


class InspectByCodeURLFinder(ModelAdminURLFinder):
    """The admin URL of an object with no edit view: its page, by code, for staff only."""

    inspect_url_name = ""

    def construct_edit_url(self, instance):
        return reverse(self.inspect_url_name, args=(instance.code,))

    def get_edit_url(self, instance):
        if self.user and not is_staff(self.user):
            return None
        return self.construct_edit_url(instance)


class StaffMenuItem(MenuItem):
    """A menu item shown to staff only."""

    def is_shown(self, request):
        return is_staff(request.user)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewing needs the model's view permission; adding, changing and deleting are nobody's,
    superusers' included (the database would refuse them anyway: portal/migrations/0004)."""

    READ_ACTIONS = {"view"}

    def user_has_permission(self, user, action):
        return action in self.READ_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) & self.READ_ACTIONS)


# Before any view asks (Wagtail would otherwise make a default policy for the model).
register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent))


class AuditLogViewSet(ModelViewSet):
    """The audit log for staff holding `portal.view_auditevent` (the Staff group has it):
    filter by action, kind of object and date; search by action, object code or actor."""

    model = AuditEvent
    name = "audit_log"
    url_prefix = "audit-log"
    icon = "history"
    menu_label = "Audit log"
    menu_order = 900
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        DateColumn("timestamp", label="When", sort_key="timestamp"),
        Column("user", label="Who", accessor="user.email"),
        Column("action", label="Action", sort_key="action"),
        Column("object_type", label="Object", sort_key="object_type"),
        Column("object_code", label="Code"),
    ]
    list_filter = {"action": ["exact"], "object_type": ["exact"], "timestamp": ["date__gte"]}
    search_fields = ["action", "object_code", "user__email"]
    inspect_view_fields = ["timestamp", "user", "action", "object_type", "object_code", "data"]
    # Wagtail wants a form even where the policy lets nobody use it.
    form_fields = ["action"]

    def get_queryset(self, request):
        return AuditEvent.objects.select_related("user")
