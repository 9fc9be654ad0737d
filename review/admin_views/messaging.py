"""E-mail: a cycle's messages, the message log, the e-mail preview and a message to a selection."""

from django.conf import settings
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from awards.admin_views.base import AdminIndexView
from portal.permissions import (
    can_preview_emails,
    can_read_message_log,
    can_send_messages,
    require,
)

from ..domain.broadcasts import PLACEHOLDERS as BROADCAST_PLACEHOLDERS
from ..domain.broadcasts import send_message_to, write
from ..domain.notifications import retry_messages
from ..domain.outbox import resend_message
from ..domain.previews import email_previews
from ..forms import (
    BroadcastForm,
    CycleActionForm,
    PreviewChoiceForm,
)
from ..models import (
    OutgoingMessage,
)
from ..queries import messages_visible_to
from .base import CycleScreenView, paged


class MessagesView(CycleScreenView):
    """Every announcement e-mail of a cycle and its delivery state; failed ones can be retried."""

    template_name = "review/admin/messages.html"
    page_title = "Message log"
    header_icon = "mail"
    allowed = staticmethod(can_read_message_log)
    action_forms = {"retry": CycleActionForm}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.success_url = reverse("review_admin:messages", args=(kwargs["cycle_id"],))

    def action_retry(self, form):
        failed = list(
            OutgoingMessage.objects.filter(
                cycle=self.cycle, status=OutgoingMessage.Status.FAILED
            ).values_list("pk", flat=True)
        )
        retry_messages(failed, self.request.user, self.cycle)
        messages.success(self.request, f"{len(failed)} failed message(s) queued again.")

    def get_context_data(self, **kwargs):
        messages_of_cycle = OutgoingMessage.objects.filter(cycle=self.cycle)
        status = self.request.GET.get("status", "")
        shown = messages_of_cycle.filter(status=status) if status else messages_of_cycle
        page = paged(self.request, shown.order_by("-created_at"), 100)
        counts = dict(
            messages_of_cycle.values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        return super().get_context_data(
            page=page,
            status=status,
            counts=[
                (value, label, counts.get(value, 0))
                for value, label in OutgoingMessage.Status.choices
            ],
            **kwargs,
        )


# The message log ---------------------------------------------------------------------------------


class MessageLogAccess:
    """Missing and forbidden answer the same: 404 for anyone in the admin who is not staff
    allowed to read the message log (Wagtail would otherwise redirect with a message)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_read_message_log(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class MessageIndexView(MessageLogAccess, AdminIndexView):
    """Every e-mail the portal sent or is sending (sign-in codes aside), newest first: search
    by recipient, filter by kind, status and cycle. Three queries whatever the number shown."""

    page_title = "Message log"
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return messages_visible_to(self.request.user)

    def get_inspect_url(self, instance):
        # The whole list is for staff only (MessageLogAccess): no permission check per row,
        # which cost a query each.
        return reverse("message_log:inspect", args=(instance.pk,))


class MessageInspectView(MessageLogAccess, InspectView):
    """One e-mail as it was written, its delivery state, and (for staff who may) a button to
    send it again."""

    template_name = "review/admin/message_inspect.html"
    page_title = "E-mail"

    def get_object(self, queryset=None):
        return get_object_or_404(messages_visible_to(self.request.user), pk=self.pk)

    def get_page_subtitle(self):
        return self.object.subject

    def get_fields(self):
        return [
            "created_at",
            "cycle",
            "kind",
            "to",
            "subject",
            "status",
            "attempts",
            "last_error",
            "sent_at",
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_send_messages"] = can_send_messages(self.request.user)
        context["being_sent"] = self.object.status == OutgoingMessage.Status.SENDING
        return context


class ResendView(View):
    """Staff send one e-mail of the log again (audited by resend_message); POST only. Staff who
    may not send messages, and an e-mail they may not see, 404."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        if not can_send_messages(request.user):
            raise Http404
        message = get_object_or_404(messages_visible_to(request.user), pk=pk)
        if message.status == OutgoingMessage.Status.SENDING:
            messages.error(request, "This e-mail is being handed to the mail server right now.")
        else:
            resend_message(message, request.user)
            messages.success(request, f"The e-mail to {message.to} is queued to be sent again.")
        return redirect("message_log:inspect", pk)


class EmailPreviewView(WagtailAdminTemplateMixin, TemplateView):
    """Every e-mail the intake and the review send, as each would be written now for a real
    person of a cycle (the current one unless staff choose), in a chosen language: from staff's
    text where they wrote one (Message templates), else the portal's own wording."""

    template_name = "review/admin/email_preview.html"
    page_title = "E-mail preview"
    header_icon = "mail"
    breadcrumbs_items: list[dict] = []
    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        require(can_preview_emails(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = PreviewChoiceForm(request.GET or None)
        cycle = language = None
        if form.is_valid():
            cycle, language = form.cleaned_data["cycle"], form.cleaned_data["language"]
        self.cycle = cycle or form.fields["cycle"].queryset.first()
        language = language or settings.LANGUAGE_CODE
        return self.render_to_response(
            self.get_context_data(
                form=form,
                cycle=self.cycle,
                language=language,
                previews=email_previews(self.cycle, language) if self.cycle else [],
            )
        )

    def get_page_subtitle(self):
        return str(self.cycle or "")

    def get_header_title(self):
        return self.page_title


class BroadcastView(CycleScreenView):
    """Staff write one message to a selection of a cycle: "Preview" shows who gets it and how
    the first reads it; "Send" queues it (review.domain.broadcasts.send_message_to). A form
    with errors is shown again with them."""

    template_name = "review/admin/broadcast.html"
    page_title = "Write a message"
    header_icon = "mail"
    allowed = staticmethod(can_send_messages)

    def get_header_title(self):
        return f"Write to people of {self.cycle}"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=BroadcastForm(self.cycle)))

    def post(self, request, *args, **kwargs):
        form = BroadcastForm(self.cycle, request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        # Any button but "Send" previews.
        if request.POST.get("action") == "send":
            return self.action_send(form)
        return self.action_preview(form)

    def action_send(self, form):
        data = form.cleaned_data
        queued = send_message_to(
            form.audience(), data["subject"], data["body"], self.request.user, data["sending_key"]
        )
        messages.success(self.request, f"{queued} message(s) queued. They show in the message log.")
        return redirect("review_admin:messages", cycle_id=self.cycle.pk)

    def action_preview(self, form):
        people = form.audience().people
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        preview = {
            "count": len(people),
            "first": people[0] if people else None,
            "written": write(self.cycle, subject, body, people[0]) if people else None,
        }
        return self.render_to_response(self.get_context_data(form=form, preview=preview))

    def get_context_data(self, **kwargs):
        return super().get_context_data(placeholders=BROADCAST_PLACEHOLDERS, **kwargs)
