"""The one writer: workout writes in order, off the clock's thread, retried until they land.

The last test is the issue's: another program holds SQLite's write lock from the
middle of a running workout to its end; the workout's phases still end at their
deadlines (on a fake clock) and the sets land once the lock goes.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from benchmarks.held_lock import PLAN as LOCK_PLAN
from glutetui.engine import Engine, PhaseChanged
from glutetui.platform.locations import resolve
from glutetui.records import LoggedSet, WorkoutRecord
from glutetui.services import Services
from glutetui.store import Store, StoreError, Unit
from glutetui.store.commands import Command, LogSet, RateExercise
from glutetui.store.writer import Writer
from glutetui.vocab import Side
from glutetui.workout.run import EffortAnswer, WorkoutRun
from tests.clock import FakeClock
from tests.factories import logged_set
from tests.fakes import Recorder

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def logged(set_index: int, side: Side = "left", reps: int = 10) -> LoggedSet:
    return logged_set(0, set_index, side, reps=reps, at=T0, rep_seconds=3)


def log(workout: WorkoutRecord, set_: LoggedSet) -> LogSet:
    return LogSet(workout_uid=workout.uid, logged=set_)


def rate(workout: WorkoutRecord, effort: int) -> RateExercise:
    return RateExercise(workout_uid=workout.uid, block=0, effort=effort, pain=False)


class Broken(Command, frozen=True, kw_only=True, tag="broken"):
    """A command whose handler has a fault."""

    what: ClassVar[str] = "the rating"


def broken(db: Unit, command: Broken) -> None:
    raise ValueError("effort is rated from 1 to 5")


def test_jobs_are_written_in_the_order_given(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "g.db")
    with store.write() as db:
        workout = db.workouts.start("tiny", "Tiny", "", T0)
    writer = Writer(lambda: store)
    for n in range(20):
        writer.submit(log(workout, logged(n % 3, reps=n)))
    for effort in (1, 4, 2):  # changes of mind: the last one wins
        writer.submit(rate(workout, effort))
    assert writer.drain(timeout=10)
    with store.read() as db:
        sets = db.workouts.sets_of(workout.id)
    assert [s.reps for s in sets] == [18, 19, 17]  # each set's last write
    assert {s.effort for s in sets} == {2}
    assert writer.close()
    store.close()


class Flaky:
    """A store that fails its first writes the way a locked database does."""

    def __init__(self, store: Store, failures: int) -> None:
        self.store, self.failures = store, failures

    def write(self) -> object:
        if self.failures > 0:
            self.failures -= 1
            raise StoreError("the database is busy in another program; try again in a moment")
        return self.store.write()


def test_a_failed_write_is_kept_retried_and_nothing_overtakes_it(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "g.db")
    with store.write() as db:
        workout = db.workouts.start("tiny", "Tiny", "", T0)
    problems: list[str] = []
    flaky = Flaky(store, failures=3)
    writer = Writer(lambda: flaky, problems.append, retry_first=0.01, retry_most=0.05)  # type: ignore[arg-type,return-value]
    done: list[int] = []
    for n in range(3):
        writer.submit(log(workout, logged(n)), lambda record: done.append(record.set_index))
    assert writer.drain(timeout=10)
    assert done == [0, 1, 2] and writer.failures == 3
    assert len(problems) == 1 and problems[0].startswith("The set is not saved yet")
    writer.close()
    store.close()


def test_a_fault_in_a_job_is_reported_and_does_not_block_the_rest(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "g.db")
    problems: list[str] = []
    with store.write() as db:
        workout = db.workouts.start("tiny", "Tiny", "", T0)
    writer = Writer(lambda: store, problems.append, handlers={Broken: broken})
    writer.submit(Broken())
    writer.submit(log(workout, logged(0)))
    assert writer.drain(timeout=10)
    assert problems == ["The rating could not be saved: effort is rated from 1 to 5"]
    with store.read() as db:
        assert len(db.workouts.sets_of(workout.id)) == 1
    writer.close()
    store.close()


def test_close_writes_what_is_queued_first(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "g.db")
    with store.write() as db:
        workout = db.workouts.start("tiny", "Tiny", "", T0)
    writer = Writer(lambda: store)
    for n in range(5):
        writer.submit(log(workout, logged(n)))
    assert writer.close(timeout=10)
    assert writer.pending == 0
    with store.read() as db:
        assert len(db.workouts.sets_of(workout.id)) == 5
    store.close()


# --- the test: a held lock never stalls the workout's clock ---------------------
# (How late phases end on the real clock under a held lock is measured side by side with
# no lock in benchmarks/held_lock.py; here the clock is a fake one and nothing is timed.)

# The workout both run: three one-sided sets of two reps (benchmarks/held_lock.py).
PLAN = LOCK_PLAN


def test_a_held_write_lock_never_stalls_the_clock_and_the_sets_land(tmp_path: Path) -> None:
    """Another program holds SQLite's write lock from the first set to the end: the
    workout runs on to its end on its clock, and the sets wait for the lock, then land."""
    clock = FakeClock()
    services = Services(resolve(tmp_path / "home"), clock)
    store = services.store  # open (and create) the database before the workout starts
    with store.write() as db:
        workout = db.workouts.start("tiny", "Tiny", "", clock.now())
    session = WorkoutRun(services.writer, clock, Engine(PLAN, clock), workout, Recorder().layer())
    other = sqlite3.connect(services.locations.database, isolation_level=None)
    phases: list[PhaseChanged] = []
    session.start()
    try:
        for _ in range(1000):  # half a second at a time, far more than the workout lasts
            if session.engine.finished:
                break
            clock.advance(0.5)
            phases += [e for e in session.tick() if isinstance(e, PhaseChanged)]
            if len(session.logged) == 1 and not other.in_transaction:
                # The first set is in; the lock is taken for the second and third.
                assert services.writer.drain(timeout=30)
                other.execute("BEGIN IMMEDIATE")
            if session.waiting_for_effort:  # the effort check: answer it at once
                session.submit_effort(EffortAnswer(3))
        # The workout ran to its end while the lock was held, every phase in turn.
        assert session.engine.finished and len(session.logged) == 3 and len(phases) > 6
        with store.read() as db:
            assert len(db.workouts.sets_of(workout.id)) == 1  # the rest wait for the lock
        assert services.writer.pending >= 2
    finally:
        if other.in_transaction:
            other.execute("COMMIT")
        other.close()
    # ...and the sets written during the lock land once it goes, none lost or doubled.
    assert services.writer.drain(timeout=30)
    with store.read() as db:
        sets = db.workouts.sets_of(workout.id)
        assert [s.set_index for s in sets] == [0, 1, 2]
        assert {s.effort for s in sets} == {3}
        assert db.workouts.get(workout.id).status == "completed"  # type: ignore[union-attr]
    services.close()
