"""The rows ``glutetui progress``, History and the report build each program block's
progress from: per block and dose in force, what was done in a period on each side
against what the same sets asked; per workout, block and side, what was done in a few
stretches of it (the first and last two weeks); the workouts of the period, the
completed ones the program in use is told from, the self-tests at its two ends and
what followed a pain flag. Bounded by the index on the workouts' start, so a period on
a long history reads only its own rows, and summed in SQL, so ten years come back as a
few hundred rows.

Skipped sets (passed over before anything was done) are no evidence: every query here
that reads sets for what was done leaves them out (:data:`EVIDENCE`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, case, cast, distinct, exists, func, or_, select
from sqlalchemy.orm import Session

from glutetui.records import SelfTestRecord
from glutetui.store.models import DoseChangeRow, SelfTestRow, SetRow, WorkoutRow
from glutetui.store.rows import to
from glutetui.vocab import SIDES

# The sets that are evidence of what was done: every set but a skipped one (a set
# stopped part-way keeps what was done, and is held to its target like any other).
EVIDENCE = SetRow.skipped.is_(False)


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
    target: float = 0.0  # what the same sets asked (their targets), summed


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
    asked: dict[str, float] | None = None  # per side: what the same sets asked


def _in(start: datetime, end: datetime) -> Any:
    return (WorkoutRow.started_at >= start) & (WorkoutRow.started_at < end)


# What a set achieved: seconds held, or reps.
_DONE = case(
    (SetRow.kind == "hold", func.coalesce(SetRow.hold_seconds, 0.0)),
    else_=func.coalesce(SetRow.reps, 0),
)
# What a set asked: its target seconds, or reps.
_ASKED = case(
    (SetRow.kind == "hold", func.coalesce(SetRow.target_hold, 0)),
    else_=func.coalesce(SetRow.target_reps, 0),
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
            *(
                func.sum(case((SetRow.side == side, _ASKED), else_=0)).label(f"asked_{side}")
                for side in SIDES
            ),
        )
        .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
        .where(_in(start, end), EVIDENCE)
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
        *(func.sum(rows.c[f"asked_{side}"]) for side in SIDES),
        func.min(rows.c.started_at),
        func.max(rows.c.started_at),
    ).group_by(rows.c.program_id, rows.c.slot, rows.c.stretch)
    found = []
    for program, slot, _, n, pain, *rest in session.execute(query):
        n_sides = len(SIDES)
        did, done = rest[:n_sides], rest[n_sides : 2 * n_sides]
        asked, (first, last) = rest[2 * n_sides : 3 * n_sides], rest[-2:]
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
                asked={s: float(v or 0) for s, v, d in zip(SIDES, asked, did, strict=True) if d},
            )
        )
    return found


def block_sides(
    session: Session,
    start: datetime,
    end: datetime,
    ranges: Sequence[tuple[datetime, datetime]] | None = None,
) -> list[BlockSide]:
    """Per workout, program block and side, the sets done in the period (skipped ones
    left out) and what they asked (only in the given stretches of time, from and to
    excluded, when ``ranges`` are named: each found through the index on the workouts'
    start)."""
    done = _DONE
    where = [_in(start, end), EVIDENCE]
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
            func.sum(_ASKED),
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
            wid,
            started,
            program,
            slot,
            exercise,
            side,
            int(n),
            float(total or 0),
            bool(pain),
            float(asked or 0),
        )
        for wid, started, program, slot, exercise, side, n, total, pain, asked in (
            session.execute(query)
        )
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


def completed_programs(
    session: Session, start: datetime, end: datetime
) -> list[tuple[str, datetime]]:
    """(program id, start) of every completed workout started in [start, end), oldest
    first: what the program in use is told from (``measures.in_use``)."""
    query = (
        select(WorkoutRow.program_id, WorkoutRow.started_at)
        .where(_in(start, end), WorkoutRow.status == "completed")
        .order_by(WorkoutRow.started_at)
    )
    return [(program, started) for program, started in session.execute(query)]


def last_completed_before(session: Session, before: datetime) -> datetime | None:
    """When the last completed workout started before a moment began."""
    query = select(func.max(WorkoutRow.started_at)).where(
        WorkoutRow.started_at < before, WorkoutRow.status == "completed"
    )
    return session.scalar(query)


def stance_tests(session: Session, start: datetime, end: datetime) -> list[SelfTestRecord]:
    """The single-leg stance self-tests of the period, oldest first (a test a fortnight
    at most: a few hundred rows for ten years)."""
    query = (
        select(SelfTestRow)
        .where(SelfTestRow.taken_at >= start, SelfTestRow.taken_at < end)
        .order_by(SelfTestRow.taken_at, SelfTestRow.id)
    )
    return [to(SelfTestRecord, row) for row in session.scalars(query)]


@dataclass(frozen=True, slots=True)
class BlockAfter:
    """What a program block's log holds after a moment, up to another."""

    workouts: int  # workouts with sets of the block
    pain_workouts: int  # of them, ones with pain flagged on it
    first: datetime | None  # the first of them


def block_after(
    session: Session, program_id: str, slot: str, after: datetime, end: datetime
) -> BlockAfter:
    """The block's workouts started after ``after`` and before ``end``: how many, and
    how many had pain flagged on it again."""
    per_workout = (
        select(
            WorkoutRow.id.label("workout"),
            WorkoutRow.started_at.label("started_at"),
            func.max(cast(SetRow.pain, Integer)).label("pain"),
        )
        .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
        .where(
            WorkoutRow.started_at > after,
            WorkoutRow.started_at < end,
            WorkoutRow.program_id == program_id,
            SetRow.slot == slot,
            EVIDENCE,
        )
        .group_by(WorkoutRow.id, WorkoutRow.started_at)
        .subquery()
    )
    n, pain, first = session.execute(
        select(
            func.count(per_workout.c.workout),
            func.sum(per_workout.c.pain),
            func.min(per_workout.c.started_at),
        )
    ).one()
    return BlockAfter(int(n or 0), int(pain or 0), first)
