"""A real glutetui workout in a child process, for the crash harness to kill.

    python -m tests.reliability.workout_child HOME SEED (start|resume)

It runs the real app headless on the real clock, with silent sound. "start" opens
the program ``crash``; "resume" waits for Home to offer the unfinished workout and
presses ``r``, as a person would. The effort check is answered after a short random
pause. Every fact the harness checks is printed *after* it has happened, one line
each, flushed at once:

    phase KIND BLOCK SET SIDE   a new step began (SIDE is "-" when there is none)
    logged BLOCK SET SIDE       the writer has committed the set
    rated BLOCK                 the writer has committed the effort check's answer
    finished                    the summary is showing
"""

from __future__ import annotations

import asyncio
import random
import sys
import threading
from pathlib import Path
from typing import Any

from glutetui.app import GlutetuiApp
from glutetui.engine import PhaseChanged
from glutetui.platform.locations import Locations
from glutetui.screens.effort import EffortScreen
from glutetui.screens.home import HomeScreen
from glutetui.screens.summary import SummaryScreen
from glutetui.store import SetRecord
from glutetui.workout.run import WorkoutRun
from tests.fakes import Recorder

PROGRAM = """
name = "Crash test"

[[block]]
exercise = "clamshell"
sets = 2
reps = 2
tempo = [1, 0, 0]
rest = 1

[[block]]
exercise = "side-plank"
sets = 1
hold = 2
"""
SETTINGS = "get_ready = 1\nswitch_pause = 1\nsounds = false\n"


_SAYING = threading.Lock()  # the writer's thread and the app's both speak


def say(line: str) -> None:
    with _SAYING:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def report_everything() -> None:
    """Listen to the session so each fact is printed once it is true: the writer calls
    ``saved`` and ``rated`` on its thread after each commit."""
    process = WorkoutRun._process

    def logged(self: WorkoutRun, record: SetRecord) -> None:
        say(f"logged {record.block} {record.set_index} {record.side}")

    def rated(self: WorkoutRun, block: int) -> None:
        say(f"rated {block}")

    def phases(self: WorkoutRun, events: list[Any]) -> list[Any]:
        events = process(self, events)
        for event in events:
            if isinstance(event, PhaseChanged) and event.new_step:
                s = event.step
                say(f"phase {s.kind.value} {s.block} {s.set} {s.side or '-'}")
        return events

    WorkoutRun.saved = logged  # type: ignore[method-assign]
    WorkoutRun.rated = rated  # type: ignore[method-assign]
    WorkoutRun._process = phases  # type: ignore[method-assign]


async def drive(home: Path, rng: random.Random, mode: str) -> None:
    recorder = Recorder()
    app = GlutetuiApp(
        Locations(home, home),
        start_program="crash" if mode == "start" else None,
        sound_factory=lambda app, settings: recorder.layer(sounds=False),
    )
    answered: set[int] = set()
    resumed = False
    async with app.run_test(size=(100, 30)) as pilot:
        while True:
            await asyncio.sleep(0.02)
            screen = app.screen
            if isinstance(screen, SummaryScreen):
                say("finished")
                return
            if isinstance(screen, EffortScreen) and id(screen) not in answered:
                answered.add(id(screen))
                await asyncio.sleep(rng.uniform(0.2, 0.6))
                await pilot.press(str(rng.randint(1, 4)), "enter")
            elif (
                mode == "resume"
                and not resumed
                and isinstance(screen, HomeScreen)
                and screen.face is not None
                and screen.face.resume is not None
            ):
                resumed = True
                await pilot.press("r")


def main() -> None:
    home, seed, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    report_everything()
    asyncio.run(drive(home, random.Random(seed), mode))


if __name__ == "__main__":
    main()
