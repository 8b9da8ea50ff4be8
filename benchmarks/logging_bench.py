"""Logging a set: the store's commit against a bare SQLite insert with the same
durability settings (WAL, synchronous FULL, one transaction per row).

The product sets no figure for this; the target here (at most 3x, docs/targets.md)
keeps the store's bookkeeping (SQLAlchemy, the upsert, the returned record) within a
small multiple of the disk's own cost.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.harness import Result, alternate, versus
from glutetui.records import LoggedSet
from glutetui.store import Store

TARGET = 3.0


def run(quick: bool) -> list[Result]:
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-bench-"))
    try:
        store = Store.open(scratch / "glutetui.db")
        now = datetime.now(UTC)
        with store.write() as db:
            workout = db.workouts.start("bench", "Bench", "{}", now)
        raw = sqlite3.connect(scratch / "raw.db", isolation_level=None)
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute(
            "CREATE TABLE sets (id INTEGER PRIMARY KEY, workout INTEGER, block INTEGER, "
            "set_index INTEGER, side TEXT, reps INTEGER, started TEXT, ended TEXT)"
        )
        batch = 10 if quick else 40
        counter = {"store": 0, "raw": 0}

        def ours() -> float:
            start = time.perf_counter()
            for _ in range(batch):
                n = counter["store"]
                counter["store"] += 1
                logged = one_set(n, now)
                with store.write() as db:
                    db.workouts.log_set(workout.id, logged)
            return (time.perf_counter() - start) * 1000 / batch

        def bare() -> float:
            start = time.perf_counter()
            for _ in range(batch):
                n = counter["raw"]
                counter["raw"] += 1
                block, set_index, side = where_set(n)
                raw.execute("BEGIN IMMEDIATE")
                raw.execute(
                    "INSERT INTO sets (workout, block, set_index, side, reps, started, ended) "
                    "VALUES (1, ?, ?, ?, 10, ?, ?)",
                    (block, set_index, side, now.isoformat(), now.isoformat()),
                )
                raw.execute("COMMIT")
            return (time.perf_counter() - start) * 1000 / batch

        a, b = alternate(ours, bare, 3 if quick else 9)
        store.close()
        raw.close()
        return [
            versus(
                "logging: commit one set vs a bare SQLite insert",
                a,
                b,
                "ms",
                TARGET,
                "each its own committed transaction, WAL and synchronous FULL",
            )
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def where_set(n: int) -> tuple[int, int, str]:
    """The n-th set's block, set and side: three sets a side a block, sides in turn."""
    return n // 6, (n % 6) // 2, ("left", "right")[n % 2]


def one_set(n: int, at: datetime) -> LoggedSet:
    """The set both logging benchmarks write: the n-th clamshell set, ten reps, in
    blocks shaped like a workout's (three sets a side, left and right in turn), so a
    block's summary folds in as many sets as a real block's does."""
    block, set_index, side = where_set(n)
    return LoggedSet(
        block=block,
        set_index=set_index,
        side=side,
        exercise_id="clamshell",
        slot="clamshell",
        kind="reps",
        target_reps=10,
        target_hold=None,
        reps=10,
        hold_seconds=None,
        rep_seconds=5,
        band="none",
        effort=None,
        pain=False,
        partial=False,
        started_at=at,
        ended_at=at,
    )
