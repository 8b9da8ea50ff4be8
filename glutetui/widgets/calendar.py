"""Training days as a heatmap of the last months, with streaks and weekly adherence."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from glutetui.readouts.history_figures import CalendarModel
from glutetui.vocab import plural
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
    adherence = model.adherence
    target = adherence.target or 0
    text = Text(f"Weekly target: {target} days ({model.target_program}) · ")
    text.append(adherence.words(), style="bold")
    text.append("\n")
    for week in adherence.weeks[-weeks:]:
        text.append(f"  {week.monday:%d %b} ", style="dim")
        text.append("█" * min(week.days, 7) + "░" * max(0, target - week.days))
        note = "" if week.judged else " (this week)"
        text.append(f" {week.days}/{target}{note}", style="bold green" if week.met else "")
        text.append("\n")
    return text


class CalendarPanel(Panel):
    def compose(self) -> ComposeResult:
        yield Static("", id="calendar-streaks", classes="panel-note")
        yield Static("", id="calendar-map")
        yield Static("", id="calendar-adherence")

    def show(self, model: CalendarModel) -> None:
        self.query_one("#calendar-streaks", Static).update(
            Content(
                f"Current streak {model.current_streak} {plural(model.current_streak, 'day')}"
                f" · longest {model.longest_streak} · {model.days_trained} training "
                f"{plural(model.days_trained, 'day')} in the last {model.weeks} weeks"
            )
        )
        self.query_one("#calendar-map", Static).update(heatmap(model))
        self.query_one("#calendar-adherence", Static).update(adherence_line(model))
