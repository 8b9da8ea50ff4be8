"""Training days as a heatmap of the last months, with streaks and weekly adherence."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from glutetui.readouts.history_figures import CalendarModel, calendar
from glutetui.services import Services
from glutetui.widgets.panel import Panel

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def heatmap(model: CalendarModel) -> Text:
    """Weeks as columns, weekdays as rows: ■ trained, · not, blank in the future."""
    text = Text()
    months = [" "] * (model.weeks * 2 + 4)
    previous = None
    for w in range(model.weeks):
        monday = model.first_monday + timedelta(weeks=w)
        if monday.month != previous and all(c == " " for c in months[w * 2 : w * 2 + 4]):
            months[w * 2 : w * 2 + 3] = f"{monday:%b}"
        previous = monday.month
    text.append("     " + "".join(months).rstrip() + "\n", style="dim")
    for weekday in range(7):
        text.append(f"{DAY_NAMES[weekday]}  ", style="dim")
        for w in range(model.weeks):
            day = model.first_monday + timedelta(weeks=w, days=weekday)
            if day > model.today:
                text.append("  ")
            elif model.counts.get(day, 0) >= 2:
                text.append("■ ", style="bold green")
            elif model.counts.get(day, 0) == 1:
                text.append("■ ", style="green")
            else:
                text.append("· ", style="dim")
        text.append("\n")
    return text


def adherence_line(model: CalendarModel, weeks: int = 8) -> Text:
    text = Text(f"Weekly target: {model.target} days ({model.target_program})\n")
    for week in model.adherence[-weeks:]:
        met = week.days >= week.target
        text.append(f"  {week.monday:%d %b} ", style="dim")
        text.append("█" * min(week.days, 7) + "░" * max(0, week.target - week.days))
        text.append(f" {week.days}/{week.target}", style="bold green" if met else "")
        text.append("\n")
    return text


class CalendarPanel(Panel):
    def compose(self) -> ComposeResult:
        yield Static("", id="calendar-streaks", classes="panel-note")
        yield Static("", id="calendar-map")
        yield Static("", id="calendar-adherence")

    def compute(self, services: Services) -> CalendarModel:
        return calendar(services)

    def show(self, model: CalendarModel) -> None:
        self.query_one("#calendar-streaks", Static).update(
            Content(
                f"Current streak {model.current_streak} days · longest {model.longest_streak} · "
                f"{model.days_trained} training days in the last {model.weeks} weeks"
            )
        )
        self.query_one("#calendar-map", Static).update(heatmap(model))
        self.query_one("#calendar-adherence", Static).update(adherence_line(model))
