"""Small charts drawn on the server as SVG: nothing is fetched from another site, they print,
and each carries a title and a description for screen readers (the page puts a table of the
same numbers beside each one).
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 560
BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 200
VALUE_WIDTH = 48


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def _frame(chart_id: str, title: str, description: str, height: int, body) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="reach-chart" role="img" '
        'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'aria-labelledby="{id}-title" aria-describedby="{id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        width=WIDTH,
        height=height,
        id=chart_id,
        title=title,
        desc=description,
        body=body,
    )


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(chart_id: str, title: str, description: str, bars: list[Bar]) -> SafeString:
    """Horizontal bars, one per row, each labelled and with its value at its end."""
    top = max((bar.value for bar in bars), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for index, bar in enumerate(bars):
        y = index * (BAR_HEIGHT + BAR_GAP)
        length = round(room * bar.value / top)
        rows.append(
            (
                LABEL_WIDTH - 6,
                y + BAR_HEIGHT - 5,
                _short(bar.label),
                LABEL_WIDTH,
                y,
                length,
                BAR_HEIGHT,
                LABEL_WIDTH + length + 4,
                y + BAR_HEIGHT - 5,
                bar.value,
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" class="reach-chart__label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="reach-chart__bar"></rect>'
        '<text x="{}" y="{}" class="reach-chart__value">{}</text>',
        rows,
    )
    height = max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP)
    return _frame(chart_id, title, description, height, body)


INTAKE_HEIGHT = 220
AXIS = 24  # room under the plot for the axis labels


def intake_chart(
    chart_id: str, title: str, description: str, days: list[tuple[int, int, int]]
) -> SafeString:
    """Submissions per day as columns, the running total as a line over them, and the deadline
    (day 0) as a dashed vertical line. `days` holds (days to the deadline, submitted that day,
    running total), one per day, in order."""
    plot = INTAKE_HEIGHT - AXIS
    if not days:
        return _frame(chart_id, title, description, INTAKE_HEIGHT, "")
    first, last = days[0][0], max(days[-1][0], 0)
    first = min(first, 0)
    span = last - first + 1
    step = WIDTH / span
    daily_top = max(day[1] for day in days) or 1
    total_top = days[-1][2] or 1

    def x(offset: int) -> float:
        return round((offset - first) * step, 1)

    columns = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="reach-chart__bar"></rect>',
        (
            (
                x(offset),
                round(plot - plot * count / daily_top, 1),
                round(max(step - 1, 1), 1),
                round(plot * count / daily_top, 1),
            )
            for offset, count, _ in days
            if count
        ),
    )
    points = " ".join(
        f"{x(offset) + step / 2:.1f},{plot - plot * running / total_top:.1f}"
        for offset, _, running in days
    )
    deadline = x(0) + step / 2
    body = format_html(
        '{columns}<polyline points="{points}" class="reach-chart__line" fill="none"></polyline>'
        '<line x1="{dx}" x2="{dx}" y1="0" y2="{plot}" class="reach-chart__deadline"></line>'
        '<text x="{dx}" y="{label_y}" text-anchor="{anchor}" class="reach-chart__label">'
        "Deadline</text>"
        '<text x="0" y="{label_y}" class="reach-chart__label">{first_label}</text>'
        '<text x="{width}" y="{label_y}" text-anchor="end" class="reach-chart__label">'
        "{last_label}</text>",
        columns=columns,
        points=points,
        dx=f"{deadline:.1f}",
        # Near an edge the label reads inwards, so it is not cut off.
        anchor="end" if deadline > WIDTH - 40 else ("start" if deadline < 40 else "middle"),
        plot=plot,
        label_y=INTAKE_HEIGHT - 6,
        first_label=f"{-first} days before" if first < 0 else "",
        last_label=f"{last} days after" if last > 0 else "",
        width=WIDTH,
    )
    return _frame(chart_id, title, description, INTAKE_HEIGHT, body)
