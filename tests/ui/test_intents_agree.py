"""Same intents, same rows: a workout driven by keys and the same workout driven by
sending its intents straight to the intent path leave the same history.

The keys reach the history only through the intents the screens send
(``services.path.send``), so the two must agree row for row. Each run has a fresh home
and its own fake clock moved in the same steps; only what must differ between two
databases (ids, uids, the moments, the lease's token) is left out of the comparison.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from glutetui.app import GlutetuiApp
from glutetui.intents import (
    Attend,
    EndWorkout,
    FlagPain,
    Intent,
    Next,
    Pause,
    Rate,
    TogglePause,
)
from glutetui.screens.confirm import ConfirmScreen
from glutetui.screens.effort import EffortScreen
from glutetui.screens.summary import SummaryScreen
from tests.clock import FakeClock
from tests.ui.conftest import advance, loaded, make_app, workout

# A sided exercise (pain on one side of it) and a two-legged one (ended during its
# second set).
PROGRAM = """
name = "Agree"

[[block]]
exercise = "clamshell"
sets = 1
reps = 2
tempo = [1, 0, 1]
rest = 3

[[block]]
exercise = "glute-bridge"
sets = 2
reps = 2
tempo = [1, 0, 1]
rest = 3
"""
SETTINGS = "get_ready = 3\nswitch_pause = 2\nsounds = false\n"
TABLES = ("workouts", "set_logs", "suggestions", "dose_changes", "self_tests")
# What two databases cannot share: row ids and uids, every moment (the fake clocks
# agree, but the comparison must not rest on it), the lease's token and the evidence a
# suggestion cites (made of workout uids).
LEFT_OUT = {
    "id",
    "uid",
    "workout_id",
    "suggestion_id",
    "lease",
    "evidence",
    "started_at",
    "ended_at",
    "heartbeat_at",
    "created_at",
    "decided_at",
    "changed_at",
    "taken_at",
}

Act = Callable[..., Awaitable[None]]


def fresh_home(root: Path) -> Path:
    (root / "programs").mkdir(parents=True)
    (root / "programs" / "agree.toml").write_text(PROGRAM)
    (root / "settings.toml").write_text(SETTINGS)
    return root


async def until(pilot: Pilot[None], app: GlutetuiApp, done: Callable[[], bool]) -> None:
    """Move the clock on a second at a time until ``done()``."""
    for _ in range(400):
        if done():
            return
        await advance(pilot, app, 1.0, step=1.0)
    raise AssertionError("the workout never got there")


async def the_workout(pilot: Pilot[None], app: GlutetuiApp, act: Act) -> None:
    """The one script both runs follow; ``act`` does each step by keys or by intents."""
    await loaded(app, pilot)
    run = workout(app).session
    await advance(pilot, app, 1)
    await act("space", TogglePause())  # pause during get-ready …
    await advance(pilot, app, 20)  # … for 20 s that do not count as training
    await act("space", TogglePause())
    await act("n", Next())  # skip what is left of get-ready
    await until(pilot, app, lambda: isinstance(app.screen, EffortScreen))
    await act("2", Attend(), Rate(effort=2))  # any key there means someone is there
    await act("l", Attend(), FlagPain(side="left"))
    await act("enter", Next())  # confirms the answer as it stands
    await until(pilot, app, lambda: len(run.logged) == 3)  # the bridge's first set is done
    await advance(pilot, app, 1)
    await act("q", Pause())  # q pauses and asks …
    assert run.engine.paused
    await act("y", EndWorkout())  # … and yes ends it
    await until(pilot, app, lambda: isinstance(app.screen, SummaryScreen))
    await app.workers.wait_for_complete()
    await pilot.pause()


async def run_by(home: Path, by_keys: bool) -> None:
    app = make_app(home, FakeClock(), start="agree")
    async with app.run_test(size=(100, 30)) as pilot:

        async def act(key: str, *intents: Intent) -> None:
            if by_keys:
                await pilot.press(key)
                await pilot.pause()
                if key == "q":  # the question a person answers with "y"
                    assert isinstance(app.screen, ConfirmScreen)
                return
            for intent in intents:
                app.intents.send(intent)
                await pilot.pause()

        await the_workout(pilot, app, act)
    # The app has closed: everything the writer was given is written.


def rows(home: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows without what two databases cannot share, in a stable order."""
    db = sqlite3.connect(home / "glutetui.db")
    db.row_factory = sqlite3.Row
    try:
        found = {}
        for table in TABLES:
            kept = [
                {k: row[k] for k in row.keys() if k not in LEFT_OUT}  # noqa: SIM118
                for row in db.execute(f"SELECT * FROM {table} ORDER BY id")
            ]
            found[table] = kept
        return found
    finally:
        db.close()


async def test_keys_and_intents_sent_directly_leave_the_same_rows(tmp_path: Path) -> None:
    by_keys, by_intents = fresh_home(tmp_path / "keys"), fresh_home(tmp_path / "intents")
    await run_by(by_keys, by_keys=True)
    await run_by(by_intents, by_keys=False)
    keyed, sent = rows(by_keys), rows(by_intents)

    # Not two empty histories: the script did what it says.
    (done,) = keyed["workouts"]
    assert done["status"] == "ended-early" and done["program_id"] == "agree"
    assert 0 < done["active_seconds"] < 30  # the 20 s pause is not training
    sets = [(s["exercise_id"], s["side"], s["effort"], bool(s["pain"])) for s in keyed["set_logs"]]
    assert sets[:3] == [
        ("clamshell", "left", 2, True),  # rated 2, pain on the left only
        ("clamshell", "right", 2, False),
        ("glute-bridge", "both", None, False),  # ended before its effort check
    ]

    for table in TABLES:
        assert sent[table] == keyed[table], f"{table} differs"
