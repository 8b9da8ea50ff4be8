"""A history on a real PostgreSQL server, end to end: kills, two copies, the server gone.

* The crash harness on PostgreSQL: the workout process is killed with SIGKILL in
  each kind of step of the three-set crash program; every set it reported is in the
  database exactly once, and the next start offers the workout and carries on where
  it stopped.
* Two copies of the app, two home folders, one database, logging at the same time:
  ``glutetui history --json`` from either home shows every set of both.
* The server stopped: ``glutetui history`` says so in one line and a non-zero exit
  within 20 s; a running workout goes on, and its sets reach the database when the
  server is back, or on the next start when the app ended first.

The tests that stop the server run their own (``own_server``), so the run's shared
one keeps serving every other test.
"""

from __future__ import annotations

import json
import os
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import event

from glutetui.platform.locations import Locations
from glutetui.services import Services
from glutetui.workout.run import EffortAnswer, WorkoutRun
from tests.clock import FakeClock
from tests.factories import start_run
from tests.fakes import Recorder
from tests.postgres import Cluster, PostgresDatabase, _as_server_user, _start, server_programs
from tests.reliability.test_crash import LENGTH, PHASES, Child, Key, Workout, check_kept
from tests.reliability.workout_child import PROGRAM, SETTINGS
from tests.unit.test_catalog import TINY

ROOT = Path(__file__).resolve().parents[2]
THREE_SETS = TINY.replace("sets = 1", "sets = 3")
# The issue's own check: a one-set clamshell program, a set a side.
ONE_SET = """
name = "One set"

[[block]]
exercise = "clamshell"
sets = 1
reps = 2
tempo = [1, 0, 1]
rest = 2
"""
SEED = 20261122


class ServerChild(Child):
    """The crash harness's workout process, its history in a database server."""

    def __init__(self, home: Path, seed: int, mode: str, url: str) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        module = "tests.reliability.postgres_child"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, str(home), str(seed), mode, url],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._start_reading()

    def _start_reading(self) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def until(self, wanted: str, timeout: float = 60) -> list[str]:
        """Every line up to and including ``wanted``; fails if the process stops first."""
        seen: list[str] = []
        end = time.monotonic() + timeout
        while (line := self.next_line(max(0.0, end - time.monotonic()))) != wanted:
            if line is None:
                self.kill()
                pytest.fail(f"no {wanted!r} after {seen[-5:]}:\n{self.stderr()}")
            seen.append(line)
        return [*seen, wanted]


def workout_home(home: Path, program: str = PROGRAM) -> Path:
    """A home whose ``crash`` program (the one the child starts) is ``program``."""
    (home / "programs").mkdir(parents=True)
    (home / "programs" / "crash.toml").write_text(program)
    (home / "settings.toml").write_text(SETTINGS)
    return home


def read_server(url: str) -> tuple[int | None, str, list[tuple[Key, int]], set[int]]:
    """The open workout, its plan, (key, copies) of its sets and its rated blocks."""
    with psycopg.connect(url, connect_timeout=10) as db:
        rows = db.execute("SELECT id, plan FROM workouts WHERE status = 'in-progress'").fetchall()
        assert len(rows) <= 1, "more than one workout in progress"
        if not rows:
            return None, "", [], set()
        workout_id, plan = rows[0]
        copies = db.execute(
            "SELECT block, set_index, side, count(*) FROM set_logs WHERE workout_id = %s "
            "GROUP BY block, set_index, side",
            (workout_id,),
        ).fetchall()
        rated = db.execute(
            "SELECT block FROM set_logs WHERE workout_id = %s GROUP BY block "
            "HAVING count(*) = count(effort)",
            (workout_id,),
        ).fetchall()
    return workout_id, plan, [((b, s, side), n) for b, s, side, n in copies], {b for (b,) in rated}


# --- the crash harness and two copies, on the run's shared server ---------------------------


@pytest.mark.slow(18)
def test_a_workout_killed_in_each_kind_of_step_loses_nothing_and_resumes(
    isolated_home: Path, postgres: PostgresDatabase
) -> None:
    home = workout_home(isolated_home)
    rng = random.Random(SEED)
    workout, mode, expected_first = Workout(), "start", ""
    kills: list[str] = []
    for round_ in range(len(PHASES) * 3):
        if len(kills) == len(PHASES):
            break
        target = PHASES[len(kills)]
        child = ServerChild(home, rng.randrange(1 << 30), mode, postgres.url)
        first, phase, killed = None, "", False
        end = time.monotonic() + 90
        while (line := child.next_line(max(0.0, end - time.monotonic()))) is not None:
            first = first or (line if line.startswith(("phase", "finished")) else None)
            if line == "finished":
                break
            phase = workout.note(line) or phase
            if line.startswith("phase") and phase == target:
                time.sleep(rng.uniform(0, 0.85 * LENGTH[target]))
                child.kill()
                killed = True
                break
        if mode == "resume":
            assert first == expected_first, "the workout did not carry on where it stopped"
        if not killed:  # finished before the wanted step came: a new workout
            child.kill()
            assert line == "finished", f"round {round_} stalled in {phase}:\n{child.stderr()}"
            workout, mode = Workout(), "start"
            continue
        for late in child.rest_of_lines():  # said in the instant before the kill
            phase = workout.note(late) or phase
        kills.append(phase)
        workout_id, plan, copies, rated = read_server(postgres.url)
        if workout_id is None:  # killed before the workout was written
            assert not workout.logged
            mode = "start"
            continue
        mode, expected_first = "resume", check_kept(workout, plan, copies, rated)
    assert sorted(set(kills)) == sorted(PHASES), f"some kinds of step were never hit: {kills}"


@pytest.mark.slow(14)
def test_two_copies_on_one_database_lose_nothing(
    tmp_path: Path, postgres: PostgresDatabase
) -> None:
    """The issue's check: two home folders, one database, two workouts at once; the
    history from either home shows every set of both."""
    homes = [workout_home(tmp_path / name, ONE_SET) for name in ("living-room", "desk")]
    children = [ServerChild(h, seed, "start", postgres.url) for seed, h in enumerate(homes)]
    logged = [Workout(), Workout()]
    for child, workout in zip(children, logged, strict=True):
        for line in child.until("finished", timeout=120):
            workout.note(line)
    for child in children:
        child.proc.wait(timeout=30)
    env = {**os.environ, "GLUTETUI_DB": postgres.url}
    for home in homes:
        shown = subprocess.run(
            [sys.executable, "-m", "glutetui", "--home", str(home), "history", "--json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        workouts = json.loads(shown.stdout)
        assert sorted(w["status"] for w in workouts) == ["completed", "completed"]
        keys = [{(s["block"], s["set_index"], s["side"]) for s in w["sets"]} for w in workouts]
        assert sorted(map(sorted, keys)) == sorted(sorted(w.logged) for w in logged)
        assert [len(w["sets"]) for w in workouts] == [2, 2]  # four sets in all


# --- the server stopped: a server of these tests' own ---------------------------------------


@dataclass
class OwnServer:
    """A PostgreSQL server these tests may stop and start again."""

    cluster: Cluster
    bindir: Path
    data: Path

    def stop(self) -> None:
        # Fast: connections are closed at once, as when a server goes down.
        self._ctl("stop", "-w", "-m", "fast")

    def start(self) -> None:
        folder = self.cluster.root / "pg"
        options = (
            f"-p {self.cluster.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={folder} -c fsync=off"
        )
        self._ctl("start", "-w", "-t", "60", "-l", str(folder / "server.log"), "-o", options)

    def running(self) -> bool:
        return self._ctl("status", check=False).returncode == 0

    def new_database(self) -> str:
        name = f"t_{random.randrange(1 << 40):x}"
        admin = self.cluster.url("postgres")
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as db:
            db.execute(f"CREATE DATABASE {name} TEMPLATE glutetui_head")
        return self.cluster.url(name)

    def _ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return _as_server_user([str(self.bindir / "pg_ctl"), *args, "-D", str(self.data)], check)


@pytest.fixture(scope="module")
def own_cluster() -> Iterator[OwnServer]:
    bindir = server_programs()
    if bindir is None:
        pytest.skip("PostgreSQL's server programs are not installed")
    root = Path(tempfile.mkdtemp(prefix="glutetui-pg-own-"))
    root.chmod(0o755)  # the server's user must reach its folder inside
    try:
        state: dict[str, Any] = _start(root, bindir)
        server = OwnServer(
            Cluster(root, state["port"], state["password"]), bindir, Path(state["data"])
        )
        yield server
        server._ctl("stop", "-m", "immediate", check=False)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def own_server(own_cluster: OwnServer) -> OwnServer:
    """The server, running (a test before may have left it stopped)."""
    if not own_cluster.running():
        own_cluster.start()
    return own_cluster


def test_history_with_the_server_stopped_is_one_line_within_20_s(
    own_server: OwnServer, isolated_home: Path
) -> None:
    url = own_server.new_database()
    own_server.stop()
    started = time.monotonic()
    shown = subprocess.run(
        [sys.executable, "-m", "glutetui", "--db", url, "history"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert time.monotonic() - started < 20
    assert shown.returncode != 0 and shown.stdout == ""
    (line,) = shown.stderr.splitlines()
    assert "connection refused" in line and own_server.cluster.password not in line
    assert line.startswith("glutetui: cannot open postgresql")


def three_sets(home: Path, url: str) -> Services:
    (home / "programs").mkdir(parents=True)
    (home / "programs" / "three.toml").write_text(THREE_SETS)
    return Services(Locations(home, home, url), FakeClock())


def step(session: WorkoutRun, until: Any, answer: EffortAnswer | None = None) -> None:
    """Run the workout on its fake clock until ``until(session)``."""
    clock = session.clock
    assert isinstance(clock, FakeClock)
    while not until(session):
        clock.advance(0.25)
        session.tick()
        if session.waiting_for_effort and answer is not None:
            session.submit_effort(answer)


def test_a_workout_goes_on_while_the_server_is_away_and_its_sets_land_when_it_is_back(
    own_server: OwnServer, isolated_home: Path
) -> None:
    services = three_sets(isolated_home, own_server.new_database())
    try:
        session = start_run(services, services.catalog.programs["three"], Recorder().layer())
        session.start()
        step(session, lambda s: len(s.logged) == 2)  # the first set, both sides
        assert services.writer.drain(timeout=10)
        own_server.stop()
        # The clock never waits for the network: while the server is away no tick asks
        # the database for a connection on the workout's own thread.
        asked_on: set[str] = set()

        def checkout(*_: Any) -> None:
            asked_on.add(threading.current_thread().name)

        event.listen(services.store.engine, "checkout", checkout)
        step(session, lambda s: s.engine.finished, EffortAnswer(2))
        event.remove(services.store.engine, "checkout", checkout)
        assert threading.current_thread().name not in asked_on
        assert services.writer.pending == 7  # four sets, the answer, the end, the review
        own_server.start()
        assert services.writer.drain(timeout=30)
        with services.store.read() as db:
            stored = db.workouts.get(session.workout.id)
            sets = db.workouts.sets_of(session.workout.id)
    finally:
        services.close()
    assert stored is not None and stored.status == "completed"
    assert len(sets) == 6 and {s.effort for s in sets} == {2}
    assert services.writer.failures > 0  # it did fail, and was tried again


def test_sets_unsaved_when_the_app_ends_reach_the_server_on_the_next_start(
    own_server: OwnServer, isolated_home: Path
) -> None:
    url = own_server.new_database()
    services = three_sets(isolated_home, url)
    session = start_run(services, services.catalog.programs["three"], Recorder().layer())
    session.start()
    step(session, lambda s: len(s.logged) == 2)
    assert services.writer.drain(timeout=10)
    own_server.stop()
    step(session, lambda s: len(s.logged) == 4)  # the second set is done, not written
    started = time.monotonic()
    notes = services.close()  # the person closes the app in the middle of the third set
    assert time.monotonic() - started < 5
    assert notes and "2 sets kept in" in notes[0]
    own_server.start()

    later = Services(Locations(isolated_home, isolated_home, url), FakeClock())
    try:
        with later.store.read() as db:
            unfinished = db.workouts.unfinished()
    finally:
        later.close()
    assert not (isolated_home / "unsaved.json").exists()
    assert unfinished is not None and unfinished.workout.uid == session.workout.uid
    assert sorted(unfinished.finished_keys) == sorted(session.logged)  # resumed at set 3


@pytest.mark.slow(15)
def test_the_app_ending_with_the_server_away_keeps_its_sets_for_the_next_start(
    own_server: OwnServer, isolated_home: Path
) -> None:
    """The real app: the server stops after the first side; the workout runs to its
    summary; the app ends within a few seconds, and the next start writes every set."""
    url = own_server.new_database()
    home = workout_home(isolated_home, ONE_SET)
    child = ServerChild(home, SEED, "start", url)
    child.until("logged 0 0 left")
    own_server.stop()
    child.until("finished", timeout=120)
    finished = time.monotonic()
    child.proc.wait(timeout=30)
    assert time.monotonic() - finished < 10, "the app waited too long for the server"
    kept = json.loads((home / "unsaved.json").read_text())
    assert [w["type"] for w in kept["writes"]] == ["set", "rating", "end"]
    own_server.start()

    later = Services(Locations(home, home, url), FakeClock())
    try:
        with later.store.read() as db:
            last = db.workouts.last()
            assert last is not None
            sets = db.workouts.sets_of(last.workout.id)
    finally:
        later.close()
    assert last.workout.status == "completed" and last.sets == 2
    assert [(s.side, s.effort is not None) for s in sets] == [("left", True), ("right", True)]
    assert not (home / "unsaved.json").exists()
