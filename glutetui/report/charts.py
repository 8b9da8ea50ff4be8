"""The report's charts, drawn as SVG by pygal and finished for print.

pygal is small (pure Python, under a megabyte) and draws a chart in milliseconds,
which keeps a report quick and the install light. It is imported here, and this
module only when a report is made. Its SVG carries a script (interactive tooltips)
and comments with web addresses; both are removed, so the page holds no script and
no reference to anything outside it.

What a clinician must be able to trust, in colour and in greyscale print alike:

* every chart runs over the period's own dates, so charts line up with each other;
* a line stops where the exercise was not done for more than a week (a missed week
  is a gap, not a straight line across it);
* the prescribed target is a broad pale step line that moves with each dose change,
  and each change is a diamond on it;
* left is a solid line with round dots, right a dashed line with square dots; pain is
  a red triangle outlined in black, a band a ring (thicker for a heavier band), a hip
  that dropped in the self-test a cross — shapes, not colours alone, which ``marks``
  lays over pygal's dots after drawing.

No user text goes into a chart: titles, captions and legends are written by the
template (``legend`` gives it each mark's sample), where they are escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pygal
from pygal.style import Style

from glutetui.measures.tension import TensionRow
from glutetui.report.data import ExerciseFigures, PainTodayPoint, StancePoint
from glutetui.report.markers import MARKS, finish
from glutetui.report.period import Bucket, Period, step_after, step_start

SIDE_COLOURS = {"left": "#1f4e9c", "right": "#c2570c", "both": "#2e7d32"}
TARGET_COLOUR = "#9e9e9e"
BAND_COLOURS = {"light": "#7cb342", "medium": "#00897b", "heavy": "#6a1b9a"}
# With more steps than this a side, points go without dots (see exercise_chart).
DOTS_UP_TO = 31
MOST_DATE_LABELS = 6
# A line is broken between two points further apart than this: a week (or a step of
# the chart) without the exercise is a gap.
GAP: dict[Bucket, timedelta] = {
    "day": timedelta(days=7),
    "week": timedelta(days=7),
    "month": timedelta(days=45),
    "quarter": timedelta(days=100),
    "year": timedelta(days=400),
}
# Self-tests are taken every week or two: their lines break only after five weeks.
STANCE_GAP = timedelta(weeks=5)


@dataclass(frozen=True, slots=True)
class Size:
    width: int
    height: int
    font: int


# The SVG's own units; the page scales each chart to its column's width, so the fonts
# are chosen for the printed size: a half-width card, the full width, page one's strip.
CARD = Size(440, 250, 13)
WIDE = Size(760, 250, 13)
STRIP = Size(520, 165, 13)


def _style(colours: Sequence[str], size: Size) -> Style:
    return Style(
        background="white",
        plot_background="white",
        foreground="#222222",
        foreground_strong="#111111",
        foreground_subtle="#555555",
        colors=tuple(colours),
        font_family="Helvetica, Arial, sans-serif",
        label_font_size=size.font,
        major_label_font_size=size.font,
        legend_font_size=size.font,
        title_font_size=size.font + 1,
        guide_stroke_color="#d8d8d8",
        major_guide_stroke_color="#bdbdbd",
        guide_stroke_dasharray="2,3",
        major_guide_stroke_dasharray="2,3",
        opacity=1,
        opacity_hover=1,
    )


def _common(colours: Sequence[str], size: Size, **options: Any) -> dict[str, Any]:
    return {
        "width": size.width,
        "height": size.height,
        "style": _style(colours, size),
        "js": [],  # no script: the page must run nothing
        "disable_xml_declaration": True,
        "show_legend": False,  # the page draws the legend, with each line's style
        "include_x_axis": True,
        "show_x_guides": False,
        "allow_interruptions": True,
        "max_scale": 6,
        "dots_size": 3,
        "stroke_style": {"width": 2.2},
        "print_values": False,
        "tooltip_border_radius": 0,
        "margin": 6,
        **options,
    }


# --- the date axis ------------------------------------------------------------------------


def axis_start(period: Period, bucket: Bucket) -> date:
    """Where a chart's date axis starts: the first day of the step the period starts in
    (its Monday, for weekly steps), so the first point is on the chart."""
    return step_start(period.since, bucket)


def date_labels(first: date, last: date, most: int = MOST_DATE_LABELS) -> list[date]:
    """Evenly spaced, round dates for the axis: Mondays a week or more apart, then the
    first days of months, quarters or years, at most ``most`` of them."""
    monday = first + timedelta(days=-first.weekday() % 7)
    for weeks in (1, 2, 4):
        if (last - monday).days // (7 * weeks) + 1 <= most:
            return _every(monday, last, weeks=weeks) or [first]
    month = step_after(step_start(first, "month"), "month") if first.day != 1 else first
    span = (last.year - month.year) * 12 + last.month - month.month
    for months in (1, 2, 3, 6, 12, 24):
        if span // months + 1 <= most:
            return _every(month, last, months=months) or [first]
    return _every(month, last, months=60) or [first]


def _every(start: date, last: date, *, weeks: int = 0, months: int = 0) -> list[date]:
    found = []
    day = start
    while day <= last:
        found.append(day)
        day = day + timedelta(weeks=weeks) if weeks else _months_after(day, months)
    return found


def _months_after(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _label(day: date, first: date, last: date) -> str:
    """``5 Jan`` over a short span, ``Mar 2026`` over a longer one, ``2026`` over years."""
    span = (last - first).days
    if span <= 120:
        return f"{day.day} {day:%b}"
    if span <= 3 * 366 or day.month != 1:
        return f"{day:%b %Y}"
    return str(day.year)


def _date_axis(first: date, last: date) -> dict[str, Any]:
    return {
        "xrange": (first, last),
        "x_labels": date_labels(first, last),
        "x_value_formatter": lambda d: _label(d, first, last),
    }


def _y_axis(values: Sequence[float], floor: float = 1.0) -> dict[str, Any]:
    top = max(values, default=floor)
    return {"range": (0, max(floor, math.ceil(top * 1.15)))}


def with_gaps(points: Sequence[tuple[date, float]], gap: timedelta) -> list[Any]:
    """The points in order, with a break (None) wherever two are further apart than
    ``gap``: pygal leaves the line out there."""
    out: list[Any] = []
    previous: date | None = None
    for at, value in sorted(points):
        if previous is not None and at - previous > gap:
            out.append((previous + timedelta(days=1), None))
        out.append((at, value))
        previous = at
    return out


def step_line(steps: Sequence[tuple[date, float | None]], last: date) -> list[Any]:
    """A step line through (from this day, this amount) pairs, held to ``last``."""
    out: list[Any] = []
    for n, (at, amount) in enumerate(steps):
        if amount is None:
            continue
        until = steps[n + 1][0] if n + 1 < len(steps) else last
        if out and out[-1][0] == at and out[-1][1] != amount:
            out.append((at, amount))  # the rise (or fall) at the change
        elif out:
            out.append((at, out[-1][1]))
            out.append((at, amount))
        else:
            out.append((at, amount))
        out.append((until, amount))
    return out


# --- the charts ---------------------------------------------------------------------------


# One series of a chart: its legend (None: the page draws it), role, colour, values and
# pygal's options for it.
Series = tuple[str | None, str, str, list[Any], dict[str, Any]]


def render(chart: Any, series: Sequence[Series]) -> str:
    for legend, _, _, values, options in series:
        chart.add(legend, values, **options)
    return finish(chart.render_tree(), [role for _, role, _, _, _ in series])


def exercise_chart(exercise: ExerciseFigures, period: Period) -> tuple[str, list[str]]:
    """Reps (or seconds held) per set over the period, one line per side, with the
    prescribed target, the dose changes, the bands and the pain; and the marks drawn.

    With few steps every point gets a dot and a step done with a band a ring; with
    many, dots would crowd the line (and cost the most time to draw), so the lines go
    bare and a band shows as a broad pale stripe under the steps it was used."""
    bucket = period.bucket
    first, last = axis_start(period, bucket), period.until
    sides = exercise.sides
    dense = (
        max((sum(1 for p in exercise.points if p.side == s) for s in sides), default=0) > DOTS_UP_TO
    )
    gap = GAP[bucket]
    series: list[Series] = []
    targets = [(t.at, t.amount) for t in exercise.targets]
    if any(a is not None for _, a in targets):
        series.append((None, "target", TARGET_COLOUR, step_line(targets, last), _BARE))
    for band, colour in BAND_COLOURS.items():
        used = [(p.at, round(p.amount, 1), p.side) for p in exercise.points if p.band == band]
        if not used:
            continue
        if dense:
            for side in sides:
                stripe = [(at, value) for at, value, s in used if s == side]
                if stripe:
                    series.append(
                        (None, f"band-line-{band}", colour, with_gaps(stripe, gap), _BARE)
                    )
        else:
            rings = [(at, value) for at, value, _ in used]
            series.append((None, f"band-{band}", colour, rings, _marks(rings)))
    for side in sides:
        values = [(p.at, round(p.amount, 1)) for p in exercise.points if p.side == side]
        options = {"show_dots": not dense}
        series.append((None, f"side-{side}", SIDE_COLOURS[side], with_gaps(values, gap), options))
    changes = [(t.at, t.amount) for t in exercise.targets[1:] if t.amount is not None]
    if changes:
        series.append((None, "change", "#111111", changes, _marks(changes)))
    pained = [(p.at, round(p.amount, 1)) for p in exercise.points if p.pain_sets]
    if pained:
        series.append((None, "pain", "#d32f2f", pained, _marks(pained)))
    amounts = [p.amount for p in exercise.points] + [a for _, a in targets if a is not None]
    chart = pygal.DateLine(
        **_common(
            [colour for _, _, colour, _, _ in series],
            CARD,
            y_title="seconds per set" if exercise.held else "reps per set",
            **_date_axis(first, last),
            **_y_axis(amounts),
        )
    )
    return render(chart, series), _roles(series)


def pain_chart(
    today: Sequence[PainTodayPoint], flagged: Sequence[date], period: Period
) -> tuple[str, list[str]]:
    """Pain today (0-10) over the period, and on its axis each day pain was flagged
    during an exercise."""
    first, last = period.since, period.until
    scores = [(p.at.date(), float(p.score)) for p in today if p.score is not None]
    series: list[Series] = [
        (None, "score", "#37474f", with_gaps(scores, timedelta(days=7)), {"show_dots": True})
    ]
    if flagged:
        # On the axis, under the scores: a flag never hides the day's score.
        marks = [(day, 0.0) for day in sorted(set(flagged))]
        series.append((None, "pain", "#d32f2f", marks, _marks(marks)))
    chart = pygal.DateLine(
        **_common(
            [colour for _, _, colour, _, _ in series],
            STRIP,
            y_title="pain today (0–10)",
            range=(0, 10),
            y_labels=[0, 2, 4, 6, 8, 10],
            **_date_axis(first, last),
        )
    )
    return render(chart, series), _roles(series)


def stance_chart(points: Sequence[StancePoint], period: Period) -> tuple[str, list[str]]:
    """Seconds stood on each leg in the single-leg stance test, against its target
    (30 s at the first stage), a cross where the opposite hip dropped."""
    bucket = period.bucket
    first, last = axis_start(period, bucket), period.until
    sides = [s for s in ("left", "right") if any(p.side == s for p in points)]
    by_step: dict[date, int] = {}
    for p in points:
        by_step[p.at] = max(by_step.get(p.at, 0), p.target)
    targets = [(at, float(t)) for at, t in sorted(by_step.items())]
    series: list[Series] = [(None, "target", TARGET_COLOUR, step_line(targets, last), _BARE)]
    for side in sides:
        values = [(p.at, round(p.hold, 1)) for p in points if p.side == side]
        series.append(
            (
                None,
                f"side-{side}",
                SIDE_COLOURS[side],
                with_gaps(values, max(GAP[bucket], STANCE_GAP)),
                {},
            )
        )
    dropped = [(p.at, round(p.hold, 1)) for p in points if p.dropped]
    if dropped:
        series.append((None, "drop", "#111111", dropped, _marks(dropped)))
    chart = pygal.DateLine(
        **_common(
            [colour for _, _, colour, _, _ in series],
            WIDE,
            y_title="seconds on one leg",
            **_date_axis(first, last),
            **_y_axis([p.hold for p in points] + [t for _, t in targets], floor=30),
        )
    )
    return render(chart, series), _roles(series)


def tension_chart(steps: Sequence[TensionRow], bucket: Bucket) -> tuple[str, list[str]]:
    """Minutes under tension per week, stacked by side (averaged per week over longer
    steps), every step shown, empty ones too."""
    sides = [s for s in ("left", "right", "both") if any(_side(t, s) for t in steps)]
    every = max(1, -(-len(steps) // 12))
    chart = pygal.StackedBar(
        **_common(
            [SIDE_COLOURS[s] for s in sides],
            WIDE,
            y_title="minutes per week",
            x_label_rotation=-40 if len(steps) > 10 else 0,
            show_minor_x_labels=every == 1,
            x_labels_major_every=every,
            truncate_label=-1,
        )
    )
    years = len({s.at.year for s in steps}) > 1
    chart.x_labels = [_step_label(s.at, bucket, years) for s in steps]
    series: list[Series] = [
        (
            None,
            f"bar-{side}",
            SIDE_COLOURS[side],
            [round(_side(t, side) / 60 / t.weeks, 1) for t in steps],
            {},
        )
        for side in sides
    ]
    return render(chart, series), _roles(series)


_BARE: dict[str, Any] = {"show_dots": False}


def _marks(values: Sequence[Any]) -> dict[str, Any]:
    """pygal's options for a series of marks alone (no line between them). Two or more
    are drawn as one path through them, which ``markers.finish`` turns into a mark at
    each of its points: a dot costs pygal a group, a circle and a tooltip, and a
    decade's dose changes and pain flags are hundreds of them. pygal draws no path
    through one point, so a lone mark is drawn as a dot."""
    if len(values) > 1:
        return {"show_dots": False, "stroke": True}
    return {"stroke": False, "show_dots": True}


def _roles(series: Sequence[Series]) -> list[str]:
    """The marks a chart shows, for its legend (once each, in drawing order)."""
    return [role for role in dict.fromkeys(r for _, r, _, _, _ in series) if role in MARKS]


def _side(step: TensionRow, side: str) -> float:
    return float(getattr(step, side))


def _step_label(at: date, bucket: Bucket, years: bool) -> str:
    """A bar's label, short enough to read whole: ``5 Jan`` (``5 Jan 25`` when the
    chart spans two years), ``Mar 2026``, ``Q1 2026``, ``2026``."""
    if bucket == "quarter":
        return f"Q{(at.month - 1) // 3 + 1} {at.year}"
    if bucket in ("day", "week"):
        return f"{at.day} {at:%b}" + (f" {at:%Y}" if years else "")
    return at.strftime({"month": "%b %Y", "year": "%Y"}[bucket])
