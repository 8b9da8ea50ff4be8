"""Workouts and their sets, read: one workout, a page of them, the marks, the blocks
and their attempts. ``db.workouts`` is this class, with the log's writes
(``workout_log``) and the leases (``leases``) mixed in.

The caller owns the session (one per user action or command); nothing here opens,
commits or closes one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, union_all

from glutetui.records import (
    Marks,
    SetRecord,
    SlotWorkout,
    UnfinishedWorkout,
    WorkoutRecord,
    WorkoutSummary,
)
from glutetui.store.models import BLOCK_SUMS, SetRow, WorkoutRow
from glutetui.store.repos.leases import WorkoutLeases
from glutetui.store.repos.workout_log import OPEN_STATUS, WorkoutLog
from glutetui.store.rows import to
from glutetui.store.sqlwords import band_rank_sql
from glutetui.vocab import BANDS, BlockRef


def _summary(row: Any) -> WorkoutSummary:
    return WorkoutSummary(
        workout=to(WorkoutRecord, row[0]),
        sets=int(row.sets or 0),
        reps=int(row.reps or 0),
        hold_seconds=float(row.hold or 0.0),
        # The mean divided here: PostgreSQL's AVG of integers is a rounded decimal, so
        # its float could differ from SQLite's in the last digit.
        effort=float(row.effort_sum) / int(row.rated) if row.rated else None,
        pain=int(row.pain or 0),
        unrated=int(row.unrated or 0),
    )


class Workouts(WorkoutLeases, WorkoutLog):
    """Workouts, their sets and what is read from them; the writes are the log's
    (``workout_log``), the leases the leases' (``leases``)."""

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
        # Per exercise of a workout first: its rating (every set of it carries the same
        # one) and whether pain was flagged on it, so a workout's effort is the mean of
        # its exercises' ratings and its pain flags count exercises, not sets. Skipped
        # sets are no work done: they are not counted in the totals.
        done = SetRow.skipped.is_(False)
        per_block = (
            select(
                SetRow.workout_id.label("workout_id"),
                func.count(case((done, SetRow.id))).label("sets"),
                func.coalesce(func.sum(case((done, SetRow.reps))), 0).label("reps"),
                func.coalesce(func.sum(case((done, SetRow.hold_seconds))), 0.0).label("hold"),
                func.max(SetRow.effort).label("effort"),
                func.max(case((SetRow.pain, 1), else_=0)).label("pain"),
            )
            .where(SetRow.workout_id.in_(select(ids.c.id)))
            .group_by(SetRow.workout_id, SetRow.block)
            .subquery()
        )
        totals = (
            select(
                per_block.c.workout_id,
                func.sum(per_block.c.sets).label("sets"),
                func.sum(per_block.c.reps).label("reps"),
                func.sum(per_block.c.hold).label("hold"),
                func.sum(per_block.c.effort).label("effort_sum"),
                func.count(per_block.c.effort).label("rated"),
                func.sum(per_block.c.pain).label("pain"),
                func.count(case((per_block.c.effort.is_(None), 1))).label("unrated"),
            )
            .group_by(per_block.c.workout_id)
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
                select(*SetRow.__table__.columns)
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

    def done_since(self, since: datetime) -> bool:
        """Whether a workout was completed (not ended early, not left unfinished) since
        a moment: Home's "done today" asks from local midnight."""
        query = select(WorkoutRow.id).where(
            WorkoutRow.status == "completed", WorkoutRow.started_at >= since
        )
        return self.session.scalar(query.limit(1)) is not None

    def completed_starts(self, since: datetime) -> list[datetime]:
        """When each workout completed since a moment started, oldest first: the week
        plan's done days (Home asks from Monday's local midnight)."""
        query = (
            select(WorkoutRow.started_at)
            .where(WorkoutRow.status == "completed", WorkoutRow.started_at >= since)
            .order_by(WorkoutRow.started_at)
        )
        return list(self.session.scalars(query))

    def recent_programs(self, since: datetime) -> list[tuple[str, datetime]]:
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
        from whole sets (an interrupted set is no mark, a skipped one was not done):
        over everything, of one workout, or of every workout but one."""
        query = (
            select(
                SetRow.exercise_id,
                SetRow.side,
                func.max(SetRow.reps),
                func.max(SetRow.hold_seconds),
                func.max(band_rank_sql(SetRow.band)),
            )
            .where(SetRow.partial.is_(False), SetRow.skipped.is_(False))
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
        b = BLOCK_SUMS.c  # a summary row per block of a workout with sets
        query = select(b.program_id, b.slot).distinct()
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

        The workouts of each block by its summaries' index on when the block's last set
        ended (a few rows each, however long the history), then two queries: their sets
        and the workouts themselves.
        """
        wanted = set(blocks)
        if not wanted:
            return {}
        slots = sorted({b.slot for b in wanted})
        pairs = [
            (block, workout_id)
            for block, latest in self._latest(sorted(wanted), workouts).items()
            for workout_id in latest
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
            .where(SetRow.workout_id.in_(ids))  # by the workouts' index, not the slots'
            .order_by(SetRow.set_index, SetRow.id)
        ):
            if row.slot in slots:
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

    def _latest(self, blocks: list[BlockRef], workouts: int) -> dict[BlockRef, list[int]]:
        """Per block, the ``workouts`` workouts whose last set of it ended latest, newest
        first: one query reading a few rows of each block backwards along the summaries'
        index (a block with more rows per workout than that reads on by itself)."""
        b = BLOCK_SUMS.c
        reads = 2 * workouts
        parts = [
            select(
                select(b.program_id, b.slot, b.workout_id)
                .where(b.program_id == block.program, b.slot == block.slot)
                .order_by(b.ended_at.desc(), b.id.desc())
                .limit(reads)
                .subquery()
            )
            for block in blocks
        ]
        rows: dict[BlockRef, list[int]] = {block: [] for block in blocks}
        for program, slot, workout_id in self.session.execute(union_all(*parts)):
            rows[BlockRef(program, slot)].append(workout_id)
        found = {}
        for block, ids in rows.items():
            latest = list(dict.fromkeys(ids))  # a workout's first row read is its latest
            if len(latest) < workouts and len(ids) == reads:
                latest = self._latest_of(block, workouts)
            if latest:
                found[block] = latest[:workouts]
        return found

    def _latest_of(self, block: BlockRef, workouts: int) -> list[int]:
        """The ``workouts`` workouts with sets of one block whose last set of it ended
        latest, newest first, read backwards along the summaries' index."""
        b = BLOCK_SUMS.c
        found: dict[int, None] = {}
        edge: tuple[datetime, int] | None = None
        while len(found) < workouts:
            query = (
                select(b.workout_id, b.ended_at, b.id)
                .where(b.program_id == block.program, b.slot == block.slot)
                .order_by(b.ended_at.desc(), b.id.desc())
                .limit(2 * workouts)
            )
            if edge is not None:
                query = query.where(
                    (b.ended_at < edge[0]) | ((b.ended_at == edge[0]) & (b.id < edge[1]))
                )
            rows = self.session.execute(query).all()
            for workout_id, ended, row_id in rows:
                found.setdefault(workout_id)  # its first row read is its latest
                edge = (ended, row_id)
            if len(rows) < 2 * workouts:
                break
        return list(found)[:workouts]
