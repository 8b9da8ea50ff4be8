"""Crash safety: a real workout process killed with SIGKILL at random moments.

Each round starts the app (``workout_child``) on the real clock, waits for a chosen
kind of step — get-ready, work, switch, rest, effort check — kills it a random
while into that step, and then checks what a person would rely on:

* the database passes ``PRAGMA integrity_check``;
* every set the process reported as logged before it died is there exactly once
  (at most one more, committed in the instant before it could say so);
* every effort answer it reported is on its sets;
* the next start offers the workout on Home, and ``r`` carries on at the first
  set not logged, or at the unanswered effort check.

The kills are seeded; ``--kills 50`` runs the full count (the default is smaller).
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from glutetui.engine.plan import plan_from_json
from tests.reliability.workout_child import PROGRAM, SETTINGS

ROOT = Path(__file__).resolve().parents[2]
PHASES = ("get-ready", "work", "switch", "rest", "effort")
# How long each kind of step lasts in the crash program, in seconds (the effort check:
# as long as the child takes to answer it).
LENGTH = {"get-ready": 1.0, "work": 2.0, "switch": 1.0, "rest": 1.0, "effort": 0.6}
SEED = 20261121

Key = tuple[int, int, str]


class Child:
    """The workout process, its lines read on a thread so a kill can come at any time."""

    def __init__(self, home: Path, seed: int, mode: str) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.workout_child", str(home), str(seed), mode],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def next_line(self, timeout: float) -> str | None:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._reader.join(timeout=10)

    def rest_of_lines(self) -> list[str]:
        """Every line printed before the process ended."""
        self._reader.join(timeout=10)
        out: list[str] = []
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return out
            if line is not None:
                out.append(line)

    def stderr(self) -> str:
        assert self.proc.stderr is not None
        return self.proc.stderr.read()


@dataclass
class Workout:
    """What the children said about the workout in progress, across kills."""

    logged: set[Key] = field(default_factory=set)
    rated: set[int] = field(default_factory=set)

    def note(self, line: str) -> str | None:
        """Take in one line of the child's; return the kind of step if it began one."""
        word, *rest = line.split()
        if word == "logged":
            self.logged.add((int(rest[0]), int(rest[1]), rest[2]))
        elif word == "rated":
            self.rated.add(int(rest[0]))
        elif word == "phase":
            return rest[0]
        return None


def read_db(path: Path) -> tuple[str, int | None, str, list[tuple[Key, int]], set[int]]:
    """integrity, the open workout, its plan, (key, copies) of its sets, rated blocks."""
    db = sqlite3.connect(path)
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        row = db.execute("SELECT id, plan FROM workouts WHERE status = 'in-progress'").fetchall()
        assert len(row) <= 1, "more than one workout in progress"
        if not row:
            return integrity, None, "", [], set()
        workout_id, plan = row[0]
        copies = db.execute(
            "SELECT block, set_index, side, count(*) FROM set_logs WHERE workout_id = ? "
            "GROUP BY block, set_index, side",
            (workout_id,),
        ).fetchall()
        rated = {
            b
            for (b,) in db.execute(
                "SELECT block FROM set_logs WHERE workout_id = ? GROUP BY block "
                "HAVING count(*) = count(effort)",
                (workout_id,),
            )
        }
        return integrity, workout_id, plan, [((b, s, side), n) for b, s, side, n in copies], rated
    finally:
        db.close()


def where_to_resume(plan_json: str, logged: set[Key], rated: set[int]) -> str:
    """The first phase line a resumed workout must print, worked out from the plan alone."""
    plan = plan_from_json(plan_json)
    for b, block in enumerate(plan.blocks):
        for s in range(block.sets):
            for side in block.sides:
                if (b, s, side) not in logged:
                    kind = "get-ready" if plan.get_ready > 0 else "work"
                    return f"phase {kind} {b} {s} {side}"
        if b not in rated:
            return f"phase effort {b} {block.sets - 1} -"
    return "finished"


def check_kept(workout: Workout, plan: str, copies: list[tuple[Key, int]], rated: set[int]) -> str:
    """After a kill: every set the child reported is stored exactly once (at most one
    more, committed in the instant before it could say so) and every effort answer is
    kept. Takes in what is stored; returns the line the resumed workout must print first."""
    in_db = {key for key, _ in copies}
    assert all(n == 1 for _, n in copies), f"a set was logged twice: {copies}"
    assert workout.logged <= in_db, f"lost: {workout.logged - in_db}"
    assert len(in_db - workout.logged) <= 1, f"unreported sets: {in_db - workout.logged}"
    assert workout.rated <= rated, f"lost effort answers: {workout.rated - rated}"
    workout.logged, workout.rated = in_db, rated
    return where_to_resume(plan, in_db, rated)


@pytest.mark.slow(21)
def test_a_workout_killed_at_random_moments_loses_nothing(
    isolated_home: Path, request: pytest.FixtureRequest
) -> None:
    wanted: int = request.config.getoption("--kills")
    home = isolated_home
    (home / "programs").mkdir(parents=True)
    (home / "programs" / "crash.toml").write_text(PROGRAM)
    (home / "settings.toml").write_text(SETTINGS)
    db = home / "glutetui.db"
    rng = random.Random(SEED)

    kills: Counter[str] = Counter()
    workout = Workout()
    mode, expected_first = "start", ""
    finished_workouts = rounds = 0
    while sum(kills.values()) < wanted:
        rounds += 1
        assert rounds <= wanted * 3, f"too few kills landed: {kills}"
        target = PHASES[sum(kills.values()) % len(PHASES)]
        child = Child(home, rng.randrange(1 << 30), mode)
        first: str | None = None
        phase = ""
        killed = finished = False
        end = time.monotonic() + 90
        while time.monotonic() < end:
            line = child.next_line(timeout=max(0.0, end - time.monotonic()))
            if line is None:
                break
            if first is None and line.startswith(("phase", "finished")):
                first = line
            if line == "finished":
                finished = True
                break
            phase = workout.note(line) or phase
            if line.startswith("phase") and phase == target:
                time.sleep(rng.uniform(0, 0.85 * LENGTH[target]))
                child.kill()
                killed = True
                break
        if not killed and not finished:
            child.kill()
            pytest.fail(f"the workout stalled in {phase or 'start-up'}:\n{child.stderr()}")
        # Facts printed in the instant before the kill count as reported too.
        for line in child.rest_of_lines():
            phase = workout.note(line) or phase
        if mode == "resume":
            if expected_first == "finished":  # everything was done but the closing
                assert first == "finished" or (first or "").startswith("phase done")
            else:
                assert first == expected_first, "the workout did not carry on where it stopped"
        if finished:
            child.proc.wait(timeout=30)
            finished_workouts += 1
            workout, mode = Workout(), "start"
            continue
        kills[phase] += 1

        integrity, workout_id, plan, copies, rated = read_db(db)
        assert integrity == "ok"
        if workout_id is None:  # killed before the workout was written
            assert not workout.logged
            mode = "start"
            continue
        mode, expected_first = "resume", check_kept(workout, plan, copies, rated)

    assert set(kills) >= set(PHASES), f"some kinds of step were never hit: {kills}"
    print(f"{sum(kills.values())} kills {dict(kills)}; {finished_workouts} workouts finished")


@pytest.mark.slow(19)
def test_two_copies_of_the_app_logging_at_once_lose_nothing(isolated_home: Path) -> None:
    """Two whole workouts run side by side in one home: every set of both is kept."""
    home = isolated_home
    (home / "programs").mkdir(parents=True)
    (home / "programs" / "crash.toml").write_text(PROGRAM)
    (home / "settings.toml").write_text(SETTINGS)
    from glutetui.store import Store

    Store.open(home / "glutetui.db").close()  # both find it made
    children = [Child(home, seed, "start") for seed in (1, 2)]
    reported = [Workout(), Workout()]
    for child, workout in zip(children, reported, strict=True):
        end = time.monotonic() + 120
        while (line := child.next_line(timeout=max(0.0, end - time.monotonic()))) != "finished":
            assert line is not None, f"a copy stopped early:\n{child.stderr()}"
            workout.note(line)
    for child in children:
        child.proc.wait(timeout=30)
    db = sqlite3.connect(home / "glutetui.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        workouts = [w for (w,) in db.execute("SELECT id FROM workouts ORDER BY id")]
        assert len(workouts) == 2
        for workout_id in workouts:
            keys = {
                (b, s, side)
                for b, s, side in db.execute(
                    "SELECT block, set_index, side FROM set_logs WHERE workout_id = ?",
                    (workout_id,),
                )
            }
            # One copy's whole workout, no more, no less.
            assert keys in [w.logged for w in reported]
            assert len(keys) == 6
    finally:
        db.close()
