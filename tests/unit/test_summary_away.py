"""The summary when the database is away: shown at once from what the workout knows,
saying how many writes are kept, and the full summary once the database is back.

No UI: the summary's figures (``glutetui.readouts.summary``) over services whose store
refuses every write while it is "away", as a database server that has gone does.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from glutetui.platform.locations import Locations
from glutetui.readouts.summary import WRITES_WAIT, summary_figures
from glutetui.services import Services
from glutetui.store import Store, StoreError
from glutetui.store.repos import Unit
from glutetui.workout.run import EffortAnswer, WorkoutRun
from tests.clock import FakeClock
from tests.factories import start_run
from tests.fakes import Recorder
from tests.unit.test_catalog import TINY

TWO_SETS = TINY.replace("sets = 1", "sets = 2")


class Away(Store):
    """The store, whose writes fail while ``away`` the way a server gone does."""

    away = False

    @contextmanager
    def write(self) -> Iterator[Unit]:
        if self.away:
            raise StoreError("cannot reach the database server (connection refused)")
        with super().write() as db:
            yield db


@pytest.fixture
def home(isolated_home: Path) -> Path:
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "two.toml").write_text(TWO_SETS)
    return isolated_home


@pytest.fixture
def services(home: Path) -> Iterator[Services]:
    store = Away(Store.open(home / "glutetui.db").engine)
    made = Services(Locations(home, home), FakeClock(), store=store)
    yield made
    if made.store_open:  # not closed by the test itself
        store.away = False
        made.close()


def run_to_the_end(run: WorkoutRun, store: Store, away_after: int) -> None:
    """The workout on its fake clock; the database goes away once ``away_after`` sets are
    written. Every effort check is answered with a 2."""
    clock = run.clock
    assert isinstance(clock, FakeClock)
    assert isinstance(store, Away)
    run.start()
    while not run.engine.finished:
        if not store.away and len(run.logged) >= away_after:
            assert run.writer.drain(timeout=10)
            store.away = True
        clock.advance(0.5)
        run.tick()
        if run.waiting_for_effort:
            run.submit_effort(EffortAnswer(2))


def wait_until_failing(services: Services) -> None:
    end = time.monotonic() + 10
    while not services.writer.failing:
        assert time.monotonic() < end, "the writer never tried the unreachable database"
        time.sleep(0.01)


def test_the_summary_shows_at_once_and_counts_the_writes_kept(services: Services) -> None:
    run = start_run(services, services.catalog.programs["two"], Recorder().layer())
    run_to_the_end(run, services.store, away_after=2)  # the first set on both sides is written
    wait_until_failing(services)

    waits: list[float | None] = []
    settled_wait = run.settled.wait

    def noted(timeout: float | None = None) -> bool:
        waits.append(timeout)
        return settled_wait(timeout)

    run.settled.wait = noted  # type: ignore[method-assign]
    figures = summary_figures(services.store, services.catalog, run.workout.id, run)
    run.settled.wait = settled_wait  # type: ignore[method-assign]

    # It did not wait for the workout's writes (up to WRITES_WAIT): the writer was failing.
    assert waits == [], f"the summary waited for the writer: {waits} (at most {WRITES_WAIT} s)"
    # The second set on both sides, the effort answer and the end wait in the writer
    # (and the coach's review after them, which a next start need not make).
    records, without_record = services.writer.unsaved()
    assert figures.unsaved == len(records) == 4
    assert without_record == 0 and services.writer.pending == 5
    # What the workout itself knows is all there: every set, each side.
    (clamshell,) = figures.exercises
    assert clamshell.name == "Clamshell"
    assert [(s.side, s.values) for s in clamshell.sides] == [
        ("left", (3.0, 3.0)),
        ("right", (3.0, 3.0)),
    ]
    assert figures.records == () and figures.suggestions == ()  # these come once written

    # The app closes while the database is still away: the writes the summary counted
    # are the ones kept for the next start.
    notes = services.close(timeout=0.2)
    kept = json.loads(services.unsaved_file.read_text())
    assert len(kept["writes"]) == figures.unsaved
    assert [w["type"] for w in kept["writes"]] == ["set", "set", "rating", "end"]
    assert notes and "kept in" in notes[0]


def test_once_the_database_is_back_the_summary_is_the_stored_one(services: Services) -> None:
    run = start_run(services, services.catalog.programs["two"], Recorder().layer())
    run_to_the_end(run, services.store, away_after=2)
    wait_until_failing(services)
    assert summary_figures(services.store, services.catalog, run.workout.id, run).unsaved == 4

    store = services.store
    assert isinstance(store, Away)
    store.away = False
    assert services.writer.drain(timeout=10)  # the writer's next try gets through
    figures = summary_figures(services.store, services.catalog, run.workout.id, run)
    assert figures.unsaved == 0
    assert figures.workout.status == "completed"
    (clamshell,) = figures.exercises
    assert clamshell.effort == 2  # read back from the database, answer and all
    assert [(s.side, s.values) for s in clamshell.sides] == [
        ("left", (3.0, 3.0)),
        ("right", (3.0, 3.0)),
    ]
