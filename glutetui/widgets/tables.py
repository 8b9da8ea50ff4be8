"""History panels that are tables: left/right balance, time under tension, records."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from glutetui.readouts.history_figures import (
    GAP_THRESHOLD_PERCENT,
    BalanceRow,
    RecordLine,
    TensionRow,
    balance,
    records,
    tension,
)
from glutetui.services import Services
from glutetui.widgets.panel import Panel


def _table(id: str) -> DataTable[Any]:
    return DataTable(id=id, cursor_type="row", zebra_stripes=True)


class BalancePanel(Panel):
    """Left against right for each sided exercise, weaker side named past the threshold."""

    def compose(self) -> ComposeResult:
        yield Static("", id="balance-note", classes="panel-note")
        yield _table("balance-table")

    def compute(self, services: Services) -> list[BalanceRow]:
        return balance(services)

    def show(self, data: list[BalanceRow]) -> None:
        note = self.query_one("#balance-note", Static)
        note.update(
            Content(
                "Totals over each exercise's last three workouts. A side more than "
                f"{GAP_THRESHOLD_PERCENT}% behind the other is named, and workouts start with it."
            )
        )
        table = self.query_one("#balance-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Exercise", "Left", "Right", "Gap", "Weaker")
        for row in data:
            weaker = Text(row.weaker, style="bold") if row.weaker else Text("—")
            table.add_row(
                Text(row.name),
                f"{row.left:.0f} {row.unit}",
                f"{row.right:.0f} {row.unit}",
                f"{row.gap * 100:.0f}%",
                weaker,
            )
        if not data:
            table.add_row(Text("No exercise done on both sides yet."), "", "", "", "")


class TensionPanel(Panel):
    """Seconds under tension per week and side: reps times the tempo, plus holds."""

    def compose(self) -> ComposeResult:
        yield Static("", id="tension-note", classes="panel-note")
        yield _table("tension-table")

    def compute(self, services: Services) -> list[TensionRow]:
        return tension(services)

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
                f"{row.monday:%d %b %Y}",
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

    def compute(self, services: Services) -> list[RecordLine]:
        return records(services)

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
