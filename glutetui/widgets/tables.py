"""History panels that are tables: left/right balance, time under tension, records."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from glutetui.measures.symmetry import BALANCED, TRAILING, WINDOW
from glutetui.measures.tension import TensionRow
from glutetui.readouts.history import (
    BalanceRow,
    RecordLine,
)
from glutetui.vocab import plural
from glutetui.widgets.panel import Panel


def _table(id: str) -> DataTable[Any]:
    return DataTable(id=id, cursor_type="row", zebra_stripes=True)


class BalancePanel(Panel):
    """Left against right for each sided exercise, weaker side named past the threshold."""

    def compose(self) -> ComposeResult:
        yield Static("", id="balance-note", classes="panel-note")
        yield _table("balance-table")

    def show(self, data: list[BalanceRow]) -> None:
        note = self.query_one("#balance-note", Static)
        note.update(
            Content(
                f"Over each exercise's last {WINDOW} workouts on both sides. Done until the "
                f"leg tires: the limb symmetry index, the weaker side as a share of the "
                f"stronger ({BALANCED} % or more is balanced; under {TRAILING} % the weaker "
                f"side trails). Capped by a prescription: each side's done of target."
            )
        )
        table = self.query_one("#balance-table", DataTable)
        table.clear(columns=True)
        # Sized to fit 80 columns: the figures keep their width, the names give way.
        room = max(20, self.size.width - 52)
        longest = max((len(r.name) for r in data), default=8)
        name_width = min(
            max(room * 3 // 5, room - max((len(r.program) for r in data), default=0)), longest
        )
        table.add_column("Exercise", width=max(8, name_width))
        table.add_column("Program", width=max(7, room - name_width))
        table.add_columns("Left", "Right", "Left/right")
        for row in data:
            trailing = row.symmetry is not None and row.symmetry.trailing is not None
            table.add_row(
                Text(row.name, overflow="ellipsis", no_wrap=True),
                Text(row.program, overflow="ellipsis", no_wrap=True),
                f"{row.left:.0f} {row.unit}",
                f"{row.right:.0f} {row.unit}",
                Text(row.words, style="bold" if trailing else ""),
            )
        if not data:
            table.add_row(Text("No exercise done on both sides yet."), "", "", "", "")


class TensionPanel(Panel):
    """Seconds under tension per week and side: reps times the tempo, plus holds."""

    def compose(self) -> ComposeResult:
        yield Static("", id="tension-note", classes="panel-note")
        yield _table("tension-table")

    def show(self, data: list[TensionRow]) -> None:
        self.query_one("#tension-note", Static).update(
            Content(
                "Time under tension per week: reps count their tempo, holds their seconds. "
                "Bars are scaled to the busiest week."
            )
        )
        table = self.query_one("#tension-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Week of", "Left", "Right", "Both legs", "Total")
        busiest = max((r.total for r in data), default=0) or 1
        for row in reversed(data):
            bar = "█" * round(12 * row.total / busiest)
            table.add_row(
                f"{row.at:%d %b %Y}",
                _minutes(row.left),
                _minutes(row.right),
                _minutes(row.both),
                Text.assemble(f"{_minutes(row.total):>7} ", (bar, "bold")),
            )


def _minutes(seconds: float) -> str:
    if seconds <= 0:
        return "—"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


class RecordsPanel(Panel):
    """Most reps in a set, longest hold and heaviest band per exercise and side."""

    def compose(self) -> ComposeResult:
        yield Static(
            Content(
                "Your best for each exercise and side: the most reps in one set, "
                "the longest hold and the heaviest band."
            ),
            id="records-note",
            classes="panel-note",
        )
        yield _table("records-table")

    def show(self, data: list[RecordLine]) -> None:
        table = self.query_one("#records-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Exercise", "Side", "Reps", "Hold", "Band")
        for row in data:
            table.add_row(
                Text(row.name),
                row.side,
                "—" if row.reps is None else str(row.reps),
                "—" if row.hold is None else f"{row.hold:.0f} s",
                row.band,
            )
        if not data:
            table.add_row(Text("No records yet."), "", "", "", "")


def _amount(value: float, unit: str) -> str:
    """``12 reps``, ``1 rep``, ``30 s``: the unit follows the figure shown."""
    shown = round(value)
    return f"{shown} {plural(shown, 'rep') if unit == 'reps' else unit}"
