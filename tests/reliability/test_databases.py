"""Bad databases, end to end: every kind of broken, locked or full database gives one
clear line — an exit code from the command line, a message in the app — and the
file is left exactly as it was.

The store-level refusals are in tests/unit/test_store.py; these go through the
command line and the app, and add locks held past the busy timeout and a full disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from glutetui.platform.locations import Locations
from glutetui.screens.problem import ProblemScreen
from glutetui.services import Services
from glutetui.store import Store, StoreError
from glutetui.store.database import open_database
from tests.clock import FakeClock
from tests.factories import T0, logged_set, start_run
from tests.fakes import Recorder
from tests.ui.conftest import loaded, make_app
from tests.unit.test_catalog import TINY

ROOT = Path(__file__).resolve().parents[2]


def fingerprint(db: Path) -> dict[str, str]:
    """The bytes of the database and its companions, as hashes."""
    out = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{db}{suffix}")
        if path.exists():
            out[suffix or "db"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def not_sqlite(db: Path) -> None:
    db.write_text("my shopping list\n")


def empty(db: Path) -> None:
    db.write_bytes(b"")


def truncated(db: Path) -> None:
    store = Store.open(db)
    with store.write() as unit:
        workout = unit.workouts.start("p", "P", "{}", T0)
        for i in range(200):
            unit.workouts.log_set(workout.id, logged_set(0, i))
    store.close()
    db.write_bytes(db.read_bytes()[:20000])


def newer_schema(db: Path) -> None:
    Store.open(db).close()
    with contextlib.closing(sqlite3.connect(db)) as raw, raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")


def another_programs(db: Path) -> None:
    with contextlib.closing(sqlite3.connect(db)) as raw, raw:
        raw.execute("CREATE TABLE recipes (name TEXT)")


def random_bytes(db: Path) -> None:
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))


BROKEN: dict[str, Callable[[Path], None]] = {
    "not-sqlite": not_sqlite,
    "empty": empty,
    "truncated": truncated,
    "newer-schema": newer_schema,
    "another-program": another_programs,
    "garbage-after-header": random_bytes,
}


def cli(home: Path, *argv: str, busy_ms: int | None = None) -> subprocess.CompletedProcess[str]:
    setup = (
        f"import glutetui.store.database as d; d.BUSY_TIMEOUT_MS = {busy_ms}; " if busy_ms else ""
    )
    code = f"{setup}from glutetui.cli import main; raise SystemExit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, "--home", str(home), *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.parametrize("kind", sorted(BROKEN))
@pytest.mark.parametrize("command", [["history"], ["suggest"], ["export", "-o", "out.json"]])
def test_the_command_line_says_one_line_and_leaves_the_file(
    isolated_home: Path, kind: str, command: list[str]
) -> None:
    isolated_home.mkdir(parents=True)
    db = isolated_home / "glutetui.db"
    BROKEN[kind](db)
    before = fingerprint(db)
    out = cli(isolated_home, *command)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and str(db) in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert fingerprint(db) == before
    assert not (isolated_home / "out.json").exists()


@pytest.mark.parametrize("kind", sorted(BROKEN))
async def test_the_app_shows_the_problem_and_leaves_the_file(
    isolated_home: Path, kind: str
) -> None:
    isolated_home.mkdir(parents=True)
    db = isolated_home / "glutetui.db"
    BROKEN[kind](db)
    before = fingerprint(db)
    app = make_app(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, ProblemScreen)
        message = str(app.screen.query_one("#problem-message").render())
        assert str(db.name) in message and "Traceback" not in message
    assert fingerprint(db) == before


# --- locks held by another process ------------------------------------------------------


HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    if sys.argv[2] == "exclusive":
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
        db.execute("BEGIN EXCLUSIVE")
        db.execute("UPDATE workouts SET note = note")
    else:
        db.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    sys.stdin.readline()
    db.execute("ROLLBACK")
    db.close()
    print("released", flush=True)
    """
)


@contextlib.contextmanager
def held(db: Path, how: str) -> Iterator[Callable[[], None]]:
    """Another process holds the database; call the yielded function to let go."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().strip() == "locked"

    def release() -> None:
        if proc.poll() is None:
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write("\n")
            proc.stdin.flush()
            assert proc.stdout.readline().strip() == "released"
            proc.wait(timeout=10)

    try:
        yield release
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_write_lock_held_past_the_busy_timeout_is_one_line_and_changes_nothing(
    tmp_path: Path,
) -> None:
    db = tmp_path / "glutetui.db"
    store = Store(open_database(db, busy_timeout_ms=150))
    try:
        with store.write() as unit:
            workout = unit.workouts.start("p", "P", "{}", T0)
        with held(db, "write") as release:
            before = fingerprint(db)
            with pytest.raises(StoreError) as caught, store.write() as unit:
                unit.workouts.log_set(workout.id, logged_set())
            assert "busy in another program" in str(caught.value)
            assert "\n" not in str(caught.value)
            assert fingerprint(db) == before
            release()
        with store.write() as unit:  # and once it is free, it works
            unit.workouts.log_set(workout.id, logged_set())
        with store.read() as unit:
            assert len(unit.workouts.sets_of(workout.id)) == 1
    finally:
        store.close()


def test_a_workout_keeps_the_set_a_lock_held_back_and_saves_it_after(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("glutetui.store.database.BUSY_TIMEOUT_MS", 150)
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "tiny.toml").write_text(TINY)
    clock = FakeClock()
    services = Services(Locations(isolated_home, isolated_home), clock)
    problems: list[str] = []
    reported = threading.Event()

    def problem(message: str) -> None:
        problems.append(message)
        reported.set()

    services.on_problem = problem
    try:
        session = start_run(
            services, services.catalog.programs["tiny"], Recorder().layer(sounds=False)
        )
        session.start()
        with held(services.locations.database, "write") as release:
            while not session.logged:  # run to the end of the first side
                clock.advance(0.5)
                session.tick()
            assert reported.wait(timeout=10)
            assert problems[0].startswith("The set is not saved yet")
            assert "\n" not in problems[0]
            assert services.writer.pending == 1  # kept, to be tried again
            release()
        while not session.waiting_for_effort:
            clock.advance(0.5)
            session.tick()
        assert services.writer.drain(timeout=10) and services.writer.pending == 0
        with services.store.read() as db:
            sides = [s.side for s in db.workouts.sets_of(session.workout.id)]
        assert sorted(sides) == ["left", "right"]
    finally:
        services.close()


def test_an_exclusive_lock_stops_the_command_line_in_one_line(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    db = isolated_home / "glutetui.db"
    Store.open(db).close()
    with held(db, "exclusive"):
        before = fingerprint(db)
        out = cli(isolated_home, "history", busy_ms=200)
        assert out.returncode == 1, out.stdout
        assert out.stderr.count("\n") == 1 and "locked" in out.stderr, out.stderr
        assert fingerprint(db) == before


async def test_an_exclusive_lock_is_a_message_in_the_app(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("glutetui.store.database.BUSY_TIMEOUT_MS", 200)
    isolated_home.mkdir(parents=True)
    db = isolated_home / "glutetui.db"
    Store.open(db).close()
    with held(db, "exclusive"):
        app = make_app(isolated_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(app, pilot)
            assert isinstance(app.screen, ProblemScreen)
            assert "locked" in str(app.screen.query_one("#problem-message").render())


# --- a full disk --------------------------------------------------------------------------

FILLER = textwrap.dedent(
    """
    import resource, signal, sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from glutetui.store import Store, StoreError
    from glutetui.records import LoggedSet

    path, mode = Path(sys.argv[1]), sys.argv[2]
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not kills
    if mode == "create":
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))
        try:
            Store.open(path)
        except StoreError as exc:
            print("error", exc, flush=True)
        raise SystemExit(0)
    store = Store.open(path)
    with store.write() as db:
        workout = db.workouts.start("p", "P", "{}", datetime.now(UTC))
    limit = path.stat().st_size + 48 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(10000):
        at = t0 + timedelta(minutes=i)
        logged = LoggedSet(block=0, set_index=i, side="left", exercise_id="clamshell",
                           slot="clamshell", kind="reps", target_reps=10, target_hold=None,
                           reps=10, hold_seconds=None, rep_seconds=0, band="none",
                           effort=None, pain=False, partial=False, started_at=at, ended_at=at)
        try:
            with store.write() as db:
                db.workouts.log_set(workout.id, logged)
        except StoreError as exc:
            print("error", exc, flush=True)
            break
        print("logged", i, flush=True)
    """
)


def filler(path: Path, mode: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", FILLER, str(path), mode],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    return out.stdout.splitlines()


def test_a_full_disk_stops_logging_in_one_line_and_loses_no_committed_set(tmp_path: Path) -> None:
    db = tmp_path / "glutetui.db"
    lines = filler(db, "log")
    logged = [line for line in lines if line.startswith("logged")]
    assert logged, "the limit left no room for even one set"
    assert lines[-1].startswith("error ") and "disk" in lines[-1]
    with contextlib.closing(sqlite3.connect(db)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        indexes = [i for (i,) in raw.execute("SELECT set_index FROM set_logs ORDER BY set_index")]
    assert indexes == list(range(len(logged)))


def test_a_database_that_cannot_be_created_on_a_full_disk_leaves_nothing(tmp_path: Path) -> None:
    db = tmp_path / "home" / "glutetui.db"
    lines = filler(db, "create")
    assert len(lines) == 1 and lines[0].startswith("error cannot create"), lines
    assert list(db.parent.iterdir()) == []


# --- the database failing in the middle of a session ----------------------------------


async def test_a_history_panel_whose_store_fails_says_so_and_tries_again(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from glutetui.widgets.panel import Panel

    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        failing = True
        from glutetui.readouts import history as history_figures

        real = history_figures.calendar

        def calendar(*args: Any) -> Any:
            if failing:
                raise StoreError("the database is busy in another program; try again in a moment")
            return real(*args)

        monkeypatch.setattr(history_figures, "calendar", calendar)
        await pilot.press("h", "3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one("#calendar-panel", Panel)
        assert not panel.loading, "the spinner must not turn for ever"
        messages = [n.message for n in app._notifications]
        assert any("busy in another program" in m for m in messages)
        failing = False
        await pilot.press("1", "3")  # coming back tries again
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.loaded and not panel.loading
