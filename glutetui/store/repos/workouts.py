"""Workouts and their sets: the log itself.

The caller owns the session (one per user action or command); nothing here opens,
commits or closes one. Each finished set is committed by its caller the moment it
ends, so a kill loses at most the set in progress.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, distinct, func, select, update
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
from glutetui.store.sqlwords import band_rank_sql
from glutetui.vocab import BANDS, BlockRef, WorkoutStatus

OPEN_STATUS: WorkoutStatus = "in-progress"
FINAL_STATUSES: tuple[WorkoutStatus, ...] = ("completed", "ended-early", "partial")

_SET_TABLE = cast(Table, SetRow.__table__)
_SET_KEY = ("workout_id", "block", "set_index", "side")
# Everything a set row holds except its id and the effort answer, which comes later.
_SET_VALUES = ("workout_id", *(f for f in LoggedSet.__struct_fields__ if f != "effort"))


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


def _free(mine: str, lapsed: datetime) -> Any:
    """A workout no other copy of the app holds: no lease, ours, or not renewed since
    ``lapsed``."""
    return (
        (WorkoutRow.lease == "")
        | (WorkoutRow.lease == mine)
        | WorkoutRow.heartbeat_at.is_(None)
        | (WorkoutRow.heartbeat_at < lapsed)
    )


class Workouts:
    """Workouts, their sets and what is read from them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- writing --------------------------------------------------------------------------

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

    def set_active(self, workout_id: int, seconds: float) -> None:
        """Time trained so far (written with each set, so a crash keeps it)."""
        self.session.execute(
            update(WorkoutRow)
            .where(WorkoutRow.id == workout_id)
            .values(active_seconds=seconds)
            .execution_options(synchronize_session=False)
        )

    def heartbeat(self, workout_id: int, lease: str, at: datetime) -> bool:
        """Renew a running workout's lease; False when another copy took it over."""
        done = self.session.execute(
            update(WorkoutRow)
            .where(WorkoutRow.id == workout_id, WorkoutRow.lease == lease)
            .where(WorkoutRow.status == OPEN_STATUS)
            .values(heartbeat_at=at)
            .execution_options(synchronize_session=False)
        )
        return bool(cast(Any, done).rowcount)

    def holds(self, workout_id: int, lease: str) -> bool:
        """Whether the copy with ``lease`` still holds the workout (no other device took
        it over)."""
        found = self.session.execute(
            select(WorkoutRow.lease).where(WorkoutRow.id == workout_id)
        ).scalar_one_or_none()
        return found == lease

    def take_over(
        self, workout_id: int, device: str, lease: str, at: datetime, lapsed: datetime
    ) -> bool:
        """Take the lease of an unfinished workout to resume it, only if no other copy
        holds it (its heartbeat is older than ``lapsed``, or the lease is ours)."""
        done = self.session.execute(
            update(WorkoutRow)
            .where(WorkoutRow.id == workout_id, WorkoutRow.status == OPEN_STATUS)
            .where(_free(lease, lapsed))
            .values(device=device, lease=lease, heartbeat_at=at)
            .execution_options(synchronize_session=False)
        )
        return bool(cast(Any, done).rowcount)

    def close_lapsed(self, lapsed: datetime, mine: str = "") -> None:
        """Close as partial every unfinished workout no copy of the app holds any more
        (never one another device is running now)."""
        for workout_id in self.session.scalars(
            select(WorkoutRow.id).where(WorkoutRow.status == OPEN_STATUS, _free(mine, lapsed))
        ).all():
            self.close_as_partial(workout_id, lapsed, mine)

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

    def close_as_partial(
        self, workout_id: int, lapsed: datetime | None = None, mine: str = ""
    ) -> bool:
        """Close an abandoned workout, ending it at its last logged set.

        Only while it is still in progress: another device sharing the history may
        have just finished it, and its own end is the one to keep. With ``lapsed``,
        only when no other copy of the app holds it. False when it was not closed."""
        last = (
            select(func.max(SetRow.ended_at))
            .where(SetRow.workout_id == workout_id)
            .scalar_subquery()
        )
        query = update(WorkoutRow).where(
            WorkoutRow.id == workout_id, WorkoutRow.status == OPEN_STATUS
        )
        if lapsed is not None:
            query = query.where(_free(mine, lapsed))
        done = self.session.execute(
            query.values(
                status="partial", ended_at=func.coalesce(last, WorkoutRow.started_at)
            ).execution_options(synchronize_session=False)
        )
        return bool(cast(Any, done).rowcount)

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
        effort: int | None,
        pain: bool | Collection[str] | None,
        corrections: Mapping[tuple[int, str], float] | None = None,
    ) -> None:
        """Put the effort check's answer on every set of one exercise of a workout.

        Without an effort the exercise stays unrated (nobody gave a rating); the pain
        and any corrected amounts are kept all the same. ``pain`` names the sides it was
        felt on (``both`` for a two-legged exercise); a plain yes means every side."""
        if effort is not None and not 1 <= effort <= 5:
            raise ValueError("effort is rated from 1 to 5")
        rows = self.session.scalars(
            select(SetRow).where(SetRow.workout_id == workout_id, SetRow.block == block)
        ).all()
        for row in rows:
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

    def toggle_pain(self, workout_id: int, block: int, side: str) -> None:
        """Flag pain on one side of an exercise of a workout, or take the flag back (on
        a two-legged exercise, any side means both legs; ``both`` on a sided one means
        each side)."""
        rows = self.session.scalars(
            select(SetRow).where(SetRow.workout_id == workout_id, SetRow.block == block)
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

    def page(
        self, limit: int = 50, offset: int = 0, *, after: tuple[datetime, int] | None = None
    ) -> list[WorkoutSummary]:
        """Workouts newest first with their totals; one page, aggregated in SQL. With
        ``after`` (a workout's start and id), the page after that workout."""
        page = (
            select(WorkoutRow.id)
            .order_by(WorkoutRow.started_at.desc(), WorkoutRow.id.desc())
            .limit(limit)
            .offset(offset)
        )
        if after is not None:
            # By the (started_at) index from where the last page ended: no offset to skip.
            started, wid = after
            page = page.where(
                (WorkoutRow.started_at < started)
                | ((WorkoutRow.started_at == started) & (WorkoutRow.id < wid))
            )
        ids = page.subquery()
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
            .where(SetRow.workout_id.in_(select(ids.c.id)))
            .group_by(SetRow.workout_id)
            .subquery()
        )
        query = (
            select(WorkoutRow, totals)
            .join(ids, ids.c.id == WorkoutRow.id)
            .outerjoin(totals, totals.c.workout_id == WorkoutRow.id)
            .order_by(WorkoutRow.started_at.desc(), WorkoutRow.id.desc())
        )
        return [_summary(row) for row in self.session.execute(query)]

    def stream(
        self, limit: int | None = None, batch: int = 200
    ) -> Iterator[tuple[WorkoutSummary, list[SetRecord]]]:
        """Workouts newest first with their totals and sets (in the order
        :meth:`sets_of` gives), up to ``limit``: read a page of ``batch`` workouts at a
        time (two queries each), so memory stays the same however long the history."""
        left = limit
        after: tuple[datetime, int] | None = None
        while left is None or left > 0:
            size = batch if left is None else min(batch, left)
            summaries = self.page(size, after=after)
            if not summaries:
                return
            ids = [s.workout.id for s in summaries]
            sets: dict[int, list[SetRecord]] = {i: [] for i in ids}
            # Plain rows, not ORM objects: a tenth of the cost, and nothing kept in the
            # session's identity map.
            for row in self.session.execute(
                select(*_SET_TABLE.columns)
                .where(SetRow.workout_id.in_(ids))
                .order_by(SetRow.workout_id, SetRow.block, SetRow.set_index, SetRow.started_at)
            ):
                sets[row.workout_id].append(to(SetRecord, row))
            for summary in summaries:
                yield summary, sets[summary.workout.id]
            last = summaries[-1].workout
            after = (last.started_at, last.id)
            if left is not None:
                left -= len(summaries)

    def last(self) -> WorkoutSummary | None:
        rows = self.page(limit=1)
        return rows[0] if rows else None

    def recent_programs(self, since: datetime) -> list[str]:
        """Program ids of workouts with sets since a moment, newest first: Home's
        query (:mod:`glutetui.store.peek`), in this session."""
        from glutetui.store.peek import recent_programs
        from glutetui.store.repos.home import rows_of

        return recent_programs(rows_of(self.session), since)

    def marks(
        self,
        exercise_ids: Sequence[str] | None = None,
        *,
        only_workout: int | None = None,
        exclude_workout: int | None = None,
    ) -> dict[tuple[str, str], Marks]:
        """The best reps in a set, longest hold and heaviest band per exercise and side,
        from whole sets (an interrupted set is no mark): over everything, of one workout,
        or of every workout but one."""
        query = (
            select(
                SetRow.exercise_id,
                SetRow.side,
                func.max(SetRow.reps),
                func.max(SetRow.hold_seconds),
                func.max(band_rank_sql(SetRow.band)),
            )
            .where(SetRow.partial.is_(False))
            .group_by(SetRow.exercise_id, SetRow.side)
        )
        if exercise_ids is not None:
            query = query.where(SetRow.exercise_id.in_(exercise_ids))
        if only_workout is not None:
            query = query.where(SetRow.workout_id == only_workout)
        if exclude_workout is not None:
            query = query.where(SetRow.workout_id != exclude_workout)
        return {
            (ex, side): Marks(reps, None if hold is None else float(hold), BANDS[band or 0])
            for ex, side, reps, hold, band in self.session.execute(query)
        }

    def blocks(self) -> list[BlockRef]:
        """Every program block (program, exercise id) with at least one logged set."""
        query = (
            select(WorkoutRow.program_id, SetRow.slot)
            .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
            .distinct()
        )
        return sorted(BlockRef(program, slot) for program, slot in self.session.execute(query))

    def block_attempts(
        self,
        blocks: Sequence[BlockRef],
        workouts: int,
        *,
        before: datetime | None = None,
        after: datetime | None = None,
        page: int = 16,
    ) -> dict[BlockRef, list[SlotWorkout]]:
        """For each of a few blocks known to be done near a moment, its ``workouts``
        workouts closest to it: the latest ones started before ``before`` (newest
        first), or the first ones from ``after`` on (oldest first).

        Pages through the workouts by their start (an index) away from the moment and
        stops as soon as every block has enough, so the cost depends on how far back
        (or on) they lie, not on the length of the history — what ``glutetui
        progress`` needs for a recent period. ``block_histories`` ranks the whole log
        in SQL instead, for any block ever done."""
        wanted = set(blocks)
        found: dict[BlockRef, list[SlotWorkout]] = {}
        if not wanted:
            return found
        slots = {b.slot for b in wanted}
        newest_first = after is None
        edge: tuple[datetime, int] | None = None
        while any(len(found.get(b, [])) < workouts for b in wanted):
            query = select(WorkoutRow).limit(page)
            if newest_first:
                query = query.order_by(WorkoutRow.started_at.desc(), WorkoutRow.id.desc())
                if before is not None:
                    query = query.where(WorkoutRow.started_at < before)
                if edge is not None:
                    query = query.where(
                        (WorkoutRow.started_at < edge[0])
                        | ((WorkoutRow.started_at == edge[0]) & (WorkoutRow.id < edge[1]))
                    )
            else:
                query = query.order_by(WorkoutRow.started_at, WorkoutRow.id)
                query = query.where(WorkoutRow.started_at >= after)
                if before is not None:
                    query = query.where(WorkoutRow.started_at < before)
                if edge is not None:
                    query = query.where(
                        (WorkoutRow.started_at > edge[0])
                        | ((WorkoutRow.started_at == edge[0]) & (WorkoutRow.id > edge[1]))
                    )
            rows = self.session.scalars(query).all()
            if not rows:
                break
            page *= 2  # few pages whatever is missing: the next one reaches twice as far
            edge = (rows[-1].started_at, rows[-1].id)
            by_workout: dict[int, list[SetRecord]] = {}
            # By workout only (the index SQLite should use); the slots are picked here.
            for row in self.session.scalars(
                select(SetRow)
                .where(SetRow.workout_id.in_([w.id for w in rows]))
                .order_by(SetRow.set_index, SetRow.id)
            ):
                if row.slot in slots:
                    by_workout.setdefault(row.workout_id, []).append(to(SetRecord, row))
            for w in rows:
                record = to(WorkoutRecord, w)
                for slot in {s.slot for s in by_workout.get(w.id, [])}:
                    block = BlockRef(w.program_id, slot)
                    kept = found.setdefault(block, []) if block in wanted else None
                    if kept is not None and len(kept) < workouts:
                        sets = tuple(s for s in by_workout[w.id] if s.slot == slot)
                        kept.append(SlotWorkout(record, w.plan, sets))
        return found

    def block_histories(
        self,
        blocks: Sequence[BlockRef],
        workouts: int,
        *,
        until: datetime | None = None,
        since: datetime | None = None,
    ) -> dict[BlockRef, list[SlotWorkout]]:
        """For each program block, its latest workouts with sets under it (up to
        ``until``), newest first; with ``since``, its first workouts from then, oldest
        first.

        Three queries whatever the number of blocks or workouts: the workouts per block
        (ranked in SQL), their sets, and the workouts themselves.
        """
        wanted = set(blocks)
        if not wanted:
            return {}
        slots = sorted({b.slot for b in wanted})
        last_set = func.max(SetRow.ended_at)
        ranked = (
            select(
                WorkoutRow.program_id,
                SetRow.slot,
                SetRow.workout_id,
                last_set.label("last"),
                func.row_number()
                .over(partition_by=(WorkoutRow.program_id, SetRow.slot), order_by=last_set.desc())
                .label("rank"),
            )
            .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
            .where(SetRow.slot.in_(slots))
            .group_by(WorkoutRow.program_id, SetRow.slot, SetRow.workout_id)
            .subquery()
        )
        pairs = [
            (BlockRef(program, slot), workout_id)
            for program, slot, workout_id in self.session.execute(
                select(ranked.c.program_id, ranked.c.slot, ranked.c.workout_id)
                .where(ranked.c.rank <= workouts)
                .order_by(ranked.c.program_id, ranked.c.slot, ranked.c.rank)
            )
            if BlockRef(program, slot) in wanted
        ]
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
        out: dict[BlockRef, list[SlotWorkout]] = {}
        for block, workout_id in pairs:
            w = found[workout_id]
            out.setdefault(block, []).append(
                SlotWorkout(
                    to(WorkoutRecord, w), w.plan, tuple(sets.get((block.slot, workout_id), ()))
                )
            )
        return out
