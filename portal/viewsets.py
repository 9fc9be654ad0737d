"""What the portal's Wagtail admin viewsets share."""

from wagtail.admin.viewsets.model import ModelViewSet


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
