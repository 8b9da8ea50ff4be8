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
from sqlalchemy import insert, select
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
from glutetui.store.sums import refresh as refresh_sums
from glutetui.vocab import BlockRef, plural

FORMAT = "glutetui"
VERSION = 2
BATCH = 500
# How far long work has gone: (done, in all), in workouts or, reading a file, in bytes.
Progress = Callable[[int, int], None]


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
        def n(count: int, word: str) -> str:
            return f"{count} {plural(count, word)}"

        return (
            f"imported {n(self.workouts, 'workout')} ({n(self.sets, 'set')}), "
            f"{n(self.doses, 'dose')}, {n(self.dose_changes, 'dose change')}, "
            f"{n(self.suggestions, 'suggestion')}, {n(self.self_tests, 'self-test')}; "
            f"{self.skipped} already present"
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


def iter_workouts(store: Store, progress: Progress | None = None) -> Iterator[WorkoutExport]:
    """Every workout with its sets, oldest first, read in batches of one session each.
    ``progress`` hears (workouts so far, workouts in all) after each one."""
    total = 0
    if progress is not None:
        with store.read() as db:
            total = db.workouts.count()
    done = 0
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
                done += 1
                if progress is not None:
                    progress(done, max(total, done))
            last_key = (workouts[-1].started_at, workouts[-1].id)


def export_json(
    store: Store, out: IO[str], now: datetime | None = None, progress: Progress | None = None
) -> None:
    """Write the complete JSON export, one workout at a time: the header on the first
    line, then one workout per line (what lets :func:`read_stream` read it back as a
    stream), then the rest."""
    encoder = msgspec.json.Encoder()
    stamp = encoder.encode(now or datetime.now(UTC)).decode()
    out.write(f'{{"format": "{FORMAT}", "version": {VERSION}, "exported_at": {stamp},\n')
    out.write('"workouts": [')
    for i, workout in enumerate(iter_workouts(store, progress)):
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


def exporter(
    fmt: str, store: Store, name_of: Callable[[str], str], progress: Progress | None = None
) -> Callable[[IO[str]], None]:
    """The writer for one export format: json, csv or strong-csv. ``progress`` hears
    (workouts written, workouts in all) as it goes."""
    if fmt == "json":
        return lambda out: export_json(store, out, progress=progress)
    from glutetui.store import csv_export

    if fmt == "csv":
        return lambda out: csv_export.export_csv(iter_workouts(store, progress), out, name_of)
    if fmt == "strong-csv":
        return lambda out: csv_export.export_strong_csv(
            iter_workouts(store, progress), out, name_of
        )
    raise ValueError(f"unknown export format {fmt!r}")


def to_text(writer: Callable[[IO[str]], None]) -> str:
    """Run an exporter into a string (for tests and small exports)."""
    buffer = io.StringIO()
    writer(buffer)
    return buffer.getvalue()


# --- import ----------------------------------------------------------------------------

# Lines are read one at a time: a file whose line is longer than this is not glutetui's
# layout (one workout per line), and is read whole.
HEAD_LIMIT = 4096


class _Head(Shape, frozen=True, kw_only=True):
    """The export's first line: what it is, its version and when it was made."""

    format: Literal["glutetui"]
    version: Annotated[int, msgspec.Meta(ge=1)]
    exported_at: Moment


class _Rest(Shape, frozen=True, kw_only=True):
    """What follows the workouts: small, read at once."""

    doses: list[DoseRecord]
    dose_changes: list[DoseChangeRecord]
    suggestions: list[SuggestionShape]
    self_tests: list[SelfTestShape]


@dataclass
class ExportStream:
    """An export being read: its version, then its workouts one at a time, then the
    rest (``rest()`` once the workouts are all read)."""

    version: int
    workouts: Iterator[WorkoutExport]
    rest: Callable[[], _Rest]


def _refused(exc: Exception, where: str = "") -> ImportFileError:
    """A decoding error as one line naming the key (``where`` is the path of the part
    decoded, e.g. ``.workouts[3]``)."""
    if isinstance(exc, msgspec.ValidationError):
        key, expected = explain_validation_error(str(exc).replace("`$", f"`${where}", 1))
        return ImportFileError(f"{key}: {expected}" if key else expected)
    return ImportFileError(f"not a glutetui JSON export ({exc})")


def _check_version(version: int) -> None:
    if version > VERSION:
        raise ImportFileError(
            f"export version {version} is newer than this glutetui reads ({VERSION})"
        )


def read_export(data: bytes) -> ExportFile:
    """Parse and validate a whole export file; errors name the key that is wrong."""
    try:
        parsed = msgspec.json.decode(data, type=ExportFile)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError) as exc:
        version = _version_of(data)
        if version is not None:
            _check_version(version)  # a newer file says so, not what it added
        raise _refused(exc) from exc
    _check_version(parsed.version)
    return parsed


def _version_of(data: bytes) -> int | None:
    class _Version(msgspec.Struct):
        version: int

    try:
        return msgspec.json.decode(data, type=_Version).version
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        return None


def read_stream(file: IO[bytes], progress: Progress | None = None) -> ExportStream:
    """Read an export as a stream: glutetui writes its header on the first line, then
    one workout per line, then the rest; each workout is decoded and validated as it
    is read, so memory stays the same whatever the file's size. A file in another
    layout (formatted by hand or by another program) is read whole. Errors name the
    key that is wrong (``workouts[12].sets[3].side``) and raise ImportFileError."""
    size = _size(file)
    first = file.readline(HEAD_LIMIT)
    second = file.readline(HEAD_LIMIT) if first.startswith(b'{"format": ') else b""
    if not (first.rstrip().endswith(b",") and second.strip() == b'"workouts": ['):
        return _whole(read_export(first + second + file.read()))
    head = first.rstrip()[:-1] + b"}"
    version = _version_of(head)
    if version is not None:
        _check_version(version)
    try:
        header = msgspec.json.decode(head, type=_Head)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError) as exc:
        raise _refused(exc) from exc
    tail: list[bytes] = []

    def workouts() -> Iterator[WorkoutExport]:
        decoder = msgspec.json.Decoder(WorkoutExport)
        done = len(first) + len(second)
        for index, line in enumerate(file):
            done += len(line)
            text = line.strip()
            if text in (b"]", b"],"):
                tail.append(text[1:])
                break
            try:
                yield decoder.decode(text.removesuffix(b","))
            except (msgspec.ValidationError, msgspec.DecodeError, RecursionError) as exc:
                raise _refused(exc, f".workouts[{index}]") from exc
            if progress is not None:
                progress(done, size)
        else:
            raise ImportFileError("not a glutetui JSON export (it ends inside its workouts)")

    def rest() -> _Rest:
        if not tail:
            raise ImportFileError("not a glutetui JSON export (its workouts were not all read)")
        # What follows the workouts' list: `, "doses": [...], ... }`, small.
        text = b"{" + tail[0].lstrip(b",") + file.read()
        try:
            found = msgspec.json.decode(text, type=_Rest)
        except (msgspec.ValidationError, msgspec.DecodeError, RecursionError) as exc:
            raise _refused(exc) from exc
        if progress is not None:
            progress(size, size)
        return found

    return ExportStream(header.version, workouts(), rest)


def _size(file: IO[bytes]) -> int:
    """The file's length in bytes (0 when it cannot be told: a pipe)."""
    try:
        if not file.seekable():
            return 0
        here = file.tell()
        end = file.seek(0, io.SEEK_END)
        file.seek(here)
    except OSError:
        return 0
    return end


def import_json(store: Store, data: bytes) -> ImportCounts:
    """Add what the export holds and the store does not; all or nothing."""
    return import_file(store, io.BytesIO(data))


def import_file(store: Store, file: IO[bytes], progress: Progress | None = None) -> ImportCounts:
    """Import an export file as it is read, in one write transaction: a bad record
    anywhere in it leaves the database as it was."""
    export = read_stream(file, progress)
    with store.write() as db:
        return import_into(db, export)


def import_or_refuse(
    db: Unit, file: IO[bytes], progress: Progress | None = None
) -> ImportCounts | ImportFileError:
    """Import a file as a stream in the caller's unit of work (the writer's, in the
    app), or say why it cannot be read. A file refused half-way has written nothing:
    its records go in under a savepoint, rolled back on the first bad one, and the
    error is returned rather than raised (a writer tries a failed write again)."""
    try:
        with db.session.begin_nested():
            return import_into(db, read_stream(file, progress))
    except ImportFileError as exc:
        return exc


def import_into(db: Unit, export: ExportFile | ExportStream) -> ImportCounts:
    """Add an export's records in the caller's unit of work (the writer's, in the app)."""
    stream = _whole(export) if isinstance(export, ExportFile) else export
    return _import(db.session, stream)


def _whole(bundle: ExportFile) -> ExportStream:
    rest = _Rest(
        doses=bundle.doses,
        dose_changes=bundle.dose_changes,
        suggestions=bundle.suggestions,
        self_tests=bundle.self_tests,
    )
    return ExportStream(bundle.version, iter(bundle.workouts), lambda: rest)


def _add_workouts(session: Session, batch: list[WorkoutExport]) -> None:
    """One batch of new workouts and their sets, as two multi-row inserts (no ORM
    objects kept: memory stays flat however many batches)."""
    if not batch:
        return
    ids = session.scalars(
        insert(WorkoutRow).returning(WorkoutRow.id, sort_by_parameter_order=True),
        [
            {
                **values(w, WorkoutShape),
                "plan": json.dumps(w.plan, separators=(",", ":")) if w.plan is not None else "",
            }
            for w in batch
        ],
    ).all()
    sets = [
        {**values(s, LoggedSet), "workout_id": workout_id}
        for workout_id, w in zip(ids, batch, strict=True)
        for s in w.sets
    ]
    if sets:
        session.execute(insert(SetRow), sets)
        refresh_sums(session, ids)  # the new workouts' summaries, in the same transaction


def _import(session: Session, export: ExportStream) -> ImportCounts:
    counts: dict[str, int] = {f.name: 0 for f in fields(ImportCounts)}

    known = set(session.scalars(select(WorkoutRow.uid)))
    batch: list[WorkoutExport] = []
    for w in export.workouts:
        if w.uid in known:
            counts["skipped"] += 1
            continue
        known.add(w.uid)
        batch.append(w)
        counts["workouts"] += 1
        counts["sets"] += len(w.sets)
        if len(batch) >= BATCH:
            _add_workouts(session, batch)
            batch = []
    _add_workouts(session, batch)
    bundle = export.rest()
    version = export.version

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
    for d in bundle.doses if version < 2 else ():
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
