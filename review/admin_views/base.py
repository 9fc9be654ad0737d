"""What the review side's cycle screens share: a screen about one cycle for the staff a predicate
lets in, with one form per button; paging; the refusal of file downloads."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from awards.models import Cycle
from portal.errors import DomainError
from portal.permissions import (
    require,
)

from ..forms import (
    CycleActionForm,
    RowField,
)


class CycleScreenView(WagtailAdminTemplateMixin, TemplateView):
    """A staff screen about one cycle (`self.cycle`, named under the title), for staff the
    predicate `allowed` lets in; anyone else is refused before the cycle is looked up.

    Each button posts its `action` and the fields of its form (`action_forms`, one form per
    action, given the cycle and the user); a valid form is handed to the view's method
    `action_<action>`, which answers a response or nothing (then back to `success_url`, by
    default the screen as it was). A form naming a row that is not the cycle's answers 404,
    as a missing row does; its other errors, and the domain's refusal of the operation
    (`refusal_message`), are shown as a message."""

    allowed: Callable[..., bool]
    action_forms: dict[str, type[CycleActionForm]] = {}
    # The screens keep their own header (title, cycle, icon) rather than breadcrumbs.
    breadcrumbs_items: list[dict] = []
    success_url = None

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        require(self.allowed(request.user))
        self.cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=kwargs["cycle_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.cycle)

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=self.cycle, **kwargs)

    def get_success_url(self):
        return self.success_url or self.request.get_full_path()

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        form_class = self.action_forms.get(action)
        if form_class is None:
            return redirect(self.get_success_url())
        form = form_class(self.cycle, request.POST, user=request.user)
        if not form.is_valid():
            return self.refuse_form(form)
        try:
            return getattr(self, f"action_{action}")(form) or redirect(self.get_success_url())
        except DomainError as exc:
            messages.error(request, self.refusal_message(exc))
            return redirect(self.get_success_url())

    def refusal_message(self, exc: DomainError) -> str:
        """What staff read when the domain refuses a button's operation."""
        return str(exc)

    def refuse_form(self, form):
        for name, errors in form.errors.as_data().items():
            if isinstance(form.fields.get(name), RowField) and any(
                error.code in RowField.MISSING for error in errors
            ):
                raise Http404
        messages.error(self.request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(self.get_success_url())


def paged(request, items, per_page: int):
    """One page of `items`; `page.query` keeps the screen's other query parameters."""
    page = Paginator(items, per_page).get_page(request.GET.get("p"))
    params = request.GET.copy()
    params.pop("p", None)
    page.query = params.urlencode()
    return page


class CycleActionView(CycleScreenView):
    """One button of a cycle's screen with its own address: its form (`form_class`, given the
    cycle) is posted here, and staff go back to the screen (`screen_url_name`)."""

    http_method_names = ["post"]
    form_class = CycleActionForm
    screen_url_name = ""

    def get_success_url(self):
        return reverse(self.screen_url_name, args=(self.cycle.pk,))

    def post(self, request, *args, **kwargs):
        form = self.form_class(self.cycle, request.POST, user=request.user)
        if form.is_valid():
            self.form_valid(form)
        else:
            self.form_invalid(form)
        return redirect(self.get_success_url())

    def form_valid(self, form):
        raise NotImplementedError

    def form_invalid(self, form):
        self.refuse_form(form)
