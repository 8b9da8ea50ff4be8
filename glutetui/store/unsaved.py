"""Writes the app could not make before it ended, kept in a file until the next start.

Every write is a command (``glutetui.store.commands``) given to the one writer. When
the database cannot be reached (a server gone, a network dropped) the commands wait in
the writer; if the app ends while they still wait, those of a workout's life (a set,
an effort answer, its end, an answer given after it) are kept in ``unsaved.json`` in
the home folder, and the next start writes them, by the same handlers, before anything
else reads the history, then removes the file.

Each names its workout by ``uid``, which every database the history is moved to
keeps, not by its local id. Writing one again changes nothing (a set is keyed by
workout, block, set and side; a rating and an end set the same values), so a start
cut short between writing them and removing the file loses nothing and duplicates
nothing. Commands whose workout is not in the database opened (the file belongs to
another one) stay in the file.

Importing this module loads msgspec only; SQLAlchemy is needed to replay.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from glutetui.records import Moment
from glutetui.store.commands import HANDLERS, FinishWorkout, Kept, LogSet, RateExercise
from glutetui.store.errors import StoreError
from glutetui.vocab import plural

if TYPE_CHECKING:
    from glutetui.store.store import Store

FILE_NAME = "unsaved.json"
FORMAT: Literal["glutetui-unsaved"] = "glutetui-unsaved"
VERSION = 1


class UnsavedFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    format: Literal["glutetui-unsaved"]
    version: int
    database: str  # where they were to be written (a file, or a URL without its password)
    kept_at: Moment
    writes: list[Kept]


@dataclass(frozen=True, slots=True)
class Replayed:
    """What a replay did: writes made, and writes left in the file (another database's)."""

    written: int
    left: int
    left_for: str = ""

    @property
    def problem(self) -> str | None:
        if not self.left:
            return None
        return (
            f"{self.left} unsaved {plural(self.left, 'write')} from an earlier run "
            f"{'belongs' if self.left == 1 else 'belong'} to {self.left_for} and "
            f"{'stays' if self.left == 1 else 'stay'} in {FILE_NAME} until it is opened"
        )


def path_in(folder: Path) -> Path:
    return folder / FILE_NAME


def keep(path: Path, writes: Sequence[Kept], database: str) -> None:
    """Add writes to the file (after any it holds already), atomically, owner-only.

    Raises OSError when the file cannot be written.
    """
    if not writes:
        return
    earlier: UnsavedFile | None = None
    if path.exists():
        try:
            earlier = read(path)
        except StoreError:
            # Never lose these for a file that was already broken: set it aside.
            os.replace(path, path.with_name(f"{path.name}.damaged"))
    records = [*(earlier.writes if earlier is not None else ()), *writes]
    _write(path, records, database if earlier is None else earlier.database)


def read(path: Path) -> UnsavedFile:
    """The file's writes; a file that is not one of ours is a StoreError naming it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {(exc.strerror or str(exc)).lower()}") from exc
    try:
        found = msgspec.json.decode(data, type=UnsavedFile)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise StoreError(f"{path} is damaged ({exc}); it is left as it is") from exc
    if found.version > VERSION:
        raise StoreError(f"{path} was written by a newer glutetui; it is left as it is")
    return found


def replay(store: Store, path: Path) -> Replayed:
    """Write what the file holds, in order and in one transaction, then remove it (or
    keep in it only what belongs to another database). Raises StoreError, leaving the
    file as it was, when the database cannot take them."""
    from sqlalchemy import select

    from glutetui.store.models import WorkoutRow

    found = read(path)
    uids = {w.workout_uid for w in found.writes if w.workout_uid is not None}
    with store.write() as db:
        found_ids = db.session.execute(
            select(WorkoutRow.uid, WorkoutRow.id).where(WorkoutRow.uid.in_(uids))
        )
        ids: dict[str, int] = {uid: int(workout_id) for uid, workout_id in found_ids}
        for w in found.writes:
            if w.workout_uid in ids:
                HANDLERS[type(w)](db, w)
    left = [w for w in found.writes if w.workout_uid not in ids]
    try:
        if left:
            _write(path, left, found.database)
        else:
            path.unlink()
            _sync_folder(path.parent)
    except OSError as exc:
        # Written already; the file will be replayed again, which changes nothing.
        raise StoreError(f"the unsaved writes are saved, but {path} stays: {exc}") from exc
    return Replayed(len(found.writes) - len(left), len(left), found.database)


def replay_kept(store: Store, folder: Path) -> str | None:
    """Write what an earlier run kept in ``folder``, if it kept anything, before
    anything reads the history. Returns the problem to report, or None; a database
    that cannot take the writes leaves the file for the next start."""
    path = path_in(folder)
    if not path.exists():  # one stat: the usual case costs nothing
        return None
    try:
        return replay(store, path).problem
    except StoreError as exc:
        return f"writes kept from an earlier run are not saved yet: {exc}"


# --- inside ---------------------------------------------------------------------------


def _write(path: Path, writes: Sequence[Kept], database: str) -> None:
    """The file made whole beside its place and moved there: a crash leaves the old
    file or the new one, never half of one."""
    content = UnsavedFile(
        format=FORMAT,
        version=VERSION,
        database=database,
        kept_at=datetime.now(UTC),
        writes=[*writes],
    )
    temp = path.with_name(f".{path.name}.new-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(msgspec.json.format(msgspec.json.encode(content)))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)  # whatever the umask said
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    # The rename or removal itself is durable only once the folder is synced.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def describe_writes(writes: Sequence[Any]) -> str:
    """How many sets, answers and ends: "3 sets and the end of a workout"."""
    sets = sum(isinstance(w, LogSet) for w in writes)
    ratings = sum(isinstance(w, RateExercise) for w in writes)
    ends = sum(isinstance(w, FinishWorkout) for w in writes)
    parts = [
        f"{n} {plural(n, word)}"
        for n, word in ((sets, "set"), (ratings, "effort answer"), (ends, "workout end"))
        if n
    ]
    return " and ".join(parts) if parts else "nothing"
