"""Two processes on one database: what one writes, the other always sees.

SQLite's locks are POSIX locks, which a process loses on *every* descriptor of the
file the moment it closes any one of them. A plain ``open()`` of the database while
the store holds it would let another process delete the live WAL on its way out,
and every set logged after that would vanish. These tests hold the line.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from glutetui.store import Store
from glutetui.store.peek import home_figures
from glutetui.store.schema import HEAD
from tests.factories import T0, logged_set


def visit(path: Path) -> None:
    """Another process opens the database, reads, and closes it again."""
    script = textwrap.dedent(
        f"""
        import sqlite3
        db = sqlite3.connect({str(path)!r})
        db.execute("SELECT count(*) FROM set_logs").fetchall()
        db.close()
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def count_elsewhere(path: Path) -> int:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sqlite3; print(sqlite3.connect({str(path)!r})"
            ".execute('SELECT count(*) FROM set_logs').fetchone()[0])",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout)


@pytest.mark.parametrize("peek", [False, True])
def test_sets_logged_while_another_process_visits_are_seen(tmp_path: Path, peek: bool) -> None:
    path = tmp_path / "glutetui.db"
    store = Store.open(path)
    try:
        with store.write() as db:
            workout = db.workouts.start("p", "P", "{}", T0)
        for index in range(3):
            if peek:  # Home's read-only figures, read while the store is open
                assert home_figures(path, HEAD, T0.date(), T0, T0 - timedelta(days=7)) is not None
            visit(path)
            with store.write() as db:
                db.workouts.log_set(workout.id, logged_set(set_index=index))
            assert count_elsewhere(path) == index + 1
    finally:
        store.close()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM set_logs").fetchone() == (3,)


def test_opening_a_second_store_in_the_same_process_keeps_the_first_visible(
    tmp_path: Path,
) -> None:
    path = tmp_path / "glutetui.db"
    first = Store.open(path)
    try:
        with first.write() as db:
            workout = db.workouts.start("p", "P", "{}", datetime.now(UTC))
        Store.open(path).close()  # its checks must not drop the first one's locks
        visit(path)
        with first.write() as db:
            db.workouts.log_set(workout.id, logged_set())
        assert count_elsewhere(path) == 1
    finally:
        first.close()
