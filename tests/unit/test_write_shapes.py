"""A finished set and a rating each travel as one record from the intent to the row.

The engine emits the ``LoggedSet`` the store keeps; the run puts that very object in a
``LogSet`` command; the writer hands the command to its handler, which upserts the
row. A rating is a ``Rate`` intent, then one ``RateExercise`` command. Nothing else is
made on the way (no envelope, no closure, no dict): the writer's queue holds the
commands themselves, and each is what a next start would replay.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest

from glutetui.engine import SetFinished
from glutetui.intents import Next, Rate, StartProgram
from glutetui.platform.locations import Locations
from glutetui.records import LoggedSet
from glutetui.services import Services
from glutetui.store.commands import Command, LogSet, OpenWorkout, RateExercise
from glutetui.usecases.path import Change
from tests.clock import FakeClock
from tests.fakes import Recorder
from tests.unit.test_catalog import TINY


@pytest.fixture
def services(isolated_home: Path) -> Iterator[Services]:
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "tiny.toml").write_text(TINY)
    made = Services(Locations(isolated_home, isolated_home), FakeClock())
    yield made
    made.close()


def test_a_set_and_a_rating_are_one_record_each_from_the_intent_to_the_row(
    services: Services,
) -> None:
    submitted: list[Command] = []
    writer = services.writer
    submit = writer.submit

    def recording(command: Command, done: Any = None) -> None:
        submitted.append(command)
        submit(command, done)

    writer.submit = recording  # type: ignore[method-assign]
    heard: list[Change] = []
    sound = Recorder().layer()
    path = services.path_for(lambda: sound, heard.append)
    path.send(StartProgram(program="tiny"))
    assert writer.drain(timeout=10)
    run = path.run
    assert run is not None
    finished: list[LoggedSet] = []
    run.watch(
        lambda events: finished.extend(e.result for e in events if isinstance(e, SetFinished))
    )
    clock = services.clock
    assert isinstance(clock, FakeClock)
    run.start()
    while not run.waiting_for_effort:
        clock.advance(0.5)
        run.tick()
    path.send(Rate(effort=2))
    path.send(Next())
    assert writer.drain(timeout=10)

    logs = [c for c in submitted if isinstance(c, LogSet)]
    ratings = [c for c in submitted if isinstance(c, RateExercise)]
    assert finished and len(logs) == len(finished)
    # The very object the engine emitted is the one the command carries.
    assert all(log.logged is done for log, done in zip(logs, finished, strict=True))
    assert len(ratings) == 1 and ratings[0].effort == 2
    assert isinstance(submitted[0], OpenWorkout)
    # Only commands, each a plain record that encodes whole (as a next start reads it).
    for command in submitted:
        assert isinstance(command, Command)
        assert msgspec.json.decode(msgspec.json.encode(command), type=type(command)) == command

    with services.store.read() as db:
        rows = db.workouts.sets_of(run.workout.id)
    fields = LoggedSet.__struct_fields__
    for row, done in zip(rows, finished, strict=True):
        kept = {name: getattr(row, name) for name in fields}
        assert kept == {**{n: getattr(done, n) for n in fields}, "effort": 2}


def test_a_second_start_is_refused_before_anything_is_written(services: Services) -> None:
    heard: list[Change] = []
    sound = Recorder().layer()
    path = services.path_for(lambda: sound, heard.append)
    with services.store.read():  # the store is open: nothing else slows the first start
        pass
    path.send(StartProgram(program="tiny"))
    path.send(StartProgram(program="tiny"))  # a double press, before the first is written
    assert services.writer.drain(timeout=10)
    path.send(StartProgram())  # and one while the workout runs
    assert [c.topic for c in heard] == ["note", "started", "note"]
    assert heard[0].message == "A workout is already starting or running."
    with services.store.read() as db:
        assert db.workouts.count() == 1
