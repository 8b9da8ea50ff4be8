"""Every screen skips Textual's restyle of all it holds when it is first shown
(``glutetui.screens.styled``): its widgets were styled as they were mounted. Restyling
them all once the screen is up must change nothing, in the styles or on the screen.
Home has its own test, over its cards (tests/ui/test_home_first_frame.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from glutetui.app import GlutetuiApp
from glutetui.screens.effort import EffortScreen
from glutetui.screens.history import HistoryScreen
from glutetui.screens.home import HomeScreen
from glutetui.screens.styled import StyledOnMount
from glutetui.screens.summary import SummaryScreen
from glutetui.screens.workout_detail import WorkoutDetailScreen
from tests import eight_weeks
from tests.clock import FakeClock
from tests.ui.conftest import (
    advance,
    computed_styles,
    loaded,
    make_app,
    start_program,
    wait_until,
)


async def styled_as_a_full_restyle(app: GlutetuiApp, pilot: Pilot[None], name: str) -> None:
    """The screen on top, once up and drawn, is unchanged by a restyle of all of it."""
    screen = app.screen
    assert isinstance(screen, StyledOnMount), name
    await app.workers.wait_for_complete()
    await pilot.pause()
    before, drawn = computed_styles(screen), screen._compositor.render_strips()
    screen.update_node_styles(animate=False)
    await pilot.pause()
    assert computed_styles(screen) == before, name
    assert screen._compositor.render_strips() == drawn, name


async def test_each_screen_is_styled_as_a_full_restyle_would_when_first_shown(
    isolated_home: Path,
) -> None:
    eight_weeks.home_in(isolated_home)
    (isolated_home / "programs").mkdir(exist_ok=True)
    from tests.unit.test_catalog import TINY

    (isolated_home / "programs" / "tiny.toml").write_text(TINY)
    clock = FakeClock(wall=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        for key in ("o", "question_mark", "l", "p", "t"):
            await pilot.press(key)
            await wait_until(pilot, lambda: not isinstance(app.screen, HomeScreen), key)
            await styled_as_a_full_restyle(app, pilot, type(app.screen).__name__)
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "Home again")
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "History")
        await styled_as_a_full_restyle(app, pilot, "History")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, WorkoutDetailScreen), "a workout's detail"
        )
        await styled_as_a_full_restyle(app, pilot, "WorkoutDetail")
        for _ in range(2):
            await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "Home again")
        await start_program(pilot, app, "tiny")
        await styled_as_a_full_restyle(app, pilot, "Workout")
        await pilot.press("q")  # end early: asks first
        await styled_as_a_full_restyle(app, pilot, "Confirm")
        await pilot.press("n")
        for _ in range(80):
            if isinstance(app.screen, EffortScreen):
                break
            await advance(pilot, app, 1)
        await styled_as_a_full_restyle(app, pilot, "Effort")
        await pilot.press("2", "enter")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, SummaryScreen) and app.screen.report is not None,
            "the summary, added up",
        )
        await styled_as_a_full_restyle(app, pilot, "Summary")
