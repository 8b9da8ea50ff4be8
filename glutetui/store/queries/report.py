"""The report's queries, aggregated in SQL, through the caller's session.

Each query returns at most one row per step of the period (day, week, month or year)
and exercise and side, or a capped list, so a report on ten years fetches about as
many rows as one on a month: the database does the scanning, over the indexes on the
times. The SQL is the same on SQLite and PostgreSQL except for the local-date
expressions (``store/sqltime``). The rows are plain records; ``glutetui.report``
turns them into what the page says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    case,
    cast,
    distinct,
    exists,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.orm import Session

from glutetui.store.models import (
    BLOCK_SUMS,
    DoseChangeRow,
    SelfTestRow,
    SetRow,
    WorkoutRow,
    side_column,
)
from glutetui.store.queries.report_lists import PAIN_AS_NUMBER, PeriodLists
from glutetui.store.sqltime import local_bucket
from glutetui.store.sqlwords import band_rank_sql
from glutetui.vocab import BANDS, SIDES

# Six counts of ratings (unrated, then 1 to 5) travel in one sum, ten bits each.
RATING_BITS = 10
RATING_MASK = (1 << RATING_BITS) - 1

_PAIN = PAIN_AS_NUMBER
# How each exercise was rated, counted on its first set (every set of it carries the
# rating): rating r adds 1 << 10r. A step is at most a month of one exercise and side,
# far below 1024 workouts, and each extra aggregate costs a call per set: one sum here
# instead of six keeps ten years of sets cheap.
_RATINGS = func.sum(
    case(
        (
            SetRow.set_index == 0,
            cast(literal(1), BigInteger).op("<<")(RATING_BITS * func.coalesce(SetRow.effort, 0)),
        ),
        else_=0,
    )
)


def _packed(first: Any) -> Any:
    """A whole first set's rating as its bit in the packed counts (0 with none)."""
    return case(
        (
            first.is_not(None),
            cast(literal(1), BigInteger).op("<<")(RATING_BITS * first),
        ),
        else_=0,
    )


def _merged(had: list[int | float], more: list[int | float]) -> list[int | float]:
    """Two sums of the same step, block, exercise and side as one."""
    n, reps, hold, band, pain, ratings = had
    n2, reps2, hold2, band2, pain2, ratings2 = more
    return [n + n2, reps + reps2, hold + hold2, max(band, band2), pain + pain2, ratings + ratings2]


@dataclass(slots=True)
class SetStep:
    """One step of the period for one program block, exercise and side."""

    at: date
    program: str
    slot: str
    exercise: str
    side: str
    sets: int
    reps: float
    hold: float
    band: str
    pain: int
    # First sets by rating (0: unrated, then 1 to 5): one per exercise done and side.
    firsts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ProgramRow:
    program_id: str
    name: str  # as stored with the workouts
    workouts: int
    days: int
    first: datetime
    last: datetime


@dataclass(frozen=True, slots=True)
class ChangeRow:
    program_id: str
    slot: str
    exercise_id: str
    sets: int
    reps: int | None
    hold: int | None
    band: str
    reason: str
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class StanceRow:
    at: date
    side: str
    tests: int
    hold: float  # mean seconds
    level: int  # tests with the hips level
    target: int  # the longest target of the step's tests, in seconds


class ReportRows(PeriodLists):
    """The report's queries over one period (UTC instants, end excluded): the sums per
    step here, the lists (the log, pain, suggestions, self-tests) in ``report_lists``."""

    def training_days(self) -> dict[date, int]:
        """Workouts with at least one set, per local day."""
        day = local_bucket(WorkoutRow.started_at, "day", self.dialect).label("day")
        query = (
            select(day, func.count(WorkoutRow.id))
            .where(self._in_period(WorkoutRow.started_at), self._with_sets())
            .group_by(literal_column("day"))
        )
        return {d: int(n) for d, n in self.session.execute(query)}

    def programs(self) -> list[ProgramRow]:
        day = local_bucket(WorkoutRow.started_at, "day", self.dialect)
        query = (
            select(
                WorkoutRow.program_id,
                WorkoutRow.program_name,
                func.count(WorkoutRow.id),
                func.count(distinct(day)),
                func.min(WorkoutRow.started_at),
                func.max(WorkoutRow.started_at),
            )
            .where(self._in_period(WorkoutRow.started_at), self._with_sets())
            .group_by(WorkoutRow.program_id, WorkoutRow.program_name)
        )
        return [
            ProgramRow(program_id, name, int(count), int(days), first, last)
            for program_id, name, count, days, first, last in self.session.execute(query)
        ]

    def set_steps(self) -> list[SetStep]:
        """Whole sets per step, program block, exercise and side, each set in the step it
        ended in: summed from the block summaries where a block's whole sets all ended in
        one step, and from the sets themselves where they straddle two (a block across
        midnight, or the turn of a week, month or year)."""
        found: dict[tuple[date, str, str, str, str], list[int | float]] = {}
        straddling: set[tuple[int, int]] = set()
        for key, *sums in self._summed_steps(straddling):
            found[key] = sums
        for key, *sums in self._straddling_steps(straddling):
            had = found.get(key)
            found[key] = sums if had is None else _merged(had, sums)
        return [
            SetStep(
                at,
                program,
                slot,
                exercise,
                side,
                int(n),
                float(reps),
                float(hold),
                BANDS[int(band)],
                int(pain),
                tuple((int(ratings) >> (RATING_BITS * r)) & RATING_MASK for r in range(6)),
            )
            for (at, program, slot, exercise, side), (n, reps, hold, band, pain, ratings) in sorted(
                found.items()
            )
        ]

    def _summed_steps(self, straddling: set[tuple[int, int]]) -> Iterator[tuple[Any, ...]]:
        """Per step, block, exercise and side, from the summaries of blocks whose whole
        sets ended in one step; the blocks whose sets ended in two are put in
        ``straddling`` (one reading of the summaries finds both)."""
        b = BLOCK_SUMS.c
        first = local_bucket(b.first_end, self.bucket, self.dialect).label("at")
        last = local_bucket(b.last_end, self.bucket, self.dialect)
        split = first != last
        per_side = [
            (
                func.sum(b[side_column(side, "whole")]),
                func.sum(b[side_column(side, "reps")]),
                func.sum(b[side_column(side, "hold")]),
                func.max(b[side_column(side, "band")]),
                func.sum(b[side_column(side, "pain_sets")]),
                func.sum(_packed(b[side_column(side, "first")])),
            )
            for side in SIDES
        ]
        query = (
            select(
                first,
                b.program_id,
                b.slot,
                b.exercise_id,
                # NULL but for a block whose sets ended in two steps: then its own group.
                case((split, b.workout_id)).label("split_workout"),
                case((split, b.block)).label("split_block"),
                *(column for sums in per_side for column in sums),
            )
            .where(self._in_period(b.started_at), b.first_end.is_not(None))
            .group_by(
                literal_column("at"),
                b.program_id,
                b.slot,
                b.exercise_id,
                literal_column("split_workout"),
                literal_column("split_block"),
            )
        )
        width = len(per_side[0])
        for at, program, slot, exercise, wid, block, *sums in self.session.execute(query):
            if wid is not None:
                straddling.add((wid, block))
                continue
            for n, side in enumerate(SIDES):
                whole, reps, hold, band, pain, ratings = sums[n * width : (n + 1) * width]
                if whole:
                    yield (
                        (at, program, slot, exercise, side),
                        int(whole),
                        float(reps or 0),
                        float(hold or 0),
                        int(band or 0),
                        int(pain or 0),
                        int(ratings or 0),
                    )

    def _straddling_steps(self, straddling: set[tuple[int, int]]) -> Iterator[tuple[Any, ...]]:
        """Per step, block, exercise and side, from the sets of the (rare) blocks whose
        whole sets ended in two steps."""
        if not straddling:
            return
        at = local_bucket(SetRow.ended_at, self.bucket, self.dialect).label("at")
        query = (
            select(
                at,
                SetRow.workout_id,
                SetRow.block,
                WorkoutRow.program_id,
                SetRow.slot,
                SetRow.exercise_id,
                SetRow.side,
                func.count(),
                func.sum(SetRow.reps),
                func.sum(SetRow.hold_seconds),
                func.max(band_rank_sql(SetRow.band)),
                func.sum(_PAIN),
                _RATINGS,
            )
            .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
            .where(
                SetRow.workout_id.in_(sorted({w for w, _ in straddling})),
                SetRow.partial.is_(False),
                SetRow.skipped.is_(False),  # passed over: no evidence
            )
            .group_by(
                literal_column("at"),
                SetRow.workout_id,
                SetRow.block,
                WorkoutRow.program_id,
                SetRow.slot,
                SetRow.exercise_id,
                SetRow.side,
            )
        )
        for (
            day,
            wid,
            block,
            program,
            slot,
            exercise,
            side,
            n,
            reps,
            hold,
            band,
            pain,
            ratings,
        ) in self.session.execute(query):
            if (wid, block) in straddling:
                yield (
                    (day, program, slot, exercise, side),
                    int(n),
                    float(reps or 0),
                    float(hold or 0),
                    int(band or 0),
                    int(pain or 0),
                    int(ratings or 0),
                )

    def dose_changes(self) -> list[ChangeRow]:
        """The dose changes of the period, oldest first (plain rows: a long period may
        hold hundreds)."""
        query = (
            select(
                DoseChangeRow.program_id,
                DoseChangeRow.slot,
                DoseChangeRow.exercise_id,
                DoseChangeRow.sets,
                DoseChangeRow.reps,
                DoseChangeRow.hold,
                DoseChangeRow.band,
                DoseChangeRow.reason,
                DoseChangeRow.changed_at,
            )
            .where(self._in_period(DoseChangeRow.changed_at))
            .order_by(DoseChangeRow.changed_at, DoseChangeRow.id)
        )
        return [ChangeRow(*row) for row in self.session.execute(query)]

    def stance_steps(self) -> list[StanceRow]:
        """Self-tests per step and side: how many, the mean hold, how many level."""
        at = local_bucket(SelfTestRow.taken_at, self.bucket, self.dialect).label("at")
        query = (
            select(
                at,
                SelfTestRow.side,
                func.count(SelfTestRow.id),
                func.avg(SelfTestRow.hold_seconds),
                func.sum(case((SelfTestRow.level.is_(True), 1), else_=0)),
                func.max(SelfTestRow.target_seconds),
            )
            .where(self._in_period(SelfTestRow.taken_at))
            .group_by(literal_column("at"), SelfTestRow.side)
            .order_by(at)
        )
        return [
            StanceRow(day, side, int(n), float(hold or 0), int(level or 0), int(target or 0))
            for day, side, n, hold, level, target in self.session.execute(query)
        ]


def first_day(session: Session) -> date | None:
    """The local day of the first workout with sets, if there is one."""
    first = session.scalar(
        select(func.min(WorkoutRow.started_at)).where(
            exists().where(SetRow.workout_id == WorkoutRow.id)
        )
    )
    return None if first is None else first.astimezone().date()
