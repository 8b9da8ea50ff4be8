"""Export and import: glutetui's versioned JSON, a plain CSV, and Strong's CSV.

The JSON export is complete (every workout with its plan and sets, doses, dose
changes, suggestions and self-tests) and reads back with :func:`import_json`, which
skips anything already present, matched by its ``uid``: importing the same file
twice adds nothing, and export → import into an empty home → export gives the same
data. The format is described in the README ("Export format").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Annotated, Any, Literal

import msgspec
from sqlalchemy import select

from glutetui.store.database import StoreError
from glutetui.store.models import Dose, DoseChange, SelfTest, SetLog, Suggestion, Workout
from glutetui.store.repository import Store
from glutetui.validation import explain_validation_error
from glutetui.vocab import Band, Kind, Side, StanceSide, SuggestionStatus, WorkoutStatus

FORMAT = "glutetui"
VERSION = 1
BATCH = 500

STRONG_HEADER = [
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
]
CSV_HEADER = [
    "date",
    "workout_uid",
    "program",
    "exercise_id",
    "exercise",
    "set",
    "side",
    "kind",
    "target_reps",
    "reps",
    "target_hold",
    "hold_seconds",
    "band",
    "effort",
    "pain",
    "partial",
    "started_at",
    "ended_at",
]
# Effort 1-5 onto the 6-10 RPE scale Strong uses: "far too easy" is RPE 6,
# "could not finish" RPE 10.
EFFORT_TO_RPE = {1: 6, 2: 7, 3: 8, 4: 9, 5: 10}

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
Uid = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{32}$")]
Count = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
Seconds = Annotated[float, msgspec.Meta(ge=0, le=100_000)]


class _Record(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    pass


class SetOut(_Record):
    block: Count
    set_index: Count
    side: Side
    exercise: Id
    slot: Id
    kind: Kind
    target_reps: Count | None
    target_hold: Count | None
    reps: Count | None
    hold_seconds: Seconds | None
    rep_seconds: Count
    band: Band
    effort: Annotated[int, msgspec.Meta(ge=1, le=5)] | None
    pain: bool
    partial: bool
    started_at: datetime
    ended_at: datetime


class WorkoutOut(_Record):
    uid: Uid
    program_id: Id
    program_name: Annotated[str, msgspec.Meta(max_length=200)]
    started_at: datetime
    ended_at: datetime | None
    status: WorkoutStatus
    note: str
    plan: Any
    sets: list[SetOut]


class DoseOut(_Record):
    slot: Id
    exercise: Id
    sets: Count
    reps: Count | None
    hold: Count | None
    band: Band
    updated_at: datetime


class DoseFields(_Record):
    exercise: Id
    sets: Count
    reps: Count | None
    hold: Count | None
    band: Band


class DoseChangeOut(_Record):
    uid: Uid
    slot: Id
    exercise: Id
    sets: Count
    reps: Count | None
    hold: Count | None
    band: Band
    reason: str
    suggestion_uid: Uid | None
    changed_at: datetime


class SuggestionOut(_Record):
    uid: Uid
    slot: Id
    kind: Annotated[str, msgspec.Meta(max_length=20)]
    reason: str
    evidence: Annotated[str, msgspec.Meta(max_length=200)]
    before: DoseFields
    after: DoseFields
    status: SuggestionStatus
    created_at: datetime
    decided_at: datetime | None


class SelfTestOut(_Record):
    uid: Uid
    taken_at: datetime
    side: StanceSide
    stage: Annotated[str, msgspec.Meta(max_length=20)]
    target_seconds: Count
    hold_seconds: Seconds
    level: bool


class ExportFile(_Record):
    format: Literal["glutetui"]
    version: Annotated[int, msgspec.Meta(ge=1)]
    exported_at: datetime
    workouts: list[WorkoutOut]
    doses: list[DoseOut]
    dose_changes: list[DoseChangeOut]
    suggestions: list[SuggestionOut]
    self_tests: list[SelfTestOut]


@dataclass(frozen=True, slots=True)
class ImportCounts:
    workouts: int = 0
    sets: int = 0
    doses: int = 0
    dose_changes: int = 0
    suggestions: int = 0
    self_tests: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return (
            f"imported {self.workouts} workouts ({self.sets} sets), {self.doses} doses, "
            f"{self.dose_changes} dose changes, {self.suggestions} suggestions, "
            f"{self.self_tests} self-tests; {self.skipped} already present"
        )


class ImportFileError(StoreError):
    """An import file that cannot be read; the message names the key."""


# --- export ----------------------------------------------------------------------------


def iter_workouts(store: Store) -> Iterator[WorkoutOut]:
    """Every workout with its sets, oldest first, read in batches."""
    last_key: tuple[datetime, int] | None = None
    while True:
        query = select(Workout).order_by(Workout.started_at, Workout.id).limit(BATCH)
        if last_key is not None:
            started, wid = last_key
            query = query.where(
                (Workout.started_at > started)
                | ((Workout.started_at == started) & (Workout.id > wid))
            )
        with store.reading() as session:
            workouts = session.scalars(query).all()
            if not workouts:
                return
            ids = [w.id for w in workouts]
            sets: dict[int, list[SetOut]] = {i: [] for i in ids}
            rows = session.scalars(
                select(SetLog)
                .where(SetLog.workout_id.in_(ids))
                .order_by(SetLog.workout_id, SetLog.block, SetLog.set_index, SetLog.started_at)
            )
            for s in rows:
                sets[s.workout_id].append(_set_out(s))
            for w in workouts:
                yield WorkoutOut(
                    uid=w.uid,
                    program_id=w.program_id,
                    program_name=w.program_name,
                    started_at=w.started_at,
                    ended_at=w.ended_at,
                    status=w.status,  # type: ignore[arg-type]
                    note=w.note,
                    plan=json.loads(w.plan) if w.plan else None,
                    sets=sets[w.id],
                )
            last_key = (workouts[-1].started_at, workouts[-1].id)


def export_json(store: Store, out: IO[str], now: datetime | None = None) -> None:
    """Write the complete JSON export, one workout at a time."""
    encoder = msgspec.json.Encoder()
    exported = now or datetime.now(UTC)
    stamp = encoder.encode(exported).decode()
    out.write(f'{{"format": "{FORMAT}", "version": {VERSION}, "exported_at": {stamp},\n')
    out.write('"workouts": [')
    for i, workout in enumerate(iter_workouts(store)):
        out.write(("," if i else "") + "\n" + encoder.encode(workout).decode())
    out.write("\n],\n")
    with store.reading() as session:
        doses = [_dose_out(d) for d in session.scalars(select(Dose).order_by(Dose.slot))]
        suggestions = list(session.scalars(select(Suggestion).order_by(Suggestion.id)))
        uid_of = {s.id: s.uid for s in suggestions}
        changes = [
            _change_out(c, uid_of)
            for c in session.scalars(select(DoseChange).order_by(DoseChange.id))
        ]
        tests = [_test_out(t) for t in session.scalars(select(SelfTest).order_by(SelfTest.id))]
        rest = {
            "doses": doses,
            "dose_changes": changes,
            "suggestions": [_suggestion_out(s) for s in suggestions],
            "self_tests": tests,
        }
    for i, (key, values) in enumerate(rest.items()):
        out.write(f'"{key}": {encoder.encode(values).decode()}')
        out.write(",\n" if i < len(rest) - 1 else "\n")
    out.write("}\n")


def export_csv(store: Store, out: IO[str], name_of: Callable[[str], str]) -> None:
    """One row per logged set."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for w in iter_workouts(store):
        for s in w.sets:
            writer.writerow(
                [
                    _local(w.started_at).date().isoformat(),
                    w.uid,
                    w.program_name,
                    s.exercise,
                    name_of(s.exercise),
                    s.set_index + 1,
                    s.side,
                    s.kind,
                    _blank(s.target_reps),
                    _blank(s.reps),
                    _blank(s.target_hold),
                    _blank(s.hold_seconds),
                    s.band,
                    _blank(s.effort),
                    "yes" if s.pain else "no",
                    "yes" if s.partial else "no",
                    s.started_at.isoformat(),
                    s.ended_at.isoformat(),
                ]
            )


def export_strong_csv(store: Store, out: IO[str], name_of: Callable[[str], str]) -> None:
    """Strong's CSV columns, so trackers that import Strong's export can read it."""
    writer = csv.writer(out)
    writer.writerow(STRONG_HEADER)
    for w in iter_workouts(store):
        end = w.ended_at or (w.sets[-1].ended_at if w.sets else w.started_at)
        minutes = max(0, round((end - w.started_at).total_seconds() / 60))
        duration = f"{minutes // 60}h {minutes % 60}m" if minutes >= 60 else f"{minutes}m"
        order: dict[str, int] = {}
        for s in w.sets:
            name = name_of(s.exercise)
            if s.side != "both":
                name = f"{name} ({s.side})"
            order[name] = order.get(name, 0) + 1
            notes = [f"{s.side} side" if s.side != "both" else "both legs"]
            if s.band != "none":
                notes.append(f"band: {s.band}")
            if s.pain:
                notes.append("pain flagged")
            writer.writerow(
                [
                    _local(w.started_at).strftime("%Y-%m-%d %H:%M:%S"),
                    w.program_name,
                    duration,
                    name,
                    order[name],
                    0,
                    s.reps if s.reps is not None else 0,
                    0,
                    round(s.hold_seconds) if s.hold_seconds is not None else 0,
                    "; ".join(notes),
                    w.note,
                    EFFORT_TO_RPE.get(s.effort, "") if s.effort is not None else "",
                ]
            )


def exporter(fmt: str, store: Store, name_of: Callable[[str], str]) -> Callable[[IO[str]], None]:
    """The writer for one export format: json, csv or strong-csv."""
    if fmt == "json":
        return lambda out: export_json(store, out)
    if fmt == "csv":
        return lambda out: export_csv(store, out, name_of)
    if fmt == "strong-csv":
        return lambda out: export_strong_csv(store, out, name_of)
    raise ValueError(f"unknown export format {fmt!r}")


# --- import ----------------------------------------------------------------------------


def read_export(data: bytes) -> ExportFile:
    """Parse and validate an export file; errors name the key that is wrong."""
    try:
        parsed = msgspec.json.decode(data, type=ExportFile)
    except msgspec.ValidationError as exc:
        key, expected = explain_validation_error(str(exc))
        raise ImportFileError(f"{key}: {expected}" if key else expected) from exc
    except msgspec.DecodeError as exc:
        raise ImportFileError(f"not a glutetui JSON export ({exc})") from exc
    if parsed.version > VERSION:
        raise ImportFileError(
            f"export version {parsed.version} is newer than this glutetui reads ({VERSION})"
        )
    return parsed


def import_json(store: Store, data: bytes) -> ImportCounts:
    """Add what the export holds and the store does not; all or nothing."""
    bundle = read_export(data)
    counts: dict[str, int] = dict.fromkeys(ImportCounts.__slots__, 0)
    with store.writing() as session:
        known = set(session.scalars(select(Workout.uid)))
        for w in bundle.workouts:
            if w.uid in known:
                counts["skipped"] += 1
                continue
            known.add(w.uid)
            row = Workout(
                uid=w.uid,
                program_id=w.program_id,
                program_name=w.program_name,
                started_at=w.started_at,
                ended_at=w.ended_at,
                status=w.status,
                note=w.note,
                plan=json.dumps(w.plan, separators=(",", ":")) if w.plan is not None else "",
            )
            row.sets = [_set_in(s) for s in w.sets]
            session.add(row)
            counts["workouts"] += 1
            counts["sets"] += len(w.sets)
        session.flush()

        suggestion_ids = {s.uid: s.id for s in session.scalars(select(Suggestion))}
        for s in bundle.suggestions:
            if s.uid in suggestion_ids:
                counts["skipped"] += 1
                continue
            row_s = _suggestion_in(s)
            session.add(row_s)
            session.flush()
            suggestion_ids[s.uid] = row_s.id
            counts["suggestions"] += 1

        change_uids = set(session.scalars(select(DoseChange.uid)))
        for c in bundle.dose_changes:
            if c.uid in change_uids:
                counts["skipped"] += 1
                continue
            session.add(
                DoseChange(
                    uid=c.uid,
                    slot=c.slot,
                    exercise_id=c.exercise,
                    sets=c.sets,
                    reps=c.reps,
                    hold=c.hold,
                    band=c.band,
                    reason=c.reason,
                    suggestion_id=suggestion_ids.get(c.suggestion_uid or ""),
                    changed_at=c.changed_at,
                )
            )
            counts["dose_changes"] += 1

        for d in bundle.doses:
            current = session.get(Dose, d.slot)
            if current is not None and current.updated_at >= d.updated_at:
                counts["skipped"] += 1
                continue
            if current is None:
                current = Dose(slot=d.slot)
                session.add(current)
            current.exercise_id, current.sets, current.reps = d.exercise, d.sets, d.reps
            current.hold, current.band, current.updated_at = d.hold, d.band, d.updated_at
            counts["doses"] += 1

        test_uids = set(session.scalars(select(SelfTest.uid)))
        for t in bundle.self_tests:
            if t.uid in test_uids:
                counts["skipped"] += 1
                continue
            session.add(
                SelfTest(
                    uid=t.uid,
                    taken_at=t.taken_at,
                    side=t.side,
                    stage=t.stage,
                    target_seconds=t.target_seconds,
                    hold_seconds=t.hold_seconds,
                    level=t.level,
                )
            )
            counts["self_tests"] += 1
    return ImportCounts(**counts)


# --- helpers ---------------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


def _blank(value: object) -> object:
    return "" if value is None else value


def _set_out(s: SetLog) -> SetOut:
    return SetOut(
        block=s.block,
        set_index=s.set_index,
        side=s.side,  # type: ignore[arg-type]
        exercise=s.exercise_id,
        slot=s.slot,
        kind=s.kind,  # type: ignore[arg-type]
        target_reps=s.target_reps,
        target_hold=s.target_hold,
        reps=s.reps,
        hold_seconds=s.hold_seconds,
        rep_seconds=s.rep_seconds,
        band=s.band,  # type: ignore[arg-type]
        effort=s.effort,
        pain=s.pain,
        partial=s.partial,
        started_at=s.started_at,
        ended_at=s.ended_at,
    )


def _set_in(s: SetOut) -> SetLog:
    return SetLog(
        block=s.block,
        set_index=s.set_index,
        side=s.side,
        exercise_id=s.exercise,
        slot=s.slot,
        kind=s.kind,
        target_reps=s.target_reps,
        target_hold=s.target_hold,
        reps=s.reps,
        hold_seconds=s.hold_seconds,
        rep_seconds=s.rep_seconds,
        band=s.band,
        effort=s.effort,
        pain=s.pain,
        partial=s.partial,
        started_at=s.started_at,
        ended_at=s.ended_at,
    )


def _dose_out(d: Dose) -> DoseOut:
    return DoseOut(
        slot=d.slot,
        exercise=d.exercise_id,
        sets=d.sets,
        reps=d.reps,
        hold=d.hold,
        band=d.band,  # type: ignore[arg-type]
        updated_at=d.updated_at,
    )


def _change_out(c: DoseChange, uid_of: dict[int, str]) -> DoseChangeOut:
    return DoseChangeOut(
        uid=c.uid,
        slot=c.slot,
        exercise=c.exercise_id,
        sets=c.sets,
        reps=c.reps,
        hold=c.hold,
        band=c.band,  # type: ignore[arg-type]
        reason=c.reason,
        suggestion_uid=uid_of.get(c.suggestion_id) if c.suggestion_id is not None else None,
        changed_at=c.changed_at,
    )


def _suggestion_out(s: Suggestion) -> SuggestionOut:
    return SuggestionOut(
        uid=s.uid,
        slot=s.slot,
        kind=s.kind,
        reason=s.reason,
        evidence=s.evidence,
        before=DoseFields(
            exercise=s.from_exercise,
            sets=s.from_sets,
            reps=s.from_reps,
            hold=s.from_hold,
            band=s.from_band,  # type: ignore[arg-type]
        ),
        after=DoseFields(
            exercise=s.to_exercise,
            sets=s.to_sets,
            reps=s.to_reps,
            hold=s.to_hold,
            band=s.to_band,  # type: ignore[arg-type]
        ),
        status=s.status,  # type: ignore[arg-type]
        created_at=s.created_at,
        decided_at=s.decided_at,
    )


def _suggestion_in(s: SuggestionOut) -> Suggestion:
    return Suggestion(
        uid=s.uid,
        slot=s.slot,
        kind=s.kind,
        reason=s.reason,
        evidence=s.evidence,
        from_exercise=s.before.exercise,
        from_sets=s.before.sets,
        from_reps=s.before.reps,
        from_hold=s.before.hold,
        from_band=s.before.band,
        to_exercise=s.after.exercise,
        to_sets=s.after.sets,
        to_reps=s.after.reps,
        to_hold=s.after.hold,
        to_band=s.after.band,
        status=s.status,
        created_at=s.created_at,
        decided_at=s.decided_at,
    )


def _test_out(t: SelfTest) -> SelfTestOut:
    return SelfTestOut(
        uid=t.uid,
        taken_at=t.taken_at,
        side=t.side,  # type: ignore[arg-type]
        stage=t.stage,
        target_seconds=t.target_seconds,
        hold_seconds=t.hold_seconds,
        level=t.level,
    )


def to_text(writer: Callable[[IO[str]], None]) -> str:
    """Run an exporter into a string (for tests and small exports)."""
    buffer = io.StringIO()
    writer(buffer)
    return buffer.getvalue()
