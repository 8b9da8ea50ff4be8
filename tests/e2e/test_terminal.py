"""End to end in a real terminal: tmux runs glutetui as a person would, with real time.

The floor test: a two-exercise program runs from ``glutetui start`` to its summary
with no key pressed at all, its numbers drawn at least a quarter of the screen tall,
and the summary then takes the ratings the lapsed checks left out. A three-set
program killed with SIGKILL mid-way is offered for resuming at the set that was
interrupted, and finishes without duplicating a set.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.terminal import Terminal

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
    pytest.mark.slow,
]


def quick(
    name: str, *exercises: str, sets: int = 1, reps: int = 2, tempo: str = "[1, 0, 0]"
) -> str:
    """A program on the real clock that is over soon: by default each side two
    one-second reps, and one second's rest."""
    blocks = "".join(
        f'\n[[block]]\nexercise = "{exercise}"\nsets = {sets}\nreps = {reps}\n'
        f"tempo = {tempo}\nrest = 1\n"
        for exercise in exercises
    )
    return f'name = "{name}"\n{blocks}'


PROGRAMS = {
    # Three reps of two seconds a side: a set long enough to watch its first frames.
    "tiny": quick("Tiny test", "clamshell", reps=3, tempo="[1, 0, 1]"),
    "three": quick("Three quick sets", "clamshell", sets=3),
    # The floor test's two exercises, in about a quarter of a minute.
    "floor": quick("Floor test", "clamshell", "glute-bridge"),
    # The effort check comes a few seconds in.
    "short": quick("Short test", "clamshell"),
}


@pytest.fixture
def terminals(isolated_home: Path) -> Iterator[list[Terminal]]:
    made: list[Terminal] = []
    yield made
    for terminal in made:
        terminal.close()


def home_with(isolated_home: Path, settings: str = "") -> Path:
    (isolated_home / "programs").mkdir(parents=True)
    for name, program in PROGRAMS.items():
        (isolated_home / "programs" / f"{name}.toml").write_text(program)
    if settings:
        (isolated_home / "settings.toml").write_text(settings)
    return isolated_home


BLOCKS = set("█▀▄")


def tallest_block_run(screen: str) -> int:
    """The most consecutive rows drawn in block characters: the big number's height."""
    best = run = 0
    for line in screen.splitlines():
        run = run + 1 if BLOCKS & set(line) else 0
        best = max(best, run)
    return best


def history(home: Path) -> list[dict]:  # type: ignore[type-arg]
    out = subprocess.run(
        [sys.executable, "-m", "glutetui", "--home", str(home), "history", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def sides_logged(home: Path) -> int:
    """How many sides the running app has logged, read straight from its database (a
    command-line run every fifth of a second would cost more than the app itself)."""
    path = home / "glutetui.db"
    if not path.exists():
        return 0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return int(db.execute("SELECT count(*) FROM set_logs").fetchone()[0])
    except sqlite3.DatabaseError:  # the file or its tables are not made yet
        return 0
    finally:
        db.close()


@pytest.mark.slow(18)
def test_the_floor_test_runs_to_the_summary_with_no_key_at_all(
    isolated_home: Path, terminals: list[Terminal]
) -> None:
    """On a laptop's screen (160x48); smaller sizes are swept in tests/reliability."""
    home = home_with(isolated_home, "get_ready = 1\nswitch_pause = 1\neffort_wait = 3\n")
    terminal = Terminal(160, 48, home)
    terminals.append(terminal)
    terminal.run("start", "floor")
    terminal.wait_for("Clamshell", timeout=30)
    screen = terminal.wait_for("reps of 2", timeout=30)  # working, left side
    assert tallest_block_run(screen) >= 12, screen  # a quarter of 48 rows
    terminal.wait_for("until it goes on by itself", timeout=30)  # the effort countdown
    terminal.wait_for("Glute bridge", timeout=30)  # ... and it went on by itself
    terminal.wait_for("not rated yet", timeout=60)  # the summary, still no key pressed
    (workout,) = history(home)
    assert workout["status"] == "completed"
    assert [(s["exercise"], s["side"], s["effort"]) for s in workout["sets"]] == [
        ("clamshell", "left", None),
        ("clamshell", "right", None),
        ("glute-bridge", "both", None),
    ]
    terminal.keys("2", "4")  # one line per exercise: a digit rates it and moves on
    terminal.wait_for("Rated", timeout=30)
    (workout,) = history(home)
    assert [s["effort"] for s in workout["sets"]] == [2, 2, 4]


@pytest.mark.slow(20)
def test_a_killed_workout_resumes_at_the_interrupted_set(
    isolated_home: Path, terminals: list[Terminal]
) -> None:
    home = home_with(isolated_home, "get_ready = 1\nswitch_pause = 1\n")
    first = Terminal(100, 30, home)
    terminals.append(first)
    first.run("start", "three")
    first.wait_for("Clamshell", timeout=30)
    # Ready 1 s, then each set: left 2 s (two 1-s reps), switch 1 s, right 2 s, rest 1 s.
    # Once set 2's left side is logged, kill the app in the middle of what follows. (On a
    # busy machine one more side may be logged before the kill lands: the resume must
    # then offer the side after that one.)
    order = [(1, "left"), (1, "right"), (2, "left"), (2, "right"), (3, "left"), (3, "right")]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sides_logged(home) < 3:
        time.sleep(0.2)
    assert sides_logged(home) >= 3
    os.kill(first.pid(), signal.SIGKILL)
    first.close()
    logged = history(home)[0]["sets"]
    assert 3 <= len(logged) < len(order)
    assert [(s["set_index"] + 1, s["side"]) for s in logged] == order[: len(logged)]
    set_number, side = order[len(logged)]

    second = Terminal(100, 30, home)
    terminals.append(second)
    second.run()
    screen = second.wait_for("Unfinished workout", timeout=30)
    words = " ".join(screen.replace("│", " ").split())  # the card wraps its text
    assert f"Clamshell, set {set_number} of 3, {side} side" in words
    second.keys("r")
    second.wait_for(f"Set {set_number} of 3", timeout=30)
    second.wait_for("How did Clamshell feel?", timeout=60)
    second.keys("3", "Enter")
    second.wait_for("Workout complete", timeout=30)
    (workout,) = history(home)
    keys = [(s["set_index"] + 1, s["side"]) for s in workout["sets"]]
    assert keys == [(1, "left"), (1, "right"), (2, "left"), (2, "right"), (3, "left"), (3, "right")]
    assert all(s["reps"] == 2 for s in workout["sets"])
    assert workout["status"] == "completed"


def frames_until(
    terminal: Terminal, text: str, timeout: float = 30, changed_from: str | None = None
) -> list[str]:
    """Every screen seen, captured as fast as tmux allows, until ``text`` shows (and the
    screen differs from ``changed_from``, when given)."""
    seen: list[str] = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        screen = terminal.screen()
        seen.append(screen)
        if text in screen and (changed_from is None or screen != changed_from):
            return seen
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{seen[-1] if seen else ''}")


HOME_MARKS = ("Loading your programs", "Programs · Enter starts one", "Start today's", "Streak")


@pytest.mark.slow(5)
def test_start_draws_the_workout_first_and_home_never(
    isolated_home: Path, terminals: list[Terminal]
) -> None:
    """`glutetui start PROGRAM`: the first thing drawn is the workout opening, then the
    workout; Home is never on screen, and a key pressed meanwhile does not reach it."""
    home = home_with(isolated_home)
    terminal = Terminal(100, 30, home)
    terminals.append(terminal)
    terminal.run("start", "three")
    seen = frames_until(terminal, "glutetui")  # the first frame of the app
    terminal.tmux("send-keys", "-t", terminal.session, "h")  # Home's History, were it there
    seen += frames_until(terminal, "seconds to get ready")
    for screen in seen:
        assert not any(mark in screen for mark in HOME_MARKS), screen
    assert any("Opening your workout" in screen for screen in seen)
    # Keys are read in order: once a later key (Space pauses the get-ready) has shown
    # its effect, the earlier one has been dealt with too.
    terminal.tmux("send-keys", "-t", terminal.session, "Space")
    screen = terminal.wait_for("space Resume", timeout=30)
    assert "seconds to get ready" in screen  # the workout is still in front...
    assert "History" not in screen  # ...and the key opened nothing behind it


@pytest.mark.slow(5)
def test_the_numbers_do_not_move_when_a_set_begins(
    isolated_home: Path, terminals: list[Terminal]
) -> None:
    """From the first frame of a set the reps stand beside the clock: no frame shows
    the clock alone, centred, before they appear."""
    home = home_with(isolated_home, "get_ready = 3\n")
    terminal = Terminal(100, 30, home)
    terminals.append(terminal)
    terminal.run("start", "tiny")
    frames_until(terminal, "seconds to get ready")
    seen = frames_until(terminal, "seconds to go")
    # On until the screen next changes (the clock's next second, or a rep counted).
    first = next(screen for screen in seen if "seconds to go" in screen)
    seen += frames_until(terminal, "", changed_from=first)
    working = [screen for screen in seen if "seconds to go" in screen]
    assert working
    for screen in working:
        assert "reps of 3" in screen, screen


@pytest.mark.slow(12)
def test_a_digit_at_the_effort_check_then_nothing_goes_on_by_itself(
    isolated_home: Path, terminals: list[Terminal]
) -> None:
    """On the floor: 2 at the effort check, the keyboard put down. The confirm countdown
    keeps the 2 and the workout reaches its summary with no other key."""
    home = home_with(isolated_home, "get_ready = 1\nswitch_pause = 1\n")
    terminal = Terminal(160, 48, home)
    terminals.append(terminal)
    terminal.run("start", "short")
    terminal.wait_for("How did Clamshell feel?", timeout=60)
    terminal.tmux("send-keys", "-t", terminal.session, "2")
    terminal.wait_for("2, easy is kept", timeout=10)  # the confirm countdown, visible
    terminal.wait_for("Workout complete", timeout=30)
    (workout,) = history(home)
    assert [s["effort"] for s in workout["sets"]] == [2, 2]


@pytest.mark.slow(6)
def test_s_typed_twice_in_one_write_starts_one_workout(
    isolated_home: Path, terminals: list[Terminal]
) -> None:
    home = home_with(isolated_home)
    terminal = Terminal(160, 48, home)
    terminals.append(terminal)
    terminal.run()
    terminal.wait_for("Start today's", timeout=30)
    terminal.tmux("send-keys", "-t", terminal.session, "ss")  # one write: both keys at once
    terminal.wait_for("seconds to get ready", timeout=30)
    terminal.keys("q", "y")
    terminal.wait_for("ended", timeout=30)  # the summary of a workout ended early
    workouts = history(home)
    assert len(workouts) == 1, workouts
