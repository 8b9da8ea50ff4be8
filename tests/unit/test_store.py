"""The store: creating, checking and migrating the file; logging sets durably; reading back."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from glutetui.store import Store, StoreError
from glutetui.store.database import MIGRATIONS
from glutetui.store.schema import HEAD, REVISIONS
from tests.factories import CLAM, T0, dose, logged_set


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "home" / "glutetui.db"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    s = Store.open(db)
    yield s
    s.close()


def test_a_new_database_is_private_current_and_in_wal_mode(db: Path, store: Store) -> None:
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    assert not list(db.parent.glob(".glutetui.db.new-*"))


def test_every_connection_has_the_durability_settings(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_the_folder_is_created_private(tmp_path: Path) -> None:
    db = tmp_path / "new" / "deeper" / "glutetui.db"
    Store.open(db).close()
    assert stat.S_IMODE(db.parent.stat().st_mode) & 0o077 == 0


def test_known_revisions_match_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)
    walked = [s.revision for s in scripts.walk_revisions()]
    assert tuple(reversed(walked)) == REVISIONS
    assert scripts.get_current_head() == HEAD


def test_the_models_need_no_migration_that_is_not_written(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from glutetui.store.models import Base

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], "the models changed: write an Alembic migration"


def test_creating_or_opening_a_current_database_does_not_import_alembic(db: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from glutetui.store import Store
        Store.open(Path({str(db)!r})).close()  # created from the models
        Store.open(Path({str(db)!r})).close()  # opened, current
        print("alembic" in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_set_is_committed_and_read_back(store: Store) -> None:
    with store.write() as db:
        workout = db.workouts.start("tiny", "Tiny", "{}", T0)
        logged = db.workouts.log_set(workout.id, logged_set(rep_seconds=2))
    assert logged.reps == 10 and logged.rep_seconds == 2 and logged.started_at == T0
    with store.read() as db:
        (read,) = db.workouts.sets_of(workout.id)
    assert read == logged


def test_a_redone_set_replaces_the_old_one(store: Store) -> None:
    with store.write() as db:
        workout = db.workouts.start("tiny", "Tiny", "{}", T0)
    for reps in (4, 9):
        with store.write() as db:
            db.workouts.log_set(workout.id, logged_set(reps=reps))
    with store.read() as db:
        (only,) = db.workouts.sets_of(workout.id)
    assert only.reps == 9


def test_effort_pain_and_corrections_land_on_the_sets_of_one_exercise(store: Store) -> None:
    with store.write() as db:
        workout = db.workouts.start("p", "P", "{}", T0)
        for set_index in range(2):
            for side in ("left", "right"):
                db.workouts.log_set(workout.id, logged_set(0, set_index, side))
        db.workouts.log_set(workout.id, logged_set(1, 0, "left", hold=30.0, exercise="side-plank"))
    with store.write() as db:
        db.workouts.rate_block(workout.id, 0, effort=4, pain=True, corrections={(1, "right"): 7})
    with store.read() as db:
        sets = db.workouts.sets_of(workout.id)
    first = [s for s in sets if s.block == 0]
    assert {s.effort for s in first} == {4} and all(s.pain for s in first)
    assert [s.reps for s in first] == [10, 10, 10, 7]
    (other,) = [s for s in sets if s.block == 1]
    assert other.effort is None and not other.pain
    with pytest.raises(ValueError), store.write() as db:
        db.workouts.rate_block(workout.id, 0, effort=6, pain=False)


def test_an_unfinished_workout_is_found_with_what_was_done(store: Store) -> None:
    with store.write() as db:
        workout = db.workouts.start("p", "P", '{"x": 1}', T0)
        db.workouts.log_set(workout.id, logged_set(0, 0, "left"))
        db.workouts.log_set(workout.id, logged_set(0, 0, "right"))
    with store.read() as db:
        open_one = db.workouts.unfinished()
    assert open_one is not None
    assert open_one.workout.id == workout.id and open_one.plan == '{"x": 1}'
    assert open_one.finished_keys == [(0, 0, "left"), (0, 0, "right")]
    assert open_one.rated_blocks == []
    with store.write() as db:
        db.workouts.close_as_partial(workout.id)
    with store.read() as db:
        assert db.workouts.unfinished() is None
        closed = db.workouts.get(workout.id)
    assert closed is not None and closed.status == "partial"
    assert closed.ended_at == T0 + timedelta(seconds=30)


def test_finishing_a_workout(store: Store) -> None:
    with store.write() as db:
        workout = db.workouts.start("p", "P", "{}", T0)
        db.workouts.finish(workout.id, "completed", T0 + timedelta(minutes=12))
    with store.read() as db:
        done = db.workouts.get(workout.id)
    assert done is not None and done.span_seconds == 720
    with pytest.raises(ValueError), store.write() as db:
        db.workouts.finish(workout.id, "in-progress", T0)


def test_history_is_newest_first_paged_and_totalled_in_sql(store: Store) -> None:
    with store.write() as db:
        for day in range(5):
            at = T0 + timedelta(days=day)
            w = db.workouts.start("p", f"Day {day}", "{}", at)
            db.workouts.log_set(w.id, logged_set(0, 0, "left", reps=day, at=at))
            db.workouts.log_set(
                w.id, logged_set(1, 0, "left", hold=12.5, at=at, exercise="side-plank")
            )
            db.workouts.rate_block(w.id, 0, effort=2, pain=day == 3)
            db.workouts.rate_block(w.id, 1, effort=4, pain=False)
    with store.read() as db:
        page = db.workouts.page(limit=2)
        assert [s.workout.program_name for s in page] == ["Day 4", "Day 3"]
        assert db.workouts.page(limit=2, offset=1)[0].workout.program_name == "Day 3"
        assert db.workouts.last() == page[0]
        assert db.workouts.count() == 5
        days = {s.workout.started_at.date() for s in db.workouts.page(limit=100)}
    day3 = page[1]
    assert (day3.sets, day3.reps, day3.hold_seconds, day3.effort, day3.pain) == (
        2,
        3,
        12.5,
        3.0,
        1,
    )
    assert len(days) == 5


def test_an_empty_workout_still_lists(store: Store) -> None:
    with store.write() as db:
        db.workouts.start("p", "Nothing done", "{}", T0)
    with store.read() as db:
        (row,) = db.workouts.page()
    assert (row.sets, row.reps, row.effort) == (0, 0, None)


def test_doses_change_with_a_reason_kept(store: Store) -> None:
    with store.write() as db:
        db.doses.change(CLAM, dose("clamshell", 2, 12), "two easy workouts", T0)
    with store.write() as db:
        db.doses.change(CLAM, dose("clamshell", 2, 14), "two more", T0 + timedelta(1))
    with store.read() as db:
        current = db.doses.current()[CLAM]
        changes = db.doses.changes([CLAM])
    assert current.reps == 14 and current.dose == dose("clamshell", 2, 14)
    assert [c.reason for c in changes] == ["two easy workouts", "two more"]
    assert all(c.suggestion_uid is None for c in changes)


def test_self_tests_are_kept(store: Store) -> None:
    with store.write() as db:
        db.self_tests.add("left", "eyes-open", 30, 22.5, True, T0)
    with store.read() as db:
        (test,) = db.self_tests.listed()
    assert (test.side, test.hold_seconds, test.level) == ("left", 22.5, True)


# --- files that must be refused and left exactly as they were -------------------------------


def _refused(db: Path, match: str) -> None:
    before = db.read_bytes()
    with pytest.raises(StoreError, match=match) as caught:
        Store.open(db)
    assert "\n" not in str(caught.value)
    assert db.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_unchanged(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text("my shopping list\n")
    _refused(db, "not a glutetui database")


def test_an_empty_file_is_refused_unchanged(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"")
    _refused(db, "is empty")


def test_another_programs_sqlite_file_is_refused_unchanged(db: Path) -> None:
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as raw:
        raw.execute("CREATE TABLE recipes (name TEXT)")
    _refused(db, "not a glutetui database")


def test_a_newer_schema_is_refused_unchanged(db: Path) -> None:
    Store.open(db).close()
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    _refused(db, "newer glutetui")


def test_a_truncated_database_is_refused_unchanged(db: Path) -> None:
    s = Store.open(db)
    with s.write() as unit:
        w = unit.workouts.start("p", "P", "{}", T0)
        for i in range(200):
            unit.workouts.log_set(w.id, logged_set(0, i, "left"))
    s.close()
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    _refused(db, r"cannot be read|malformed|not a glutetui")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to read-only files")
def test_a_read_only_file_is_refused_unchanged(db: Path) -> None:
    Store.open(db).close()
    db.chmod(0o400)
    _refused(db, "read-only")


def test_read_only_checks_do_not_depend_on_who_runs_them(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root can write anywhere, so simulate the permission answer the OS gives others."""
    Store.open(db).close()
    real_access = os.access

    def access(path: object, mode: int) -> bool:
        if Path(str(path)) == db and mode & os.W_OK:
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    _refused(db, "read-only")


def test_a_read_only_folder_is_refused(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(db).close()
    real_access = os.access

    def access(path: object, mode: int) -> bool:
        if Path(str(path)) == db.parent and mode & os.W_OK:
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    with pytest.raises(StoreError, match=r"not writable|read-only"):
        Store.open(db)


def test_a_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the folder"):
        Store.open(blocker / "sub" / "glutetui.db")


# --- durability across processes -------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from pathlib import Path
    from glutetui.store import Store
    from glutetui.records import LoggedSet

    store = Store.open(Path(sys.argv[1]))
    workout = int(sys.argv[2])
    count = int(sys.argv[3])
    for i in range(count):
        now = datetime.now(UTC)
        logged = LoggedSet(block=0, set_index=i, side=sys.argv[4], exercise_id="clamshell",
                           slot="clamshell", kind="reps", target_reps=10, target_hold=None,
                           reps=10, hold_seconds=None, rep_seconds=0, band="none",
                           effort=None, pain=False, partial=False, started_at=now, ended_at=now)
        with store.write() as db:
            db.workouts.log_set(workout, logged)
        print(f"logged {i}", flush=True)
    time.sleep(60)
    """
)


def test_a_logged_set_survives_kill_minus_nine(db: Path) -> None:
    store = Store.open(db)
    with store.write() as unit:
        workout = unit.workouts.start("p", "P", "{}", T0)
    store.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(workout.id), "3", "left"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    lines = [proc.stdout.readline().strip() for _ in range(3)]
    assert lines == ["logged 0", "logged 1", "logged 2"]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = Store.open(db)
    try:
        with store.read() as unit:
            assert [s.set_index for s in unit.workouts.sets_of(workout.id)] == [0, 1, 2]
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        store.close()


def test_two_processes_logging_at_once_lose_nothing(db: Path) -> None:
    store = Store.open(db)
    with store.write() as unit:
        workout = unit.workouts.start("p", "P", "{}", T0)
    store.close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(workout.id), "40", side],
            stdout=subprocess.PIPE,
            text=True,
        )
        for side in ("left", "right")
    ]
    for proc in procs:
        assert proc.stdout is not None
        for i in range(40):
            assert proc.stdout.readline().strip() == f"logged {i}"
        proc.kill()
        proc.wait()
    store = Store.open(db)
    try:
        with store.read() as unit:
            sets = unit.workouts.sets_of(workout.id)
        assert len(sets) == 80
        assert {s.side for s in sets} == {"left", "right"}
    finally:
        store.close()


# --- two readers of one state -------------------------------------------------------------


def test_with_the_write_lock_held_elsewhere_a_read_together_reads_on_one(
    db: Path, store: Store
) -> None:
    """Another program holding the write lock (an import can, for seconds): the pair is
    not waited for; one connection reads, and the connections keep their busy timeout."""
    with sqlite3.connect(db, isolation_level=None) as other:
        other.execute("BEGIN IMMEDIATE")
        with store.read_together() as (first, beside):
            assert beside is None
            assert first.workouts.unfinished() is None
        other.execute("ROLLBACK")
    with store.engine.connect() as one, store.engine.connect() as two:
        for connection in (one, two):
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 5000
    with store.read_together() as (_, beside):
        assert beside is not None


def test_without_wal_a_read_together_reads_on_one(db: Path, store: Store) -> None:
    """Outside WAL, readers would hold writers off as long as they read: one connection."""
    from glutetui.store.database import make_engine

    store.close()
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    plain = Store(make_engine(db))
    try:
        with plain.read_together() as (first, beside):
            assert beside is None
            assert first.workouts.unfinished() is None
    finally:
        plain.close()
