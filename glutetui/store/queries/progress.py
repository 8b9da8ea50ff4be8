"""The rows ``glutetui progress``, History and the report build each program block's
progress from: per block and dose in force, what was done in a period on each side;
per workout, block and side, what was done in a few stretches of it (the first and
last two weeks); and the workouts of the period. Bounded by the index on the workouts'
start, so a period on a long history reads only its own rows, and summed in SQL, so
ten years come back as a few hundred rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, case, cast, distinct, exists, func, or_, select
from sqlalchemy.orm import Session

from glutetui.store.models import DoseChangeRow, SetRow, WorkoutRow
from glutetui.vocab import SIDES


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


@dataclass(frozen=True, slots=True)
class BlockStretch:
    """One program block's workouts in a period while one dose was in force (no dose
    change of the block between its first and its last): per side, how many of them
    did that side and what they did."""

    program_id: str
    slot: str
    workouts: int
    pain_workouts: int
    sided: dict[str, int]  # per side: the workouts that did it
    done: dict[str, float]  # per side: reps, or seconds held
    first: datetime  # the first workout's start
    last: datetime


def _in(start: datetime, end: datetime) -> Any:
    return (WorkoutRow.started_at >= start) & (WorkoutRow.started_at < end)


# What a set achieved: seconds held, or reps.
_DONE = case(
    (SetRow.kind == "hold", func.coalesce(SetRow.hold_seconds, 0.0)),
    else_=func.coalesce(SetRow.reps, 0),
)


def block_stretches(session: Session, start: datetime, end: datetime) -> list[BlockStretch]:
    """Each block's workouts of the period, summed per stretch of one dose in force: a
    stretch is told by how many of the block's dose changes came at or before the
    workout's start, counted in SQL (over the index on the changes). A few hundred rows
    for ten years, however many workouts."""
    # Per workout and block, grouped in the order the rows are read (the workouts by
    # their start, then each one's sets by block, both indexes): no sorting. Two blocks
    # of one program with the same exercise are one program block, and its workouts are
    # counted once (distinct).
    per_workout = (
        select(
            WorkoutRow.id.label("workout"),
            func.max(WorkoutRow.program_id).label("program_id"),
            WorkoutRow.started_at.label("started_at"),
            func.min(SetRow.slot).label("slot"),
            func.max(cast(SetRow.pain, Integer)).label("pain"),
            *(
                func.max(case((SetRow.side == side, 1), else_=0)).label(f"did_{side}")
                for side in SIDES
            ),
            *(
                func.sum(case((SetRow.side == side, _DONE), else_=0)).label(f"done_{side}")
                for side in SIDES
            ),
        )
        .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
        .where(_in(start, end), SetRow.partial.is_(False))
        .group_by(WorkoutRow.started_at, WorkoutRow.id, SetRow.block)
        .subquery()
    )
    # The stretch, worked out once per row (grouping by an expression would work it out
    # again): how many of the block's dose changes came at or before the workout.
    stretch = (
        select(func.count(DoseChangeRow.id))
        .where(
            DoseChangeRow.program_id == per_workout.c.program_id,
            DoseChangeRow.slot == per_workout.c.slot,
            DoseChangeRow.changed_at <= per_workout.c.started_at,
        )
        .scalar_subquery()
    )
    # OFFSET 0 keeps the database from folding this into the grouping below (and so
    # from working the stretch out twice).
    rows = select(per_workout, stretch.label("stretch")).offset(0).subquery()
    workout = rows.c.workout
    query = select(
        rows.c.program_id,
        rows.c.slot,
        rows.c.stretch,
        func.count(distinct(workout)),
        func.count(distinct(case((rows.c.pain == 1, workout)))),
        *(func.count(distinct(case((rows.c[f"did_{side}"] == 1, workout)))) for side in SIDES),
        *(func.sum(rows.c[f"done_{side}"]) for side in SIDES),
        func.min(rows.c.started_at),
        func.max(rows.c.started_at),
    ).group_by(rows.c.program_id, rows.c.slot, rows.c.stretch)
    found = []
    for program, slot, _, n, pain, *rest in session.execute(query):
        did, done, (first, last) = rest[: len(SIDES)], rest[len(SIDES) : 2 * len(SIDES)], rest[-2:]
        found.append(
            BlockStretch(
                program_id=program,
                slot=slot,
                workouts=int(n),
                pain_workouts=int(pain or 0),
                sided={side: int(d or 0) for side, d in zip(SIDES, did, strict=True) if d},
                done={s: float(v or 0) for s, v, d in zip(SIDES, done, did, strict=True) if d},
                first=first,
                last=last,
            )
        )
    return found


def block_sides(
    session: Session,
    start: datetime,
    end: datetime,
    ranges: Sequence[tuple[datetime, datetime]] | None = None,
) -> list[BlockSide]:
    """Per workout, program block and side, the whole sets done in the period (only in
    the given stretches of time, from and to excluded, when ``ranges`` are named: each
    found through the index on the workouts' start)."""
    done = _DONE
    where = [_in(start, end), SetRow.partial.is_(False)]
    if ranges is not None:
        if not ranges:
            return []
        where.append(or_(*(_in(since, until) for since, until in ranges)))
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
        .where(*where)
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
