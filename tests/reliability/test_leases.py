"""Two devices, one PostgreSQL server: a running workout belongs to the device running it.

Device A is a copy of glutetui in a process of its own (``lease_child``): it starts a
workout through the intent path and logs sets. Device B, here, shares the database:

* while A runs it, B's Home says the workout is running on A's device, and B's intents
  to close or resume it are refused, the workout untouched;
* A is killed with SIGKILL. To another device that is silence: B takes the workout over
  only once A's heartbeat is older than the lease (a wall-clock age, so B's clock is
  moved past it). A copy on the same device needs no wait: it sees that A's process
  is gone (killed and not yet reaped, it is a zombie, and counts as gone);
* B resumes where A stopped: every set A logged is there exactly once, and the sets B
  logs come after them;
* A copy that was only asleep (a closed lid: the process stopped, not killed) and wakes
  after B took the workout over writes nothing more to it: its next write finds the
  lease gone, and it stops and says so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from glutetui.intents import AnyIntent, CloseUnfinished, Next, Rate, ResumeUnfinished
from glutetui.platform.locations import Locations
from glutetui.records import SetRecord, WorkoutRecord
from glutetui.services import Services
from glutetui.store.lease import LEASE_SECONDS, Lease
from glutetui.usecases.path import Change, IntentPath
from tests.clock import FakeClock
from tests.fakes import Recorder
from tests.postgres import PostgresDatabase
from tests.reliability.test_postgres import ServerChild

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = """
name = "Two devices"

[[block]]
exercise = "clamshell"
sets = 2
reps = 2
tempo = [1, 0, 1]
rest = 2

[[block]]
exercise = "glute-bridge"
sets = 2
reps = 2
tempo = [1, 0, 1]
rest = 2
"""
SETTINGS = "get_ready = 1\nswitch_pause = 1\nsounds = false\n"
WALL = datetime(2026, 3, 20, 18, 0, tzinfo=UTC)
A_SETS = 5  # the clamshell's four (rated by A) and the bridge's first
Key = tuple[int, int, str]


def device_home(home: Path) -> Path:
    (home / "programs").mkdir(parents=True)
    (home / "programs" / "two.toml").write_text(PROGRAM)
    (home / "settings.toml").write_text(SETTINGS)
    return home


class DeviceA(ServerChild):
    """Device A's process: it starts the workout, logs ``A_SETS`` sets and waits."""

    def __init__(self, home: Path, url: str, device: str) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        self.proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "tests.reliability.lease_child"),
                *(str(home), url, device, WALL.isoformat(), str(A_SETS)),
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._start_reading()

    def ready(self) -> tuple[int, datetime, set[Key]]:
        """Wait until A has logged its sets: the workout's id, A's last heartbeat, and
        the sets A reported as committed."""
        logged: set[Key] = set()
        for line in self.until_prefix("ready"):
            word, *rest = line.split()
            if word == "logged":
                logged.add((int(rest[0]), int(rest[1]), rest[2]))
            elif word == "ready":
                return int(rest[0]), datetime.fromisoformat(rest[1]), logged
        raise AssertionError("unreachable")

    def until_prefix(self, prefix: str, timeout: float = 60) -> list[str]:
        seen: list[str] = []
        end = time.monotonic() + timeout
        while True:
            line = self.next_line(max(0.0, end - time.monotonic()))
            if line is None:
                self.kill()
                pytest.fail(f"no {prefix!r} line after {seen[-5:]}:\n{self.stderr()}")
            seen.append(line)
            if line.startswith(prefix):
                return seen

    def kill_unreaped(self) -> None:
        """SIGKILL, leaving the process a zombie until :meth:`reap`."""
        self.proc.send_signal(signal.SIGKILL)
        stat = Path(f"/proc/{self.proc.pid}/stat")
        end = time.monotonic() + 10
        while stat.exists() and stat.read_text().rsplit(")", 1)[-1].split()[:1] != ["Z"]:
            assert time.monotonic() < end, "the killed process never became a zombie"
            time.sleep(0.01)

    def reap(self) -> None:
        self.proc.wait(timeout=10)
        self._reader.join(timeout=10)


@dataclass
class DeviceB:
    """Device B: services on the same database under another home, and its intent path,
    as the app builds them (without the screens)."""

    services: Services
    heard: list[Change] = field(default_factory=list)
    path: IntentPath = field(init=False)

    def __post_init__(self) -> None:
        sound = Recorder().layer(sounds=False)
        self.path = self.services.path_for(lambda: sound, self.heard.append)
        self.services.intents = self.path

    @property
    def clock(self) -> FakeClock:
        assert isinstance(self.services.clock, FakeClock)
        return self.services.clock

    def send(self, intent: AnyIntent) -> list[Change]:
        """Send an intent and wait for the writer: what the path said back."""
        before = len(self.heard)
        self.path.send(intent)
        assert self.services.writer.drain(timeout=30)
        return self.heard[before:]

    def stored(self, workout_id: int) -> tuple[WorkoutRecord, list[SetRecord]]:
        with self.services.store.read() as db:
            workout = db.workouts.get(workout_id)
            assert workout is not None
            return workout, db.workouts.sets_of(workout_id)


@pytest.fixture
def device_a() -> Iterator[list[DeviceA]]:
    """Device A's processes, killed and reaped at the end whatever happened."""
    started: list[DeviceA] = []
    yield started
    for child in started:
        if child.proc.poll() is None:
            child.proc.kill()
        child.proc.wait(timeout=10)


def device_b(root: Path, url: str, device: str, now: datetime) -> DeviceB:
    home = device_home(root / "desk")
    lease = Lease.here(device)
    return DeviceB(Services(Locations(home, home, url), FakeClock(wall=now), lease=lease))


@pytest.mark.parametrize(
    "b_device",
    [
        pytest.param("desk", id="another-device"),
        pytest.param("living-room", id="the-same-device"),
    ],
)
def test_a_workout_is_left_alone_while_its_device_runs_it_and_carried_on_once_it_is_gone(
    tmp_path: Path, postgres: PostgresDatabase, device_a: list[DeviceA], b_device: str
) -> None:
    a = DeviceA(device_home(tmp_path / "living-room"), postgres.url, "living-room")
    device_a.append(a)
    workout_id, heartbeat, logged_by_a = a.ready()
    assert len(logged_by_a) == A_SETS

    # B, half a minute after A's last heartbeat: A is running it.
    b = device_b(tmp_path, postgres.url, b_device, heartbeat + timedelta(seconds=30))
    try:
        home = b.services.home_data()
        assert home.unfinished is not None and home.unfinished.workout.id == workout_id
        assert home.running_elsewhere == "living-room" and not home.resumable
        before = b.stored(workout_id)

        said = b.send(CloseUnfinished(workout=workout_id))
        assert [c.topic for c in said] == ["problem"]
        said = b.send(ResumeUnfinished(workout=workout_id))
        assert [(c.topic, c.message) for c in said] == [
            ("problem", "That workout is running on another device right now.")
        ]
        assert b.path.run is None
        assert b.stored(workout_id) == before  # untouched: its lease, status and sets

        if b_device == "living-room":
            # The same device: A's process is gone (a zombie until reaped), so its
            # workout is free at once, with no wait for the lease.
            a.kill_unreaped()
            assert b.services.home_data().running_elsewhere is None
        else:
            a.kill()
            # To another device, a killed copy is silence: the lease still holds …
            assert b.services.home_data().running_elsewhere == "living-room"
            assert [c.topic for c in b.send(ResumeUnfinished(workout=workout_id))] == ["problem"]
            # … until A's heartbeat is older than the lease.
            b.clock.advance(LEASE_SECONDS - 30 + 1)
        home = b.services.home_data()
        assert home.running_elsewhere is None and home.resumable

        said = b.send(ResumeUnfinished(workout=workout_id))
        assert [c.topic for c in said] == ["started"]
        run = b.path.run
        assert run is not None and run.workout.id == workout_id
        taken, sets = b.stored(workout_id)
        assert (taken.device, taken.lease) == (b_device, b.services.lease.token)
        assert {(s.block, s.set_index, s.side) for s in sets} == logged_by_a

        # B carries on at the bridge's second set and runs the workout to its end.
        run.start()
        while not run.engine.finished:
            b.clock.advance(0.5)
            run.tick()
            if run.waiting_for_effort:
                b.path.send(Rate(effort=4))
                b.path.send(Next())
        assert b.services.writer.drain(timeout=30)
        done, sets = b.stored(workout_id)
    finally:
        b.services.close()
        if b_device == "living-room":
            a.reap()

    assert done.status == "completed"
    keys = [(s.block, s.set_index, s.side) for s in sets]
    assert len(keys) == len(set(keys)), f"a set is there twice: {keys}"
    assert set(keys) == logged_by_a | {(1, 1, "both")}
    by_a = [s for s in sets if (s.block, s.set_index, s.side) in logged_by_a]
    by_b = [s for s in sets if (s.block, s.set_index, s.side) not in logged_by_a]
    assert len(by_a) == A_SETS and len(by_b) == 1
    # B's set comes after every set of A's, in the log and in time.
    assert min(s.id for s in by_b) > max(s.id for s in by_a)
    assert min(s.started_at for s in by_b) >= max(s.ended_at for s in by_a)
    # Each exercise keeps the answer given on the device that finished it.
    assert {(s.exercise_id, s.effort) for s in sets} == {("clamshell", 3), ("glute-bridge", 4)}


def test_a_copy_that_wakes_after_its_workout_was_taken_over_writes_nothing_more(
    tmp_path: Path, postgres: PostgresDatabase, device_a: list[DeviceA]
) -> None:
    a = DeviceA(device_home(tmp_path / "living-room"), postgres.url, "living-room")
    device_a.append(a)
    workout_id, heartbeat, logged_by_a = a.ready()
    a.proc.send_signal(signal.SIGSTOP)  # the lid closed
    b = device_b(tmp_path, postgres.url, "desk", heartbeat + timedelta(seconds=LEASE_SECONDS + 1))
    try:
        assert [c.topic for c in b.send(ResumeUnfinished(workout=workout_id))] == ["started"]
        run = b.path.run
        assert run is not None
        taken_over = b.stored(workout_id)

        a.proc.send_signal(signal.SIGCONT)  # the lid opened: A catches up and renews
        assert a.proc.stdin is not None
        a.proc.stdin.write("wake\n")
        a.proc.stdin.flush()
        woke = a.until_prefix("woke")[-1].split()
        assert woke == ["woke", "True", "True"]  # the run lost its lease, and said so
        # Nothing of A's after the takeover: B's workout is as B took it.
        assert b.stored(workout_id) == taken_over
        workout, sets = taken_over
        assert workout.status == "in-progress" and workout.lease == b.services.lease.token
        assert {(s.block, s.set_index, s.side) for s in sets} == logged_by_a
    finally:
        b.services.close()
