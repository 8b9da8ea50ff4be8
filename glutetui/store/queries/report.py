"""The report's queries, aggregated in SQL, through the caller's session.

Each query returns at most one row per step of the period (day, week, month or year)
and exercise and side, or a capped list, so a report on ten years fetches about as
many rows as one on a month: the database does the scanning, over the indexes on the
times. The SQL is the same on SQLite and PostgreSQL except for the local-date
expressions (``store/sqltime``). The rows are plain records; ``glutetui.report``
turns them into what the page says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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

from glutetui.store.models import DoseChangeRow, SelfTestRow, SetRow, WorkoutRow
from glutetui.store.queries.report_lists import PAIN_AS_NUMBER, PeriodLists
from glutetui.store.sqltime import local_bucket
from glutetui.store.sqlwords import band_rank_sql
from glutetui.vocab import BANDS

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
        """Whole sets per step, program block, exercise and side."""
        at = local_bucket(SetRow.ended_at, self.bucket, self.dialect).label("at")
        query = (
            select(
                at,
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
                self._in_period(WorkoutRow.started_at),
                SetRow.partial.is_(False),
                SetRow.skipped.is_(False),  # passed over: no evidence
            )
            # By the column's name: the date is worked out once per row, and PostgreSQL
            # sees one expression (each spelling of it would bind its zone afresh).
            .group_by(
                literal_column("at"),
                WorkoutRow.program_id,
                SetRow.slot,
                SetRow.exercise_id,
                SetRow.side,
            )
            .order_by(at)
        )
        steps = []
        for (
            day,
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
            packed = int(ratings or 0)
            steps.append(
                SetStep(
                    day,
                    program,
                    slot,
                    exercise,
                    side,
                    int(n),
                    float(reps or 0),
                    float(hold or 0),
                    BANDS[int(band or 0)],
                    int(pain or 0),
                    tuple((packed >> (RATING_BITS * r)) & RATING_MASK for r in range(6)),
                )
            )
        return steps

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
