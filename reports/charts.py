"""Charts drawn on the server as SVG: no chart library, nothing loaded from elsewhere.

Each chart is an image to assistive technology (`role="img"`, labelled by its <title> and
<desc>); the page puts a table with the same figures next to it, so nothing is only in
the picture. Colours come from classes styled in reports/static/reports/reports.css (the
content security policy allows no inline styles), and each series also differs in
pattern or marker so it does not depend on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 720
LABEL_WIDTH = 230
VALUE_WIDTH = 60
ROW_HEIGHT = 30
BAR_HEIGHT = 20
TOP = 10


def _frame(chart_id: str, title: str, desc: str, height: int, body: str) -> SafeString:
    return format_html(
        '<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        desc,
        mark_safe(body),  # noqa: S308 - built from format_html pieces below
    )


def _fit(label: str, size: int = 32) -> str:
    """Shorten a label to fit the label column (the table beside the chart has it whole)."""
    return label if len(label) <= size else label[: size - 1].rstrip() + "…"


def _scale(values: Sequence[float], max_value: float | None) -> float:
    top = max_value if max_value is not None else max([0, *values])
    return top if top > 0 else 1


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    items: Sequence[tuple[str, float | None]],
    *,
    max_value: float | None = None,
    unit: str = "",
    highlight: str | None = None,
    total: str | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value); a None value is drawn as "no data".
    The bar labelled `highlight` stands out; the one labelled `total` (a group's figure)
    is drawn apart from the others."""
    top = _scale([v for _, v in items if v is not None], max_value)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = []
    for index, (label, value) in enumerate(items):
        y = TOP + index * ROW_HEIGHT
        modifier = {highlight: " app-chart__bar--highlight", total: " app-chart__bar--total"}.get(
            label, ""
        )
        width = 0 if value is None else round(plot * value / top, 1)
        shown = "no data" if value is None else f"{value:g}{unit}"
        parts.append(
            format_html(
                '<text class="app-chart__label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="app-chart__bar{}" x="{}" y="{}" width="{}" height="{}"></rect>'
                '<text class="app-chart__value" x="{}" y="{}">{}</text>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 5,
                _fit(label),
                modifier,
                LABEL_WIDTH,
                y,
                width,
                BAR_HEIGHT,
                LABEL_WIDTH + width + 6,
                y + BAR_HEIGHT - 5,
                shown,
            )
        )
    height = TOP * 2 + max(1, len(items)) * ROW_HEIGHT
    return _frame(chart_id, title, desc, height, "".join(parts))


def stacked_bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    series: Sequence[tuple[str, str]],
    rows: Sequence[tuple[str, Sequence[int]]],
) -> SafeString:
    """One horizontal bar per row, split into `series` (key, label); a legend on top."""
    legend_height = 30
    top = _scale([sum(values) for _, values in rows], None)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts, x = [], 10
    for key, label in series:
        parts.append(
            format_html(
                '<rect class="app-chart__segment app-chart__segment--{}" x="{}" y="4" '
                'width="12" height="12"></rect>'
                '<text class="app-chart__legend" x="{}" y="15">{}</text>',
                key,
                x,
                x + 16,
                label,
            )
        )
        x += 16 + 7 * len(label) + 18  # about 7 units a character at this size
    for index, (label, values) in enumerate(rows):
        y = legend_height + TOP + index * ROW_HEIGHT
        parts.append(
            format_html(
                '<text class="app-chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 5,
                _fit(label),
            )
        )
        x = float(LABEL_WIDTH)
        for (key, series_label), value in zip(series, values, strict=True):
            if not value:
                continue
            width = round(plot * value / top, 1)
            parts.append(
                format_html(
                    '<rect class="app-chart__segment app-chart__segment--{}" x="{}" y="{}" '
                    'width="{}" height="{}"><title>{}: {}</title></rect>',
                    key,
                    round(x, 1),
                    y,
                    width,
                    BAR_HEIGHT,
                    series_label,
                    value,
                )
            )
            x += width
        parts.append(
            format_html(
                '<text class="app-chart__value" x="{}" y="{}">{}</text>',
                round(x + 6, 1),
                y + BAR_HEIGHT - 5,
                sum(values),
            )
        )
    height = legend_height + TOP * 2 + max(1, len(rows)) * ROW_HEIGHT
    return _frame(chart_id, title, desc, height, "".join(parts))


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
) -> SafeString:
    """Lines over time, one per series (key, label, values); y axis from zero."""
    left, right, top_pad, bottom, legend = 50, 20, 40, 40, 24
    height = 320
    plot_w = WIDTH - left - right
    plot_h = height - top_pad - bottom
    peak = _scale([v for _, _, values in series for v in values], None)
    step = plot_w / max(1, len(x_labels) - 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return round(left + i * step, 1), round(top_pad + plot_h - plot_h * v / peak, 1)

    parts = []
    for i, (key, label, _) in enumerate(series):
        x = left + i * 190
        parts.append(
            format_html(
                '<line class="app-chart__line app-chart__line--{}" x1="{}" y1="{}" x2="{}" '
                'y2="{}"></line><text class="app-chart__legend" x="{}" y="{}">{}</text>',
                key,
                x,
                legend - 8,
                x + 24,
                legend - 8,
                x + 30,
                legend - 4,
                label,
            )
        )
    ticks = 4
    for t in range(ticks + 1):
        value = peak * t / ticks
        _, y = point(0, value)
        parts.append(
            format_html(
                '<line class="app-chart__grid" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
                '<text class="app-chart__axis" x="{}" y="{}" text-anchor="end">{}</text>',
                left,
                y,
                WIDTH - right,
                y,
                left - 6,
                y + 4,
                f"{value:.0f}" if peak >= ticks else f"{value:.1f}",
            )
        )
    every = max(1, len(x_labels) // 8)
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == len(x_labels) - 1:
            x, _ = point(i, 0)
            parts.append(
                format_html(
                    '<text class="app-chart__axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                    x,
                    height - bottom + 18,
                    label,
                )
            )
    for key, _label, values in series:
        points = " ".join(f"{x},{y}" for x, y in (point(i, v) for i, v in enumerate(values)))
        parts.append(
            format_html(
                '<polyline class="app-chart__line app-chart__line--{}" points="{}"></polyline>',
                key,
                points,
            )
        )
        parts.append(
            format_html_join(
                "",
                '<circle class="app-chart__marker app-chart__marker--{}" cx="{}" cy="{}" '
                'r="3"></circle>',
                ((key, x, y) for x, y in (point(i, v) for i, v in enumerate(values))),
            )
        )
    return _frame(chart_id, title, desc, height, "".join(parts))
