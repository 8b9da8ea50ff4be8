"""Home's read: everything Home (and the phone's Home) shows, in one short read, defined
once and run two ways.

* Before the store is open, :func:`home_figures` runs it on the SQLite file with the
  standard library alone (read-only, ``mode=ro``), so Home's first frame holds its
  data before SQLAlchemy is even imported. It never creates or changes the file and
  steps aside — returns None — for any file it does not fully trust (missing, not
  SQLite, another schema revision, unreadable): the full store then opens it with
  all its checks and migrations.
* With the store open, ``db.home(…)`` (:meth:`glutetui.store.repos.Unit.home`) runs
  the same :func:`read_home` in its unit of work, on SQLite or PostgreSQL.

The queries are plain SQL that both databases speak, with named parameters; only the
streak (local days) is spelled per database: :data:`STREAKS_SQL` on SQLite, the
store's own ``insights.streaks`` on PostgreSQL (a test holds the two to one answer).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Protocol

import msgspec

from glutetui.records import (
    DoseChangeRecord,
    SetRecord,
    SuggestionRecord,
    UnfinishedWorkout,
    WorkoutRecord,
    WorkoutSummary,
)
from glutetui.store.rows import to, to_with, unprefixed

# insights.streaks in SQLite's words (a test holds the two to the same answers):
# consecutive training days share an "island", because the day number minus the day's
# rank is the same along a run.
STREAKS_SQL = """
WITH days AS (
    SELECT DISTINCT date(datetime(w.started_at, 'localtime')) AS day
    FROM workouts AS w
    WHERE EXISTS (SELECT 1 FROM set_logs AS s WHERE s.workout_id = w.id)
),
islands AS (
    SELECT day, julianday(day) - ROW_NUMBER() OVER (ORDER BY day) AS island FROM days
),
runs AS (
    SELECT COUNT(*) AS n, MAX(day) AS last_day FROM islands GROUP BY island
)
SELECT
    COALESCE((SELECT MAX(n) FROM runs), 0),
    COALESCE((SELECT n FROM runs WHERE last_day >= :since ORDER BY last_day DESC LIMIT 1), 0)
"""

# Home's queries, in SQL both databases speak (named parameters, no dialect's functions).
DONE_SINCE_SQL = (
    "SELECT 1 FROM workouts WHERE status = 'completed' AND started_at >= :since LIMIT 1"
)
# Asked per workout in the window (an index probe each): a list of every workout with
# sets would read the whole log, ten years of it.
RECENT_PROGRAMS_SQL = (
    "SELECT program_id, started_at FROM workouts WHERE status = 'completed' "
    "AND started_at >= :since ORDER BY started_at DESC"
)
CHANGES_SQL = (
    "SELECT c.*, s.uid AS suggestion_uid FROM dose_changes AS c "
    "LEFT JOIN suggestions AS s ON s.id = c.suggestion_id ORDER BY c.changed_at, c.id"
)
PENDING_SQL = "SELECT * FROM suggestions WHERE status = 'pending' ORDER BY created_at, id"
LAST_SQL = "SELECT * FROM workouts ORDER BY started_at DESC, id DESC LIMIT 1"
# As ``Workouts.page``: per exercise of the workout first (its rating, whether pain was
# flagged on it), so the effort is the mean of its exercises' ratings and the pain flags
# count exercises; skipped sets are left out of the totals. The mean is divided in
# Python: PostgreSQL's AVG of integers is a rounded decimal.
TOTALS_SQL = (
    "SELECT COALESCE(SUM(n), 0) AS sets, COALESCE(SUM(r), 0) AS reps, "
    "COALESCE(SUM(h), 0.0) AS hold, SUM(e) AS effort_sum, COUNT(e) AS rated, "
    "COALESCE(SUM(p), 0) AS pain, COUNT(CASE WHEN e IS NULL THEN 1 END) AS unrated FROM ("
    "SELECT COUNT(CASE WHEN NOT skipped THEN id END) AS n, "
    "COALESCE(SUM(CASE WHEN NOT skipped THEN reps END), 0) AS r, "
    "COALESCE(SUM(CASE WHEN NOT skipped THEN hold_seconds END), 0.0) AS h, "
    "MAX(effort) AS e, MAX(CASE WHEN pain THEN 1 ELSE 0 END) AS p "
    "FROM set_logs WHERE workout_id = :workout GROUP BY block) AS per_block"
)
# The start of each workout completed since a moment: the week plan's done days.
COMPLETED_SINCE_SQL = (
    "SELECT started_at FROM workouts WHERE status = 'completed' AND started_at >= :since "
    "ORDER BY started_at"
)
UNFINISHED_SQL = (
    "SELECT * FROM workouts WHERE status = 'in-progress' ORDER BY started_at DESC LIMIT 1"
)
UNFINISHED_SETS_SQL = "SELECT * FROM set_logs WHERE workout_id = :workout ORDER BY id"


class HomeFigures(msgspec.Struct, frozen=True):
    last: WorkoutSummary | None
    current_streak: int
    longest_streak: int
    done_today: bool  # a workout was completed today (one ended early is not "done")
    # (program id, start) of the workouts completed in the window, newest first: the
    # program in use is chosen from them (``glutetui.measures.in_use``).
    recent_programs: tuple[tuple[str, datetime], ...]
    unfinished: UnfinishedWorkout | None
    changes: tuple[DoseChangeRecord, ...]  # every dose change, oldest first
    pending: tuple[SuggestionRecord, ...]
    # When each workout completed this week (from Monday's local midnight) started.
    completed_this_week: tuple[datetime, ...] = ()

    @classmethod
    def empty(cls) -> HomeFigures:
        return cls(None, 0, 0, False, (), None, (), ())


class Rows(Protocol):
    """How the read reaches a database: rows of a query, and the streaks."""

    def rows(self, sql: str, params: Mapping[str, Any]) -> list[SimpleNamespace]:
        """The query's rows with attribute access; every ``*_at`` column an aware UTC
        datetime, as the store hands them out."""
        ...

    def streaks(self, today: date) -> tuple[int, int]:
        """(current, longest) runs of training days up to ``today``."""
        ...


def read_home(
    db: Rows, today: date, midnight: datetime, since: datetime, week_start: datetime | None = None
) -> HomeFigures:
    """Home's figures: ``midnight`` is today's local midnight (for "done today"),
    ``since`` bounds the "recent programs" that pick today's program, ``week_start``
    (Monday's local midnight; by default today's) the week plan's done days."""
    week = db.rows(COMPLETED_SINCE_SQL, {"since": week_start or midnight})
    current, longest = db.streaks(today)
    changes = tuple(to(DoseChangeRecord, r, strict=False) for r in db.rows(CHANGES_SQL, {}))
    return HomeFigures(
        last=_last(db),
        current_streak=current,
        longest_streak=longest,
        done_today=bool(db.rows(DONE_SINCE_SQL, {"since": midnight})),
        recent_programs=tuple(recent_programs(db, since)),
        unfinished=_unfinished(db),
        changes=changes,
        pending=tuple(_suggestion(r) for r in db.rows(PENDING_SQL, {})),
        completed_this_week=tuple(r.started_at for r in week),
    )


def recent_programs(db: Rows, since: datetime) -> list[tuple[str, datetime]]:
    """(program id, start) of the workouts completed since a moment, newest first (the
    program in use is chosen from them)."""
    return [(r.program_id, r.started_at) for r in db.rows(RECENT_PROGRAMS_SQL, {"since": since})]


# --- on the SQLite file, before the store is open ----------------------------------------


class SqliteRows:
    """:class:`Rows` over a standard-library SQLite connection (the file's own, or the
    one under the store's session)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def rows(self, sql: str, params: Mapping[str, Any]) -> list[SimpleNamespace]:
        bound = {k: _utc_text(v) if isinstance(v, datetime) else v for k, v in params.items()}
        cursor = self.connection.execute(sql, bound)
        names = [c[0] for c in cursor.description]
        return [namespace(names, values) for values in cursor]

    def streaks(self, today: date) -> tuple[int, int]:
        since = (today - timedelta(days=1)).isoformat()
        longest, current = self.connection.execute(STREAKS_SQL, {"since": since}).fetchone()
        return int(current), int(longest)


def home_figures(
    path: Path,
    head: str,
    today: date,
    midnight: datetime,
    since: datetime,
    week_start: datetime | None = None,
) -> HomeFigures | None:
    """Home's figures from the SQLite file, or None when the file should go through
    the full store first. ``head`` is the schema revision this version knows."""
    if not path.exists():
        return HomeFigures.empty()
    try:
        # Through SQLite only, never open(): see database._check_file.
        with _reading(path) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None or row[0] != head:
                return None
            return read_home(SqliteRows(connection), today, midnight, since, week_start)
    except (OSError, sqlite3.Error):
        return None


def namespace(names: list[str], values: tuple[Any, ...]) -> SimpleNamespace:
    """One row with attribute access, its stored times (``*_at``: naive UTC, as text on
    SQLite, as datetimes on PostgreSQL) aware."""
    row = dict(zip(names, values, strict=True))
    for name in names:
        if name.endswith("_at"):
            row[name] = _time(row[name])
    return SimpleNamespace(**row)


# --- inside ---------------------------------------------------------------------------------


def _time(value: str | datetime | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC)


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    try:
        yield connection
    finally:
        connection.close()


def _suggestion(row: object) -> SuggestionRecord:
    return to_with(
        SuggestionRecord,
        row,
        strict=False,
        before=unprefixed(row, "from_"),
        after=unprefixed(row, "to_"),
    )


def _last(db: Rows) -> WorkoutSummary | None:
    found = db.rows(LAST_SQL, {})
    if not found:
        return None
    workout = to(WorkoutRecord, found[0], strict=False)
    totals = db.rows(TOTALS_SQL, {"workout": workout.id})[0]
    return WorkoutSummary(
        workout=workout,
        sets=int(totals.sets),
        reps=int(totals.reps),
        hold_seconds=float(totals.hold),
        effort=totals.effort_sum / totals.rated if totals.rated else None,
        pain=int(totals.pain),
        unrated=int(totals.unrated),
    )


def _unfinished(db: Rows) -> UnfinishedWorkout | None:
    found = db.rows(UNFINISHED_SQL, {})
    if not found:
        return None
    row = found[0]
    sets = db.rows(UNFINISHED_SETS_SQL, {"workout": row.id})
    return UnfinishedWorkout(
        to(WorkoutRecord, row, strict=False),
        row.plan,
        tuple(to(SetRecord, s, strict=False) for s in sets),
    )
