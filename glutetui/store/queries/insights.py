"""History figures, aggregated in SQL so that ten years cost about what one month does.

Every query here is bounded by a time window or a page, and uses an index: trends
by (exercise_id, ended_at), the calendar and weekly figures by workouts.started_at
and set_logs by workout_id. Only the records look at every set, and the screen
loads them on request.

The same queries run on SQLite and PostgreSQL: local days, weeks and months come
from :mod:`glutetui.store.sqltime`, which spells them for each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, exists, func, literal_column, select
from sqlalchemy.orm import Session

from glutetui.store.models import BLOCK_SUMS, SetRow, WorkoutRow, side_column
from glutetui.store.sqltime import Bucket as SqlBucket
from glutetui.store.sqltime import day_number, dialect_of, local_bucket, local_moment
from glutetui.store.sqlwords import band_rank_sql
from glutetui.vocab import BANDS, SIDES

Bucket = Literal["workout", "day", "week", "month"]

_BAND_RANK = band_rank_sql(SetRow.band)


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
class TensionAt:
    at: date  # the first day of the step (a Monday for weeks)
    side: str
    seconds: float


def _with_sets() -> ColumnElement[bool]:
    return exists().where(SetRow.workout_id == WorkoutRow.id)


def _by(name: str) -> ColumnElement[Any]:
    """A grouping by a selected column's name. PostgreSQL would not see that two
    spellings of a local date are one expression (each binds its zone afresh), and
    the date is worked out once per row this way."""
    return literal_column(name)


def _number(value: Any) -> float | None:
    # PostgreSQL's averages of integers are exact decimals; the figures are floats.
    return None if value is None else float(value)


def logged_exercises(session: Session) -> list[str]:
    """Every exercise with a logged set, found by skipping along the index."""
    found: list[str] = []
    last = ""
    while True:
        nxt = session.scalar(select(func.min(SetRow.exercise_id)).where(SetRow.exercise_id > last))
        if nxt is None:
            return found
        found.append(nxt)
        last = nxt


def trend(session: Session, exercise_id: str, since: datetime, bucket: Bucket) -> list[TrendPoint]:
    """Per period and side: mean reps or seconds per set, and the heaviest band."""
    dialect = dialect_of(session)
    if bucket == "workout":
        # One point per workout, at the local time its last set ended.
        last_end: ColumnElement[Any] = func.max(local_moment(SetRow.ended_at, dialect))
        period = last_end.label("period")
        group: list[ColumnElement[Any]] = [SetRow.workout_id.expression, SetRow.side.expression]
        order = [period, SetRow.workout_id.expression, SetRow.side.expression]
    else:
        period = local_bucket(SetRow.ended_at, bucket, dialect).label("period")
        group = [_by("period"), SetRow.side.expression]
        order = [period, SetRow.side.expression]
    query = (
        select(
            period,
            SetRow.side,
            func.avg(SetRow.reps),
            func.avg(SetRow.hold_seconds),
            func.max(_BAND_RANK),
            func.count(SetRow.id),
        )
        .where(
            SetRow.exercise_id == exercise_id,
            SetRow.ended_at >= since,
            SetRow.partial.is_(False),
            SetRow.skipped.is_(False),  # passed over: nothing done, no point on the trend
        )
        .group_by(*group)
        .order_by(*order)
    )
    return [
        TrendPoint(_moment(p), side, _number(reps), _number(hold), BANDS[band or 0], count)
        for p, side, reps, hold, band, count in session.execute(query)
    ]


def _moment(value: date | datetime) -> datetime:
    """A period's start as a time: a day is its midnight."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time())


def training_day_counts(session: Session, since: datetime) -> list[DayCount]:
    """Workouts with sets per local day since a moment."""
    day = local_bucket(WorkoutRow.started_at, "day", dialect_of(session)).label("day")
    query = (
        select(day, func.count(WorkoutRow.id))
        .where(WorkoutRow.started_at >= since, _with_sets())
        .group_by(_by("day"))
        .order_by(day)
    )
    return [DayCount(d, n) for d, n in session.execute(query)]


def streaks(session: Session, today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive training days, counted in SQL.

    Consecutive days share an "island": the day's number minus its rank is the same
    along a run. The current run is the one that reaches today or yesterday.
    (``peek.STREAKS_SQL`` is the same query in SQLite's words, for Home's quick read.)
    """
    dialect = dialect_of(session)
    days = (
        select(local_bucket(WorkoutRow.started_at, "day", dialect).label("day"))
        .where(_with_sets())
        .distinct()
        .cte("days")
    )
    island = day_number(days.c.day, dialect) - func.row_number().over(order_by=days.c.day)
    islands = select(days.c.day, island.label("island")).cte("islands")
    runs = (
        select(func.count().label("n"), func.max(islands.c.day).label("last_day"))
        .group_by(islands.c.island)
        .cte("runs")
    )
    longest = select(func.max(runs.c.n)).scalar_subquery()
    current = (
        select(runs.c.n)
        .where(runs.c.last_day >= today - timedelta(days=1))
        .order_by(runs.c.last_day.desc())
        .limit(1)
        .scalar_subquery()
    )
    row = session.execute(select(func.coalesce(longest, 0), func.coalesce(current, 0))).one()
    return int(row[1]), int(row[0])


def tension(
    session: Session, since: datetime, until: datetime | None, bucket: SqlBucket
) -> list[TensionAt]:
    """Seconds under tension per local day, week, month or year and side, of every set
    logged in workouts started in the window (skipped ones left out), summed from the
    block summaries."""
    b = BLOCK_SUMS.c
    at = local_bucket(b.started_at, bucket, dialect_of(session)).label("at")
    query = (
        select(
            at,
            *(func.sum(b[side_column(side, "sets")]) for side in SIDES),
            *(func.sum(b[side_column(side, "tension")]) for side in SIDES),
        )
        .where(b.started_at >= since)
        .group_by(_by("at"))
        .order_by(at)
    )
    if until is not None:
        query = query.where(b.started_at < until)
    found: list[TensionAt] = []
    for day, *sums in session.execute(query):
        sets, seconds = sums[: len(SIDES)], sums[len(SIDES) :]
        found.extend(
            TensionAt(day, side, float(total or 0))
            for side, n, total in sorted(zip(SIDES, sets, seconds, strict=True))
            if n
        )
    return found
