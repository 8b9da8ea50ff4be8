"""Export and import of glutetui's versioned JSON: the shapes of ``records``, whole.

The export is complete (every workout with its plan and sets, dose changes,
suggestions and self-tests, and each program block's dose as last changed) and is
made of the very shapes the store hands out, so anything the store can hold can be
exported, and the import validates with the same shapes. Version 2 names the program
of every dose change and suggestion; a version 1 file (doses kept per exercise) is
read too, each change given to the program it was earned in
(``glutetui.store.earned``). Records are matched by ``uid``: importing the same file twice adds
nothing, and export → import into an empty home → export gives the same data.
:func:`schema` is the JSON schema of the file (``docs/export-schema.json``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import IO, Annotated, Any, Literal

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from glutetui.platform.validation import explain_validation_error
from glutetui.records import (
    DoseChangeRecord,
    DoseRecord,
    LoggedSet,
    Moment,
    Shape,
)
from glutetui.records import SelfTest as SelfTestShape
from glutetui.records import Suggestion as SuggestionShape
from glutetui.records import Workout as WorkoutShape
from glutetui.store.earned import Candidate, earned_in
from glutetui.store.errors import StoreError
from glutetui.store.models import (
    DoseChangeRow,
    SelfTestRow,
    SetRow,
    SuggestionRow,
    WorkoutRow,
)
from glutetui.store.repos import Unit
from glutetui.store.repos.doses import Doses
from glutetui.store.repos.suggestions import record as suggestion_record
from glutetui.store.rows import prefixed, to, to_with, values
from glutetui.store.store import Store
from glutetui.vocab import BlockRef

FORMAT = "glutetui"
VERSION = 2
BATCH = 500


class WorkoutExport(WorkoutShape, frozen=True, kw_only=True):
    """A workout with the plan it ran (as JSON, not text) and its sets."""

    plan: Any
    sets: list[LoggedSet]


class ExportFile(Shape, frozen=True, kw_only=True):
    format: Literal["glutetui"]
    version: Annotated[int, msgspec.Meta(ge=1)]
    exported_at: Moment
    workouts: list[WorkoutExport]
    doses: list[DoseRecord]
    dose_changes: list[DoseChangeRecord]
    suggestions: list[SuggestionShape]
    self_tests: list[SelfTestShape]


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


IMPORTED_REASON = "Your dose as an older export kept it"


def _candidates(session: Session) -> dict[str, list[Candidate]]:
    """Per exercise id, the workouts that logged a set under it (to place old changes)."""
    query = (
        select(SetRow.slot, WorkoutRow.uid, WorkoutRow.program_id, WorkoutRow.started_at)
        .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
        .distinct()
    )
    found: dict[str, list[Candidate]] = {}
    for slot, uid, program, started in session.execute(query):
        found.setdefault(slot, []).append(Candidate(uid, program, started))
    return found


class ImportFileError(StoreError):
    """An import file that cannot be read; the message names the key."""


def schema() -> dict[str, Any]:
    """The export file's JSON schema, generated from the shapes."""
    return msgspec.json.schema(ExportFile)


# --- export ----------------------------------------------------------------------------


def iter_workouts(store: Store) -> Iterator[WorkoutExport]:
    """Every workout with its sets, oldest first, read in batches of one session each."""
    last_key: tuple[datetime, int] | None = None
    while True:
        query = select(WorkoutRow).order_by(WorkoutRow.started_at, WorkoutRow.id).limit(BATCH)
        if last_key is not None:
            started, wid = last_key
            query = query.where(
                (WorkoutRow.started_at > started)
                | ((WorkoutRow.started_at == started) & (WorkoutRow.id > wid))
            )
        with store.reading() as session:
            workouts = session.scalars(query).all()
            if not workouts:
                return
            ids = [w.id for w in workouts]
            sets: dict[int, list[LoggedSet]] = {i: [] for i in ids}
            rows = session.scalars(
                select(SetRow)
                .where(SetRow.workout_id.in_(ids))
                .order_by(SetRow.workout_id, SetRow.block, SetRow.set_index, SetRow.started_at)
            )
            for s in rows:
                sets[s.workout_id].append(to(LoggedSet, s))
            for w in workouts:
                yield to_with(
                    WorkoutExport,
                    w,
                    plan=json.loads(w.plan) if w.plan else None,
                    sets=sets[w.id],
                )
            last_key = (workouts[-1].started_at, workouts[-1].id)


def export_json(store: Store, out: IO[str], now: datetime | None = None) -> None:
    """Write the complete JSON export, one workout at a time."""
    encoder = msgspec.json.Encoder()
    stamp = encoder.encode(now or datetime.now(UTC)).decode()
    out.write(f'{{"format": "{FORMAT}", "version": {VERSION}, "exported_at": {stamp},\n')
    out.write('"workouts": [')
    for i, workout in enumerate(iter_workouts(store)):
        out.write(("," if i else "") + "\n" + encoder.encode(workout).decode())
    out.write("\n],\n")
    with store.reading() as session:
        rest = _the_rest(session)
    for i, (key, records) in enumerate(rest.items()):
        out.write(f'"{key}": {encoder.encode(records).decode()}')
        out.write(",\n" if i < len(rest) - 1 else "\n")
    out.write("}\n")


def _the_rest(session: Session) -> dict[str, list[Any]]:
    """Doses, dose changes, suggestions and self-tests, in a stable order."""
    doses = Doses(session)
    return {
        "doses": [d for _, d in sorted(doses.current().items())],
        "dose_changes": doses.changes(),
        "suggestions": [
            to(SuggestionShape, suggestion_record(s))
            for s in session.scalars(select(SuggestionRow).order_by(SuggestionRow.id))
        ],
        "self_tests": [
            to(SelfTestShape, t)
            for t in session.scalars(select(SelfTestRow).order_by(SelfTestRow.id))
        ],
    }


def exporter(fmt: str, store: Store, name_of: Callable[[str], str]) -> Callable[[IO[str]], None]:
    """The writer for one export format: json, csv or strong-csv."""
    if fmt == "json":
        return lambda out: export_json(store, out)
    from glutetui.store import csv_export

    if fmt == "csv":
        return lambda out: csv_export.export_csv(iter_workouts(store), out, name_of)
    if fmt == "strong-csv":
        return lambda out: csv_export.export_strong_csv(iter_workouts(store), out, name_of)
    raise ValueError(f"unknown export format {fmt!r}")


def to_text(writer: Callable[[IO[str]], None]) -> str:
    """Run an exporter into a string (for tests and small exports)."""
    buffer = io.StringIO()
    writer(buffer)
    return buffer.getvalue()


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
    with store.write() as db:
        return import_into(db, bundle)


def import_into(db: Unit, bundle: ExportFile) -> ImportCounts:
    """Add an export's records in the caller's unit of work (the writer's, in the app)."""
    return _import(db.session, bundle)


def _import(session: Session, bundle: ExportFile) -> ImportCounts:
    counts: dict[str, int] = {f.name: 0 for f in fields(ImportCounts)}

    known = set(session.scalars(select(WorkoutRow.uid)))
    for w in bundle.workouts:
        if w.uid in known:
            counts["skipped"] += 1
            continue
        known.add(w.uid)
        row = WorkoutRow(
            **values(w, WorkoutShape),
            plan=json.dumps(w.plan, separators=(",", ":")) if w.plan is not None else "",
        )
        row.sets = [SetRow(**values(s, LoggedSet)) for s in w.sets]
        session.add(row)
        counts["workouts"] += 1
        counts["sets"] += len(w.sets)
    session.flush()

    candidates = _candidates(session)
    suggestion_ids: dict[str, int] = dict(
        session.execute(select(SuggestionRow.uid, SuggestionRow.id)).all()
    )
    for s in bundle.suggestions:
        if s.uid in suggestion_ids:
            counts["skipped"] += 1
            continue
        plain = {
            k: v for k, v in values(s, SuggestionShape).items() if k not in ("before", "after")
        }
        if not plain["program_id"]:  # a version 1 file: find where it was earned
            plain["program_id"] = earned_in(s.evidence, s.created_at, candidates.get(s.slot, []))
        row_s = SuggestionRow(**plain, **prefixed(s.before, "from_"), **prefixed(s.after, "to_"))
        session.add(row_s)
        session.flush()
        suggestion_ids[s.uid] = row_s.id
        counts["suggestions"] += 1

    change_uids = set(session.scalars(select(DoseChangeRow.uid)))
    evidence = {x.uid: x.evidence for x in bundle.suggestions}
    for c in bundle.dose_changes:
        if c.uid in change_uids:
            counts["skipped"] += 1
            continue
        plain = {k: v for k, v in values(c, DoseChangeRecord).items() if k != "suggestion_uid"}
        if not plain["program_id"]:  # a version 1 file: find where it was earned
            why = evidence.get(c.suggestion_uid or "", "")
            plain["program_id"] = earned_in(why, c.changed_at, candidates.get(c.slot, []))
        session.add(
            DoseChangeRow(**plain, suggestion_id=suggestion_ids.get(c.suggestion_uid or ""))
        )
        change_uids.add(c.uid)
        counts["dose_changes"] += 1
    session.flush()

    # Since version 2 the doses are each block's last change, derived: nothing to add.
    # A version 1 file kept them apart; one that no change accounts for (written by hand,
    # say) becomes a change of its own.
    latest = Doses(session).current()
    for d in bundle.doses if bundle.version < 2 else ():
        program = d.program_id or earned_in("", d.updated_at, candidates.get(d.slot, []))
        kept = latest.get(BlockRef(program, d.slot))
        if kept is not None and (kept.dose == d.dose or kept.updated_at >= d.updated_at):
            counts["skipped"] += 1
            continue
        Doses(session).change(BlockRef(program, d.slot), d.dose, IMPORTED_REASON, d.updated_at)
        counts["doses"] += 1

    test_uids = set(session.scalars(select(SelfTestRow.uid)))
    for t in bundle.self_tests:
        if t.uid in test_uids:
            counts["skipped"] += 1
            continue
        session.add(SelfTestRow(**values(t, SelfTestShape)))
        counts["self_tests"] += 1
    return ImportCounts(**counts)


if __name__ == "__main__":  # the schema in docs/: python -m glutetui.store.exchange
    print(json.dumps(schema(), indent=2, sort_keys=True))
