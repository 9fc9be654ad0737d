"""What the awards admin's list screens share: exports that are formula-safe, and the bulk
selection of rows."""

from django.utils.functional import cached_property
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views.generic import IndexView
from wagtail.coreutils import multigetattr

from ..exports import (
    FormulaSafeExportMixin,
)


def _follow(item, dotted: str):
    """The value at a dotted path, or None where the path meets a missing related object."""
    value = item
    for name in dotted.split("."):
        if value is None:
            return None
        value = multigetattr(value, name)
    return value


class AdminIndexView(FormulaSafeExportMixin, IndexView):
    """Index view of the awards admin: related rows joined up front, and exports that cannot
    smuggle formulas into a spreadsheet nor stumble on an empty relation."""

    select_related = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def to_row_dict(self, item):
        return {field: _follow(item, field) for field in self.list_export}


BULK_INDEX_TEMPLATE = "awards/admin/bulk_index.html"


class BulkSelectionMixin:
    """An index view whose rows can be ticked for the bulk actions registered on its model
    (awards.bulk_actions, review.bulk_actions); its viewset sets `index_template_name =
    BULK_INDEX_TEMPLATE`, which adds the bulk actions' footer."""

    @cached_property
    def columns(self):
        obj_type = self.model._meta.model_name
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type=obj_type), *super().columns]
