"""Home's face: its figures in its words, the same whether the app reads them itself or
a helper process reads them while the app loads Textual."""

from __future__ import annotations

import marshal
from datetime import datetime
from pathlib import Path

import pytest

from benchmarks.generate import generate_history
from glutetui.catalog import load_catalog
from glutetui.cli.home_face import argv
from glutetui.platform.clock import SystemClock
from glutetui.platform.locations import Locations
from glutetui.platform.spawned import spawn
from glutetui.readouts.home_face import decode, encode, home_face
from glutetui.services import Services
from glutetui.store import Store
from tests.clock import FakeClock
from tests.factories import home_with_history, start_run, suggest_clamshell_up
from tests.fakes import Recorder


def test_the_helper_reads_the_face_the_app_reads(isolated_home: Path) -> None:
    """Six weeks of history and a suggestion waiting: the helper's bytes are the face the
    app makes from its own quick read, to the last word."""
    locations = Locations(isolated_home, isolated_home)
    now = datetime.now().astimezone()
    store = Store.open(locations.database)
    generate_history(store, load_catalog(), 42, end=now)
    with store.write() as db:
        suggest_clamshell_up(db, now)
    store.close()
    command = argv(locations)
    assert command is not None
    helper = spawn(command)
    assert helper is not None
    payload = helper.result(timeout=60)
    assert payload is not None
    here = Services(locations, SystemClock()).quick_home()
    assert here is not None
    face = decode(payload)
    assert face == home_face(here)
    assert face is not None and face.last is not None and len(face.suggestions) == 1
    assert face.streak_line.endswith(" in a row · longest " + str(here.streak.longest))
    assert len(face.week) == 7 and not face.complete


def test_a_new_home_shows_no_workouts_from_its_first_frame(tmp_path: Path) -> None:
    """No database yet: an empty history, said at once; the helper makes no database,
    and the folder it keeps the catalogue's cache in is private."""
    new = tmp_path / "new"
    command = argv(Locations(new, new))
    assert command is not None
    helper = spawn(command)
    assert helper is not None
    payload = helper.result(timeout=60)
    face = decode(payload) if payload is not None else None
    assert face is not None and face.last is None and face.status_line == "No workouts yet."
    assert not (new / "glutetui.db").exists()
    assert new.stat().st_mode & 0o077 == 0


def test_a_database_server_has_no_helper(tmp_path: Path) -> None:
    assert argv(Locations(tmp_path, tmp_path, "postgresql://home/glutetui")) is None


@pytest.mark.parametrize(
    "payload", [b"", b"\x00\xff garbage", marshal.dumps((1, 2)), marshal.dumps(("x",) * 14)]
)
def test_bytes_that_are_not_a_face_are_refused(payload: bytes) -> None:
    with pytest.raises(ValueError, match="not Home's face"):
        decode(payload)


def test_the_face_says_what_home_says(isolated_home: Path) -> None:
    """An unfinished workout and a history: the words Home draws, and the ids its keys
    act on, from the figures."""
    clock = FakeClock()
    services = home_with_history(isolated_home, clock, 20)
    session = start_run(services, services.catalog.programs["tv-floor"], Recorder().layer())
    session.start()
    clock.advance(10 + 50 + 1)
    session.tick()  # one set of glute bridges, then the workout is left
    services.writer.drain()
    data = services.quick_home()
    services.close()
    assert data is not None and data.unfinished is not None and data.last is not None
    face = home_face(data)
    assert decode(encode(face)) == face
    assert face.suggested_id == data.suggested.id
    assert [program for program, _ in face.programs] == [p.id for p, _ in data.programs]
    assert all(" · " in label and "min" in label for _, label in face.programs)
    assert face.resume is not None
    assert face.resume.workout_id == data.unfinished.workout.id
    assert face.resume.stopped == data.unfinished_at
    assert face.resume.resumable == data.resumable and face.resume.elsewhere is None
    last = face.last
    assert last is not None and last.workout_id == data.last.workout.id
    assert last.program_name == data.last.workout.program_name and last.amount
    unfinished = data.last.workout.status == "in-progress"
    assert last.unrated == (0 if unfinished else data.last.unrated)  # an open one waits
    assert face.status_line.startswith(f"Last: {last.program_name}, {last.day} · streak ")
    assert [day.name for day in face.week] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert [day.state for day in face.week] == [day.state.value for day in data.week]
