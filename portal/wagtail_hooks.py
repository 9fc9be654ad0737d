"""Registers the portal's own admin screens (`viewsets.py`), the audit log's actions and the
staff screens' styles."""

from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import ModelLogEntry

from .audit_actions import ACTIONS
from .models import AuditEvent
from .viewsets import AuditLogViewSet


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditLogViewSet()


@hooks.register("insert_global_admin_css")
def staff_screen_styles():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


# After Wagtail's own registration (order 0), which this replaces.
@hooks.register("register_log_actions", order=100)
def log_every_model_to_the_audit_log(actions):
    """One log: what Wagtail logs for any model (its History screens, its own create, edit and
    delete) goes to the audit log, as the portal's operations do; pages keep Wagtail's page log.

    Wagtail's model log is taken out of the site history report, which it would otherwise join
    as a third log: with Django 6.1 a union of three keeps the first two's ordering, and SQLite
    refuses an ORDER BY inside a compound SELECT."""
    actions.register_model(models.Model, AuditEvent)
    actions.log_entry_models.discard(ModelLogEntry)
