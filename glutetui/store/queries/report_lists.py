"""The report's lists over one period, through the caller's session: the workout log (or
its sums per week, month or year on a long period), every pain flag with the sides it
was felt on, pain today with its note, the suggestions left pending or dismissed, and
the latest self-tests.

Each list is capped or summed per step, so a report on ten years reads about as many
rows as one on a month. ``ReportRows`` (``report.py``) adds the sums per step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, and_, cast, exists, func, literal_column, or_, select
from sqlalchemy.orm import Session

from glutetui.records import SelfTestRecord, SuggestionRecord
from glutetui.store.models import (
    BLOCK_SUMS,
    SelfTestRow,
    SetRow,
    SuggestionRow,
    WorkoutRow,
    side_column,
)
from glutetui.store.repos.suggestions import record as suggestion_record
from glutetui.store.rows import to
from glutetui.store.sqltime import Bucket, dialect_of, local_bucket
from glutetui.vocab import SIDES

PAIN_AS_NUMBER = cast(SetRow.pain, Integer)  # 0 or 1 on both databases
# What the report lists of the suggestions: the ones not taken. Accepted ones are the
# dose changes, listed with each exercise; expired ones were never put to the person.
NOT_TAKEN = ("pending", "dismissed")


def _totals(per_block: Any) -> tuple[Any, ...]:
    """What a log row sums of its exercises (``_per_block``): sets, reps, seconds held,
    the ratings and how many there are (their mean is the effort), the exercises
    flagged for pain."""
    c = per_block.c
    return (
        func.sum(c.sets),
        func.sum(c.reps),
        func.sum(c.hold),
        func.sum(c.effort),
        func.count(c.effort),
        func.sum(c.pain),
    )


@dataclass(frozen=True, slots=True)
class LogRow:
    started: datetime
    active_seconds: float | None
    program: str
    status: str
    sets: int
    reps: int
    hold_seconds: float
    effort: float | None  # the mean of its exercises' ratings
    pain: int  # exercises flagged with pain
    pain_score: int | None
    pain_note: str
    span_seconds: float | None = None  # from start to end (for a workout without active time)


@dataclass(frozen=True, slots=True)
class LogStepRow:
    """The workouts of one week, month or year of a long period, summed."""

    at: date
    workouts: int
    active_seconds: float  # where known
    sets: int
    reps: int
    hold_seconds: float
    effort: float | None  # the mean of the exercises' ratings
    pain_workouts: int  # pain flags: exercises of a workout flagged with pain
    pain_score: float | None  # the mean of the scores given


@dataclass(frozen=True, slots=True)
class PainRow:
    """Pain flagged on one exercise of one workout, with the sides it was felt on."""

    started: datetime
    program: str
    exercise_id: str
    sides: tuple[str, ...]
    side_known: bool  # False: a flag from before pain was kept per side
    effort: int | None
    program_id: str = ""
    slot: str = ""


class PeriodLists:
    """The period, its helpers, and the report's lists."""

    def __init__(self, session: Session, start: datetime, end: datetime, bucket: Bucket) -> None:
        self.session = session
        self.start = start
        self.end = end
        self.bucket = bucket
        self.dialect = dialect_of(session)

    def _in_period(self, column: Any) -> Any:
        return and_(column >= self.start, column < self.end)

    def _with_sets(self) -> Any:
        return exists().where(SetRow.workout_id == WorkoutRow.id)

    def _flagged_in_period(self) -> Any:
        """Sets of the workouts started in the period with a pain flag on any set, found
        through their block summaries (most workouts have none)."""
        b = BLOCK_SUMS.c
        return SetRow.workout_id.in_(
            select(b.workout_id).where(self._in_period(b.started_at), b.pain_any == 1)
        )

    def log(self, limit: int) -> list[LogRow]:
        """The latest workouts of the period with their totals, oldest first."""
        page = (
            select(WorkoutRow.id)
            .where(self._in_period(WorkoutRow.started_at), self._with_sets())
            .order_by(WorkoutRow.started_at.desc(), WorkoutRow.id.desc())
            .limit(limit)
            .subquery()
        )
        per_block = self._per_block(BLOCK_SUMS.c.workout_id.in_(select(page.c.id)))
        query = (
            select(
                WorkoutRow.started_at,
                WorkoutRow.active_seconds,
                WorkoutRow.program_name,
                WorkoutRow.status,
                *_totals(per_block),
                WorkoutRow.pain_score,
                WorkoutRow.pain_note,
                WorkoutRow.ended_at,
            )
            .join(per_block, per_block.c.workout_id == WorkoutRow.id)
            .group_by(
                WorkoutRow.id,
                WorkoutRow.active_seconds,
                WorkoutRow.pain_score,
                WorkoutRow.pain_note,
            )
            .order_by(WorkoutRow.started_at, WorkoutRow.id)
        )
        return [
            LogRow(
                started,
                active,
                program,
                status,
                int(sets or 0),
                int(reps or 0),
                float(hold or 0),
                float(effort) / int(rated) if rated else None,
                int(pain or 0),
                score,
                note or "",
                None if ended is None else (ended - started).total_seconds(),
            )
            for (
                started,
                active,
                program,
                status,
                sets,
                reps,
                hold,
                effort,
                rated,
                pain,
                score,
                note,
                ended,
            ) in self.session.execute(query)
        ]

    def _per_block(self, where: Any) -> Any:
        """Per exercise of the given workouts, from the block summaries: its sets and
        what they did (skipped sets left out), its rating (every set of it carries the
        one rating) and whether pain was flagged on it. A workout's effort is the mean
        of its exercises' ratings, its pain flags the exercises flagged."""
        b = BLOCK_SUMS.c
        return (
            select(
                b.workout_id.label("workout_id"),
                func.sum(sum(b[side_column(side, "sets")] for side in SIDES)).label("sets"),
                func.sum(b.reps).label("reps"),
                func.sum(b.hold).label("hold"),
                func.max(b.effort).label("effort"),
                func.max(b.pain_any).label("pain"),
            )
            .where(where)
            .group_by(b.workout_id, b.block)
            .subquery()
        )

    def log_steps(self, bucket: Bucket) -> list[LogStepRow]:
        """The period's workouts summed per week, month or year, oldest first: two
        queries, one over the workouts (time trained and pain today are theirs), one
        over their sets."""
        at = local_bucket(WorkoutRow.started_at, bucket, self.dialect).label("at")
        workouts = (
            select(
                at,
                func.count(WorkoutRow.id),
                func.coalesce(func.sum(WorkoutRow.active_seconds), 0.0),
                func.avg(WorkoutRow.pain_score),
            )
            .where(self._in_period(WorkoutRow.started_at), self._with_sets())
            .group_by(literal_column("at"))
        )
        b = BLOCK_SUMS.c
        # Per exercise of a workout (its rating and pain flag counted once), then per step
        # of the workouts' start: no join, no per-workout level.
        per_block = (
            select(
                func.max(b.started_at).label("started_at"),
                func.sum(sum(b[side_column(side, "sets")] for side in SIDES)).label("sets"),
                func.sum(b.reps).label("reps"),
                func.sum(b.hold).label("hold"),
                func.max(b.effort).label("effort"),
                func.max(b.pain_any).label("pain"),
            )
            .where(self._in_period(b.started_at))
            .group_by(b.workout_id, b.block)
            .subquery()
        )
        step = local_bucket(per_block.c.started_at, bucket, self.dialect).label("at")
        sets = select(
            step,
            *_totals(per_block),
        ).group_by(literal_column("at"))
        summed = {row[0]: row[1:] for row in self.session.execute(sets)}
        out = []
        for day, n, active, score in self.session.execute(workouts):
            n_sets, reps, hold, effort, rated, pain = summed.get(day, (0, 0, 0.0, 0, 0, 0))
            out.append(
                LogStepRow(
                    day,
                    int(n),
                    float(active or 0),
                    int(n_sets or 0),
                    int(reps or 0),
                    float(hold or 0),
                    float(effort) / int(rated) if rated else None,
                    int(pain or 0),
                    None if score is None else float(score),
                )
            )
        return sorted(out, key=lambda r: r.at)

    def pain(self, limit: int) -> tuple[list[PainRow], int]:
        """Each exercise flagged with pain in a workout, with the sides it was felt on,
        newest first, at most ``limit`` of them; and how many there were."""
        query = (
            select(
                SetRow.workout_id,
                SetRow.block,
                WorkoutRow.started_at,
                WorkoutRow.program_name,
                WorkoutRow.program_id,
                SetRow.slot,
                SetRow.exercise_id,
                SetRow.side,
                SetRow.pain_side_known,
                SetRow.effort,
            )
            .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
            .where(SetRow.pain.is_(True), self._flagged_in_period())
            .order_by(WorkoutRow.started_at.desc(), SetRow.block, SetRow.side)
        )
        # Pain is rare: every flag of the period is read, the newest listed.
        found: dict[tuple[int, int], list[Any]] = {}
        for row in self.session.execute(query):
            found.setdefault((row.workout_id, row.block), []).append(row)
        rows = []
        for group in found.values():
            first = group[0]
            sides = tuple(dict.fromkeys(r.side for r in group))
            rows.append(
                PainRow(
                    first.started_at,
                    first.program_name,
                    first.exercise_id,
                    sides,
                    all(r.pain_side_known for r in group),
                    first.effort,
                    first.program_id,
                    first.slot,
                )
            )
        return rows[:limit], len(rows)

    def pain_scores(self) -> list[tuple[datetime, int | None, str]]:
        """Pain today (0-10) and its note, per workout of the period that has either,
        oldest first. A long period has one a day at most, so this stays small."""
        query = (
            select(WorkoutRow.started_at, WorkoutRow.pain_score, WorkoutRow.pain_note)
            .where(
                self._in_period(WorkoutRow.started_at),
                or_(WorkoutRow.pain_score.is_not(None), WorkoutRow.pain_note != ""),
            )
            .order_by(WorkoutRow.started_at)
        )
        return [(at, score, note or "") for at, score, note in self.session.execute(query)]

    def suggestions_not_taken(self, limit: int) -> tuple[list[SuggestionRecord], int]:
        """The period's suggestions still pending or dismissed, newest first, at most
        ``limit``; and how many there were."""
        where = (self._in_period(SuggestionRow.created_at), SuggestionRow.status.in_(NOT_TAKEN))
        total = self.session.scalar(select(func.count(SuggestionRow.id)).where(*where)) or 0
        rows = self.session.scalars(
            select(SuggestionRow)
            .where(*where)
            .order_by(SuggestionRow.created_at.desc(), SuggestionRow.id.desc())
            .limit(limit)
        )
        return [suggestion_record(r) for r in rows], int(total)

    def stance_tests(self, limit: int) -> list[SelfTestRecord]:
        """The latest self-test sides of the period, oldest first."""
        latest = self.session.scalars(
            select(SelfTestRow)
            .where(self._in_period(SelfTestRow.taken_at))
            .order_by(SelfTestRow.taken_at.desc(), SelfTestRow.id.desc())
            .limit(limit)
        )
        return [to(SelfTestRecord, t) for t in reversed(list(latest))]
