"""Workouts and their sets: the log itself.

The caller owns the session (one per user action or command); nothing here opens,
commits or closes one. Each finished set is committed by its caller the moment it
ends, so a kill loses at most the set in progress.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, distinct, exists, func, select, update
from sqlalchemy.orm import Session

from glutetui.store.models import SetRow, WorkoutRow
from glutetui.store.records import (
    LoggedSet,
    Marks,
    SetRecord,
    SlotWorkout,
    UnfinishedWorkout,
    WorkoutRecord,
    WorkoutSummary,
)
from glutetui.store.rows import new_uid, to
from glutetui.vocab import BANDS, WorkoutStatus

OPEN_STATUS: WorkoutStatus = "in-progress"
FINAL_STATUSES: tuple[WorkoutStatus, ...] = ("completed", "ended-early", "partial")

_SET_TABLE = cast(Table, SetRow.__table__)
_SET_KEY = ("workout_id", "block", "set_index", "side")
# Everything a set row holds except its id and the effort answer, which comes later.
_SET_VALUES = ("workout_id", *(f for f in LoggedSet.__struct_fields__ if f != "effort"))
_BAND_RANK = case({band: rank for rank, band in enumerate(BANDS)}, value=SetRow.band, else_=0)


@cache
def _upsert_set(dialect: str) -> Any:
    """The one statement that logs a set, built once per dialect: a redone set replaces
    its row, keeping the pain flag already given (building it per call cost more than
    the disk). SQLite and PostgreSQL spell ``ON CONFLICT … DO UPDATE`` the same way."""
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(_SET_TABLE).values({c: bindparam(c) for c in _SET_VALUES})
    replaced = {c: statement.excluded[c] for c in _SET_VALUES if c not in (*_SET_KEY, "pain")}
    return statement.on_conflict_do_update(index_elements=list(_SET_KEY), set_=replaced).returning(
        *_SET_TABLE.columns
    )


def _summary(row: Any) -> WorkoutSummary:
    return WorkoutSummary(
        workout=to(WorkoutRecord, row[0]),
        sets=row.sets or 0,
        reps=row.reps or 0,
        hold_seconds=float(row.hold or 0.0),
        # The mean divided here: PostgreSQL's AVG of integers is a rounded decimal, so
        # its float could differ from SQLite's in the last digit.
        effort=row.effort_sum / row.rated if row.rated else None,
        pain=int(row.pain or 0),
        unrated=int(row.unrated or 0),
    )


class Workouts:
    """Workouts, their sets and what is read from them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- writing --------------------------------------------------------------------------

    def start(
        self, program_id: str, program_name: str, plan: str, started_at: datetime
    ) -> WorkoutRecord:
        row = WorkoutRow(
            uid=new_uid(),
            program_id=program_id,
            program_name=program_name,
            started_at=started_at,
            status=OPEN_STATUS,
            plan=plan,
            note="",
        )
        self.session.add(row)
        self.session.flush()
        return to(WorkoutRecord, row)

    def finish(self, workout_id: int, status: WorkoutStatus, ended_at: datetime) -> None:
        if status not in FINAL_STATUSES:
            raise ValueError(f"unknown final status {status!r}")
        self.session.execute(
            update(WorkoutRow)
            .where(WorkoutRow.id == workout_id)
            .values(status=status, ended_at=ended_at)
        )

    def close_as_partial(self, workout_id: int) -> None:
        """Close an abandoned workout, ending it at its last logged set.

        Only while it is still in progress: another device sharing the history may
        have just finished it, and its own end is the one to keep."""
        last = (
            select(func.max(SetRow.ended_at))
            .where(SetRow.workout_id == workout_id)
            .scalar_subquery()
        )
        self.session.execute(
            update(WorkoutRow)
            .where(WorkoutRow.id == workout_id, WorkoutRow.status == OPEN_STATUS)
            .values(status="partial", ended_at=func.coalesce(last, WorkoutRow.started_at))
            .execution_options(synchronize_session=False)
        )

    def log_set(self, workout_id: int, logged: LoggedSet) -> SetRecord:
        """Write one finished set; a redone set replaces the row it redoes (keeping the
        pain flag already given)."""
        values = {name: getattr(logged, name) for name in _SET_VALUES if name != "workout_id"}
        statement = _upsert_set(self.session.get_bind().dialect.name)
        row = self.session.execute(statement, {"workout_id": workout_id, **values}).one()
        return to(SetRecord, row)

    def rate_block(
        self,
        workout_id: int,
        block: int,
        effort: int,
        pain: bool,
        corrections: Mapping[tuple[int, str], float] | None = None,
    ) -> None:
        """Put the effort check's answer on every set of one exercise of a workout."""
        if not 1 <= effort <= 5:
            raise ValueError("effort is rated from 1 to 5")
        rows = self.session.scalars(
            select(SetRow).where(SetRow.workout_id == workout_id, SetRow.block == block)
        ).all()
        for row in rows:
            row.effort = effort
            row.pain = pain
            fixed = (corrections or {}).get((row.set_index, row.side))
            if fixed is None:
                continue
            if row.kind == "hold":
                row.hold_seconds = max(0.0, float(fixed))
            else:
                row.reps = max(0, int(fixed))

    # --- reading one workout ----------------------------------------------------------------

    def get(self, workout_id: int) -> WorkoutRecord | None:
        row = self.session.get(WorkoutRow, workout_id)
        return None if row is None else to(WorkoutRecord, row)

    def sets_of(self, workout_id: int) -> list[SetRecord]:
        rows = self.session.scalars(
            select(SetRow)
            .where(SetRow.workout_id == workout_id)
            .order_by(SetRow.block, SetRow.set_index, SetRow.started_at)
        )
        return [to(SetRecord, r) for r in rows]

    def unfinished(self) -> UnfinishedWorkout | None:
        row = self.session.scalars(
            select(WorkoutRow)
            .where(WorkoutRow.status == OPEN_STATUS)
            .order_by(WorkoutRow.started_at.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        sets = self.session.scalars(
            select(SetRow).where(SetRow.workout_id == row.id).order_by(SetRow.id)
        )
        return UnfinishedWorkout(
            to(WorkoutRecord, row), row.plan, tuple(to(SetRecord, s) for s in sets)
        )

    # --- reading many -----------------------------------------------------------------------

    def count(self) -> int:
        return self.session.scalar(select(func.count(WorkoutRow.id))) or 0

    def page(self, limit: int = 50, offset: int = 0) -> list[WorkoutSummary]:
        """Workouts newest first with their totals; one page, aggregated in SQL."""
        page = (
            select(WorkoutRow.id)
            .order_by(WorkoutRow.started_at.desc(), WorkoutRow.id.desc())
            .limit(limit)
            .offset(offset)
            .subquery()
        )
        totals = (
            select(
                SetRow.workout_id,
                func.count(SetRow.id).label("sets"),
                func.coalesce(func.sum(SetRow.reps), 0).label("reps"),
                func.coalesce(func.sum(SetRow.hold_seconds), 0.0).label("hold"),
                func.sum(SetRow.effort).label("effort_sum"),
                func.count(SetRow.effort).label("rated"),
                func.count(case((SetRow.pain, 1))).label("pain"),
                func.count(distinct(case((SetRow.effort.is_(None), SetRow.block)))).label(
                    "unrated"
                ),
            )
            .where(SetRow.workout_id.in_(select(page.c.id)))
            .group_by(SetRow.workout_id)
            .subquery()
        )
        query = (
            select(WorkoutRow, totals)
            .join(page, page.c.id == WorkoutRow.id)
            .outerjoin(totals, totals.c.workout_id == WorkoutRow.id)
            .order_by(WorkoutRow.started_at.desc(), WorkoutRow.id.desc())
        )
        return [_summary(row) for row in self.session.execute(query)]

    def last(self) -> WorkoutSummary | None:
        rows = self.page(limit=1)
        return rows[0] if rows else None

    def recent_programs(self, since: datetime) -> list[str]:
        """Program ids of workouts with sets since a moment, newest first."""
        query = (
            select(WorkoutRow.program_id)
            .where(WorkoutRow.started_at >= since)
            # Asked per workout in the window (an index probe each): a list of every
            # workout with sets would read the whole log, ten years of it.
            .where(exists().where(SetRow.workout_id == WorkoutRow.id))
            .order_by(WorkoutRow.started_at.desc())
        )
        return list(self.session.scalars(query))

    def best_marks(
        self, exercise_ids: Sequence[str], exclude_workout: int
    ) -> dict[tuple[str, str], Marks]:
        """The best reps in a set, longest hold and heaviest band per exercise and side."""
        query = (
            select(
                SetRow.exercise_id,
                SetRow.side,
                func.max(SetRow.reps),
                func.max(SetRow.hold_seconds),
                func.max(_BAND_RANK),
            )
            .where(SetRow.exercise_id.in_(exercise_ids), SetRow.workout_id != exclude_workout)
            .group_by(SetRow.exercise_id, SetRow.side)
        )
        return {
            (ex, side): Marks(reps, hold, BANDS[band or 0])
            for ex, side, reps, hold, band in self.session.execute(query)
        }

    def slots(self) -> list[str]:
        """Every program slot with at least one logged set."""
        return sorted(self.session.scalars(select(SetRow.slot).distinct()))

    def slot_histories(self, slots: Sequence[str], workouts: int) -> dict[str, list[SlotWorkout]]:
        """For each slot, its latest workouts with sets under it, newest first.

        Three queries whatever the number of slots or workouts: the latest workouts
        per slot (ranked in SQL), their sets, and the workouts themselves.
        """
        if not slots:
            return {}
        last_set = func.max(SetRow.ended_at)
        ranked = (
            select(
                SetRow.slot,
                SetRow.workout_id,
                last_set.label("last"),
                func.row_number()
                .over(partition_by=SetRow.slot, order_by=last_set.desc())
                .label("rank"),
            )
            .where(SetRow.slot.in_(slots))
            .group_by(SetRow.slot, SetRow.workout_id)
            .subquery()
        )
        pairs = self.session.execute(
            select(ranked.c.slot, ranked.c.workout_id)
            .where(ranked.c.rank <= workouts)
            .order_by(ranked.c.slot, ranked.c.rank)
        ).all()
        if not pairs:
            return {}
        ids = {workout_id for _, workout_id in pairs}
        found = {
            w.id: w for w in self.session.scalars(select(WorkoutRow).where(WorkoutRow.id.in_(ids)))
        }
        sets: dict[tuple[str, int], list[SetRecord]] = {}
        for row in self.session.scalars(
            select(SetRow)
            .where(SetRow.workout_id.in_(ids), SetRow.slot.in_(slots))
            .order_by(SetRow.set_index, SetRow.id)
        ):
            sets.setdefault((row.slot, row.workout_id), []).append(to(SetRecord, row))
        out: dict[str, list[SlotWorkout]] = {}
        for slot, workout_id in pairs:
            w = found[workout_id]
            out.setdefault(slot, []).append(
                SlotWorkout(to(WorkoutRecord, w), w.plan, tuple(sets.get((slot, workout_id), ())))
            )
        return out
