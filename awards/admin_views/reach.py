"""The reach report: nominations by award, school and day, and the schools no one nominated
from, as charts with tables beside them and as CSV."""

import csv

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from portal.permissions import (
    is_staff,
)

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


@require_safe
def reach_report(request):
    """Staff's reach report for one cycle, one school year or every cycle (`?cycles=`), as a
    page of charts and tables or (`?export=csv`) a CSV file. Anyone but staff: 404."""
    if not is_staff(request.user):
        raise Http404
    scope = reports.scope_for(request.GET.get("cycles"))
    report = reports.reach_report(scope)
    if request.GET.get("export") == "csv":
        return reach_csv(report)
    return TemplateResponse(
        request,
        "awards/admin/reach_report.html",
        {
            "report": report,
            "charts": reach_charts(report),
            "choices": reports.scope_choices(),
            "csv_query": urlencode({"cycles": scope.key, "export": "csv"}),
            "header_title": f"Reach report: {scope.label}",
            "page_title": "Reach report",
            "page_subtitle": scope.label,
            "header_icon": "table",
        },
    )
