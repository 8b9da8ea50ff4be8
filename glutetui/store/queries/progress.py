"""The rows ``glutetui progress``, History and the report build each program block's
progress from: per workout, block and side, what was done in a period, and the
workouts of the period. Bounded by the index on the workouts' start, so a period on a
long history reads only its own rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, case, cast, exists, func, select
from sqlalchemy.orm import Session

from glutetui.store.models import SetRow, WorkoutRow


@dataclass(frozen=True, slots=True)
class BlockSide:
    """One side of one program block in one workout: whole sets only."""

    workout_id: int
    started_at: datetime
    program_id: str
    slot: str
    exercise_id: str
    side: str
    sets: int
    done: float  # reps, or seconds held, summed over the sets
    pain: bool


@dataclass(frozen=True, slots=True)
class PeriodWorkouts:
    workouts: int  # with at least one set
    active_seconds: float  # summed where known
    unknown_active: int  # workouts logged before active time was kept
    statuses: dict[str, int]
    programs: dict[str, tuple[int, datetime]]  # program id -> (workouts, last start)


def _in(start: datetime, end: datetime) -> Any:
    return (WorkoutRow.started_at >= start) & (WorkoutRow.started_at < end)


def block_sides(session: Session, start: datetime, end: datetime) -> list[BlockSide]:
    """Per workout, program block and side, the whole sets done in the period."""
    done = case(
        (SetRow.kind == "hold", func.coalesce(SetRow.hold_seconds, 0.0)),
        else_=func.coalesce(SetRow.reps, 0),
    )
    query = (
        select(
            WorkoutRow.id,
            WorkoutRow.started_at,
            WorkoutRow.program_id,
            SetRow.slot,
            func.max(SetRow.exercise_id),
            SetRow.side,
            func.count(SetRow.id),
            func.sum(done),
            func.max(cast(SetRow.pain, Integer)),
        )
        .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
        .where(_in(start, end), SetRow.partial.is_(False))
        .group_by(
            WorkoutRow.id, WorkoutRow.started_at, WorkoutRow.program_id, SetRow.slot, SetRow.side
        )
        .order_by(WorkoutRow.started_at, WorkoutRow.id)
    )
    return [
        BlockSide(
            wid, started, program, slot, exercise, side, int(n), float(total or 0), bool(pain)
        )
        for wid, started, program, slot, exercise, side, n, total, pain in session.execute(query)
    ]


def period_workouts(session: Session, start: datetime, end: datetime) -> PeriodWorkouts:
    """The workouts of the period with sets: how many, time trained, how they ended,
    and which programs."""
    with_sets = exists().where(SetRow.workout_id == WorkoutRow.id)
    query = (
        select(
            WorkoutRow.program_id,
            WorkoutRow.status,
            func.count(WorkoutRow.id),
            func.sum(WorkoutRow.active_seconds),
            func.count(WorkoutRow.active_seconds),
            func.max(WorkoutRow.started_at),
        )
        .where(_in(start, end), with_sets)
        .group_by(WorkoutRow.program_id, WorkoutRow.status)
    )
    workouts = 0
    active = 0.0
    unknown = 0
    statuses: dict[str, int] = {}
    programs: dict[str, tuple[int, datetime]] = {}
    for program, status, n, seconds, known, last in session.execute(query):
        workouts += int(n)
        active += float(seconds or 0)
        unknown += int(n) - int(known)
        statuses[status] = statuses.get(status, 0) + int(n)
        count, latest = programs.get(program, (0, last))
        programs[program] = (count + int(n), max(latest, last))
    return PeriodWorkouts(workouts, active, unknown, statuses, programs)
