"""The report's charts, drawn as SVG by pygal and cleaned for a self-contained page.

pygal is small (pure Python, under a megabyte) and draws a chart in milliseconds,
which keeps a report quick and the install light. It is imported here, and this
module only when a report is made. Its SVG carries a script (interactive
tooltips) and comments with web addresses; both are removed, so the page holds no
script and no reference to anything outside it. No user text goes into a chart:
titles and captions are written by the template, where they are escaped.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pygal
from pygal.style import Style

from glutetui.measures.tension import TensionRow
from glutetui.report.figures import ExerciseFigures, StancePoint
from glutetui.report.period import Bucket

WIDTH = 760  # the SVG's own units; the page scales it to the column's width
HEIGHT = 300
SIDE_COLOURS = {"left": "#1f5fa8", "right": "#c2570c", "both": "#2e7d32"}
# With more steps than this a side, points go without dots (see exercise_chart).
DOTS_UP_TO = 31
MAX_DATE_LABELS = 8
BAND_COLOURS = {"light": "#7cb342", "medium": "#00897b", "heavy": "#6a1b9a"}
PAIN_COLOUR = "#d32f2f"
DATE_FORMATS: dict[Bucket, str] = {
    "day": "%d %b",
    "week": "%d %b %Y",
    "month": "%b %Y",
    "quarter": "%b %Y",
    "year": "%Y",
}


def _style(colours: Sequence[str], line_width: float = 1.0) -> Style:
    return Style(
        background="white",
        plot_background="white",
        foreground="#222222",
        foreground_strong="#111111",
        foreground_subtle="#666666",
        colors=tuple(colours),
        font_family="Helvetica, Arial, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        title_font_size=15,
        guide_stroke_color="#d0d0d0",
        major_guide_stroke_color="#b0b0b0",
        guide_stroke_dasharray="2,3",
        major_guide_stroke_dasharray="2,3",
        stroke_width=line_width,
        opacity=0.85,
    )


def _formatter(bucket: Bucket) -> Callable[[Any], str]:
    pattern = DATE_FORMATS[bucket]

    def label(value: Any) -> str:
        return value.strftime(pattern) if hasattr(value, "strftime") else str(value)

    return label


def _common(colours: Sequence[str], line_width: float = 1.0, **options: Any) -> dict[str, Any]:
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "style": _style(colours, line_width),
        "js": [],  # no script: the page must run nothing
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 4,
        "truncate_legend": -1,
        "include_x_axis": True,
        "show_x_guides": False,
        "allow_interruptions": True,
        "max_scale": 8,
        "dots_size": 3,
        **options,
    }


def _axes(days: Sequence[date], values: Sequence[float]) -> dict[str, Any]:
    """From zero to a little above the highest value, and dates named on the axis only
    where there are points (pygal would otherwise place them between, or twice)."""
    top = max(values, default=1.0)
    steps = sorted(set(days))
    every = max(1, -(-len(steps) // MAX_DATE_LABELS))
    shown = steps[::every]
    return {"range": (0, max(1, math.ceil(top * 1.15))), "x_labels": shown}


def to_svg(chart: Any, roles: Sequence[str] = ()) -> str:
    """The chart's SVG with its script, comments and namespace declarations taken out
    (inline SVG in HTML needs no namespace, and the page names no web address).

    ``roles`` names each series in the order added; its groups get the class
    ``role-NAME`` so the page's stylesheet can draw rings, bands and dashes."""
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if child.tag == "script" or child.tag is ET.Comment:
                parent.remove(child)
    for key in [k for k in tree.attrib if k.startswith("xmlns")]:
        del tree.attrib[key]
    tree.set("role", "img")
    if roles:
        for group in tree.iter("g"):
            classes = group.get("class", "").split()
            if "series" not in classes:
                continue
            index = next((int(c[6:]) for c in classes if c.startswith("serie-")), -1)
            if 0 <= index < len(roles):
                group.set("class", f"{' '.join(classes)} role-{roles[index]}")
    return ET.tostring(tree, encoding="unicode")


def exercise_chart(exercise: ExerciseFigures, bucket: Bucket) -> str:
    """Reps (or seconds held) per set over time, one line per side, bands and pain marked.

    With few steps every point gets a dot and a step done with a band a ring around
    it; with many, dots would crowd the line (and cost the most time to draw), so the
    lines go bare and a band shows as a broad pale stripe under the steps it was used."""
    sides = exercise.sides
    dense = max(sum(1 for p in exercise.points if p.side == s) for s in sides) > DOTS_UP_TO
    series: list[tuple[str, str, str, list[Any]]] = []  # legend, role, colour, values
    for band, colour in BAND_COLOURS.items():
        if dense:
            for side in sides:
                values = [
                    (p.at, round(p.amount, 1)) if p.band == band else None
                    for p in exercise.points
                    if p.side == side
                ]
                if any(values):
                    legend = f"{band} band" if side == sides[0] else ""
                    series.append((legend, "band-line", colour, values))
        else:
            ringed = [(p.at, round(p.amount, 1)) for p in exercise.points if p.band == band]
            if ringed:
                series.append((f"{band} band", "band-ring", colour, ringed))
    for side in sides:
        values = [(p.at, round(p.amount, 1)) for p in exercise.points if p.side == side]
        series.append((side, f"side-{side}", SIDE_COLOURS[side], values))
    pained = [(p.at, round(p.amount, 1)) for p in exercise.points if p.pain_sets]
    if pained:
        series.append(("pain", "pain", PAIN_COLOUR, pained))
    chart = pygal.DateLine(
        **_common(
            [colour for _, _, colour, _ in series],
            line_width=2.5,
            show_dots=not dense,
            x_value_formatter=_formatter(bucket),
            y_title="seconds per set" if exercise.held else "reps per set",
            **_axes([p.at for p in exercise.points], [p.amount for p in exercise.points]),
        )
    )
    for legend, role, _, values in series:
        options: dict[str, Any] = {}
        if role in ("band-ring", "pain"):
            options = {"stroke": False, "dots_size": 8 if role == "band-ring" else 5}
            options["show_dots"] = True
        chart.add(legend or None, values, **options)
    return to_svg(chart, [role for _, role, _, _ in series])


def stance_chart(points: Sequence[StancePoint], bucket: Bucket) -> str:
    """Seconds stood on each leg in the single-leg stance test."""
    sides = [s for s in ("left", "right") if any(p.side == s for p in points)]
    chart = pygal.DateLine(
        **_common(
            [SIDE_COLOURS[s] for s in sides],
            line_width=2.5,
            x_value_formatter=_formatter(bucket),
            y_title="seconds on one leg",
            **_axes([p.at for p in points], [p.hold for p in points]),
        )
    )
    for side in sides:
        chart.add(
            side,
            [(p.at, round(p.hold, 1)) for p in points if p.side == side],
        )
    return to_svg(chart, [f"side-{s}" for s in sides])


def tension_chart(steps: Sequence[TensionRow], bucket: Bucket) -> str:
    """Minutes under tension per week, stacked by side (averaged per week for months)."""
    labels = [_step_label(s.at, bucket) for s in steps]
    sides = [s for s in ("left", "right", "both") if any(_side(t, s) for t in steps)]
    every = max(1, len(steps) // 12)
    chart = pygal.StackedBar(
        **_common(
            [SIDE_COLOURS[s] for s in sides],
            y_title="minutes per week",
            x_label_rotation=-35 if len(steps) > 8 else 0,
            show_minor_x_labels=every == 1,
            x_labels_major_every=every,
        )
    )
    chart.x_labels = labels
    for side in sides:
        chart.add(
            side if side != "both" else "both legs",
            [round(_side(t, side) / 60 / t.weeks, 1) for t in steps],
        )
    return to_svg(chart)


def _side(step: TensionRow, side: str) -> float:
    return float(getattr(step, side))


def _step_label(at: date, bucket: Bucket) -> str:
    if bucket == "quarter":
        return f"Q{(at.month - 1) // 3 + 1} {at.year}"
    return at.strftime({"week": "%d %b %y", "month": "%b %Y", "year": "%Y"}.get(bucket, "%d %b"))
