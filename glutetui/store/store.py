"""The store: glutetui's database, handing out one unit of work per user action.

``with store.read() as db:`` and ``with store.write() as db:`` give a
:class:`~glutetui.store.repos.Unit` — one session, its repositories
(``db.workouts``, ``db.doses``, ``db.suggestions``, ``db.self_tests``) — that lives
as long as the action: a Home refresh or a progression review is one session, not
one per question. ``write()`` commits at the end, holding SQLite's write lock from
its start so two copies of the app never interleave half a change.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from glutetui.store.database import StoreError, open_target
from glutetui.store.repos import Unit

# How long a read that wants two connections waits for SQLite's write lock before it
# reads on one instead (another program is writing: an import can hold it for seconds).
LOCK_WAIT_MS = 100
REPEATABLE = {"isolation_level": "REPEATABLE READ"}
SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+")


class Store:
    """glutetui's data: workouts, their sets, doses, suggestions and self-tests."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(immediate=True)

    @classmethod
    def open(cls, target: Path | str) -> Store:
        """The store on an SQLite file (a path) or a database server (a URL)."""
        return cls(open_target(target))

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One committed write transaction, holding SQLite's write lock from its start."""
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as exc:
            raise StoreError(database_message(exc)) from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        try:
            with Session(self.engine) as session:
                yield session
        except DBAPIError as exc:
            raise StoreError(database_message(exc)) from exc

    @contextmanager
    def read(self, cache_mb: int | None = None) -> Iterator[Unit]:
        """The repositories over one reading session. ``cache_mb``: SQLite's page cache
        for this read, for one that goes over the same tables several times (the
        report); set back as it was when the read ends, which frees the pages."""
        with self.reading() as session:
            if cache_mb is None or self.engine.dialect.name != "sqlite":
                yield Unit(session)
                return
            connection = session.connection()
            was = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
            connection.exec_driver_sql(f"PRAGMA cache_size = -{int(cache_mb) * 1024}")
            try:
                yield Unit(session)
            finally:
                connection.exec_driver_sql(f"PRAGMA cache_size = {was}")

    @contextmanager
    def read_together(self, cache_mb: int | None = None) -> Iterator[tuple[Unit, Unit | None]]:
        """Two reading units of work that see one and the same state of the history, on
        two connections, so the two halves of a long read (the report) can run on two
        threads at once. The second is None when that cannot be had at once (another
        program holding SQLite's write lock, a journal that is not WAL): the caller then
        reads both halves in the first, one after the other.

        On SQLite the write lock is held while the two begin reading, so no write lands
        between them, and let go as soon as they have; on PostgreSQL both read in
        REPEATABLE READ and the second takes the first's snapshot."""
        with ExitStack() as stack:
            pair = None
            try:
                with ExitStack() as trying:
                    pair = self._pair(trying, cache_mb)
                    if pair is not None:
                        stack.push(trying.pop_all())
            except (DBAPIError, StoreError, sqlite3.Error):
                pair = None  # the one connection below meets any lasting fault again
            if pair is None:
                yield stack.enter_context(self.read(cache_mb)), None
            else:
                yield pair

    def _pair(self, stack: ExitStack, cache_mb: int | None) -> tuple[Unit, Unit] | None:
        if self.engine.dialect.name != "sqlite":
            return self._pair_on_server(stack)
        with self._writer.connect() as lock:
            # Straight on the driver: through SQLAlchemy the first statement would begin.
            raw: Any = lock.connection.driver_connection
            if raw.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                return None  # its readers would hold writers off as long as they read
            waits = int(raw.execute("PRAGMA busy_timeout").fetchone()[0])
            raw.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
            try:
                with lock.begin():  # BEGIN IMMEDIATE: no write commits until it ends
                    pair = (
                        stack.enter_context(self.read(cache_mb)),
                        stack.enter_context(self.read(cache_mb)),
                    )
                    for unit in pair:  # a read transaction starts at its first read
                        unit.session.connection().exec_driver_sql(
                            "SELECT 1 FROM sqlite_master LIMIT 1"
                        ).all()
                return pair
            finally:
                raw.execute(f"PRAGMA busy_timeout = {waits}")

    def _pair_on_server(self, stack: ExitStack) -> tuple[Unit, Unit] | None:
        first = stack.enter_context(self.read())
        snapshot = str(
            first.session.connection(execution_options=REPEATABLE)
            .exec_driver_sql("SELECT pg_export_snapshot()")
            .scalar_one()
        )
        if not SNAPSHOT_ID.fullmatch(snapshot):
            return None
        second = stack.enter_context(self.read())
        # A snapshot's id is no parameter PostgreSQL takes: checked above, then written in.
        second.session.connection(execution_options=REPEATABLE).exec_driver_sql(
            f"SET TRANSACTION SNAPSHOT '{snapshot}'"
        )
        return first, second

    @contextmanager
    def write(self) -> Iterator[Unit]:
        """The repositories over one write transaction, committed when the block ends."""
        with self.writing() as session:
            yield Unit(session)


def database_message(exc: DBAPIError) -> str:
    """A failed statement as one line a person can act on."""
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
