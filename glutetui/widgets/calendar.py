"""Training days as a heatmap of the last months, with streaks and weekly adherence.

Both fit the panel: the heatmap shows as many of the latest weeks as its width holds
(the current week always last), the weekly bars as many of the latest weeks as its
height leaves (the current week always among them). Each is drawn when it is rendered,
from the size it has then, so a drawing is never one made for a size the panel had
before its layout settled.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from glutetui.readouts.history import CalendarModel
from glutetui.vocab import plural
from glutetui.widgets.panel import Panel

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MOST_BARS = 8  # weekly bars at most
FEWEST_BARS = 1
HEATMAP_ROWS = 8  # a month row and a row a weekday
FEWEST_COLUMNS = 20


def heatmap(model: CalendarModel, weeks: int | None = None) -> Text:
    """Weeks as columns, weekdays as rows: ■ trained, · not, blank in the future; the
    latest ``weeks`` of the model's weeks (all by default)."""
    shown = model.weeks if weeks is None else max(1, min(weeks, model.weeks))
    first = model.first_monday + timedelta(weeks=model.weeks - shown)
    text = Text()
    months = [" "] * (shown * 2 + 4)
    previous = None
    for w in range(shown):
        monday = first + timedelta(weeks=w)
        if monday.month != previous and all(c == " " for c in months[w * 2 : w * 2 + 4]):
            months[w * 2 : w * 2 + 3] = f"{monday:%b}"
        previous = monday.month
    text.append("     " + "".join(months).rstrip() + "\n", style="dim")
    for weekday in range(7):
        if weekday:
            text.append("\n")
        text.append(f"{DAY_NAMES[weekday]}  ", style="dim")
        for w in range(shown):
            day = first + timedelta(weeks=w, days=weekday)
            if day > model.today:
                text.append("  ")
            elif model.counts.get(day, 0) >= 2:
                text.append("■ ", style="bold green")
            elif model.counts.get(day, 0) == 1:
                text.append("■ ", style="green")
            else:
                text.append("· ", style="dim")
    return text


def target_line(model: CalendarModel) -> Text:
    target = model.adherence.target or 0
    text = Text(f"Target {target} {plural(target, 'day')} a week ({model.target_program}): ")
    text.append(model.adherence.words(target=False), style="bold")
    return text


def adherence_line(model: CalendarModel, weeks: int = MOST_BARS) -> Text:
    """The target's line, then a bar for each of the latest ``weeks`` weeks."""
    adherence = model.adherence
    target = adherence.target or 0
    text = target_line(model)
    for week in adherence.weeks[-weeks:]:
        text.append("\n")
        text.append(f"  {week.monday:%d %b} ", style="dim")
        text.append("█" * min(week.days, 7) + "░" * max(0, target - week.days))
        note = "" if week.judged else " (this week)"
        text.append(f" {week.days}/{target}{note}", style="bold green" if week.met else "")
    return text


class _Drawn(Widget):
    """A part of the calendar: it keeps the model and draws it when it renders."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model: CalendarModel | None = None

    def show(self, model: CalendarModel) -> None:
        self.model = model
        self.refresh()

    def render(self) -> Text:
        if self.model is None:
            return Text()
        return self.draw(self.model, max(FEWEST_COLUMNS, self.size.width))

    def draw(self, model: CalendarModel, width: int) -> Text:
        raise NotImplementedError


class Heatmap(_Drawn):
    """The heatmap, as many of the latest weeks as its width holds."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return HEATMAP_ROWS

    def draw(self, model: CalendarModel, width: int) -> Text:
        return heatmap(model, (width - 6) // 2)


class WeeklyBars(_Drawn):
    """The target's line and as many weekly bars as the rows under it hold."""

    def draw(self, model: CalendarModel, width: int) -> Text:
        room = self.size.height - _rows(target_line(model), width)
        return adherence_line(model, max(FEWEST_BARS, min(MOST_BARS, room)))


class CalendarPanel(Panel):
    def compose(self) -> ComposeResult:
        yield Static("", id="calendar-streaks", classes="panel-note")
        yield Heatmap(id="calendar-map")
        yield WeeklyBars(id="calendar-adherence")

    def show(self, model: CalendarModel) -> None:
        current, longest, days = model.current_streak, model.longest_streak, model.days_trained
        streaks = (
            f"Streak {current} {plural(current, 'day')} (longest {longest} "
            f"{plural(longest, 'day')}) · "
            f"{days} training {plural(days, 'day')} in {model.weeks} weeks"
        )
        self.query_one("#calendar-streaks", Static).update(Content(streaks))
        self.query_one(Heatmap).show(model)
        self.query_one(WeeklyBars).show(model)


def _rows(text: str | Text, width: int) -> int:
    """The rows a line of text takes when wrapped at ``width``."""
    return max(1, -(-len(str(text)) // width))
