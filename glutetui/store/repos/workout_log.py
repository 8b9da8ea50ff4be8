"""The log's writes: a workout started and ended, each set upserted the moment it ends,
the effort check's answer and the pain flags put on an exercise's sets.

The caller owns the session; each finished set is committed by its caller (the one
writer's handler) the moment it ends, so a kill loses at most the set in progress.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from functools import cache
from typing import Any

import msgspec
from sqlalchemy import Boolean, TextualSelect, bindparam, column, literal_column, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from glutetui.records import LoggedSet, SetRecord, WorkoutRecord
from glutetui.store.models import SetRow, WorkoutRow
from glutetui.store.rows import new_uid, to
from glutetui.store.sqlwords import SET_TABLE
from glutetui.store.sums import add_set, refresh, with_fold
from glutetui.vocab import WorkoutStatus

OPEN_STATUS: WorkoutStatus = "in-progress"
FINAL_STATUSES: tuple[WorkoutStatus, ...] = ("completed", "ended-early", "partial")

_SET_KEY = ("workout_id", "block", "set_index", "side")
# Everything a set row holds except its id and the effort answer, which comes later.
_SET_VALUES = ("workout_id", *(f for f in LoggedSet.__struct_fields__ if f != "effort"))
_NEW = "new_row"  # PostgreSQL's upsert says itself whether it inserted the set


def _upsert(dialect: str, values: Mapping[str, Any]) -> Any:
    """The one statement that logs a set: a redone set replaces its row, keeping the pain
    flag already given. SQLite and PostgreSQL spell ``ON CONFLICT … DO UPDATE`` alike."""
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(SET_TABLE).values(dict(values))
    replaced = {c: statement.excluded[c] for c in _SET_VALUES if c not in (*_SET_KEY, "pain")}
    return statement.on_conflict_do_update(index_elements=list(_SET_KEY), set_=replaced)


@cache
def _upsert_set(dialect: str) -> Any:
    """The set's upsert returning its row, built once (building it per call cost more
    than the disk)."""
    statement = _upsert(dialect, {c: bindparam(c) for c in _SET_VALUES})
    return statement.returning(*SET_TABLE.columns)


# Whether the set is already stored (a redo), built once like the upsert, on the table
# rather than the mapped class: a plain query skips the ORM's work on each call.
_STORED_SET = select(SET_TABLE.c.id).where(
    *(SET_TABLE.c[name] == bindparam(name) for name in _SET_KEY)
)


@cache
def _log_on_server(dialect: Dialect) -> TextualSelect:
    """PostgreSQL: the set's upsert and, for a new set, its fold into the block's summary,
    as one statement (``sums.with_fold``). Whether the row is new comes back with it: a
    row just inserted has no deleting or locking transaction (xmax 0), one replaced by
    the upsert has this one's."""
    markers: dict[str, Any] = {c: literal_column(f":{c}") for c in _SET_VALUES}
    upsert = _upsert("postgresql", markers).returning(
        *SET_TABLE.columns, literal_column("xmax = 0").label(_NEW)
    )
    returned = (SET_TABLE.c.id, SET_TABLE.c.effort, SET_TABLE.c.pain)
    statement = with_fold(upsert, _NEW, dialect, [c.name for c in returned] + [_NEW])
    return statement.columns(*returned, column(_NEW, Boolean))


class WorkoutLog:
    """Writes to the workouts and their sets."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def start(
        self,
        program_id: str,
        program_name: str,
        plan: str,
        started_at: datetime,
        *,
        device: str = "",
        lease: str = "",
    ) -> WorkoutRecord:
        row = WorkoutRow(
            uid=new_uid(),
            program_id=program_id,
            program_name=program_name,
            started_at=started_at,
            status=OPEN_STATUS,
            plan=plan,
            note="",
            device=device,
            lease=lease,
            heartbeat_at=started_at if lease else None,
        )
        self.session.add(row)
        self.session.flush()
        return to(WorkoutRecord, row)

    def finish(
        self,
        workout_id: int,
        status: WorkoutStatus,
        ended_at: datetime,
        active_seconds: float | None = None,
    ) -> None:
        if status not in FINAL_STATUSES:
            raise ValueError(f"unknown final status {status!r}")
        changes: dict[str, Any] = {"status": status, "ended_at": ended_at}
        if active_seconds is not None:
            changes["active_seconds"] = active_seconds
        self.session.execute(
            update(WorkoutRow).where(WorkoutRow.id == workout_id).values(**changes)
        )

    def set_pain_today(self, workout_id: int, score: int | None, note: str) -> None:
        """Pain today on the 0-10 scale and a note, kept with the workout."""
        if score is not None and not 0 <= score <= 10:
            raise ValueError("pain is scored from 0 to 10")
        self.session.execute(
            update(WorkoutRow)
            .where(WorkoutRow.id == workout_id)
            .values(pain_score=score, pain_note=note[:500])
            .execution_options(synchronize_session=False)
        )

    def log_set(self, workout_id: int, logged: LoggedSet) -> SetRecord:
        """Write one finished set; a redone set replaces the row it redoes (keeping the
        pain flag already given)."""
        values = {name: getattr(logged, name) for name in _SET_VALUES if name != "workout_id"}
        values["workout_id"] = workout_id
        dialect = self.session.get_bind().dialect
        if dialect.name == "postgresql":
            row = self.session.execute(_log_on_server(dialect), values).one()
            if not getattr(row, _NEW):  # redone: its block is summed again
                refresh(self.session, (workout_id,), logged.block)
            # The row is the set as given, but for what a redo keeps from the row it
            # replaced: the effort answer and the pain flag.
            kept = {"effort": row.effort, "pain": row.pain}
            return SetRecord(
                **(msgspec.structs.asdict(logged) | kept), id=row.id, workout_id=workout_id
            )
        new = self.session.scalar(_STORED_SET, {k: values[k] for k in _SET_KEY}) is None
        row = self.session.execute(_upsert_set(dialect.name), values).one()
        # Its block's summary: a new set folds in; a set redone sums the block again.
        if new:
            add_set(self.session, row.id)
        else:
            refresh(self.session, (workout_id,), logged.block)
        return to(SetRecord, row)

    def rate_block(
        self,
        workout_id: int,
        block: int,
        effort: int | None,
        pain: bool | Collection[str] | None,
        corrections: Mapping[tuple[int, str], float] | None = None,
    ) -> None:
        """Put the effort check's answer on every set of one exercise of a workout.

        Without an effort the exercise stays unrated (nobody gave a rating); the pain
        and any corrected amounts are kept all the same. ``pain`` names the sides it was
        felt on (``both`` for a two-legged exercise); a plain yes means every side. A
        skipped set was not done: it takes no rating and no pain flag."""
        if effort is not None and not 1 <= effort <= 5:
            raise ValueError("effort is rated from 1 to 5")
        rows = self.session.scalars(
            select(SetRow).where(SetRow.workout_id == workout_id, SetRow.block == block)
        ).all()
        for row in rows:
            if row.skipped:
                continue
            if effort is not None:
                row.effort = effort
            if pain is not None:  # None: the pain flags stay as they are
                row.pain = pain if isinstance(pain, bool) else row.side in pain
                row.pain_side_known = True
            fixed = (corrections or {}).get((row.set_index, row.side))
            if fixed is None:
                continue
            if row.kind == "hold":
                row.hold_seconds = max(0.0, float(fixed))
            else:
                row.reps = max(0, int(fixed))
        refresh(self.session, (workout_id,), block)

    def toggle_pain(self, workout_id: int, block: int, side: str) -> None:
        """Flag pain on one side of an exercise of a workout, or take the flag back (on
        a two-legged exercise, any side means both legs; ``both`` on a sided one means
        each side). Skipped sets were not done: they take no flag."""
        rows = self.session.scalars(
            select(SetRow).where(
                SetRow.workout_id == workout_id, SetRow.block == block, SetRow.skipped.is_(False)
            )
        ).all()
        sides = {r.side for r in rows}
        if sides == {"both"}:
            wanted = {"both"}
        elif side == "both":
            wanted = sides - {"both"}
        else:
            wanted = {side} & sides
        chosen = [r for r in rows if r.side in wanted]
        if not chosen:
            return
        on = not all(r.pain and r.pain_side_known for r in chosen)
        for row in rows:
            if row.side in wanted:
                row.pain = on
            elif not row.pain_side_known:
                row.pain = False  # an old flag of unknown side gives way to the side named
            row.pain_side_known = True
        refresh(self.session, (workout_id,), block)
