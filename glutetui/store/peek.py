"""Read-only figures for the first screen, straight from SQLite with the standard
library, so Home shows its data before SQLAlchemy has even been imported.

Everything here opens the database read-only (``mode=ro``), never creates or
changes it, and steps aside — returns None — for any file it does not fully
trust (missing, not SQLite, another schema revision, unreadable): the full store
then opens it with all its checks and migrations.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

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


class HomeFigures(msgspec.Struct, frozen=True):
    last: WorkoutSummary | None
    current_streak: int
    longest_streak: int
    done_today: bool  # a workout was completed today (one ended early is not "done")
    recent_programs: tuple[str, ...]
    unfinished: UnfinishedWorkout | None
    changes: tuple[DoseChangeRecord, ...]  # every dose change, oldest first
    pending: tuple[SuggestionRecord, ...]
    # When each workout completed this week (from Monday's local midnight) started:
    # the week plan's done days.
    completed_this_week: tuple[datetime, ...] = ()

    @classmethod
    def empty(cls) -> HomeFigures:
        return cls(None, 0, 0, False, (), None, (), ())


def _time(text: str | None) -> datetime | None:
    """Stored times are naive UTC text; hand them out aware."""
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    try:
        yield connection
    finally:
        connection.close()


def home_figures(
    path: Path,
    head: str,
    today: date,
    midnight: datetime,
    since: datetime,
    week_start: datetime | None = None,
) -> HomeFigures | None:
    """Home's figures, or None when the file should go through the full store first.

    ``head`` is the schema revision this version knows; ``midnight`` is today's local
    midnight; ``since`` bounds the "recent programs" used to suggest today's program.
    """
    if not path.exists():
        return HomeFigures.empty()
    try:
        # Through SQLite only, never open(): see database._check_file.
        with _reading(path) as db:
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None or row[0] != head:
                return None
            return _figures(db, today, midnight, since, week_start or midnight)
    except (OSError, sqlite3.Error):
        return None


def _figures(
    db: sqlite3.Connection, today: date, midnight: datetime, since: datetime, week_start: datetime
) -> HomeFigures:
    longest, current = db.execute(
        STREAKS_SQL, {"since": (today - timedelta(days=1)).isoformat()}
    ).fetchone()
    done_today = bool(
        db.execute(
            "SELECT 1 FROM workouts WHERE status = 'completed' AND started_at >= ? LIMIT 1",
            (_utc_text(midnight),),
        ).fetchone()
    )
    recent = tuple(
        r[0]
        for r in db.execute(
            "SELECT program_id FROM workouts AS w WHERE started_at >= ? "
            "AND EXISTS (SELECT 1 FROM set_logs AS s WHERE s.workout_id = w.id) "
            "ORDER BY started_at DESC",
            (_utc_text(since),),
        )
    )
    changes = tuple(
        to(DoseChangeRecord, r, strict=False)
        for r in _rows(
            db,
            "SELECT c.*, s.uid AS suggestion_uid FROM dose_changes AS c "
            "LEFT JOIN suggestions AS s ON s.id = c.suggestion_id ORDER BY c.changed_at, c.id",
        )
    )
    pending = tuple(
        _suggestion(r)
        for r in _rows(
            db, "SELECT * FROM suggestions WHERE status = 'pending' ORDER BY created_at, id"
        )
    )
    week = tuple(
        datetime.fromisoformat(r[0]).replace(tzinfo=UTC)
        for r in db.execute(
            "SELECT started_at FROM workouts WHERE status = 'completed' AND started_at >= ? "
            "ORDER BY started_at",
            (_utc_text(week_start),),
        )
    )
    return HomeFigures(
        last=_last(db),
        current_streak=int(current),
        longest_streak=int(longest),
        done_today=done_today,
        recent_programs=recent,
        unfinished=_unfinished(db),
        changes=changes,
        pending=pending,
        completed_this_week=week,
    )


def _rows(db: sqlite3.Connection, sql: str, *args: Any) -> list[SimpleNamespace]:
    """Rows with attribute access; stored times (every ``*_at`` column, naive UTC text)
    come out as aware datetimes, as the store hands them out."""
    cursor = db.execute(sql, args)
    names = [c[0] for c in cursor.description]
    out = []
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        for name in names:
            if name.endswith("_at"):
                row[name] = _time(row[name])
        out.append(SimpleNamespace(**row))
    return out


def _suggestion(row: object) -> SuggestionRecord:
    return to_with(
        SuggestionRecord,
        row,
        strict=False,
        before=unprefixed(row, "from_"),
        after=unprefixed(row, "to_"),
    )


def _last(db: sqlite3.Connection) -> WorkoutSummary | None:
    found = _rows(db, "SELECT * FROM workouts ORDER BY started_at DESC, id DESC LIMIT 1")
    if not found:
        return None
    workout = to(WorkoutRecord, found[0], strict=False)
    sets, reps, hold, effort, pain, unrated = db.execute(
        "SELECT COUNT(id), COALESCE(SUM(reps), 0), COALESCE(SUM(hold_seconds), 0.0), "
        "AVG(effort), COUNT(CASE WHEN pain THEN 1 END), "
        "COUNT(DISTINCT CASE WHEN effort IS NULL THEN block END) "
        "FROM set_logs WHERE workout_id = ?",
        (workout.id,),
    ).fetchone()
    return WorkoutSummary(
        workout=workout,
        sets=sets,
        reps=reps,
        hold_seconds=float(hold),
        effort=None if effort is None else float(effort),
        pain=pain,
        unrated=unrated,
    )


def _unfinished(db: sqlite3.Connection) -> UnfinishedWorkout | None:
    found = _rows(
        db, "SELECT * FROM workouts WHERE status = 'in-progress' ORDER BY started_at DESC LIMIT 1"
    )
    if not found:
        return None
    row = found[0]
    sets = _rows(db, "SELECT * FROM set_logs WHERE workout_id = ? ORDER BY id", row.id)
    return UnfinishedWorkout(
        to(WorkoutRecord, row, strict=False),
        row.plan,
        tuple(to(SetRecord, s, strict=False) for s in sets),
    )
