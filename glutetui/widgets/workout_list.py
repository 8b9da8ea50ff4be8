"""Every workout, newest first, loaded a page at a time as the cursor nears the end,
so ten years of daily workouts open as fast as one month.

The table fits the terminal's width: the figures keep their width and the program's
name gives way (down to 80 columns, with shorter dates); the line under the table
spells out the highlighted workout in full, pain today and its note included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from glutetui.measures.words import pain_score_words, time_trained_words
from glutetui.vocab import STATUS_WORDS, plural
from glutetui.widgets.panel import Panel

if TYPE_CHECKING:
    from glutetui.records import WorkoutSummary

PAGE = 100  # workouts a page (the History screen reads them a page at a time)
NEAR_END = 15
WIDE = 100  # from this many columns, dates in full and pain in words
HEADERS = ("Date", "Program", "Time", "Sets", "Reps", "Held", "Effort", "Pain")


def cells(summary: WorkoutSummary, wide: bool) -> tuple[str, ...]:
    """One workout's row: the figures as the table shows them."""
    w = summary.workout
    started = w.started_at.astimezone()
    score = w.pain_score
    pain = []
    if score is not None:
        pain.append(f"{score}/10" if wide else str(score))
    if summary.pain:
        pain.append("flagged" if wide else "flag")
    return (
        f"{started:%a %d %b %Y %H:%M}" if wide else f"{started:%d %b %y %H:%M}",
        w.program_name + ("" if w.status == "completed" else f" ({STATUS_WORDS[w.status]})"),
        time_trained_words(w.active_seconds, w.span_seconds),
        str(summary.sets),
        str(summary.reps),
        f"{summary.hold_seconds:.0f} s" if summary.hold_seconds else "—",
        f"{summary.effort:.1f}" if summary.effort is not None else "—",
        " ".join(pain),
    )


def in_words(summary: WorkoutSummary) -> Content:
    """The highlighted workout in full, for the line under the table."""
    w = summary.workout
    started = w.started_at.astimezone()
    parts = [
        f"{started:%A %d %B %Y, %H:%M}",
        w.program_name + ("" if w.status == "completed" else f" ({STATUS_WORDS[w.status]})"),
        f"{time_trained_words(w.active_seconds, w.span_seconds)} trained",
        f"{summary.sets} {plural(summary.sets, 'set')}",
        f"{summary.reps} {plural(summary.reps, 'rep')}",
    ]
    if summary.hold_seconds:
        parts.append(f"{summary.hold_seconds:.0f} s held")
    parts.append(f"effort {summary.effort:.1f}" if summary.effort is not None else "unrated")
    if w.pain_score is not None or w.pain_note:
        parts.append(f"pain today {pain_score_words(w.pain_score, w.pain_note)}")
    if summary.pain:
        parts.append("pain flagged (Enter shows where)")
    return Content(" · ".join(parts))


class WorkoutList(Panel):
    """The workouts table; Enter opens one."""

    class Opened(Message):
        def __init__(self, workout_id: int) -> None:
            super().__init__()
            self.workout_id = workout_id

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.total = 0
        self.summaries: list[WorkoutSummary] = []
        self._fetching = False
        self._offset = 0  # the page wanted next
        self._wide: bool | None = None  # the layout the columns were made for

    @property
    def shown(self) -> int:
        return len(self.summaries)

    def compose(self) -> ComposeResult:
        yield Static("", id="workouts-count", classes="panel-note")
        table: DataTable[Any] = DataTable(
            id="workouts-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Static("", id="workouts-detail", classes="panel-detail")

    @property
    def wants(self) -> int:
        """The offset of the page wanted: 0 for the first (and a fresh start)."""
        return self._offset

    def focus_target(self) -> DataTable[Any]:
        return self.query_one("#workouts-table", DataTable)

    def reload(self) -> None:
        self._offset = 0
        super().reload()

    def show(self, data: tuple[int, list[WorkoutSummary]]) -> None:
        self.total, rows = data
        self._fetching = False
        if self._offset == 0:
            self.summaries = []
            self._columns(self._is_wide(), rows)
        self._append(rows)
        if self._offset == 0:
            self.focus_target().focus()

    def on_resize(self) -> None:
        wide = self._is_wide()
        if self._wide is not None and wide != self._wide and self.summaries:
            table = self.focus_target()
            row = table.cursor_row
            kept, self.summaries = self.summaries, []
            self._columns(wide, kept)
            self._append(kept)
            table.move_cursor(row=row)

    def _is_wide(self) -> bool:
        return self.app.size.width >= WIDE

    def _columns(self, wide: bool, rows: list[WorkoutSummary]) -> None:
        """The columns for this width: every figure at its own width, the program's
        name in what is left (at least 10 columns)."""
        self._wide = wide
        table = self.focus_target()
        table.clear(columns=True)
        sample = [cells(s, wide) for s in rows[:PAGE]]
        widths = [max([len(h), *(len(c[n]) for c in sample)]) for n, h in enumerate(HEADERS)]
        # The panel's width less its padding, the table's scrollbar and each cell's padding.
        room = self.app.size.width - 2 - 2 - 2 * len(HEADERS)
        widths[1] = max(10, min(widths[1], room - sum(widths) + widths[1]))
        for header, width in zip(HEADERS, widths, strict=True):
            table.add_column(header, key=header.lower(), width=width)

    def _append(self, rows: list[WorkoutSummary]) -> None:
        table = self.focus_target()
        wide = bool(self._wide)
        for summary in rows:
            date, program, *figures, pain = cells(summary, wide)
            table.add_row(
                date,
                Text(program, overflow="ellipsis", no_wrap=True),
                *figures,
                Text(pain, style="bold" if summary.pain else ""),
                key=str(summary.workout.id),
            )
        self.summaries += rows
        self.query_one("#workouts-count", Static).update(
            Content(
                f"{self.total} {plural(self.total, 'workout')} · showing the newest "
                f"{self.shown} · Enter opens one"
                if self.total
                else "No workouts yet: they appear here as you finish them."
            )
        )
        self._describe(table.cursor_row)

    def _describe(self, row: int) -> None:
        detail = self.query_one("#workouts-detail", Static)
        detail.update(in_words(self.summaries[row]) if 0 <= row < self.shown else "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)
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
