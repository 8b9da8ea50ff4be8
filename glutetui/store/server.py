"""A history kept in a PostgreSQL server, reached by URL through psycopg 3.

What opening promises, in the same words as for the SQLite file:

* a database with no tables is brought to the newest schema by the same Alembic
  migrations; an older schema is upgraded; a newer one is refused; a database that
  holds other tables but no glutetui schema is refused and left alone;
* a schema change runs in one transaction (PostgreSQL's DDL is transactional), so a
  failed upgrade leaves the database exactly as it was, and under an advisory lock,
  so two devices starting together never migrate at once;
* nothing waits for long: a connect timeout, a statement timeout and TCP keepalives
  bound every call, and the pool looks at a connection before handing it out, so one
  the server closed or the keepalives found dead is replaced instead of failing the
  next write (``_hung_up``);
* every failure is one line naming the URL with its password hidden and the cause.
"""

from __future__ import annotations

import importlib
import re
import select
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DisconnectionError

from glutetui.store.errors import StoreError
from glutetui.store.migrate import migrate
from glutetui.store.schema import HEAD, REVISIONS

__all__ = [
    "CONNECT_TIMEOUT_S",
    "DRIVER",
    "STATEMENT_TIMEOUT_MS",
    "explain",
    "make_server_engine",
    "mask",
    "open_server",
    "shown",
    "upgrade_server",
]

# The module psycopg 3 is imported as; tests point it elsewhere to stand for a machine
# without the ``postgres`` extra.
DRIVER = "psycopg"
DRIVERNAME = "postgresql+psycopg"
INSTALL_HINT = (
    'psycopg is not installed; install glutetui[postgres] (pip install "glutetui[postgres]") '
    "or run with uv run --extra postgres"
)

CONNECT_TIMEOUT_S = 5
# Everyday statements are single-row writes and aggregates that take milliseconds; a
# statement still running after this is a server in trouble, not work to wait for.
STATEMENT_TIMEOUT_MS = 10_000
# A migration may rewrite a big table, and may wait while another device migrates.
MIGRATION_TIMEOUT_MS = 300_000
# Dead peers are noticed while waiting for an answer: about 5 + 3 x 2 s of silence.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
}
# Any fixed number: the name of the lock a copy of glutetui holds while it migrates.
MIGRATION_LOCK = 0x676C7574


def shown(url: URL) -> str:
    """The URL as a person may see it: the password (also one given as a query) hidden."""
    safe = url.difference_update_query(["password"]) if "password" in url.query else url
    return safe.render_as_string(hide_password=True)


def mask(text: str) -> str:
    """Hide the password in text that may not even parse as a URL."""
    # user:secret@host, with or without a scheme before it.
    text = re.sub(r"([^\s/@:]*:)[^\s/@:]*@", r"\1***@", text)
    return re.sub(r"(password=)[^&\s]*", r"\1***", text, flags=re.IGNORECASE)


def open_server(url: URL) -> Engine:
    """An engine on a checked, current glutetui database in a PostgreSQL server.

    ``url`` may name the driver or not (``postgresql://`` and ``postgres://`` mean
    psycopg 3); any other driver is refused before anything is loaded.
    """
    where = shown(url)
    _load_driver(where)
    engine = make_server_engine(url)
    try:
        revision = _stored_revision(engine, where)
        if revision != HEAD:
            if revision is not None and revision not in REVISIONS:
                raise StoreError(
                    f"{where} was written by a newer glutetui (schema {revision}); "
                    "update glutetui to open it"
                )
            try:
                upgrade_server(engine)
            except StoreError:
                raise
            except Exception as exc:
                what = "created" if revision is None else f"upgraded from schema {revision}"
                raise StoreError(
                    f"{where}: glutetui's tables could not be {what} ({explain(exc, url)}); "
                    "the database is unchanged"
                ) from exc
    except BaseException:
        engine.dispose()
        raise
    return engine


def make_server_engine(url: URL) -> Engine:
    """An engine with glutetui's timeouts for a PostgreSQL URL; nothing is checked yet."""
    url = url.set(drivername=DRIVERNAME)
    defaults: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "glutetui",
        # Unacknowledged data for this long means the server is gone (Linux only;
        # libpq ignores it elsewhere).
        "tcp_user_timeout": STATEMENT_TIMEOUT_MS,
        **KEEPALIVES,
    }
    # A setting the user wrote into the URL's query wins over ours.
    connect_args = {key: value for key, value in defaults.items() if key not in url.query}
    engine = create_engine(
        url,
        pool_size=2,
        pool_timeout=CONNECT_TIMEOUT_S * 2,
        connect_args=connect_args,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Times are stored as naive UTC, so the session's own clock speaks UTC too.
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(STATEMENT_TIMEOUT_MS)}")
            cursor.execute("SET TIME ZONE 'UTC'")
        dbapi_connection.commit()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if _hung_up(dbapi_connection):  # the pool throws it away and connects afresh
            raise DisconnectionError("the server closed this connection")

    return engine


def _hung_up(connection: Any) -> bool:
    """Whether an idle connection is finished, told without a trip to the server.

    Between statements the server has nothing to say, so anything to read on an idle
    connection means it is over: the error a restart or an administrator sends before
    closing, the end of the stream, or the error the keepalives raise when the network
    went silent (about 11 s). A ping would ask the same question at the price of a round
    trip before every set."""
    if connection.closed or connection.broken:
        return True
    try:
        socket = connection.fileno()
        readable, _, failed = select.select([socket], [], [socket], 0)
    except (OSError, ValueError):
        return True
    return bool(readable or failed)


def upgrade_server(engine: Engine) -> None:
    """Bring the schema to the newest revision, in one transaction, one device at a time."""
    with engine.connect() as connection, connection.begin():
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {MIGRATION_TIMEOUT_MS}")
        # Whoever waited here finds the schema the other device made: Alembic reads the
        # revision again after the lock and has nothing left to do.
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        migrate(connection)


def explain(exc: BaseException, url: URL | None = None) -> str:
    """One line saying why a server call failed, in words a person can act on."""
    inner = getattr(exc, "orig", None) or exc
    text = _clean(str(inner)) or type(inner).__name__
    lowered = text.lower()
    user = (url.username if url is not None else None) or "the default user"
    host = (url.host if url is not None else None) or "localhost"
    port = (url.port if url is not None else None) or 5432
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return f'the server refused the user name or password (user "{user}")'
    if match := re.search(r'database "([^"]+)" does not exist', text):
        return f'the server has no database "{match[1]}"; create it first (createdb {match[1]})'
    if match := re.search(r'role "([^"]+)" does not exist', text):
        return f'the server has no user "{match[1]}"'
    if "no pg_hba.conf entry" in lowered:
        return f'the server does not let user "{user}" connect from here (pg_hba.conf): {text}'
    if "connection refused" in lowered:
        return f"no server answers at {host} port {port} (connection refused); is it running?"
    if "timeout expired" in lowered:
        return f"the server at {host} port {port} did not answer within {CONNECT_TIMEOUT_S} s"
    if "failed to resolve host" in lowered or "could not translate host name" in lowered:
        return f'the host name "{host}" is not known'
    if "statement timeout" in lowered:
        return f"the server did not finish within {STATEMENT_TIMEOUT_MS / 1000:g} s"
    if "permission denied for schema" in lowered:
        return f"{text}; make the user the owner of the database"
    return text


# --- inside ---------------------------------------------------------------------------


def _load_driver(where: str) -> None:
    try:
        importlib.import_module(DRIVER)
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] == DRIVER.partition(".")[0]:
            raise StoreError(f"cannot open {where}: {INSTALL_HINT}") from exc
        raise StoreError(f"cannot open {where}: psycopg cannot be loaded ({exc})") from exc
    except ImportError as exc:  # psycopg without a libpq it can load
        why = _clean(str(exc))
        raise StoreError(f"cannot open {where}: psycopg cannot be loaded ({why})") from exc


def _stored_revision(engine: Engine, where: str) -> str | None:
    """The schema revision in the database, or None when it has no tables at all."""
    try:
        with engine.connect() as connection:
            has_version = connection.exec_driver_sql(
                "SELECT to_regclass('alembic_version') IS NOT NULL"
            ).scalar()
            if not has_version:
                tables = connection.exec_driver_sql(
                    "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
                ).scalar()
                if tables:
                    raise StoreError(
                        f"{where} holds other tables but no glutetui schema; "
                        "give glutetui a database of its own"
                    )
                return None
            row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            connection.rollback()
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"cannot open {where}: {explain(exc, engine.url)}") from exc
    if row is None:
        raise StoreError(f"{where} has no schema revision; it was not made by glutetui")
    return str(row[0])


def _clean(text: str) -> str:
    """libpq's message as one line, without the prefixes that only repeat the address."""
    text = " ".join(text.split())
    text = re.sub(r"^connection (failed|is bad): ", "", text)
    text = re.sub(
        r'^connection to server (at "[^"]*"(, port \d+)?|on socket "[^"]*") failed: ', "", text
    )
    text = re.sub(r"^(FATAL|ERROR): +", "", text)
    return mask(text)
