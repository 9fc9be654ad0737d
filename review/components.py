"""The review side's parts of other admin pages."""

from wagtail.admin.ui.components import Component

from awards.queries import current_cycles, nomination_counts

from .domain.progress import coverage_by_cycle


class CurrentCyclesPanel(Component):
    """The staff home's first panel: each award's current cycle at a glance (nominations,
    letters, review coverage, publication). Three queries (the cycles with their settings and
    publication, the nomination counts, the coverage) whatever the number of awards."""

    name = "current_cycles"
    template_name = "review/admin/home_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        cycles = list(
            current_cycles()
            .select_related("award", "review_settings", "publication")
            .order_by("award__name")
        )
        counts = nomination_counts([cycle.pk for cycle in cycles])
        coverage = coverage_by_cycle(cycles)
        empty = {"submitted": 0, "drafts": 0, "letters_outstanding": 0}
        context["cycles"] = [
            {
                "cycle": cycle,
                "nominations": counts.get(cycle.pk, empty),
                "coverage": coverage[cycle.pk],
                "publication": getattr(cycle, "publication", None),
            }
            for cycle in cycles
        ]
        return context
