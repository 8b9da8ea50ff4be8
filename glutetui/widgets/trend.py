"""Trends per exercise: a plotext chart with a date axis, left and right as separate
lines, the band on the right-hand axis and dose changes marked."""

from __future__ import annotations

import math
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Select, Static

from glutetui.readouts.history import WINDOWS, TrendSeries, TrendView, Window
from glutetui.vocab import BANDS
from glutetui.widgets.panel import Panel

SIDE_COLOURS = {"left": "cyan", "right": "orange", "both": "green"}


class TrendPanel(Panel):
    """Pick an exercise and a window; the chart follows."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.exercise: str | None = None
        self.window: Window = "3m"
        self.series: TrendSeries | None = None

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        with Horizontal(id="trend-controls"):
            yield Select[str]([], prompt="Exercise", id="trend-exercise", allow_blank=True)
            yield Select[str](
                [(caption, key) for key, (_, _, caption) in WINDOWS.items()],
                value="3m",
                allow_blank=False,
                id="trend-window",
            )
        yield PlotextPlot(id="trend-plot")
        yield Static("", id="trend-marks", classes="panel-note")

    @property
    def wants(self) -> tuple[str | None, Window]:
        return self.exercise, self.window

    def show(self, data: TrendView) -> None:
        self.exercise = data.exercise
        picker = self.query_one("#trend-exercise", Select)
        with self.prevent(Select.Changed):
            picker.set_options(data.choices)
            if self.exercise is not None:
                picker.value = self.exercise
        self.draw(data.series)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "trend-exercise" and isinstance(event.value, str):
            self.exercise = event.value
        elif event.select.id == "trend-window" and isinstance(event.value, str):
            self.window = event.value  # type: ignore[assignment]
        else:
            return
        self.reload()

    def draw(self, series: TrendSeries | None) -> None:
        from textual_plotext import PlotextPlot

        self.series = series
        plot = self.query_one("#trend-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        marks = self.query_one("#trend-marks", Static)
        if series is None or series.empty:
            plt.title("Nothing logged for this exercise in this window yet")
            marks.update("")
            plot.refresh()
            return
        if not any(v > 0 for points in series.sides.values() for _, v in points):
            # Only zeros: an axis from -1 to 1 around a flat line would say nothing.
            plt.title(f"{series.name}: nothing done yet in this window")
            marks.update("")
            plot.refresh()
            return
        origin = min(d for points in series.sides.values() for d, _ in points)
        for side, points in sorted(series.sides.items()):
            xs = [_x(d, origin) for d, _ in points]
            plt.plot(
                xs,
                [v for _, v in points],
                label=f"{side} ({series.unit})",
                color=SIDE_COLOURS.get(side, "white"),
                marker="braille",
            )
        bands = [b for points in series.bands.values() for _, b in points]
        if any(bands):
            _, band_points = next(iter(sorted(series.bands.items())))
            plt.plot(
                [_x(d, origin) for d, _ in band_points],
                [b for _, b in band_points],
                label="band (right axis)",
                color="magenta",
                yside="right",
                marker="dot",
            )
            plt.yticks(list(range(len(BANDS))), list(BANDS), yside=2)  # 2: the right-hand axis
        for mark in series.marks:
            moment = datetime.combine(mark.day, datetime.min.time())
            if moment >= origin:
                plt.vline(_x(moment, origin), "gray")
        values = [v for points in series.sides.values() for _, v in points]
        whole = _whole_ticks(min(values), max(values))
        plt.ylim(whole[0], whole[-1])
        plt.yticks([float(t) for t in whole], [str(t) for t in whole])
        # Short labels, so plotext never has to drop one for lack of room.
        label = "%d %b" if series.window == "3m" else "%b %Y"
        ticks = date_ticks([d for points in series.sides.values() for d, _ in points], label)
        plt.xticks([_x(d, origin) for d in ticks], [d.strftime(label) for d in ticks])
        plt.title(f"{series.name}: {series.caption}")
        plot.refresh()
        if series.marks:
            lines = [Content("Dose changes (grey lines), the latest:")]
            lines += [Content(f"  {m.text}") for m in series.marks[-3:]]
            marks.update(Content("\n").join(lines))
        else:
            marks.update(Content("No dose changes in this window."))


def _x(moment: datetime, origin: datetime) -> float:
    """Days since the first point, with the time of day as a fraction."""
    return (moment - origin).total_seconds() / 86400


def date_ticks(moments: list[datetime], label: str, count: int = 5) -> list[datetime]:
    """Up to ``count`` moments to label, spread over the points, one per label: several
    workouts on one day (or weeks in one month) share theirs, so none repeats."""
    firsts: dict[str, datetime] = {}
    for moment in sorted(set(moments)):
        firsts.setdefault(moment.strftime(label), moment)
    return _ticks(list(firsts.values()), count)


def _ticks(moments: list[datetime], count: int = 5) -> list[datetime]:
    if len(moments) <= count:
        return moments
    step = (len(moments) - 1) / (count - 1)
    return [moments[round(i * step)] for i in range(count)]


_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


def _whole_ticks(low: float, high: float, most: int = 5) -> list[int]:
    """Whole-number ticks from below ``low`` to above ``high``, at most ``most`` + 1 of
    them: reps and seconds read as 8, 9, 10, never as 9.33."""
    bottom, top = math.floor(low), math.ceil(high)
    if top == bottom:  # one value: a tick either side, so the line is not on the frame
        # Reps and seconds are never below zero: the axis does not go there either.
        bottom, top = (bottom - 1 if bottom > 0 or low < 0 else bottom), top + 1
    step = next((s for s in _STEPS if (top - bottom) / s <= most), _STEPS[-1])
    start = bottom - bottom % step
    stop = top if top % step == 0 else top + step - top % step
    return list(range(start, stop + 1, step))
