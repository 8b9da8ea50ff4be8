"""The store's API: one short transaction per unit of work, plain records out.

Each finished set is its own committed transaction (``log_set``), so killing the
process at any moment loses at most the set in progress.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, Table, bindparam, case, distinct, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from glutetui.engine import SetResult
from glutetui.store.database import StoreError, open_database
from glutetui.store.models import Dose, DoseChange, SelfTest, SetLog, Suggestion, Workout
from glutetui.store.records import (
    DoseChangeRecord,
    DoseRecord,
    Marks,
    SelfTestRecord,
    SetRecord,
    SuggestionRecord,
    UnfinishedWorkout,
    WorkoutRecord,
    WorkoutSummary,
)
from glutetui.vocab import BANDS

OPEN_STATUS = "in-progress"
_SET_KEY = ("workout_id", "block", "set_index", "side")
_SET_VALUES = (
    "workout_id",
    "block",
    "set_index",
    "side",
    "exercise_id",
    "slot",
    "kind",
    "target_reps",
    "target_hold",
    "reps",
    "hold_seconds",
    "rep_seconds",
    "band",
    "pain",
    "partial",
    "started_at",
    "ended_at",
)
_SET_TABLE = cast(Table, SetLog.__table__)


def _upsert_set() -> Any:
    """The one statement that logs a set, built once: a redone set replaces its row,
    keeping the pain flag already given (building it per call cost more than the disk)."""
    insert = sqlite_insert(_SET_TABLE).values({c: bindparam(c) for c in _SET_VALUES})
    replaced = {c: insert.excluded[c] for c in _SET_VALUES if c not in (*_SET_KEY, "pain")}
    return insert.on_conflict_do_update(index_elements=list(_SET_KEY), set_=replaced).returning(
        *_SET_TABLE.columns
    )


_UPSERT_SET = _upsert_set()
_BAND_RANK = case({band: rank for rank, band in enumerate(BANDS)}, value=SetLog.band, else_=0)
FINAL_STATUSES = ("completed", "ended-early", "partial")


def new_uid() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class SlotWorkout:
    """One workout's sets under one slot, with the plan it ran."""

    workout: WorkoutRecord
    plan: str
    sets: tuple[SetRecord, ...]


@dataclass(frozen=True, slots=True)
class DoseFields:
    exercise_id: str
    sets: int
    reps: int | None
    hold: int | None
    band: str


class Store:
    """glutetui's data: workouts, their sets, doses, suggestions and self-tests."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(immediate=True)

    @classmethod
    def open(cls, path: Path) -> Store:
        return cls(open_database(path))

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One committed write transaction, holding SQLite's write lock from its start."""
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as exc:
            raise StoreError(_database_message(exc)) from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        try:
            with Session(self.engine) as session:
                yield session
        except DBAPIError as exc:
            raise StoreError(_database_message(exc)) from exc

    # --- workouts ----------------------------------------------------------------------

    def start_workout(
        self, program_id: str, program_name: str, plan: str, started_at: datetime
    ) -> WorkoutRecord:
        with self.writing() as session:
            row = Workout(
                uid=new_uid(),
                program_id=program_id,
                program_name=program_name,
                started_at=started_at,
                status=OPEN_STATUS,
                plan=plan,
                note="",
            )
            session.add(row)
            session.flush()
            return _workout(row)

    def finish_workout(self, workout_id: int, status: str, ended_at: datetime) -> None:
        if status not in FINAL_STATUSES:
            raise ValueError(f"unknown final status {status!r}")
        with self.writing() as session:
            session.execute(
                update(Workout)
                .where(Workout.id == workout_id)
                .values(status=status, ended_at=ended_at)
            )

    def close_as_partial(self, workout_id: int) -> None:
        """Close an abandoned workout, ending it at its last logged set."""
        with self.writing() as session:
            last = session.scalar(
                select(func.max(SetLog.ended_at)).where(SetLog.workout_id == workout_id)
            )
            workout = session.get(Workout, workout_id)
            if workout is None:
                return
            workout.status = "partial"
            workout.ended_at = last or workout.started_at

    def log_set(self, workout_id: int, result: SetResult, rep_seconds: int = 0) -> SetRecord:
        """Write one finished set, committed before returning; a redone set replaces it."""
        values: dict[str, Any] = {
            "workout_id": workout_id,
            "block": result.block,
            "set_index": result.set_index,
            "side": result.side,
            "exercise_id": result.exercise_id,
            "slot": result.slot,
            "kind": result.kind,
            "target_reps": result.target_reps,
            "target_hold": result.target_hold,
            "reps": result.reps,
            "hold_seconds": result.hold_seconds,
            "rep_seconds": rep_seconds,
            "band": result.band,
            "pain": False,
            "partial": result.partial,
            "started_at": result.started_at,
            "ended_at": result.ended_at,
        }
        try:
            with self._writer.begin() as connection:
                row = connection.execute(_UPSERT_SET, values).one()
        except DBAPIError as exc:
            raise StoreError(_database_message(exc)) from exc
        return SetRecord(**row._asdict())

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
        with self.writing() as session:
            rows = session.scalars(
                select(SetLog).where(SetLog.workout_id == workout_id, SetLog.block == block)
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

    def unfinished_workout(self) -> UnfinishedWorkout | None:
        with self.reading() as session:
            row = session.scalars(
                select(Workout)
                .where(Workout.status == OPEN_STATUS)
                .order_by(Workout.started_at.desc())
                .limit(1)
            ).first()
            if row is None:
                return None
            sets = session.scalars(
                select(SetLog).where(SetLog.workout_id == row.id).order_by(SetLog.id)
            ).all()
            return UnfinishedWorkout(_workout(row), row.plan, tuple(_set(s) for s in sets))

    def workout(self, workout_id: int) -> WorkoutRecord | None:
        with self.reading() as session:
            row = session.get(Workout, workout_id)
            return None if row is None else _workout(row)

    def workout_plan(self, workout_id: int) -> str:
        with self.reading() as session:
            return session.scalar(select(Workout.plan).where(Workout.id == workout_id)) or ""

    def sets_of(self, workout_id: int) -> list[SetRecord]:
        with self.reading() as session:
            rows = session.scalars(
                select(SetLog)
                .where(SetLog.workout_id == workout_id)
                .order_by(SetLog.block, SetLog.set_index, SetLog.started_at)
            ).all()
            return [_set(r) for r in rows]

    def count_workouts(self) -> int:
        with self.reading() as session:
            return session.scalar(select(func.count(Workout.id))) or 0

    def history(self, limit: int = 50, offset: int = 0) -> list[WorkoutSummary]:
        """Workouts newest first with their totals; one page, aggregated in SQL."""
        page = (
            select(Workout)
            .order_by(Workout.started_at.desc(), Workout.id.desc())
            .limit(limit)
            .offset(offset)
            .subquery()
        )
        totals = (
            select(
                SetLog.workout_id,
                func.count(SetLog.id).label("sets"),
                func.coalesce(func.sum(SetLog.reps), 0).label("reps"),
                func.coalesce(func.sum(SetLog.hold_seconds), 0.0).label("hold"),
                func.avg(SetLog.effort).label("effort"),
                func.coalesce(func.sum(SetLog.pain), 0).label("pain"),
                func.count(distinct(case((SetLog.effort.is_(None), SetLog.block)))).label(
                    "unrated"
                ),
            )
            .where(SetLog.workout_id.in_(select(page.c.id)))
            .group_by(SetLog.workout_id)
            .subquery()
        )
        query = (
            select(Workout, totals)
            .join(page, page.c.id == Workout.id)
            .outerjoin(totals, totals.c.workout_id == Workout.id)
            .order_by(Workout.started_at.desc(), Workout.id.desc())
        )
        with self.reading() as session:
            out = []
            for row in session.execute(query):
                w = row[0]
                out.append(
                    WorkoutSummary(
                        workout=_workout(w),
                        sets=row.sets or 0,
                        reps=row.reps or 0,
                        hold_seconds=float(row.hold or 0.0),
                        effort=None if row.effort is None else float(row.effort),
                        pain=int(row.pain or 0),
                        unrated=int(row.unrated or 0),
                    )
                )
            return out

    def last_workout(self) -> WorkoutSummary | None:
        rows = self.history(limit=1)
        return rows[0] if rows else None

    def training_days(self) -> list[datetime]:
        """Start times of every workout with at least one set, oldest first."""
        query = (
            select(Workout.started_at)
            .where(Workout.id.in_(select(SetLog.workout_id).distinct()))
            .order_by(Workout.started_at)
        )
        with self.reading() as session:
            return list(session.scalars(query).all())

    def recent_programs(self, since: datetime) -> list[str]:
        """Program ids of workouts with sets since a moment, newest first."""
        query = (
            select(Workout.program_id)
            .where(Workout.started_at >= since)
            .where(Workout.id.in_(select(SetLog.workout_id).distinct()))
            .order_by(Workout.started_at.desc())
        )
        with self.reading() as session:
            return list(session.scalars(query).all())

    def best_marks(
        self, exercise_ids: list[str], exclude_workout: int
    ) -> dict[tuple[str, str], Marks]:
        """The best reps in a set, longest hold and heaviest band per exercise and side."""
        query = (
            select(
                SetLog.exercise_id,
                SetLog.side,
                func.max(SetLog.reps),
                func.max(SetLog.hold_seconds),
                func.max(_BAND_RANK),
            )
            .where(SetLog.exercise_id.in_(exercise_ids), SetLog.workout_id != exclude_workout)
            .group_by(SetLog.exercise_id, SetLog.side)
        )
        with self.reading() as session:
            return {
                (ex, side): Marks(reps, hold, BANDS[band or 0])
                for ex, side, reps, hold, band in session.execute(query)
            }

    def sets_for(self, slots: list[str], limit_workouts: int = 12) -> list[SetRecord]:
        """The sets logged under some program slots, from their most recent workouts."""
        recent = (
            select(SetLog.workout_id)
            .where(SetLog.slot.in_(slots))
            .group_by(SetLog.workout_id)
            .order_by(func.max(SetLog.ended_at).desc())
            .limit(limit_workouts)
        )
        query = (
            select(SetLog)
            .where(SetLog.slot.in_(slots), SetLog.workout_id.in_(recent))
            .order_by(SetLog.started_at)
        )
        with self.reading() as session:
            return [_set(r) for r in session.scalars(query).all()]

    # --- doses, suggestions, self-tests -------------------------------------------------

    def doses(self) -> dict[str, DoseRecord]:
        with self.reading() as session:
            return {r.slot: _dose(r) for r in session.scalars(select(Dose)).all()}

    def set_dose(
        self,
        slot: str,
        exercise_id: str,
        sets: int,
        reps: int | None,
        hold: int | None,
        band: str,
        reason: str,
        at: datetime,
        suggestion_id: int | None = None,
    ) -> DoseRecord:
        """Change the current dose of a slot and record why, in one transaction."""
        with self.writing() as session:
            row = session.get(Dose, slot)
            if row is None:
                row = Dose(slot=slot)
                session.add(row)
            row.exercise_id, row.sets, row.reps, row.hold = exercise_id, sets, reps, hold
            row.band, row.updated_at = band, at
            session.add(
                DoseChange(
                    uid=new_uid(),
                    slot=slot,
                    exercise_id=exercise_id,
                    sets=sets,
                    reps=reps,
                    hold=hold,
                    band=band,
                    reason=reason,
                    suggestion_id=suggestion_id,
                    changed_at=at,
                )
            )
            session.flush()
            return _dose(row)

    def dose_changes(self, slot: str | None = None) -> list[DoseChangeRecord]:
        query = select(DoseChange).order_by(DoseChange.changed_at, DoseChange.id)
        if slot is not None:
            query = query.where(DoseChange.slot == slot)
        with self.reading() as session:
            return [_dose_change(r) for r in session.scalars(query).all()]

    def slots(self) -> list[str]:
        """Every program slot with at least one logged set."""
        with self.reading() as session:
            return sorted(session.scalars(select(SetLog.slot).distinct()).all())

    def slot_history(self, slot: str, workouts: int) -> list[SlotWorkout]:
        """The latest workouts with sets under a slot, newest first, with their plans."""
        recent = (
            select(SetLog.workout_id)
            .where(SetLog.slot == slot)
            .group_by(SetLog.workout_id)
            .order_by(func.max(SetLog.ended_at).desc())
            .limit(workouts)
        )
        with self.reading() as session:
            ids = list(session.scalars(recent).all())
            if not ids:
                return []
            rows = session.scalars(
                select(SetLog)
                .where(SetLog.workout_id.in_(ids), SetLog.slot == slot)
                .order_by(SetLog.set_index, SetLog.id)
            ).all()
            found = {w.id: w for w in session.scalars(select(Workout).where(Workout.id.in_(ids)))}
            by_workout: dict[int, list[SetRecord]] = {i: [] for i in ids}
            for row in rows:
                by_workout[row.workout_id].append(_set(row))
            return [
                SlotWorkout(_workout(found[i]), found[i].plan, tuple(by_workout[i])) for i in ids
            ]

    def suggestion_known(self, evidence: str) -> bool:
        with self.reading() as session:
            hit = session.scalar(
                select(Suggestion.id).where(Suggestion.evidence == evidence).limit(1)
            )
            return hit is not None

    def add_suggestion(
        self,
        slot: str,
        kind: str,
        reason: str,
        evidence: str,
        before: DoseFields,
        after: DoseFields,
        at: datetime,
        apply: bool = False,
    ) -> SuggestionRecord:
        """Keep a new suggestion, setting aside older pending ones for the slot.

        With ``apply`` the dose changes at once (a step back after pain).
        """
        with self.writing() as session:
            session.execute(
                update(Suggestion)
                .where(Suggestion.slot == slot, Suggestion.status == "pending")
                .values(status="expired", decided_at=at)
            )
            row = Suggestion(
                uid=new_uid(),
                slot=slot,
                kind=kind,
                reason=reason,
                evidence=evidence,
                from_exercise=before.exercise_id,
                from_sets=before.sets,
                from_reps=before.reps,
                from_hold=before.hold,
                from_band=before.band,
                to_exercise=after.exercise_id,
                to_sets=after.sets,
                to_reps=after.reps,
                to_hold=after.hold,
                to_band=after.band,
                status="pending",
                created_at=at,
            )
            session.add(row)
            session.flush()
            if apply:
                self._apply(session, row, at)
            return _suggestion(row)

    def accept_suggestion(self, suggestion_id: int, at: datetime) -> SuggestionRecord:
        """Change the dose as suggested, and record when and why."""
        with self.writing() as session:
            row = session.get(Suggestion, suggestion_id)
            if row is None:
                raise StoreError("that suggestion no longer exists")
            if row.status == "pending":
                self._apply(session, row, at)
            return _suggestion(row)

    def dismiss_suggestion(self, suggestion_id: int, at: datetime) -> SuggestionRecord:
        with self.writing() as session:
            row = session.get(Suggestion, suggestion_id)
            if row is None:
                raise StoreError("that suggestion no longer exists")
            if row.status == "pending":
                row.status, row.decided_at = "dismissed", at
            return _suggestion(row)

    @staticmethod
    def _apply(session: Session, row: Suggestion, at: datetime) -> None:
        row.status, row.decided_at = "accepted", at
        if row.kind == "asymmetry":
            return  # a note about sides changes no dose
        dose = session.get(Dose, row.slot)
        if dose is None:
            dose = Dose(slot=row.slot)
            session.add(dose)
        dose.exercise_id, dose.sets, dose.reps = row.to_exercise, row.to_sets, row.to_reps
        dose.hold, dose.band, dose.updated_at = row.to_hold, row.to_band, at
        session.add(
            DoseChange(
                uid=new_uid(),
                slot=row.slot,
                exercise_id=row.to_exercise,
                sets=row.to_sets,
                reps=row.to_reps,
                hold=row.to_hold,
                band=row.to_band,
                reason=row.reason,
                suggestion_id=row.id,
                changed_at=at,
            )
        )

    def suggestions(self, status: str | None = None) -> list[SuggestionRecord]:
        query = select(Suggestion).order_by(Suggestion.created_at, Suggestion.id)
        if status is not None:
            query = query.where(Suggestion.status == status)
        with self.reading() as session:
            return [_suggestion(r) for r in session.scalars(query).all()]

    def add_self_test(
        self, side: str, stage: str, target: int, held: float, level: bool, at: datetime
    ) -> SelfTestRecord:
        with self.writing() as session:
            row = SelfTest(
                uid=new_uid(),
                taken_at=at,
                side=side,
                stage=stage,
                target_seconds=target,
                hold_seconds=held,
                level=level,
            )
            session.add(row)
            session.flush()
            return _self_test(row)

    def self_tests(self) -> list[SelfTestRecord]:
        with self.reading() as session:
            rows = session.scalars(select(SelfTest).order_by(SelfTest.taken_at, SelfTest.id))
            return [_self_test(r) for r in rows.all()]


# --- row → record ----------------------------------------------------------------------


def _workout(r: Workout) -> WorkoutRecord:
    return WorkoutRecord(
        r.id, r.uid, r.program_id, r.program_name, r.started_at, r.ended_at, r.status, r.note
    )


def _set(r: SetLog) -> SetRecord:
    return SetRecord(
        id=r.id,
        workout_id=r.workout_id,
        block=r.block,
        set_index=r.set_index,
        side=r.side,
        exercise_id=r.exercise_id,
        slot=r.slot,
        kind=r.kind,
        target_reps=r.target_reps,
        target_hold=r.target_hold,
        reps=r.reps,
        hold_seconds=r.hold_seconds,
        rep_seconds=r.rep_seconds,
        band=r.band,
        effort=r.effort,
        pain=r.pain,
        partial=r.partial,
        started_at=r.started_at,
        ended_at=r.ended_at,
    )


def _dose(r: Dose) -> DoseRecord:
    return DoseRecord(r.slot, r.exercise_id, r.sets, r.reps, r.hold, r.band, r.updated_at)


def _dose_change(r: DoseChange) -> DoseChangeRecord:
    return DoseChangeRecord(
        r.id,
        r.uid,
        r.slot,
        r.exercise_id,
        r.sets,
        r.reps,
        r.hold,
        r.band,
        r.reason,
        r.suggestion_id,
        r.changed_at,
    )


def _suggestion(r: Suggestion) -> SuggestionRecord:
    return SuggestionRecord(
        id=r.id,
        uid=r.uid,
        slot=r.slot,
        kind=r.kind,
        reason=r.reason,
        evidence=r.evidence,
        from_exercise=r.from_exercise,
        from_sets=r.from_sets,
        from_reps=r.from_reps,
        from_hold=r.from_hold,
        from_band=r.from_band,
        to_exercise=r.to_exercise,
        to_sets=r.to_sets,
        to_reps=r.to_reps,
        to_hold=r.to_hold,
        to_band=r.to_band,
        status=r.status,
        created_at=r.created_at,
        decided_at=r.decided_at,
    )


def _self_test(r: SelfTest) -> SelfTestRecord:
    return SelfTestRecord(
        r.id, r.uid, r.taken_at, r.side, r.stage, r.target_seconds, r.hold_seconds, r.level
    )


def _database_message(exc: DBAPIError) -> str:
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if "locked" in text or "busy" in text:
        return "the database is busy in another program; try again in a moment"
    if "full" in text:
        return "the disk is full: the last set could not be saved"
    if "readonly" in text or "read-only" in text:
        return "the database has become read-only"
    if "malformed" in text or "not a database" in text:
        return "the database file is damaged; copy it somewhere safe and report it"
    if "disk i/o" in text:
        return "the disk could not be written or read (disk I/O error); is it full or gone?"
    return f"the database failed: {text.splitlines()[0]}"
