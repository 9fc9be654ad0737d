"""The ranking screen and the review exports (candidates, reviewers' progress)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import View
from wagtail.admin import messages

from awards.exports import FORMATS, export_filename, export_response
from awards.models import Cycle
from portal.models import audit
from portal.permissions import (
    can_manage_assignments,
    can_read_ranking,
    can_see_decisions,
)

from ..domain.ranking import (
    RankingPages,
    add_reviewers_near_cutoff,
    disagreement_threshold,
    flagged_count,
    near_cutoff,
    raw_positions,
    record_ranking,
    reviews_required,
)
from ..exports import candidate_rows, reviewer_rows
from ..forms import (
    CycleActionForm,
)
from ..models import (
    ReviewSettings,
    Rubric,
)
from ..queries import candidate_labels
from .base import CycleScreenView, paged

# Who may download each export (who may use the screen it is downloaded from), and what
# builds its rows for a user (the committee's decisions only for those who may see them).
EXPORTS = {
    "candidates": (
        can_read_ranking,
        lambda cycle, user: candidate_rows(cycle, decisions=can_see_decisions(user)),
    ),
    "reviewers": (can_manage_assignments, lambda cycle, user: reviewer_rows(cycle)),
}


class ReviewExportView(View):
    """A cycle's candidates (from the ranking screen) or reviewers' progress (from the progress
    screen) as CSV or XLSX, for staff who may use that screen; anyone else, and an unknown
    cycle, export or format, 404. Side effect: an audit event."""

    http_method_names = ["get", "head"]

    def get(self, request, cycle_id: int, what: str, export_format: str):
        allowed, build = EXPORTS.get(what, (None, None))
        if build is None or export_format not in FORMATS or not allowed(request.user):
            raise Http404
        cycle = get_object_or_404(Cycle.objects.select_related("award"), pk=cycle_id)
        header, rows = build(cycle, request.user)
        audit(request.user, f"review.{what}_exported", cycle, format=export_format)
        filename = export_filename(cycle, what, export_format)
        return export_response(export_format, filename, header, rows)


class RankingView(CycleScreenView):
    """Raw and normalised results side by side, the method explained, disagreements flagged."""

    template_name = "review/admin/ranking.html"
    page_title = "Ranking"
    header_icon = "list-ol"
    allowed = staticmethod(can_read_ranking)
    action_forms = {"record": CycleActionForm, "extra": CycleActionForm}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.success_url = reverse("review_admin:ranking", args=(kwargs["cycle_id"],))

    def action_record(self, form):
        record = record_ranking(self.cycle, self.request.user)
        messages.success(
            self.request,
            f"Ranking recorded at {record.created_at:%Y-%m-%d %H:%M} with its tie-break.",
        )

    def action_extra(self, form):
        added = add_reviewers_near_cutoff(self.cycle, self.request.user)
        messages.success(
            self.request,
            f"{len(added)} extra reviewer{'s' if len(added) != 1 else ''} assigned "
            "to flagged candidates near the cutoff.",
        )

    def get_context_data(self, **kwargs):
        cycle = self.cycle
        # The defaults until staff save settings: reading the ranking writes nothing.
        review_settings = ReviewSettings.objects.filter(cycle=cycle).first() or ReviewSettings(
            cycle=cycle
        )
        cycle.review_settings = review_settings  # read once for every count below
        ranked = RankingPages(cycle)
        page = paged(self.request, ranked, 100)
        required = reviews_required(cycle)
        raw = raw_positions(cycle, [entry.dossier_id for entry in page])  # one page, all ranked
        labels = candidate_labels([entry.dossier_id for entry in page])
        rows = [
            {
                "entry": entry,
                "label": labels.get(entry.dossier_id, ""),
                # A candidate whose score changed since the page was read may have no raw place.
                "raw_rank": raw.get(entry.dossier_id),
                "moved": raw[entry.dossier_id] - entry.rank if entry.dossier_id in raw else 0,
                "above_cutoff": entry.rank <= review_settings.places,
                "too_few_reviews": entry.reviews < required,
            }
            for entry in page
        ]
        return super().get_context_data(
            ranking=ranked.ranking,
            rows=rows,
            page=page,
            settings=review_settings,
            required=required,
            threshold=disagreement_threshold(cycle, ranked.ranking.scale),
            tie_break=Rubric.TieBreak(ranked.ranking.tie_break).label,
            flagged=flagged_count(cycle),
            near_cutoff=len(
                near_cutoff(cycle, review_settings.places, review_settings.cutoff_margin)
            ),
            recorded=cycle.rankings.select_related("created_by").first(),
            **kwargs,
        )
