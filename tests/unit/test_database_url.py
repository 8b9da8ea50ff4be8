"""The history by URL: a real PostgreSQL server (tests/postgres.py starts one) brought to
the newest schema, upgraded from an older one, refused when newer; every way of
failing to reach it is one line, password hidden, within seconds; the same schema
rules hold on both dialects. (Choosing the database: test_database_choice.py.)
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from glutetui.platform.locations import Locations
from glutetui.store import server
from glutetui.store.database import describe, open_database, open_target, open_url
from glutetui.store.errors import StoreError
from glutetui.store.migrate import migrate
from glutetui.store.models import Base, DoseChangeRow, SuggestionRow
from glutetui.store.schema import HEAD
from tests.postgres import Cluster, PostgresDatabase

WHEN = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
# An answer past this is a hang to a person waiting on a command: a server that does not
# answer is said within about ten seconds (docs/contracts.md).
PATIENCE_S = 10


def revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def schema_differences(engine: Engine) -> list[object]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def raw_engine(url: str) -> Engine:
    """An engine that checks nothing and migrates nothing: the test's own hands."""
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


@pytest.fixture
def opened() -> Iterator[Callable[[str], Engine]]:
    """open_url, with every engine it gives disposed of at the end."""
    engines: list[Engine] = []

    def open_(url: str) -> Engine:
        engine = open_url(url)
        engines.append(engine)
        return engine

    yield open_
    for engine in engines:
        engine.dispose()


# --- the schema on PostgreSQL ---------------------------------------------------------


def test_an_empty_database_is_brought_to_the_newest_schema(
    empty_postgres: PostgresDatabase, opened: Callable[[str], Engine]
) -> None:
    engine = opened(empty_postgres.url)

    assert revision_of(engine) == HEAD
    assert schema_differences(engine) == []
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c'"
        )
        checks = {str(name): str(definition) for name, definition in rows}
    # The constraint 0002 rewrote keeps its conventional name and knows 'expired'.
    assert "expired" in checks["ck_suggestions_status"]
    assert {"ck_set_logs_side", "ck_set_logs_effort", "ck_set_logs_band"} <= set(checks)


def test_rows_go_in_and_come_out_with_their_types(
    postgres: PostgresDatabase, opened: Callable[[str], Engine]
) -> None:
    engine = opened(postgres.url)
    with Session(engine) as session, session.begin():
        session.add(DoseChangeRow(uid="a" * 32, program_id="tv-floor", slot="clamshell",
                                  exercise_id="clamshell", sets=2, reps=12, hold=None,
                                  band="light", reason="up", changed_at=WHEN))  # fmt: skip
    with Session(engine) as session:
        dose = session.scalars(select(DoseChangeRow)).one()
        # Aware UTC in, aware UTC out, as on SQLite.
        assert dose.changed_at == WHEN and dose.changed_at.tzinfo is UTC
        assert (dose.sets, dose.reps, dose.hold, dose.band) == (2, 12, None, "light")


def test_a_database_at_an_older_revision_is_upgraded_with_its_rows(
    empty_postgres: PostgresDatabase, opened: Callable[[str], Engine]
) -> None:
    old = raw_engine(empty_postgres.url)
    with old.begin() as connection:
        migrate(connection, "0001")
        connection.execute(
            text(
                "INSERT INTO suggestions (uid, slot, kind, reason, evidence, from_exercise, "
                "from_sets, from_band, to_exercise, to_sets, to_band, status, created_at) "
                "VALUES ('s1', 'clamshell', 'reps', 'two easy workouts', 'w1 w2', "
                "'clamshell', 2, 'none', 'clamshell', 2, 'none', 'accepted', :when)"
            ),
            {"when": WHEN.replace(tzinfo=None)},
        )
        connection.execute(
            text(
                "INSERT INTO dose_changes (uid, slot, exercise_id, sets, reps, band, reason, "
                "suggestion_id, changed_at) SELECT 'c1', 'clamshell', 'clamshell', 2, 12, "
                "'none', 'accepted', id, :when FROM suggestions"
            ),
            {"when": WHEN.replace(tzinfo=None)},
        )
    old.dispose()

    engine = opened(empty_postgres.url)

    assert revision_of(engine) == HEAD
    assert schema_differences(engine) == []
    with engine.begin() as connection:
        linked = connection.exec_driver_sql(
            "SELECT c.uid, s.uid FROM dose_changes c JOIN suggestions s ON s.id = c.suggestion_id"
        ).all()
        assert [tuple(row) for row in linked] == [("c1", "s1")], "the upgrade lost a link"
        # What 0002 is for: a suggestion may now expire.
        connection.exec_driver_sql("UPDATE suggestions SET status = 'expired'")


def test_a_newer_schema_is_refused_in_the_same_words_as_for_a_file(
    postgres: PostgresDatabase, tmp_path: Path
) -> None:
    file = tmp_path / "glutetui.db"
    open_database(file).dispose()
    for where in (postgres.url, f"sqlite:///{file}"):
        with raw_engine(where).begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")

    with pytest.raises(StoreError) as on_server:
        open_url(postgres.url)
    with pytest.raises(StoreError) as on_file:
        open_database(file)

    shown = describe(postgres.url)
    assert str(on_server.value) == str(on_file.value).replace(str(file), shown)
    assert str(on_server.value) == (
        f"{shown} was written by a newer glutetui (schema 9999); update glutetui to open it"
    )
    engine = raw_engine(postgres.url)
    assert revision_of(engine) == "9999", "a refused database must be left as it was"
    engine.dispose()


def test_a_database_holding_something_else_is_refused_and_left_alone(
    empty_postgres: PostgresDatabase,
) -> None:
    other = raw_engine(empty_postgres.url)
    with other.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE invoices (id integer primary key)")

    with pytest.raises(StoreError, match="holds other tables but no glutetui schema"):
        open_url(empty_postgres.url)

    with other.connect() as connection:
        tables = connection.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).scalars()
        assert list(tables) == ["invoices"]
    other.dispose()


def test_two_devices_starting_together_migrate_once(empty_postgres: PostgresDatabase) -> None:
    engines: list[Engine] = []
    failures: list[BaseException] = []

    def start() -> None:
        try:
            engines.append(open_url(empty_postgres.url))
        except BaseException as exc:
            failures.append(exc)

    devices = [threading.Thread(target=start) for _ in range(3)]
    for device in devices:
        device.start()
    for device in devices:
        device.join(timeout=60)

    try:
        assert failures == []
        assert len(engines) == 3 and {revision_of(e) for e in engines} == {HEAD}
    finally:
        for engine in engines:
            engine.dispose()


# --- a server that is slow, gone or strict -------------------------------------------


def test_every_connection_carries_the_timeouts(
    postgres: PostgresDatabase, opened: Callable[[str], Engine]
) -> None:
    engine = opened(postgres.url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "10s"
        assert connection.exec_driver_sql("SHOW TimeZone").scalar() == "UTC"
        assert connection.exec_driver_sql("SHOW application_name").scalar() == "glutetui"


def test_a_statement_that_runs_too_long_is_stopped_and_said_in_one_line(
    postgres: PostgresDatabase, opened: Callable[[str], Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "STATEMENT_TIMEOUT_MS", 200)
    engine = opened(postgres.url)
    began = time.monotonic()
    with pytest.raises(OperationalError) as raised, engine.connect() as connection:
        connection.exec_driver_sql("SELECT pg_sleep(5)")
    assert time.monotonic() - began < 2
    assert server.explain(raised.value) == "the server did not finish within 0.2 s"


def test_a_connection_the_server_dropped_is_replaced(
    postgres: PostgresDatabase, opened: Callable[[str], Engine], postgres_cluster: Cluster
) -> None:
    engine = opened(postgres.url)
    with engine.connect() as connection:
        first = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    # The pooled connection dies behind the pool's back (a restart, a network cut).
    killer = raw_engine(postgres_cluster.url("postgres"))
    with killer.connect() as connection:
        assert connection.exec_driver_sql(f"SELECT pg_terminate_backend({first})").scalar()
        # Gone once its process has ended (by then its goodbye is on the socket).
        deadline = time.monotonic() + 30
        alive = f"SELECT count(*) FROM pg_stat_activity WHERE pid = {first}"
        while connection.exec_driver_sql(alive).scalar() and time.monotonic() < deadline:
            connection.exec_driver_sql("SELECT pg_stat_clear_snapshot()")  # read afresh
            time.sleep(0.01)
    killer.dispose()

    # No ping goes out: the pool sees the closed connection and connects afresh.
    with engine.connect() as connection:
        second = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    assert second != first


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # bound a moment ago and let go: nothing listens there


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says a word (a hung server)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


SECRET = "hunter2-secret"


def fails_in_one_line(url: str, cause: str) -> str:
    began = time.monotonic()
    with pytest.raises(StoreError) as raised:
        open_target(url).dispose()
    took = time.monotonic() - began
    message = str(raised.value)
    assert took < PATIENCE_S, f"{took:.1f} s to say: {message}"
    assert "\n" not in message and SECRET not in message
    assert cause in message
    return message


def test_no_server_at_the_port(closed_port: int) -> None:
    url = f"postgresql://me:{SECRET}@127.0.0.1:{closed_port}/history"
    message = fails_in_one_line(url, "connection refused")
    assert message == (
        f"cannot open postgresql://me:***@127.0.0.1:{closed_port}/history: no server answers "
        f"at 127.0.0.1 port {closed_port} (connection refused); is it running?"
    )


def test_a_server_that_never_answers(silent_port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # The shortest wait the driver keeps (it reads anything shorter as 2 s): the message
    # names the wait that was set.
    monkeypatch.setattr(server, "CONNECT_TIMEOUT_S", 2)
    url = f"postgresql+psycopg://me:{SECRET}@127.0.0.1:{silent_port}/history"
    fails_in_one_line(url, "did not answer within 2 s")


def test_a_wrong_password(postgres_cluster: Cluster) -> None:
    message = fails_in_one_line(
        postgres_cluster.url("postgres", password=SECRET), "refused the user name or password"
    )
    assert message.startswith("cannot open postgresql://glutetui:***@127.0.0.1:")


def test_a_database_the_server_does_not_have(postgres_cluster: Cluster) -> None:
    url = postgres_cluster.url("no_such_history")
    message = fails_in_one_line(url, 'the server has no database "no_such_history"')
    assert postgres_cluster.password not in message and ":***@" in message


@pytest.mark.parametrize(
    ("url", "cause"),
    [
        (f"mysql://me:{SECRET}@db.example/history", "cannot keep its history in mysql"),
        (f"postgresql+psycopg2://me:{SECRET}@db.example/h", "through psycopg 3, not psycopg2"),
        (f"me:{SECRET}@db.example/history", "not a database URL"),
        ("sqlite://", "names no file"),
    ],
    ids=["another-database", "another-driver", "no-scheme", "in-memory"],
)
def test_a_url_glutetui_cannot_use(url: str, cause: str) -> None:
    message = fails_in_one_line(url, cause)
    # Each says what would work.
    assert "postgresql://user:password@host:port/dbname" in message or (
        "write postgresql:// or postgresql+psycopg://" in message
    )


def test_psycopg_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "DRIVER", "glutetui_no_such_driver")
    message = fails_in_one_line(
        f"postgresql://me:{SECRET}@127.0.0.1/history", "psycopg is not installed"
    )
    assert "glutetui[postgres]" in message and "uv run --extra postgres" in message


def test_a_password_never_shows_in_how_a_target_is_named(tmp_path: Path) -> None:
    assert describe(f"postgresql://me:{SECRET}@h:5432/d") == "postgresql://me:***@h:5432/d"
    assert SECRET not in describe(f"postgresql://me@h/d?password={SECRET}")
    assert describe(f"me:{SECRET}@h") == "me:***@h"
    assert describe(tmp_path / "glutetui.db") == str(tmp_path / "glutetui.db")


def test_locations_open_where_they_point(postgres: PostgresDatabase, tmp_path: Path) -> None:
    for where in (Locations(tmp_path, tmp_path), Locations(tmp_path, tmp_path, postgres.url)):
        engine = open_target(where.database_target)
        try:
            assert revision_of(engine) == HEAD
            assert engine.dialect.name == ("sqlite" if where.database_url is None else "postgresql")
        finally:
            engine.dispose()


def test_a_suggestion_status_outside_the_list_is_refused_on_both(
    database_target: Path | str,
) -> None:
    engine = open_target(database_target)
    row = SuggestionRow(uid="u", slot="s", kind="reps", reason="r", evidence="e",
                     from_exercise="x", from_sets=1, to_exercise="x", to_sets=1,
                     status="maybe", created_at=WHEN)  # fmt: skip
    try:
        with (
            pytest.raises(IntegrityError, match=r"ck_suggestions_status|CHECK constraint"),
            Session(engine) as session,
            session.begin(),
        ):
            session.add(row)
    finally:
        engine.dispose()
