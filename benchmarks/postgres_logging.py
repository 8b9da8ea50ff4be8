"""Logging a set on a local PostgreSQL server: the store's commit against a bare psycopg
insert with the same settings.

Target (issue 14): at most 3x. Both sides use one server, one database and the same
table (its indexes and constraints), each row its own committed transaction, over
connections made alike: glutetui's connect timeout, keepalives, statement timeout
and UTC session. The store's side is what the writer does for each set: a session,
a connection checked before use, the upsert returning the row, the commit.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from benchmarks.harness import Result, alternate, versus
from benchmarks.logging_bench import one_set, where_set
from benchmarks.pg_server import MISSING, local_server, new_database
from glutetui.store import Store
from glutetui.store.server import CONNECT_TIMEOUT_S, KEEPALIVES, STATEMENT_TIMEOUT_MS

TARGET = 3.0
FIGURE = "logging on PostgreSQL: commit one set vs a bare psycopg insert"
COLUMNS = (
    "workout_id, block, set_index, side, exercise_id, slot, kind, target_reps, reps, "
    "rep_seconds, band, pain, partial, started_at, ended_at"
)


def run(quick: bool) -> list[Result]:
    with local_server() as cluster:
        if cluster is None:
            return [Result(FIGURE, 0.0, None, "ms", "—", None, f"skipped: {MISSING}")]
        return [_measure(new_database(cluster), quick)]


def _measure(url: str, quick: bool) -> Result:
    import psycopg

    store = Store.open(url)
    now = datetime.now(UTC)
    with store.write() as db:
        ours_id = db.workouts.start("bench", "Bench", "{}", now).id
        bare_id = db.workouts.start("bench", "Bare", "{}", now).id
    settings: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "glutetui-bench",
        "tcp_user_timeout": STATEMENT_TIMEOUT_MS,
        **KEEPALIVES,
    }
    raw = psycopg.connect(url, **settings)
    raw.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
    raw.execute("SET TIME ZONE 'UTC'")
    raw.commit()
    insert = f"INSERT INTO set_logs ({COLUMNS}) VALUES ({', '.join(['%s'] * 15)})"
    batch = 20 if quick else 100
    counter = {"ours": 0, "bare": 0}

    def ours() -> float:
        start = time.perf_counter()
        for _ in range(batch):
            logged = one_set(counter["ours"], now)
            counter["ours"] += 1
            with store.write() as db:
                db.workouts.log_set(ours_id, logged)
        return (time.perf_counter() - start) * 1000 / batch

    def bare() -> float:
        start = time.perf_counter()
        for _ in range(batch):
            n = counter["bare"]
            counter["bare"] += 1
            block, set_index, side = where_set(n)
            row: tuple[Any, ...] = (bare_id, block, set_index, side, "clamshell", "clamshell")
            row = (*row, "reps")
            raw.execute(insert, (*row, 10, 10, 5, "none", False, False, now, now))
            raw.commit()
        return (time.perf_counter() - start) * 1000 / batch

    try:
        a, b = alternate(ours, bare, 3 if quick else 9)
    finally:
        raw.close()
        store.close()
    return versus(
        FIGURE,
        a,
        b,
        "ms",
        TARGET,
        "each its own committed transaction on a local server (127.0.0.1, fsync off)",
    )
