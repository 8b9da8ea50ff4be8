"""End to end in a real terminal: tmux runs glutetui as a person would, with real time.

A tiny program runs from ``glutetui start`` to the effort check with no key pressed;
a three-set program killed with SIGKILL mid-way is offered for resuming at the set
that was interrupted, and finishes without duplicating a set.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

TINY = """
name = "Tiny test"
description = "One quick set"

[[block]]
exercise = "clamshell"
sets = 1
reps = 3
tempo = [1, 0, 1]
rest = 5
"""

THREE = """
name = "Three quick sets"

[[block]]
exercise = "clamshell"
sets = 3
reps = 2
tempo = [1, 0, 1]
rest = 3
"""


class Terminal:
    """One tmux session on its own server socket."""

    def __init__(self, width: int, height: int, home: Path) -> None:
        self.socket = f"glutetui-e2e-{uuid.uuid4().hex[:8]}"
        self.width, self.height, self.home = width, height, home
        self.session = "t"

    def tmux(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return out.stdout

    def run(self, *argv: str) -> None:
        # COLUMNS/LINES from the test runner would override the real window size.
        env = f"-u COLUMNS -u LINES GLUTETUI_HOME={self.home} TERM=xterm-256color"
        command = " ".join([sys.executable, "-m", "glutetui", *argv])
        shell = f"cd {self.home} && exec env {env} {command}"
        self.tmux(
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            shell,
        )
        self.tmux("set-option", "-t", self.session, "remain-on-exit", "on")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)
            time.sleep(0.3)

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", self.session, "#{pane_pid}"))

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False, capture_output=True)


@pytest.fixture
def terminals(isolated_home: Path) -> Iterator[list[Terminal]]:
    made: list[Terminal] = []
    yield made
    for terminal in made:
        terminal.close()


def home_with(isolated_home: Path, settings: str = "") -> Path:
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "tiny.toml").write_text(TINY)
    (isolated_home / "programs" / "three.toml").write_text(THREE)
    if settings:
        (isolated_home / "settings.toml").write_text(settings)
    return isolated_home


def history(home: Path) -> list[dict]:  # type: ignore[type-arg]
    out = subprocess.run(
        [sys.executable, "-m", "glutetui", "--home", str(home), "history", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("size", [(100, 30), (60, 20)])
def test_a_tiny_program_runs_hands_free_to_the_effort_check(
    isolated_home: Path, terminals: list[Terminal], size: tuple[int, int]
) -> None:
    home = home_with(isolated_home)
    terminal = Terminal(*size, home)
    terminals.append(terminal)
    terminal.run("start", "tiny")
    screen = terminal.wait_for("Clamshell", timeout=30)
    assert "┏━╸ ┏━╸ ╺┳╸" in screen or "GET READY" in screen  # the phase in big letters
    terminal.wait_for("How did Clamshell feel?", timeout=60)  # no key pressed until here
    terminal.keys("2", "Enter")
    terminal.wait_for("Workout complete", timeout=20)
    (workout,) = history(home)
    assert workout["program_id"] == "tiny" and workout["status"] == "completed"
    assert [(s["side"], s["reps"], s["effort"]) for s in workout["sets"]] == [
        ("left", 3, 2),
        ("right", 3, 2),
    ]


def test_a_killed_workout_resumes_at_the_interrupted_set(
    isolated_home: Path, terminals: list[Terminal]
) -> None:
    home = home_with(isolated_home, "get_ready = 2\nswitch_pause = 1\n")
    first = Terminal(100, 30, home)
    terminals.append(first)
    first.run("start", "three")
    first.wait_for("Clamshell", timeout=30)
    # Ready 2 s, then each set: left 4 s (two 2-s reps), switch 1 s, right 4 s, rest 3 s.
    # Wait until set 2's left side is logged, then kill in the middle of its right side.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        logged = history(home)[0]["sets"] if history(home) else []
        if len(logged) >= 3:
            break
        time.sleep(0.2)
    assert len(logged) == 3
    os.kill(first.pid(), signal.SIGKILL)
    first.close()

    second = Terminal(100, 30, home)
    terminals.append(second)
    second.run()
    screen = second.wait_for("Unfinished workout", timeout=30)
    words = " ".join(screen.replace("│", " ").split())  # the card wraps its text
    assert "Clamshell, set 2 of 3, right side" in words
    second.keys("r")
    second.wait_for("Set 2 of 3", timeout=10)
    second.wait_for("How did Clamshell feel?", timeout=60)
    second.keys("3", "Enter")
    second.wait_for("Workout complete", timeout=20)
    (workout,) = history(home)
    keys = [(s["set"], s["side"]) for s in workout["sets"]]
    assert keys == [(1, "left"), (1, "right"), (2, "left"), (2, "right"), (3, "left"), (3, "right")]
    assert all(s["reps"] == 2 for s in workout["sets"])
    assert workout["status"] == "completed"
