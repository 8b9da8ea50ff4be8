"""The nudge on the day, checked once: a session planned for now or earlier today, and
no workout completed today, gives one notification. Pure; the command line reads the
store and the clock and shows what this returns."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from glutetui.measures.words import minutes_text
from glutetui.schedule.notify import Notice
from glutetui.schedule.week import ProgramWeek, due_today


def reminder(
    plan: Iterable[ProgramWeek], now: datetime, done_today: bool, start_command: str
) -> Notice | None:
    """The notice to show now, or None. ``start_command`` is how this person starts
    glutetui ("glutetui", or with its ``--home``); the program's id follows it."""
    if done_today:
        return None
    due = due_today(plan, now)
    if not due:
        return None
    first = due[0]
    title = f"{first.name} · {minutes_text(first.minutes)}"
    body = (
        f"Planned for {first.start:%H:%M} today. "
        f"Start it with: {start_command} start {first.program}"
    )
    if len(due) > 1:
        others = ", ".join(s.name for s in due[1:])
        body += f"\nAlso planned today: {others}"
    return Notice(title, body)
