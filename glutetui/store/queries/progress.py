"""The rows ``glutetui progress``, History and the report build each program block's
progress from: per block and dose in force, what was done in a period on each side
against what the same sets asked; per workout, block and side, what was done in a few
stretches of it (the first and last two weeks); the workouts of the period, the
completed ones the program in use is told from, the self-tests at its two ends and
what followed a pain flag. Bounded by the index on the workouts' start, so a period on
a long history reads only its own rows, and summed in SQL, so ten years come back as a
few hundred rows.

What was done is read from the block summaries (``glutetui.store.sums``), kept as sets
are written. Skipped sets (passed over before anything was done) are no evidence: the
summaries' per-side sums leave them out, and a block whose sets were all skipped is no
workout of it here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, distinct, exists, func, or_, select
from sqlalchemy.orm import Session

from glutetui.records import SelfTestRecord
from glutetui.store.models import (
    BLOCK_SUMS,
    DoseChangeRow,
    SelfTestRow,
    SetRow,
    WorkoutRow,
    side_column,
)
from glutetui.store.rows import to
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


def _in_summaries(start: datetime, end: datetime) -> Any:
    return (BLOCK_SUMS.c.started_at >= start) & (BLOCK_SUMS.c.started_at < end)


def _pain_of(b: Any) -> Any:
    """1 when a set that is evidence is flagged with pain, on any side."""
    return case((or_(*(b[side_column(side, "pain")] == 1 for side in SIDES)), 1), else_=0)


def _evidence(b: Any) -> Any:
    """A summary row with at least one set that is evidence (not every one skipped)."""
    return sum(b[side_column(side, "sets")] for side in SIDES) > 0


def block_stretches(session: Session, start: datetime, end: datetime) -> list[BlockStretch]:
    """Each block's workouts of the period, summed per stretch of one dose in force: a
    stretch is told by how many of the block's dose changes came at or before the
    workout's start, counted in SQL (over the index on the changes). Read from the block
    summaries: a few hundred rows for ten years, however many workouts."""
    b = BLOCK_SUMS.c
    # A summary row per workout, block and exercise (a block's sets are all of its one
    # slot). Two blocks of one program with the same exercise are one program block,
    # and its workouts are counted once (distinct).
    per_workout = (
        select(
            b.workout_id.label("workout"),
            b.program_id.label("program_id"),
            b.started_at.label("started_at"),
            b.slot.label("slot"),
            _pain_of(b).label("pain"),
            *(
                case((b[side_column(side, "sets")] > 0, 1), else_=0).label(f"did_{side}")
                for side in SIDES
            ),
            *(b[side_column(side, "done")].label(f"done_{side}") for side in SIDES),
            *(b[side_column(side, "asked")].label(f"asked_{side}") for side in SIDES),
        )
        .where(_in_summaries(start, end), _evidence(b))
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
    excluded, when ``ranges`` are named: each found through the index on the
    summaries' start), from the block summaries."""
    b = BLOCK_SUMS.c
    where = [_in_summaries(start, end), _evidence(b)]
    if ranges is not None:
        if not ranges:
            return []
        where.append(or_(*(_in_summaries(since, until) for since, until in ranges)))
    per_side = [
        (
            func.sum(b[side_column(side, "sets")]),
            func.sum(b[side_column(side, "done")]),
            func.max(b[side_column(side, "pain")]),
            func.sum(b[side_column(side, "asked")]),
            # The exercise, as the sets of this side name it.
            func.max(case((b[side_column(side, "sets")] > 0, b.exercise_id))),
        )
        for side in SIDES
    ]
    query = (
        select(
            b.workout_id,
            b.started_at,
            b.program_id,
            b.slot,
            *(column for sums in per_side for column in sums),
        )
        .where(*where)
        .group_by(b.workout_id, b.started_at, b.program_id, b.slot)
        .order_by(b.started_at, b.workout_id)
    )
    width = len(per_side[0])
    found = []
    for wid, started, program, slot, *sums in session.execute(query):
        for side in sorted(SIDES):
            at = SIDES.index(side) * width
            sets, done, pain, asked, exercise = sums[at : at + width]
            if sets:
                found.append(
                    BlockSide(
                        wid,
                        started,
                        program,
                        slot,
                        exercise,
                        side,
                        int(sets),
                        float(done or 0),
                        bool(pain),
                        float(asked or 0),
                    )
                )
    return found


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
    how many had pain flagged on it again (from the block summaries, by their index on
    the block and the start)."""
    b = BLOCK_SUMS.c
    per_workout = (
        select(
            b.workout_id.label("workout"),
            b.started_at.label("started_at"),
            func.max(_pain_of(b)).label("pain"),
        )
        .where(
            b.program_id == program_id,
            b.slot == slot,
            b.started_at > after,
            b.started_at < end,
            _evidence(b),
        )
        .group_by(b.workout_id, b.started_at)
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
