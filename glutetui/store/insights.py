"""History figures, aggregated in SQL so that ten years cost about what one month does.

Every query here is bounded by a time window or a page, and uses an index: trends
by (exercise_id, ended_at), the calendar and weekly figures by workouts.started_at
and set_logs by workout_id. Only the records look at every set, and the screen
loads them on request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, SQLColumnExpression, case, exists, func, select, text
from sqlalchemy.orm import Session

from glutetui.store.models import SetLog, Workout
from glutetui.store.peek import STREAKS_SQL
from glutetui.vocab import BANDS

Bucket = Literal["workout", "day", "week", "month"]

# SQLite strftime formats that name a period; weeks start on Monday.
_PERIOD = {
    "day": "%Y-%m-%d",
    "week": "%Y-%m-%d",  # the Monday of the week, see _period()
    "month": "%Y-%m-01",
}
_BAND_RANK = case({band: rank for rank, band in enumerate(BANDS)}, value=SetLog.band, else_=0)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    period: datetime  # local: when the workout ended, or the start of the day/week/month
    side: str
    reps: float | None  # mean reps per set
    hold: float | None  # mean seconds per set
    band: str
    sets: int


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    workouts: int


@dataclass(frozen=True, slots=True)
class TensionWeek:
    week: date  # its Monday
    side: str
    seconds: float


@dataclass(frozen=True, slots=True)
class RecordRow:
    exercise_id: str
    side: str
    reps: int | None
    hold: float | None
    band: str


def _local(column: SQLColumnExpression[Any]) -> ColumnElement[Any]:
    return func.datetime(column, "localtime")


def _period(bucket: Bucket, column: SQLColumnExpression[Any]) -> ColumnElement[Any]:
    local = _local(column)
    if bucket == "week":
        # The Monday on or before the day: SQLite's weekday 0 is Sunday.
        return func.date(local, "-6 days", "weekday 1")
    return func.strftime(_PERIOD[bucket], local)


def _with_sets() -> ColumnElement[bool]:
    return exists().where(SetLog.workout_id == Workout.id)


def logged_exercises(session: Session) -> list[str]:
    """Every exercise with a logged set, found by skipping along the index."""
    found: list[str] = []
    last = ""
    while True:
        nxt = session.scalar(select(func.min(SetLog.exercise_id)).where(SetLog.exercise_id > last))
        if nxt is None:
            return found
        found.append(nxt)
        last = nxt


def trend(session: Session, exercise_id: str, since: datetime, bucket: Bucket) -> list[TrendPoint]:
    """Per period and side: mean reps or seconds per set, and the heaviest band."""
    if bucket == "workout":
        # One point per workout, at the local time its last set ended.
        period = func.max(_local(SetLog.ended_at)).label("period")
        group: list[ColumnElement[Any]] = [SetLog.workout_id.expression, SetLog.side.expression]
    else:
        period = _period(bucket, SetLog.ended_at).label("period")
        group = [period, SetLog.side.expression]
    query = (
        select(
            period,
            SetLog.side,
            func.avg(SetLog.reps),
            func.avg(SetLog.hold_seconds),
            func.max(_BAND_RANK),
            func.count(SetLog.id),
        )
        .where(
            SetLog.exercise_id == exercise_id,
            SetLog.ended_at >= since,
            SetLog.partial.is_(False),
        )
        .group_by(*group)
        .order_by(period)
    )
    return [
        TrendPoint(datetime.fromisoformat(p), side, reps, hold, BANDS[band or 0], count)
        for p, side, reps, hold, band, count in session.execute(query)
    ]


def training_day_counts(session: Session, since: datetime) -> list[DayCount]:
    """Workouts with sets per local day since a moment."""
    day = func.date(_local(Workout.started_at)).label("day")
    query = (
        select(day, func.count(Workout.id))
        .where(Workout.started_at >= since, _with_sets())
        .group_by(day)
        .order_by(day)
    )
    return [DayCount(date.fromisoformat(d), n) for d, n in session.execute(query)]


_STREAKS = text(STREAKS_SQL)


def streaks(session: Session, today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive training days, counted in SQL.

    Consecutive days share an "island": the day number minus its rank is the same.
    The current run is the one that reaches today or yesterday.
    """
    since = (today - timedelta(days=1)).isoformat()
    row = session.execute(_STREAKS, {"since": since}).one()
    return int(row[1]), int(row[0])


def weekly_counts(session: Session, since: datetime) -> dict[date, int]:
    """Training days per week (Monday first) since a moment."""
    week = func.date(_local(Workout.started_at), "-6 days", "weekday 1").label("week")
    day = func.date(_local(Workout.started_at))
    query = (
        select(week, func.count(func.distinct(day)))
        .where(Workout.started_at >= since, _with_sets())
        .group_by(week)
    )
    return {date.fromisoformat(w): n for w, n in session.execute(query)}


def tension_by_week(session: Session, since: datetime) -> list[TensionWeek]:
    """Time under tension per week and side: reps times the tempo, plus seconds held."""
    week = func.date(_local(Workout.started_at), "-6 days", "weekday 1").label("week")
    seconds = func.sum(
        func.coalesce(SetLog.reps, 0) * SetLog.rep_seconds + func.coalesce(SetLog.hold_seconds, 0)
    )
    query = (
        select(week, SetLog.side, seconds)
        .join(Workout, Workout.id == SetLog.workout_id)
        .where(Workout.started_at >= since)
        .group_by(week, SetLog.side)
        .order_by(week)
    )
    return [
        TensionWeek(date.fromisoformat(w), side, float(s or 0))
        for w, side, s in session.execute(query)
    ]


def records(session: Session) -> list[RecordRow]:
    """Most reps in a set, longest hold and heaviest band per exercise and side."""
    query = (
        select(
            SetLog.exercise_id,
            SetLog.side,
            func.max(SetLog.reps),
            func.max(SetLog.hold_seconds),
            func.max(_BAND_RANK),
        )
        .where(SetLog.partial.is_(False))
        .group_by(SetLog.exercise_id, SetLog.side)
        .order_by(SetLog.exercise_id, SetLog.side)
    )
    return [
        RecordRow(ex, side, reps, hold, BANDS[band or 0])
        for ex, side, reps, hold, band in session.execute(query)
    ]
