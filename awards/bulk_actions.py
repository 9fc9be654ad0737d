"""Bulk actions on the nominations list (Wagtail's bulk action framework): each one a form on a
confirmation page that states how many items it will touch, then one domain operation.

The selection arrives as primary keys (Wagtail's checkboxes) and is looked up again through
the staff member's visibility queryset: an id outside it refuses the whole request (404), as a
missing or forbidden nomination does everywhere else."""

import hashlib
import json

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from portal.errors import DomainError
from portal.permissions import is_staff

from .admin_views.forms import EligibilityForm, StaffWithdrawalForm
from .admin_views.nominations import nominations_for_admin
from .domain.bulk import record_eligibility_for_selection, withdraw_selection
from .filters import NominationFilterSet
from .models import Nomination


class SelectionBulkAction(BulkAction):
    """A staff-only bulk action on the items of a list the staff member may see.

    Subclasses give `visible(user)` (the list's visibility queryset, labelled as the list labels
    its rows), `in_listing(queryset)` (what "select all in listing" takes, from the list's
    filters and search), `label(item)`, `act(items, cleaned_data)` (the domain operation; by
    default it returns how many it changed, for `done_message`) and, where the next page is not
    the list, `done(result)`.

    An action with a `preview_template` first shows what it will do (`preview(items,
    cleaned_data)`, a dict whose `confirm_label` is the button that then acts) and acts only on
    the form as previewed: a form changed after its preview is previewed again."""

    template_name = "awards/admin/bulk_confirm.html"
    classes = {"button-secondary"}
    item_noun = "item"
    confirm_label = ""
    preview_template = ""
    # How many items the confirmation page names; the count always covers the whole selection.
    listed_at_most = 100

    def dispatch(self, request, *args, **kwargs):
        if not is_staff(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def visible(self, user) -> QuerySet:
        raise NotImplementedError

    def in_listing(self, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    def label(self, item) -> str:
        return str(item)

    def act(self, items: list, cleaned_data: dict):
        raise NotImplementedError

    def done_message(self, count: int) -> str:
        raise NotImplementedError

    def done(self, result) -> HttpResponse:
        messages.success(self.request, self.done_message(result))
        return redirect(self.next_url)

    def preview(self, items: list, cleaned_data: dict) -> dict:
        raise NotImplementedError

    def selected(self) -> list:
        if getattr(self, "_selected", None) is not None:
            return self._selected
        ids = self.request.GET.getlist("id")
        visible = self.visible(self.request.user)
        if "all" in ids:
            chosen = list(self.in_listing(visible))
        else:
            if not ids or not all(value.isdigit() for value in ids):
                raise Http404
            wanted = {int(value) for value in ids}
            chosen = list(visible.filter(pk__in=wanted))
            if len(chosen) != len(wanted):
                raise Http404  # missing or not this staff member's to see: the same answer
        self._selected = chosen
        return chosen

    def get_actionable_objects(self):
        return self.selected(), {"items_with_no_access": []}

    def object_context(self, obj):
        return {"item": obj, "label": self.label(obj)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count = len(context["items"])
        context.update(
            count=count,
            count_text=f"{count} {self.item_noun}{pluralize(count)}",
            listed=context["items"][: self.listed_at_most],
            not_listed=max(0, count - self.listed_at_most),
            page_title=self.display_name,
            confirm_label=self.confirm_label or self.display_name,
            preview_template=self.preview_template,
        )
        return context

    def form_valid(self, form):
        try:
            if self.preview_template and not self._confirmed(form):
                preview = self.preview(self.selected(), form.cleaned_data)
                return self.render_to_response(
                    self.get_context_data(form=form, preview=preview, previewed=_digest(form))
                )
            # Wagtail's before/after_bulk_action hooks see the action as for its own bulk
            # actions: in the same transaction, a response from one of them answering instead.
            with transaction.atomic():
                if (answer := self._run_hooks("before_bulk_action")) is not None:
                    return answer
                result = self.act(self.selected(), form.cleaned_data)
                if (answer := self._run_hooks("after_bulk_action")) is not None:
                    return answer
        except DomainError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        return self.done(result)

    def _run_hooks(self, name: str) -> HttpResponse | None:
        for hook in hooks.get_hooks(name):
            answer = hook(self.request, self.action_type, self.selected(), self)
            if hasattr(answer, "status_code"):
                return answer
        return None

    def _confirmed(self, form) -> bool:
        """Confirmed on the preview of this very form (not one edited since)."""
        post = self.request.POST
        return post.get("step") == "confirm" and post.get("previewed") == _digest(form)


def _digest(form) -> str:
    text = json.dumps(form.cleaned_data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class NominationBulkAction(SelectionBulkAction):
    models = [Nomination]
    item_noun = "nomination"

    def visible(self, user):
        return nominations_for_admin(user).order_by("nominee_last_name", "code")

    def in_listing(self, queryset):
        filtered = NominationFilterSet(self.request.GET, queryset=queryset, request=self.request)
        queryset = filtered.qs if filtered.is_valid() else queryset.none()
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(
                Q(nominee_full_name__icontains=query)
                | Q(code__icontains=query)
                | Q(school__name__icontains=query)
            )
        return queryset

    def label(self, nomination):
        name = nomination.nominee_full_name.strip() or "No nominee named"
        return f"{name} ({nomination.code}), {nomination.get_status_display().lower()}"


class RecordEligibilityBulkAction(NominationBulkAction):
    display_name = _("Record eligibility")
    action_type = "record_eligibility"
    aria_label = _("Record eligibility for the selected nominations")
    action_priority = 10
    form_class = EligibilityForm
    confirm_label = _("Record the decision")

    def act(self, items, cleaned_data):
        return record_eligibility_for_selection(
            items, self.request.user, cleaned_data["decision"], cleaned_data.get("reason", "")
        )

    def done_message(self, count):
        return f"Eligibility recorded for {count} nomination{pluralize(count)}."


class WithdrawBulkAction(NominationBulkAction):
    display_name = _("Withdraw")
    action_type = "withdraw"
    aria_label = _("Withdraw the selected nominations")
    action_priority = 20
    form_class = StaffWithdrawalForm
    confirm_label = _("Withdraw them")

    def act(self, items, cleaned_data):
        return withdraw_selection(items, self.request.user, cleaned_data["reason"])

    def done_message(self, count):
        return f"{count} nomination{pluralize(count)} withdrawn."


NOMINATION_BULK_ACTIONS = [RecordEligibilityBulkAction, WithdrawBulkAction]
