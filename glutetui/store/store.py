"""The store: glutetui's database, handing out one unit of work per user action.

``with store.read() as db:`` and ``with store.write() as db:`` give a
:class:`~glutetui.store.repos.Unit` — one session, its repositories
(``db.workouts``, ``db.doses``, ``db.suggestions``, ``db.self_tests``) — that lives
as long as the action: a Home refresh or a progression review is one session, not
one per question. ``write()`` commits at the end, holding SQLite's write lock from
its start so two copies of the app never interleave half a change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from glutetui.store.database import StoreError, open_target
from glutetui.store.repos import Unit


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
