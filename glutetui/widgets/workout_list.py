"""Every workout, newest first, loaded a page at a time as the cursor nears the end,
so ten years of daily workouts open as fast as one month."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from glutetui.measures.words import time_trained_words
from glutetui.vocab import STATUS_WORDS
from glutetui.widgets.panel import Panel

if TYPE_CHECKING:
    from glutetui.store.records import WorkoutSummary

PAGE = 100  # workouts a page (the History screen reads them a page at a time)
NEAR_END = 15


class WorkoutList(Panel):
    """The workouts table; Enter opens one."""

    class Opened(Message):
        def __init__(self, workout_id: int) -> None:
            super().__init__()
            self.workout_id = workout_id

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.total = 0
        self.shown = 0
        self._fetching = False
        self._offset = 0  # the page wanted next

    def compose(self) -> ComposeResult:
        yield Static("", id="workouts-count", classes="panel-note")
        table: DataTable[Any] = DataTable(
            id="workouts-table", cursor_type="row", zebra_stripes=True
        )
        yield table

    def on_mount(self) -> None:
        table = self.query_one("#workouts-table", DataTable)
        table.add_column("Date", key="date")
        table.add_column("Program", key="program")
        table.add_column("Time", key="time")
        table.add_column("Sets", key="sets")
        table.add_column("Reps", key="reps")
        table.add_column("Held", key="held")
        table.add_column("Effort", key="effort")
        table.add_column("Pain", key="pain")

    @property
    def wants(self) -> int:
        """The offset of the page wanted: 0 for the first (and a fresh start)."""
        return self._offset

    def reload(self) -> None:
        self._offset = 0
        super().reload()

    def show(self, data: tuple[int, list[WorkoutSummary]]) -> None:
        self.total, rows = data
        self._fetching = False
        table = self.query_one("#workouts-table", DataTable)
        if self._offset == 0:
            table.clear()
            self.shown = 0
        self._append(rows)
        if self._offset == 0:
            table.focus()

    def _append(self, rows: list[WorkoutSummary]) -> None:
        table = self.query_one("#workouts-table", DataTable)
        for summary in rows:
            w = summary.workout
            minutes = time_trained_words(w.active_seconds, w.span_seconds)
            effort = f"{summary.effort:.1f}" if summary.effort is not None else "—"
            table.add_row(
                f"{w.started_at.astimezone():%a %d %b %Y %H:%M}",
                Text(
                    w.program_name
                    + ("" if w.status == "completed" else f" ({STATUS_WORDS[w.status]})")
                ),
                minutes,
                str(summary.sets),
                str(summary.reps),
                f"{summary.hold_seconds:.0f} s" if summary.hold_seconds else "—",
                effort,
                Text("pain", style="bold") if summary.pain else "",
                key=str(w.id),
            )
        self.shown += len(rows)
        self.query_one("#workouts-count", Static).update(
            Content(
                f"{self.total} workouts · showing the newest {self.shown} · Enter opens one"
                if self.total
                else "No workouts yet: they appear here as you finish them."
            )
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.shown - NEAR_END and self.shown < self.total:
            self.more()

    def more(self) -> None:
        """The next page, asked of the screen (which reads it in a worker)."""
        if self._fetching:
            return
        self._fetching = True
        self._offset = self.shown
        self.post_message(self.Wanted(self, self._offset))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(self.Opened(int(event.row_key.value)))
