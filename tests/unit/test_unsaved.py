"""Nothing lost when the database goes away: writes still waiting when the app ends are
kept in the home folder and written, once, on the next start."""

from __future__ import annotations

import shutil
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest
from sqlalchemy.orm import Session

from glutetui.platform.locations import Locations
from glutetui.services import Services
from glutetui.store import Store, StoreError, Unit
from glutetui.store import unsaved as kept
from glutetui.store.commands import (
    HANDLERS,
    DecideSuggestion,
    FinishWorkout,
    Heartbeat,
    Kept,
    LogSet,
    RateExercise,
)
from glutetui.store.database import open_target
from glutetui.store.writer import Writer
from glutetui.workout.run import EffortAnswer, WorkoutRun
from tests.clock import FakeClock
from tests.factories import T0, logged_set, start_run
from tests.fakes import Recorder
from tests.unit.test_catalog import TINY

THREE_SETS = TINY.replace("sets = 1", "sets = 3")
OTHER_UID = "f" * 32


class Flaky(Store):
    """A real store whose writes fail, as they do with the server gone, while ``down``."""

    down = False

    @contextmanager
    def writing(self) -> Iterator[Session]:
        if self.down:
            raise StoreError("no server answers at db.example port 5432 (connection refused)")
        with super().writing() as session:
            yield session


@pytest.fixture
def home(isolated_home: Path) -> Path:
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "three.toml").write_text(THREE_SETS)
    return isolated_home


def next_start(home: Path) -> Services:
    return Services(Locations(home, home), FakeClock())


def run_to_the_end(session: WorkoutRun, answer: EffortAnswer) -> None:
    clock = session.clock
    assert isinstance(clock, FakeClock)
    session.start()
    while not session.engine.finished:
        clock.advance(0.5)
        session.tick()
        if session.waiting_for_effort:
            session.submit_effort(answer)


def test_a_workout_whose_database_goes_away_is_kept_and_written_once_next_time(
    home: Path,
) -> None:
    store = Flaky(open_target(home / "glutetui.db"))
    services = Services(Locations(home, home), FakeClock(), store=store)
    session = start_run(services, services.catalog.programs["three"], Recorder().layer())
    uid = session.workout.uid
    store.down = True
    # The workout runs on with nothing written: the clock never waits for the database.
    run_to_the_end(session, EffortAnswer(4, pain=True, corrections={(2, "right"): 2}))
    assert services.writer.pending == 9  # six sets, the answer, the end, the review
    started = time.monotonic()
    notes = services.close()  # the ten seconds it may wait are cut short: writes fail
    assert time.monotonic() - started < 5
    assert notes == [
        "The database could not be reached: 6 sets and 1 effort answer and 1 workout end "
        f"kept in {home / 'unsaved.json'}, to be written on the next start"
    ]
    path = home / "unsaved.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in home.iterdir() if p.name.startswith(".unsaved")] == []
    found = kept.read(path)
    assert [type(w).__name__ for w in found.writes] == ["LogSet"] * 6 + [
        "RateExercise",
        "FinishWorkout",
    ]
    assert {w.workout_uid for w in found.writes} == {uid}
    copy = home / "copy.json"
    shutil.copy(path, copy)

    later = next_start(home)
    try:
        with later.store.read() as db:
            workout = db.workouts.unfinished()
            assert workout is None  # it was ended: the end is written too
            summary = db.workouts.last()
            assert summary is not None and summary.workout.uid == uid
            assert summary.workout.status == "completed"
            sets = db.workouts.sets_of(summary.workout.id)
    finally:
        later.close()
    assert len(sets) == 6 and {(s.effort, s.pain) for s in sets} == {(4, True)}
    assert [s.reps for s in sets if (s.set_index, s.side) == (2, "right")] == [2]
    assert not path.exists()

    # Cut short between writing and removing the file: the next start writes it again,
    # which changes nothing.
    shutil.copy(copy, path)
    again = next_start(home)
    try:
        with again.store.read() as db:
            assert db.workouts.count() == 1
            assert db.workouts.sets_of(summary.workout.id) == sets
    finally:
        again.close()
    assert not path.exists()


def test_closing_tries_a_failing_write_once_more_at_once() -> None:
    """A server back a moment before the app closes: closing does not wait out the pause."""
    attempts: list[float] = []
    came_back = threading.Event()

    class Back:
        @contextmanager
        def write(self) -> Iterator[None]:
            attempts.append(time.monotonic())
            if not came_back.is_set():
                raise StoreError("connection refused")
            yield None

    pause = 60  # seconds before a failed write is tried again, were it not closing
    writer = Writer(Back, retry_first=pause, handlers={Heartbeat: lambda db, c: None})  # type: ignore[arg-type]
    done = threading.Event()
    writer.submit(Heartbeat(workout_id=1, lease="", at=T0), lambda _: done.set())
    while not attempts:
        time.sleep(0.01)
    came_back.set()
    started = time.monotonic()
    assert writer.close(timeout=10)
    assert done.is_set() and len(attempts) == 2
    assert time.monotonic() - started < pause / 2  # it did not wait the pause out


def test_what_cannot_be_described_is_counted_as_lost(home: Path) -> None:
    store = Flaky(open_target(home / "glutetui.db"))
    store.down = True
    services = Services(Locations(home, home), FakeClock(), store=store)
    services.writer.submit(DecideSuggestion(suggestion_id=1, accept=True, at=T0))  # not kept
    record = FinishWorkout(workout_uid=OTHER_UID, status="completed", at=T0)
    services.writer.submit(record)
    notes = services.close()
    assert notes[-1] == "1 other change was lost"
    assert kept.read(home / "unsaved.json").writes == [record]


def test_writes_for_another_database_stay_in_the_file(home: Path) -> None:
    services = next_start(home)
    with services.store.write() as db:
        mine = db.workouts.start("three", "Three", "{}", T0)
    services.close()
    path = home / "unsaved.json"
    theirs = LogSet(workout_uid=OTHER_UID, logged=logged_set(0, 0, "left"))
    kept.keep(
        path,
        [LogSet(workout_uid=mine.uid, logged=logged_set(0, 0, "left")), theirs],
        "postgresql://me@db.example/history",
    )
    problems: list[str] = []
    later = next_start(home)
    later.on_problem = problems.append
    try:
        with later.store.read() as db:
            assert len(db.workouts.sets_of(mine.id)) == 1
    finally:
        later.close()
    assert kept.read(path).writes == [theirs]
    assert problems == [
        "1 unsaved write from an earlier run belongs to postgresql://me@db.example/history "
        "and stays in unsaved.json until it is opened"
    ]


def test_a_database_that_cannot_take_them_leaves_the_file_as_it_was(home: Path) -> None:
    store = Flaky(open_target(home / "glutetui.db"))
    with store.write() as db:
        workout = db.workouts.start("three", "Three", "{}", T0)
    path = home / "unsaved.json"
    kept.keep(path, [RateExercise.answer(workout.uid, "", 0, 3, set(), {})], str(home))
    before = path.read_bytes()
    store.down = True
    with pytest.raises(StoreError, match="connection refused"):
        kept.replay(store, path)
    store.close()
    assert path.read_bytes() == before


def test_keeping_adds_to_the_file_and_sets_a_damaged_one_aside(tmp_path: Path) -> None:
    path = tmp_path / "unsaved.json"
    first = FinishWorkout(workout_uid=OTHER_UID, status="ended-early", at=T0)
    second = RateExercise.answer(OTHER_UID, "", 1, 5, {"left"}, {(0, "left"): 4.5})
    kept.keep(path, [first], "here")
    kept.keep(path, [second], "there")
    found = kept.read(path)
    assert found.writes == [first, second] and found.database == "here"
    assert found.writes[1] == msgspec.json.decode(msgspec.json.encode(second), type=Kept)
    path.write_text("{not json")
    kept.keep(path, [first], "here")
    assert kept.read(path).writes == [first]
    assert (tmp_path / "unsaved.json.damaged").read_text() == "{not json"
    with pytest.raises(StoreError, match="damaged"):
        kept.read(tmp_path / "unsaved.json.damaged")


def test_a_kept_command_is_written_by_its_handler(home: Path) -> None:
    store = Store.open(home / "glutetui.db")
    try:
        with store.write() as db:
            workout = db.workouts.start("three", "Three", "{}", T0)
            record = LogSet(workout_uid=workout.uid, logged=logged_set(0, 1, "right", 7))
            written = HANDLERS[LogSet](db, record)
            end = FinishWorkout(workout_uid=workout.uid, status="partial", at=T0)
            HANDLERS[FinishWorkout](db, end)

        def check(db: Unit) -> None:
            assert db.workouts.sets_of(workout.id)[0] == written
            stored = db.workouts.get(workout.id)
            assert stored is not None and stored.status == "partial"
            assert stored.ended_at == datetime(2026, 3, 2, 18, 0, tzinfo=UTC)

        with store.read() as db:
            check(db)
    finally:
        store.close()
