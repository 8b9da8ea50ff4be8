"""How SQLite finds the rows: every query `progress` and the report run that asks for
the workouts of one status in a period reads them through the index on both (revision
0007), never the status index alone, which would visit every workout, plan and all;
and no query reads the whole workouts table."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from benchmarks.generate import generate_history
from glutetui.catalog import Catalog, load_catalog
from glutetui.readouts.progress import progress_figures
from glutetui.report import Period
from glutetui.report.make import collect_figures
from glutetui.store import Store

END = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    """A home with four months of daily training (enough for every part of both)."""
    path = tmp_path_factory.mktemp("plans") / "glutetui.db"
    catalog = load_catalog()
    store = Store.open(path)
    try:
        generate_history(store, catalog, 120, end=END)
    finally:
        store.close()
    return path, catalog


@contextmanager
def statements(path: Path) -> Iterator[tuple[Store, list[tuple[str, Any]]]]:
    """The store, and every statement run on it while the block runs."""
    store = Store.open(path)
    ran: list[tuple[str, Any]] = []

    def seen(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        ran.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        yield store, ran
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
        store.close()


def plans(path: Path, ran: list[tuple[str, Any]]) -> list[tuple[str, list[str]]]:
    """Each SELECT that was run, with SQLite's plan for it, step by step."""
    found = []
    with closing(sqlite3.connect(path)) as db:
        for statement, params in ran:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            steps = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}", params)]
            found.append((statement, steps))
    return found


def test_a_periods_workouts_of_one_status_are_read_through_the_index_on_both(
    filled: tuple[Path, Catalog],
) -> None:
    path, catalog = filled
    with statements(path) as (store, ran):
        with store.read() as db:
            progress_figures(db, catalog, TODAY - timedelta(weeks=6), TODAY, TODAY)
        collect_figures(store, catalog, Period(TODAY - timedelta(days=119), TODAY))
    checked = plans(path, ran)
    by_status = [
        (sql, steps)
        for sql, steps in checked
        if "workouts.status = ?" in sql and "workouts.started_at" in sql.split("WHERE", 1)[-1]
    ]
    # The program in use and the last workout before the period, at least.
    assert len(by_status) >= 2
    for sql, steps in by_status:
        assert any("ix_workouts_status_started" in step for step in steps), (sql, steps)
    for sql, steps in checked:
        assert not any(step.startswith("SCAN workouts") for step in steps), (sql, steps)
