"""Registers the portal's own admin screens (`viewsets.py`) and the staff screens' styles."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .viewsets import AuditLogViewSet


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditLogViewSet()


@hooks.register("insert_global_admin_css")
def staff_screen_styles():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
