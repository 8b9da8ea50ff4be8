"""Pain today on the summary: asked once, optional, never in the way.

A new user's clamshell workout, pain flagged on the left side: the summary takes a
score on the 0-10 scale and a note with the keys it shows, sends them as one intent,
and the history keeps them with the workout; `glutetui history --json` shows the
score on the workout and the pain on the left sets only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input

from glutetui.cli import main
from glutetui.screens.home import HomeScreen
from glutetui.screens.summary import SummaryScreen
from glutetui.widgets.pain_today import PainScale
from tests.clock import FakeClock
from tests.ui.conftest import advance, last_workout, loaded, make_app


async def to_summary(app: object, pilot: object) -> None:
    from glutetui.app import GlutetuiApp

    assert isinstance(app, GlutetuiApp)
    for _ in range(600):
        await advance(pilot, app, 1.0)  # type: ignore[arg-type]
        if isinstance(app.screen, SummaryScreen):
            break
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_the_summary_takes_pain_today_and_a_note(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(home, FakeClock(), start="tiny")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await to_summary(app, pilot)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        # The effort check lapsed: the summary asks for the rating first; l flags pain
        # on the left side of the highlighted exercise.
        await pilot.press("3", "l")
        await pilot.press("tab")
        scale = screen.query_one(PainScale)
        assert app.focused is scale
        await pilot.press("1", "0")  # 1 then 0: ten
        assert scale.score == 10
        await pilot.press("left", "left", "left", "left", "left", "left", "left")
        assert scale.score == 3
        await pilot.press("tab")
        assert isinstance(app.focused, Input)
        await pilot.press(*"stiff after driving", "enter")
        assert isinstance(app.screen, SummaryScreen)  # Enter kept the note, and stayed
        await pilot.press("escape")  # out of the note, not off the summary
        assert app.focused is scale and isinstance(app.screen, SummaryScreen)
        workout = last_workout(app).workout
        assert (workout.pain_score, workout.pain_note) == (3, "stiff after driving")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    app.services.close()
    capsys.readouterr()
    assert main(["--home", str(home), "history", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["pain_score"], row["pain_note"]) == (3, "stiff after driving")
    assert [(s["side"], s["pain"]) for s in row["sets"]] == [("left", True), ("right", False)]
    assert row["pain"] == [
        {
            "block": 0,
            "exercise": "clamshell",
            "exercise_name": "Clamshell",
            "sides": ["left"],
            "side_known": True,
            "words": "left",
        }
    ]


async def test_nothing_given_nothing_sent(home: Path) -> None:
    """Pain today is optional: leaving the summary without it keeps none."""
    app = make_app(home, FakeClock(), start="tiny")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await to_summary(app, pilot)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        workout = last_workout(app).workout
        assert (workout.pain_score, workout.pain_note) == (None, "")
