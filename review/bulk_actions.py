"""Bulk actions on the candidates list: move a selection to a committee outcome, and download
the winners' certificates built in the background (see awards.bulk_actions). On the
nominations list: write one message to the nominators of a selection."""

from django import forms
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from awards.admin_views.candidates import candidate_label, dossiers_for_admin, dossiers_matching
from awards.bulk_actions import NominationBulkAction, SelectionBulkAction
from awards.filters import DossierFilterSet
from awards.models import Dossier

from .domain.broadcasts import nominators_of, send_message_to, write
from .domain.bulk import set_outcome_for_selection
from .domain.certificates import request_certificates
from .forms import MessageForm
from .models import CertificateJob, Decision


class DossierBulkAction(SelectionBulkAction):
    models = [Dossier]
    item_noun = "candidate"

    def visible(self, user):
        return dossiers_for_admin(user).order_by("candidate_name", "code")

    def in_listing(self, queryset):
        filtered = DossierFilterSet(self.request.GET, queryset=queryset, request=self.request)
        queryset = filtered.qs if filtered.is_valid() else queryset.none()
        query = self.request.GET.get("q", "").strip()
        return dossiers_matching(queryset, query) if query else queryset

    def label(self, dossier):
        return f"{candidate_label(dossier)} ({dossier.cycle})"


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Move them to"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Each keeps its amount, citation and photo. Refused for a cycle whose publishing "
            "waits for approval or whose results are published."
        ),
    )


class SetOutcomeBulkAction(DossierBulkAction):
    display_name = _("Set outcome")
    action_type = "set_outcome"
    aria_label = _("Move the selected candidates to a committee outcome")
    action_priority = 10
    form_class = OutcomeForm
    confirm_label = _("Set the outcome")

    def act(self, items, cleaned_data):
        return set_outcome_for_selection(items, self.request.user, cleaned_data["outcome"])

    def done_message(self, count):
        return f"Outcome set for {count} candidate{pluralize(count)}."


class CertificatesForm(forms.Form):
    format = forms.ChoiceField(
        label=_("As"),
        choices=CertificateJob.Format.choices,
        initial=CertificateJob.Format.ZIP,
        widget=forms.RadioSelect,
    )


class CertificatesBulkAction(DossierBulkAction):
    display_name = _("Winners' certificates")
    action_type = "certificates"
    aria_label = _("Download the certificates of the selected winners")
    action_priority = 20
    form_class = CertificatesForm
    confirm_label = _("Build them")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        winners = Decision.objects.filter(
            dossier__in=[row["item"].pk for row in context["items"]],
            outcome=Decision.Outcome.WINNER,
        ).count()
        context["extra_note"] = (
            f"{winners} of them {'is a winner' if winners == 1 else 'are winners'}: "
            f"{winners} certificate{pluralize(winners)}, built in the background; the next "
            "page shows the progress."
        )
        return context

    def act(self, items, cleaned_data):
        return request_certificates(items, self.request.user, cleaned_data["format"])

    def done(self, job):
        messages.success(self.request, "The certificates are being built.")
        return redirect(reverse("review_admin:certificate_job", args=(job.pk,)))


CANDIDATE_BULK_ACTIONS = [SetOutcomeBulkAction, CertificatesBulkAction]


class MessageNominatorsBulkAction(NominationBulkAction):
    """One message to the nominators of the selected nominations, each nominator once, through
    the message log as the compose screen sends (review.domain.broadcasts)."""

    display_name = _("Send a message")
    action_type = "send_message"
    aria_label = _("Write one message to the nominators of the selected nominations")
    action_priority = 30
    form_class = MessageForm
    preview_template = "review/admin/_message_preview.html"

    def preview(self, items, cleaned_data):
        people = nominators_of(items)
        count = len(people.people)
        first = people.people[0] if people.people else None
        return {
            "count": count,
            "first": first,
            "written": (
                write(people.cycle, cleaned_data["subject"], cleaned_data["body"], first)
                if first
                else None
            ),
            "confirm_label": f"Send to {count}" if count else "",
        }

    def act(self, items, cleaned_data):
        return send_message_to(
            nominators_of(items),
            cleaned_data["subject"],
            cleaned_data["body"],
            self.request.user,
            cleaned_data["sending_key"],
        )

    def done_message(self, count):
        return f"{count} message{pluralize(count)} queued. They show in the message log."


NOMINATION_MESSAGE_BULK_ACTIONS = [MessageNominatorsBulkAction]
