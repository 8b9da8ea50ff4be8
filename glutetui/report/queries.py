"""The report's queries, read through the caller's session and aggregated in SQL.

Each query returns at most one row per step of the period (day, week or month, see
``Period.bucket``) and exercise and side, or a capped list, so a report on ten years
fetches about as many rows as one on a month: the database does the scanning, over
the indexes on the times. The SQL is the same on SQLite and PostgreSQL except for
the local-date expressions, which ``sqltime`` picks per dialect.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    and_,
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

from glutetui.catalog import Catalog
from glutetui.measures.tension import TensionRow, tension_rows
from glutetui.measures.words import dose_words
from glutetui.readouts.progress_figures import ProgressFigures
from glutetui.report.figures import (
    DoseChangeLine,
    ExerciseFigures,
    PainFlag,
    ProgramUse,
    StancePoint,
    StanceTest,
    WorkoutLine,
)
from glutetui.report.fold import (
    RATING_BITS,
    SetStep,
    efforts_of,
    points_of,
    tension_step,
)
from glutetui.report.period import Period, days_in, step_after, step_start
from glutetui.store import insights
from glutetui.store.models import DoseChangeRow, SelfTestRow, SetRow, WorkoutRow
from glutetui.store.records import Dose
from glutetui.store.sqltime import Bucket as SqlBucket
from glutetui.store.sqltime import local_bucket
from glutetui.store.sqlwords import band_rank_sql
from glutetui.vocab import BlockRef

# Lists that could grow with the period are capped; the report says how many were left out.
PAIN_LIMIT = 30
LOG_LIMIT = 30
CHANGES_LIMIT = 12
STANCE_LIMIT = 12

_BAND_RANK = band_rank_sql(SetRow.band)
_PAIN = cast(SetRow.pain, Integer)  # 0 or 1 on both databases
# How each exercise was rated, counted on its first set (every set of it carries the
# rating). Six counts (unrated, then 1 to 5) travel in one sum: rating r adds 1 << 10r,
# so each count has ten bits (fold.RATING_BITS). A step of the query is at most a month
# of one exercise and side, far below 1024 workouts, and each extra aggregate costs a
# call per set: one sum here instead of six, or of a query of its own, keeps ten years
# of sets cheap.
_RATINGS = func.sum(
    case(
        (
            SetRow.set_index == 0,
            cast(literal(1), BigInteger).op("<<")(RATING_BITS * func.coalesce(SetRow.effort, 0)),
        ),
        else_=0,
    )
)


class Reader:
    """The report's queries over one period, through the caller's session."""

    def __init__(self, session: Session, catalog: Catalog, period: Period, dialect: str) -> None:
        self.session = session
        self.catalog = catalog
        self.period = period
        self.dialect = dialect

    def name(self, exercise_id: str) -> str:
        return self.catalog.name_of(exercise_id)

    def _in_period(self, column: Any) -> Any:
        return and_(column >= self.period.start, column < self.period.end)

    def _workouts_with_sets(self) -> Any:
        return exists().where(SetRow.workout_id == WorkoutRow.id)

    def _sets_in_period(self) -> Any:
        """Sets of the workouts started in the period: found through the index on the
        workouts' start, so a short period on a long history reads only its own rows (and
        a long one costs no more than reading the table straight through)."""
        return SetRow.workout_id.in_(
            select(WorkoutRow.id).where(self._in_period(WorkoutRow.started_at)).scalar_subquery()
        )

    # --- workouts -------------------------------------------------------------------------

    def training_days(self) -> dict[date, int]:
        """Workouts with at least one set, per local day."""
        day = local_bucket(WorkoutRow.started_at, "day", self.dialect).label("day")
        query = (
            select(day, func.count(WorkoutRow.id))
            .where(self._in_period(WorkoutRow.started_at), self._workouts_with_sets())
            .group_by(literal_column("day"))
        )
        return {d: int(n) for d, n in self.session.execute(query)}

    def programs(self) -> tuple[ProgramUse, ...]:
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
            .where(self._in_period(WorkoutRow.started_at), self._workouts_with_sets())
            .group_by(WorkoutRow.program_id, WorkoutRow.program_name)
        )
        found = []
        for program_id, name, count, days, first, last in self.session.execute(query):
            program = self.catalog.programs.get(program_id)
            found.append(
                ProgramUse(
                    program_id=program_id,
                    name=name,
                    workouts=int(count),
                    days=int(days),
                    first=first.astimezone().date(),
                    last=last.astimezone().date(),
                    days_per_week=program.days_per_week if program is not None else None,
                )
            )
        return tuple(sorted(found, key=lambda p: (-p.workouts, p.name)))

    def log(self) -> tuple[WorkoutLine, ...]:
        """The latest workouts of the period with their totals, oldest first."""
        page = (
            select(WorkoutRow.id)
            .where(self._in_period(WorkoutRow.started_at), self._workouts_with_sets())
            .order_by(WorkoutRow.started_at.desc(), WorkoutRow.id.desc())
            .limit(LOG_LIMIT)
            .subquery()
        )
        query = (
            select(
                WorkoutRow.started_at,
                WorkoutRow.active_seconds,
                WorkoutRow.program_name,
                WorkoutRow.status,
                func.count(SetRow.id),
                func.coalesce(func.sum(SetRow.reps), 0),
                func.coalesce(func.sum(SetRow.hold_seconds), 0.0),
                func.avg(SetRow.effort),
                func.sum(_PAIN),
            )
            .join(page, page.c.id == WorkoutRow.id)
            .join(SetRow, SetRow.workout_id == WorkoutRow.id)
            .group_by(WorkoutRow.id, WorkoutRow.active_seconds)
            .order_by(WorkoutRow.started_at, WorkoutRow.id)
        )
        lines = []
        for row in self.session.execute(query):
            started, active, program, status, sets, reps, hold, effort, pain = row
            # Time trained; unknown (a dash) for workouts from before it was kept.
            minutes = None if active is None else active / 60
            lines.append(
                WorkoutLine(
                    started=started.astimezone().replace(tzinfo=None),
                    program=program,
                    minutes=minutes,
                    status=status,
                    sets=int(sets),
                    reps=int(reps or 0),
                    hold_seconds=float(hold or 0),
                    effort=None if effort is None else float(effort),
                    pain=int(pain or 0),
                )
            )
        return tuple(lines)

    def pain(self) -> tuple[tuple[PainFlag, ...], int]:
        """Each exercise flagged with pain in a workout, with the sides it was done on,
        newest first (pain is flagged once per exercise, in the effort check)."""
        flagged = (
            select(
                WorkoutRow.started_at,
                WorkoutRow.program_name,
                SetRow.exercise_id,
                func.min(SetRow.side),
                func.max(SetRow.side),
                func.max(SetRow.effort),
            )
            .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
            .where(SetRow.pain.is_(True), self._sets_in_period())
            .group_by(
                SetRow.workout_id,
                WorkoutRow.started_at,
                WorkoutRow.program_name,
                SetRow.block,
                SetRow.exercise_id,
            )
        )
        # Pain is rare: every flag of the period is read, and the newest are listed.
        rows = self.session.execute(
            flagged.order_by(WorkoutRow.started_at.desc(), SetRow.block)
        ).all()
        flags = tuple(
            PainFlag(
                started.astimezone().date(),
                self.name(exercise),
                first if first == last else f"{first} and {last}",
                effort,
                program,
            )
            for started, program, exercise, first, last, effort in rows[:PAIN_LIMIT]
        )
        return flags, len(rows)

    # --- exercises ------------------------------------------------------------------------

    def set_steps(self) -> list[SetStep]:
        at = local_bucket(SetRow.ended_at, self.period.sql_bucket, self.dialect).label("at")
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
                func.max(_BAND_RANK),
                func.sum(_PAIN),
                _RATINGS,
            )
            .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
            .where(self._in_period(WorkoutRow.started_at), SetRow.partial.is_(False))
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
        steps = [SetStep.of(row) for row in self.session.execute(query)]
        if self.period.bucket != self.period.sql_bucket:
            for step in steps:  # months into quarters or years; _points adds them up
                step.at = step_start(step.at, self.period.bucket)
        return steps

    def exercises(
        self, steps: list[SetStep], progress: ProgressFigures
    ) -> tuple[ExerciseFigures, ...]:
        """One section per program block used in the period, in program order, with the
        dose in force at the end of the period and the block's dose changes in it."""
        by_block: dict[BlockRef, list[SetStep]] = defaultdict(list)
        for step in steps:
            by_block[BlockRef(step.program, step.slot)].append(step)
        changes: dict[BlockRef, list[Any]] = defaultdict(list)
        # Plain rows, not ORM objects: a long period may hold hundreds of changes.
        for change in self.session.execute(
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
        ):
            changes[BlockRef(change.program_id, change.slot)].append(change)
        out = []
        for figures in progress.blocks:
            rows = by_block.get(figures.block, [])
            if not rows:
                continue
            slot = figures.block.slot
            known = self.catalog.exercises.get(slot)
            held = known.kind == "hold" if known else not any(r.reps for r in rows)
            kept = changes.get(figures.block, [])
            shown = kept[-CHANGES_LIMIT:]
            out.append(
                ExerciseFigures(
                    block=figures.block,
                    program=figures.program,
                    name=figures.name,
                    variants=tuple(
                        sorted({self.name(r.exercise) for r in rows if r.exercise != slot})
                    ),
                    held=held,
                    dose=figures.dose_text,
                    dose_changed=figures.dose_changed,
                    points=points_of(rows, held),
                    efforts=efforts_of(rows),
                    changes=tuple(
                        DoseChangeLine(
                            c.changed_at.astimezone().date(),
                            dose_words(
                                Dose(
                                    exercise_id=c.exercise_id,
                                    sets=c.sets,
                                    reps=c.reps,
                                    hold=c.hold,
                                    band=c.band,
                                ),
                                self.catalog,
                            ),
                            c.reason,
                        )
                        for c in shown
                    ),
                    changes_left_out=len(kept) - len(shown),
                )
            )
        return tuple(out)

    def tension(self) -> list[TensionRow]:
        """Time under tension per step of the chart (weeks for short periods), every step
        of the period shown, empty ones too."""
        step = tension_step(self.period)
        grouped: SqlBucket = "month" if step == "quarter" else step
        found = insights.tension(self.session, self.period.start, self.period.end, grouped)
        steps = []
        at = step_start(self.period.since, step)
        while at <= self.period.until:
            # A week's own total for weekly steps (a part week at an edge is not scaled up).
            weeks = 1.0 if step == "week" else max(1, days_in(at, step, self.period)) / 7
            steps.append((at, weeks))
            at = step_after(at, step)
        return tension_rows(((step_start(t.at, step), t.side, t.seconds) for t in found), steps)

    # --- self-tests -----------------------------------------------------------------------

    def stance(self) -> tuple[tuple[StancePoint, ...], tuple[StanceTest, ...], int]:
        at = local_bucket(SelfTestRow.taken_at, self.period.sql_bucket, self.dialect).label("at")
        in_period = self._in_period(SelfTestRow.taken_at)
        steps = self.session.execute(
            select(
                at,
                SelfTestRow.side,
                func.count(SelfTestRow.id),
                func.avg(SelfTestRow.hold_seconds),
                func.sum(case((SelfTestRow.level.is_(True), 1), else_=0)),
            )
            .where(in_period)
            .group_by(literal_column("at"), SelfTestRow.side)
            .order_by(at)
        )
        folded: dict[tuple[date, str], list[float]] = defaultdict(lambda: [0, 0.0, 0])
        for day, side, n, hold, level in steps:
            totals = folded[(step_start(day, self.period.bucket), side)]
            totals[0] += n
            totals[1] += float(hold or 0) * n
            totals[2] += int(level or 0)
        points = tuple(
            StancePoint(day, side, int(n), held / n, int(level))
            for (day, side), (n, held, level) in sorted(folded.items())
        )
        latest = self.session.scalars(
            select(SelfTestRow)
            .where(in_period)
            .order_by(SelfTestRow.taken_at.desc(), SelfTestRow.id.desc())
            .limit(STANCE_LIMIT)
        )
        tests = tuple(
            StanceTest(
                t.taken_at.astimezone().replace(tzinfo=None),
                t.side,
                t.stage,
                t.target_seconds,
                t.hold_seconds,
                t.level,
            )
            for t in reversed(list(latest))
        )
        return points, tests, sum(p.tests for p in points)


def first_day(session: Session) -> date | None:
    """The local day of the first workout with sets, if there is one."""
    first = session.scalar(
        select(func.min(WorkoutRow.started_at)).where(
            exists().where(SetRow.workout_id == WorkoutRow.id)
        )
    )
    return None if first is None else first.astimezone().date()
