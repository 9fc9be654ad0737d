"""The reach report: nominations by award, school and day, and the schools no one nominated
from, as charts with tables beside them and as CSV."""

import csv

from django.http import HttpResponse
from django.utils.http import urlencode
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.permissions import is_staff
from portal.viewsets import StaffOnlyMixin

from .. import reports
from ..charts import Bar, bar_chart, intake_chart
from ..exports import (
    neutralise_formula,
)


def reach_charts(report: reports.ReachReport) -> dict:
    """The report's charts, by section; the template puts each beside a table of its numbers."""
    scope = report.scope.label

    def counted(shares):
        return [(share.label, share.count) for share in shares]

    eligibility = [
        ("Not yet checked", sum(row.pending for row in report.eligibility)),
        ("Eligible", sum(row.eligible for row in report.eligibility)),
        ("Ineligible", sum(row.ineligible for row in report.eligibility)),
    ]
    bar_charts = [
        (
            "awards",
            "Submitted nominations by award",
            [(r.award, r.submitted) for r in report.by_award],
        ),
        (
            "schools",
            "Submitted nominations by school",
            [(r.name, r.submitted) for r in report.by_school],
        ),
        ("title_i", "Submitted nominations by Title I status", counted(report.by_title_i)),
        ("levels", "Submitted nominations by school level", counted(report.by_level)),
        (
            "letters",
            "Letters of support still due by award",
            [(r.award, r.still_due) for r in report.letters],
        ),
        ("eligibility", "Eligibility of submitted nominations", eligibility),
        ("devices", "Nominations started, by device", counted(report.devices)),
        ("languages", "Submitted nominations by language", counted(report.languages)),
    ]
    charts = {
        key: bar_chart(
            f"chart-{key}",
            f"{title} ({scope})",
            "; ".join(f"{label}: {value}" for label, value in rows) or "No nominations.",
            [Bar(label, value) for label, value in rows],
        )
        for key, title, rows in bar_charts
    }
    days = report.intake
    peak = max(days, key=lambda day: day.submitted, default=None)
    charts["intake"] = intake_chart(
        "chart-intake",
        f"Nominations submitted each day, against the deadline ({scope})",
        (
            f"{report.submitted} submitted, counted by day from the deadline. First: "
            f"{days[0].label}; last: {days[-1].label}; busiest: {peak.label}, with "
            f"{peak.submitted}."
            if peak
            else "No nomination was submitted."
        ),
        [(day.days_to_deadline, day.submitted, day.running_total) for day in days],
    )
    return charts


def reach_csv(report: reports.ReachReport) -> HttpResponse:
    """Every figure as a CSV file whose cells no spreadsheet runs as formulas."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reach-report.csv"'
    writer = csv.writer(response)
    writer.writerow(["Section", "Item", "Measure", "Value"])
    for row in reports.reach_rows(report):
        writer.writerow([neutralise_formula(cell) for cell in row])
    return response


class ReachReportView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Staff's reach report for one cycle, one school year or every cycle (`?cycles=`), as a
    page of charts and tables or (`?export=csv`) a CSV file. Anyone but staff: 404."""

    template_name = "awards/admin/reach_report.html"
    page_title = "Reach report"
    header_icon = "table"
    breadcrumbs_items: list[dict] = []
    allowed = staticmethod(is_staff)
    refused_as_missing = True

    def get(self, request, *args, **kwargs):
        self.scope = reports.scope_for(request.GET.get("cycles"))
        self.report = reports.reach_report(self.scope)
        if request.GET.get("export") == "csv":
            return reach_csv(self.report)
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.scope.label

    def get_header_title(self):
        return f"Reach report: {self.scope.label}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            report=self.report,
            charts=reach_charts(self.report),
            choices=reports.scope_choices(),
            csv_query=urlencode({"cycles": self.scope.key, "export": "csv"}),
            **kwargs,
        )
