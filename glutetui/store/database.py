"""Opening the database file safely: check it, create it, migrate it, or refuse.

The rules, in order:

* a missing file is created whole in a temporary file beside it (mode 0600, the
  newest schema built from the models, WAL on) and only then moved into place, so a
  crash never leaves a half-made database behind;
* an existing file must start with SQLite's header, hold glutetui's tables and be
  writable, or opening stops with a one-line :class:`StoreError` and the file is
  left exactly as it was;
* a schema behind the newest known revision is upgraded with Alembic (imported only
  then), after a copy of the file is kept beside it; a schema newer than this
  version of glutetui knows is refused.

A history may live in a PostgreSQL server instead: :func:`open_target` takes either a
file's :class:`~pathlib.Path` or a URL string (``postgresql://user:password@host:port/
dbname``, or ``sqlite:///path/to/file.db`` for a file by URL), and the server side is
in :mod:`glutetui.store.server`. Only the SQLite durability code (WAL, synchronous
FULL, the busy timeout, copies before a migration) lives here.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import QueuePool

from glutetui.store.errors import StoreError
from glutetui.store.migrate import MIGRATIONS, migrate
from glutetui.store.schema import HEAD, REVISIONS

__all__ = [
    "MIGRATIONS",
    "StoreError",
    "describe",
    "make_engine",
    "open_database",
    "open_target",
    "open_url",
    "upgrade",
]


BUSY_TIMEOUT_MS = 5000
SERVER_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
FILE_SCHEMES = ("sqlite", "sqlite+pysqlite")
URL_FORMS = "postgresql://user:password@host:port/dbname or sqlite:///path/to/file.db"


def open_target(target: Path | str, *, busy_timeout_ms: int | None = None) -> Engine:
    """Open the history wherever it lives: a :class:`Path` is an SQLite file, a string a URL.

    This is the one entry for callers that take ``--db`` into account
    (``open_target(locations.database_target)``).
    """
    if isinstance(target, Path):
        return open_database(target, busy_timeout_ms=busy_timeout_ms)
    return open_url(target, busy_timeout_ms=busy_timeout_ms)


def open_url(url: str, *, busy_timeout_ms: int | None = None) -> Engine:
    """Open the history at an SQLAlchemy URL: a PostgreSQL server, or an SQLite file."""
    parsed = _parse(url)
    if parsed.drivername in FILE_SCHEMES:
        file = Path(parsed.database or "").expanduser().absolute()
        return open_database(file, busy_timeout_ms=busy_timeout_ms)
    from glutetui.store.server import open_server

    return open_server(parsed)


def describe(target: Path | str) -> str:
    """How to name a target in a message: the file's path, or the URL's password hidden."""
    if isinstance(target, Path):
        return str(target)
    from glutetui.store.server import mask, shown

    try:
        return shown(make_url(target))
    except ArgumentError:
        return mask(target)


def open_database(path: Path, *, busy_timeout_ms: int | None = None) -> Engine:
    """Return an engine on a checked, current database at ``path``, creating it if missing."""
    path = Path(path)
    busy_timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
    _ensure_folder(path.parent)
    if not path.exists():
        _create(path, busy_timeout_ms)
    else:
        _check_file(path)
    engine = make_engine(path, busy_timeout_ms)
    try:
        revision = _stored_revision(engine, path)
        if revision is None:
            raise StoreError(f"{path} has no schema revision; it was not made by glutetui")
        if revision != HEAD:
            if revision not in REVISIONS:
                raise StoreError(
                    f"{path} was written by a newer glutetui (schema {revision}); "
                    "update glutetui to open it"
                )
            try:
                backup = _backup(path, revision)
            except (OSError, sqlite3.Error) as exc:
                raise StoreError(
                    f"{path} needs upgrading, but no copy of it could be kept first "
                    f"({_sqlite_why(exc)}); it is unchanged"
                ) from exc
            try:
                upgrade(engine)
            except Exception as exc:
                # The upgrade runs in one transaction, so the file is as it was.
                raise StoreError(
                    f"{path} could not be upgraded from schema {revision} "
                    f"({_sqlite_why(exc)}); it is unchanged and a copy is at {backup}"
                ) from exc
    except BaseException:
        engine.dispose()
        raise
    return engine


def make_engine(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine with the durability settings glutetui relies on, for an existing file."""
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=2,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the write lock up front, so two copies of the app queue on the
        # busy timeout instead of failing when a read turns into a write.
        immediate = connection.get_execution_options().get("immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision with Alembic, in one transaction.

    Foreign keys are off while it runs on SQLite: SQLite changes a table by copying
    it and dropping the old one, and with them on, that drop would run every ON
    DELETE rule against the rows that point at it (nulling dose changes' links to
    their suggestions, say). Every reference is checked before the commit instead.
    """
    if engine.dialect.name != "sqlite":
        from glutetui.store.server import upgrade_server

        upgrade_server(engine)
        return
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
        try:
            with connection.begin():
                migrate(connection)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise StoreError(f"the upgrade would break {len(broken)} references")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def _parse(url: str) -> URL:
    """The URL, with its driver checked; anything glutetui cannot open is one line."""
    from glutetui.store.server import mask, shown

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"cannot open {mask(url)!r}: not a database URL; expected {URL_FORMS}"
        ) from None
    if parsed.drivername in FILE_SCHEMES:
        if parsed.database in (None, "", ":memory:"):
            raise StoreError(
                f"cannot open {url}: it names no file, and a history kept in memory "
                f"would be lost; expected {URL_FORMS}"
            )
        return parsed
    if parsed.drivername not in SERVER_SCHEMES:
        if parsed.get_backend_name() == "postgresql":
            why = f"glutetui reaches PostgreSQL through psycopg 3, not {parsed.get_driver_name()}"
            why += "; write postgresql:// or postgresql+psycopg://"
        else:
            why = f"glutetui cannot keep its history in {parsed.drivername}; expected {URL_FORMS}"
        raise StoreError(f"cannot open {shown(parsed)}: {why}")
    return parsed


def _ensure_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StoreError(f"cannot create the folder {folder}: {_why(exc)}") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"the folder {folder} is not writable")


def _check_file(path: Path) -> None:
    # Only stat and access here, never open(): closing any descriptor of the file
    # drops every SQLite lock this process holds on it (POSIX locks are per process),
    # and another process could then delete the live WAL. SQLite reads the header.
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {_why(exc)}") from exc
    if size == 0:
        raise StoreError(f"{path} is empty, not a glutetui database")
    if not os.access(path, os.R_OK):
        raise StoreError(f"cannot read {path}: permission denied")
    if not os.access(path, os.W_OK):
        raise StoreError(f"{path} is read-only; glutetui needs to write to it")
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"the folder of {path} is read-only; glutetui needs to write there")


def _stored_revision(engine: Engine, path: Path) -> str | None:
    try:
        with engine.connect() as connection:
            tables = {
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            if "alembic_version" not in tables:
                raise StoreError(f"{path} is an SQLite file but not a glutetui database")
            row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            connection.rollback()
    except StoreError:
        raise
    except Exception as exc:
        why = _sqlite_why(exc)
        if "not a database" in why:
            raise StoreError(f"{path} is not a glutetui database (not an SQLite file)") from exc
        raise StoreError(f"{path} cannot be read: {why}") from exc
    return None if row is None else str(row[0])


def _create(path: Path, busy_timeout_ms: int) -> None:
    """Make a complete new database beside ``path`` and move it into place.

    The schema is built straight from the models (:func:`schema_sql`) and stamped with
    the newest revision, as Alembic's own advice is for a new database, rather than by
    running every migration on the empty file: that ends in the same schema (a test
    compares the two in SQLite's own catalogue, column by column) but cost about ten
    times the CPU, and Alembic's import, for every new history. A file at an older
    revision is still brought up to date by the migrations (:func:`upgrade`).
    """
    temp = path.with_name(f".{path.name}.new-{os.getpid()}")
    _remove_quietly(temp)
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        os.chmod(temp, 0o600)  # whatever the umask says
        statements = schema_sql()
        with contextlib.closing(sqlite3.connect(temp, isolation_level=None)) as raw:
            raw.execute("PRAGMA journal_mode = WAL")
            raw.execute("PRAGMA synchronous = FULL")
            raw.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            raw.execute("BEGIN IMMEDIATE")  # a failure leaves nothing: closing rolls back
            for statement in statements:
                raw.execute(statement)
            raw.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD,))
            raw.execute("COMMIT")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _fsync(temp)
        with contextlib.suppress(FileExistsError):
            os.link(temp, path)  # never replaces a database another copy just made
        _fsync_folder(path.parent)
    except OSError as exc:
        raise StoreError(f"cannot create {path}: {_why(exc)}") from exc
    except Exception as exc:  # SQLite's own failures: a full disk, say
        raise StoreError(f"cannot create {path}: {_sqlite_why(exc)}") from exc
    finally:
        _remove_quietly(temp)


@functools.cache
def schema_sql() -> tuple[str, ...]:
    """The SQLite statements that build the newest schema in an empty file: the models'
    tables and indexes exactly as ``create_all`` makes them, then the version table as
    Alembic makes it (``alembic_version``, its key constraint ``alembic_version_pkc``).

    Compiled once per process: compiling them cost as much CPU again as running them.
    """
    from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table
    from sqlalchemy.engine import create_mock_engine

    from glutetui.store.models import Base

    statements: list[str] = []

    def keep(ddl: Any, *_multiparams: Any, **_params: Any) -> None:
        statements.append(str(ddl.compile(dialect=mock.dialect)).strip())

    mock = create_mock_engine("sqlite://", keep)
    Base.metadata.create_all(mock, checkfirst=False)
    version = Table(
        "alembic_version",
        MetaData(),
        Column("version_num", String(32), nullable=False),
        PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
    )
    version.create(mock, checkfirst=False)
    return tuple(statements)


def _backup(path: Path, revision: str) -> Path:
    """Keep a copy of the file before migrating it (once per revision)."""
    backup = path.with_name(f"{path.name}.before-{revision}")
    if backup.exists():
        return backup
    # Made under another name and renamed when whole, so a copy cut short (a full
    # disk, a kill) is never taken for a good one next time.
    temp = path.with_name(f".{backup.name}.new-{os.getpid()}")
    _remove_quietly(temp)
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        with (
            contextlib.closing(sqlite3.connect(path)) as source,
            contextlib.closing(sqlite3.connect(temp)) as target,
        ):
            source.backup(target)
        _fsync(temp)
        os.replace(temp, backup)
    finally:
        _remove_quietly(temp)
    return backup


def _remove_quietly(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        _fsync(folder)


def _why(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _sqlite_why(exc: BaseException) -> str:
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).splitlines()[0] if str(inner) else type(inner).__name__
    return text.lower()
