"""SVG snapshots of the figure at three moments of a rep, for the floor exercises a
person must recognise at a glance: the clamshell, the side-lying hip abduction, the side
plank and the bridge, at 160x48 and 200x55, driven to the exact moment on a fake clock.

Update them after a deliberate change with ``uv run pytest --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import advance
from tests.ui.test_snapshots import Compare, shoot

SIZES = [pytest.param((160, 48), id="160x48"), pytest.param((200, 55), id="200x55")]
# One set of ten reps at 2-1-2 after the 10 s get-ready: the first lift begins at 10 s.
REPS = """
name = "Look"

[[block]]
exercise = "{exercise}"
sets = 1
reps = 10
tempo = [2, 1, 2]
rest = 5
"""
REP_MOMENTS = {"start": 10.05, "top": 12.5, "down": 14.9}
# A hold holds its end pose all through the set; getting into it and out of it show in
# the get-ready preview (a rest at the start pose, 2 s up, 3 s held, 2 s down).
HOLD = """
name = "Look"

[[block]]
exercise = "{exercise}"
sets = 1
hold = 20
rest = 5
"""
HOLD_MOMENTS = {"start": 0.4, "top": 12.0, "down": 7.3}
EXERCISES = {
    "clamshell": REPS,
    "side-lying-hip-abduction": REPS,
    "side-plank": HOLD,
    "glute-bridge": REPS,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("moment", ["start", "top", "down"])
@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_the_figure_through_a_rep(
    snap_compare: Compare, home: Path, exercise: str, moment: str, size: tuple[int, int]
) -> None:
    program = EXERCISES[exercise]
    (home / "programs" / "look.toml").write_text(program.format(exercise=exercise))
    at = (REP_MOMENTS if program is REPS else HOLD_MOMENTS)[moment]

    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, at, step=0.05)

    shoot(snap_compare, home, size, setup, start="look")
