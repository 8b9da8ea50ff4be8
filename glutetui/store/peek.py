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
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from glutetui.store.records import (
    SetRecord,
    SuggestionRecord,
    UnfinishedWorkout,
    WorkoutRecord,
    WorkoutSummary,
)

# Shared with store/insights.py: consecutive training days share an "island", because
# the day number minus the day's rank is the same along a run.
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

_SET_COLUMNS = (
    "id, workout_id, block, set_index, side, exercise_id, slot, kind, target_reps, "
    "target_hold, reps, hold_seconds, rep_seconds, band, effort, pain, partial, "
    "started_at, ended_at"
)


@dataclass(frozen=True, slots=True)
class HomeFigures:
    last: WorkoutSummary | None
    current_streak: int
    longest_streak: int
    trained_today: bool
    recent_programs: tuple[str, ...]
    unfinished: UnfinishedWorkout | None
    doses: dict[str, tuple[str, int, int | None, int | None, str]]
    pending: tuple[SuggestionRecord, ...]

    @classmethod
    def empty(cls) -> HomeFigures:
        return cls(None, 0, 0, False, (), None, {}, ())


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


def home_figures(path: Path, head: str, today: date, since: datetime) -> HomeFigures | None:
    """Home's figures, or None when the file should go through the full store first.

    ``head`` is the schema revision this version knows; ``since`` bounds the
    "recent programs" used to suggest today's program.
    """
    if not path.exists():
        return HomeFigures.empty()
    try:
        # Through SQLite only, never open(): see database._check_file.
        with _reading(path) as db:
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None or row[0] != head:
                return None
            return _figures(db, today, since)
    except (OSError, sqlite3.Error):
        return None


def _figures(db: sqlite3.Connection, today: date, since: datetime) -> HomeFigures:
    longest, current = db.execute(
        STREAKS_SQL, {"since": (today - timedelta(days=1)).isoformat()}
    ).fetchone()
    trained_today = bool(
        db.execute(
            "SELECT 1 FROM workouts AS w WHERE date(datetime(w.started_at, 'localtime')) = ? "
            "AND EXISTS (SELECT 1 FROM set_logs AS s WHERE s.workout_id = w.id) LIMIT 1",
            (today.isoformat(),),
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
    doses = {
        slot: (exercise, sets, reps, hold, band)
        for slot, exercise, sets, reps, hold, band in db.execute(
            "SELECT slot, exercise_id, sets, reps, hold, band FROM doses"
        )
    }
    pending = tuple(
        _suggestion(r)
        for r in db.execute(
            f"SELECT {_SUGGESTION_COLUMNS} FROM suggestions WHERE status = 'pending' "
            "ORDER BY created_at, id"
        )
    )
    return HomeFigures(
        last=_last(db),
        current_streak=int(current),
        longest_streak=int(longest),
        trained_today=trained_today,
        recent_programs=recent,
        unfinished=_unfinished(db),
        doses=doses,
        pending=pending,
    )


def _workout(row: Any) -> WorkoutRecord:
    wid, uid, program_id, program_name, started, ended, status, note = row
    started_at = _time(started)
    assert started_at is not None
    return WorkoutRecord(wid, uid, program_id, program_name, started_at, _time(ended), status, note)


_WORKOUT_COLUMNS = "id, uid, program_id, program_name, started_at, ended_at, status, note"


def _last(db: sqlite3.Connection) -> WorkoutSummary | None:
    row = db.execute(
        f"SELECT {_WORKOUT_COLUMNS} FROM workouts ORDER BY started_at DESC, id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    sets, reps, hold, effort, pain, unrated = db.execute(
        "SELECT COUNT(id), COALESCE(SUM(reps), 0), COALESCE(SUM(hold_seconds), 0.0), "
        "AVG(effort), COALESCE(SUM(pain), 0), "
        "COUNT(DISTINCT CASE WHEN effort IS NULL THEN block END) "
        "FROM set_logs WHERE workout_id = ?",
        (row[0],),
    ).fetchone()
    return WorkoutSummary(
        _workout(row),
        sets,
        reps,
        float(hold),
        None if effort is None else float(effort),
        pain,
        unrated,
    )


def _unfinished(db: sqlite3.Connection) -> UnfinishedWorkout | None:
    row = db.execute(
        f"SELECT {_WORKOUT_COLUMNS}, plan FROM workouts WHERE status = 'in-progress' "
        "ORDER BY started_at DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    sets = tuple(
        _set(r)
        for r in db.execute(
            f"SELECT {_SET_COLUMNS} FROM set_logs WHERE workout_id = ? ORDER BY id", (row[0],)
        )
    )
    return UnfinishedWorkout(_workout(row[:8]), row[8], sets)


def _set(r: Any) -> SetRecord:
    started, ended = _time(r[17]), _time(r[18])
    assert started is not None and ended is not None
    return SetRecord(
        id=r[0],
        workout_id=r[1],
        block=r[2],
        set_index=r[3],
        side=r[4],
        exercise_id=r[5],
        slot=r[6],
        kind=r[7],
        target_reps=r[8],
        target_hold=r[9],
        reps=r[10],
        hold_seconds=r[11],
        rep_seconds=r[12],
        band=r[13],
        effort=r[14],
        pain=bool(r[15]),
        partial=bool(r[16]),
        started_at=started,
        ended_at=ended,
    )


_SUGGESTION_COLUMNS = (
    "id, uid, slot, kind, reason, evidence, from_exercise, from_sets, from_reps, from_hold, "
    "from_band, to_exercise, to_sets, to_reps, to_hold, to_band, status, created_at, decided_at"
)


def _suggestion(r: Any) -> SuggestionRecord:
    created_at = _time(r[17])
    assert created_at is not None
    names = [f.strip() for f in _SUGGESTION_COLUMNS.split(",")]
    values = dict(zip(names, r, strict=True))
    values["created_at"], values["decided_at"] = created_at, _time(r[18])
    return SuggestionRecord(**values)
