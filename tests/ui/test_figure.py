"""The moving figure on screen: on get-ready, beside the numbers during work on a large
terminal, in the library; in step with LIFT / HOLD / LOWER, still during a hold, never
at the cost of the big numbers, and gone when the setting says so."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.pilot import Pilot

from glutetui.app import GlutetuiApp
from glutetui.engine import Phase, StepKind
from glutetui.intents import ChangeSetting
from glutetui.screens.workout import WorkoutScreen
from glutetui.widgets.bigtext import BigText
from glutetui.widgets.figure import FigureCanvas, FigurePanel
from tests.clock import FakeClock
from tests.ui.conftest import advance, loaded, make_app, workout
from tests.unit.test_catalog import USER_EXERCISE

SLOW = """
name = "Slow clams"

[[block]]
exercise = "clamshell"
sets = 1
reps = 3
tempo = [2, 1, 2]
rest = 5
"""


@pytest.fixture
def slow(home: Path) -> Path:
    (home / "programs" / "slow.toml").write_text(SLOW)
    (home / "settings.toml").write_text("get_ready = 4\n")
    return home


def panel_of(screen: WorkoutScreen) -> FigurePanel | None:
    found = screen.query("#figure-box")
    return found.first(FigurePanel) if found else None


def shown(screen: WorkoutScreen) -> bool:
    panel = panel_of(screen)
    return panel is not None and panel.display and panel.canvas.film is not None


async def until(pilot: Pilot[None], app: GlutetuiApp, phase: Phase) -> WorkoutScreen:
    """On to the start of the next ``phase``, a phase at a time."""
    screen = workout(app)
    while (snap := screen.session.engine.snapshot()).phase is not phase:
        left = snap.phase_remaining if snap.phase_remaining is not None else snap.remaining
        await advance(pilot, app, (left or 0.5) + 0.01)
    await pilot.pause()
    return screen


async def test_get_ready_shows_the_figure_big_with_the_exercises_name(slow: Path) -> None:
    app = make_app(slow, start="slow")
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        await pilot.pause()
        screen = workout(app)
        assert screen.session.engine.step.kind is StepKind.GET_READY
        panel = panel_of(screen)
        assert panel is not None and shown(screen)
        assert "Clamshell" in str(panel.query_one("#figure-caption").render())
        assert panel.size.width >= 80  # beside a countdown alone, the figure is big
        assert screen.query_one("#clock", BigText).drawn_height >= 12
        # A preview loops at the exercise's tempo: it moves without a set running.
        drawn = panel.canvas.drawn
        await advance(pilot, app, 2.5, step=0.25)
        assert panel.canvas.drawn > drawn


async def test_the_figure_lifts_holds_and_lowers_with_the_engine(slow: Path) -> None:
    app = make_app(slow, start="slow")
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        screen = await until(pilot, app, Phase.LIFT)
        panel = panel_of(screen)
        assert panel is not None and shown(screen)
        canvas = panel.canvas
        film = canvas.film
        assert film is not None and canvas.frame() == film.frames[0]
        # While lifting, the screen sleeps until the figure's next frame, not a second.
        # (Its timer is set when the clock next wakes it after the canvas has its film for
        # the size the lift gave it: a hundredth of a second of the lift at a time.)
        for _ in range(10):
            if screen._timer is not None and screen._timer.name == "figure":
                break
            await advance(pilot, app, 0.01)
        assert screen._timer is not None and screen._timer.name == "figure"
        start = canvas.drawn
        await advance(pilot, app, 1.9, step=0.1)
        assert canvas.drawn > start + 3 and canvas.frame() != film.frames[0]
        screen = await until(pilot, app, Phase.HOLD)
        assert canvas.frame() == film.frames[-1]
        held = canvas.drawn
        assert screen._timer is not None and screen._timer.name == "workout"
        await advance(pilot, app, 0.9, step=0.1)
        assert screen.session.engine.snapshot().phase is Phase.HOLD
        assert canvas.drawn == held  # a hold draws nothing
        await until(pilot, app, Phase.LOWER)
        await advance(pilot, app, 1.9, step=0.1)
        assert canvas.drawn > held + 3


async def test_repainting_what_moved_leaves_the_picture_a_full_draw_would(slow: Path) -> None:
    app = make_app(slow, start="slow")
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        screen = await until(pilot, app, Phase.LIFT)
        canvas = screen.query_one(FigureCanvas)
        drawn = canvas.drawn
        await advance(pilot, app, 3.4, step=0.1)  # up, held, and part of the way down
        assert canvas.drawn > drawn + 5

        def pixels() -> list[list[object]]:
            width, height = canvas.pixels
            return [[canvas.get_pixel(x, y) for x in range(width)] for y in range(height)]

        repainted = pixels()
        canvas.redraw()
        assert pixels() == repainted


async def test_a_pause_stops_the_figure_and_its_wake_ups(slow: Path) -> None:
    app = make_app(slow, start="slow")
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        screen = await until(pilot, app, Phase.LIFT)
        await advance(pilot, app, 0.5, step=0.1)
        await pilot.press("space")
        canvas = screen.query_one(FigureCanvas)
        drawn = canvas.drawn
        assert screen._timer is None  # nothing to wake for
        assert isinstance(app.clock, FakeClock)
        app.clock.advance(1.0)
        screen.wake()
        await pilot.pause()
        assert canvas.drawn == drawn


async def test_the_right_side_is_the_mirror_image(slow: Path) -> None:
    app = make_app(slow, start="slow")
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        screen = await until(pilot, app, Phase.LIFT)
        canvas = screen.query_one(FigureCanvas)
        assert canvas.subject is not None and not canvas.subject.mirrored
        while screen.session.engine.step.side != "right":
            await advance(pilot, app, 0.5)
        await until(pilot, app, Phase.LIFT)
        assert canvas.subject is not None and canvas.subject.mirrored


@pytest.mark.parametrize(("size", "rows"), [((120, 36), 9), ((160, 48), 12), ((200, 55), 13)])
async def test_beside_the_numbers_the_figure_never_costs_them_a_row(
    slow: Path, size: tuple[int, int], rows: int
) -> None:
    app = make_app(slow, start="slow")
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        screen = await until(pilot, app, Phase.LIFT)
        assert shown(screen)
        assert screen.query_one("#clock", BigText).drawn_height >= rows
        assert screen.query_one("#reps", BigText).drawn_height >= rows


@pytest.mark.parametrize("size", [(100, 30), (119, 40), (160, 35)])
async def test_under_about_120x36_work_shows_the_numbers_alone(
    slow: Path, size: tuple[int, int]
) -> None:
    app = make_app(slow, start="slow")
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        screen = await until(pilot, app, Phase.LIFT)
        assert not shown(screen)


async def test_the_figure_setting_off_shows_none(slow: Path) -> None:
    (slow / "settings.toml").write_text("get_ready = 4\nfigure = false\n")
    app = make_app(slow, start="slow")
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        assert panel_of(screen) is None
        await until(pilot, app, Phase.LIFT)
        assert panel_of(screen) is None
        # Turned on again, it shows at once.
        app.intents.send(ChangeSetting(key="figure", value=True))
        await advance(pilot, app, 0.5)
        assert shown(screen)


async def test_a_users_exercise_without_a_figure_shows_none(home: Path) -> None:
    (home / "exercises").mkdir()
    (home / "exercises" / "my-clam.toml").write_text(USER_EXERCISE)
    (home / "programs" / "mine.toml").write_text(SLOW.replace('"clamshell"', '"my-clam"'))
    app = make_app(home, start="mine")
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        await until(pilot, app, Phase.LIFT)
        assert not shown(screen)
        assert screen.query_one("#clock", BigText).drawn_height >= 12


async def test_the_library_shows_each_exercises_figure(home: Path) -> None:
    from glutetui.screens.exercises import ExercisesScreen

    (home / "exercises").mkdir()
    (home / "exercises" / "my-clam.toml").write_text(USER_EXERCISE)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(app, pilot)
        app.push_screen(ExercisesScreen(app.services, select="side-plank"))
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        panel = screen.figure
        assert panel is not None and panel.canvas.film is not None
        assert "seen from the front, left side" in str(panel.query_one("#figure-caption").render())
        screen.show("my-clam")  # a user's own exercise without poses
        await pilot.pause()
        assert not panel.region
        screen.show("glute-bridge")
        await pilot.pause()
        assert panel.region and panel.canvas.subject is not None
        assert panel.canvas.subject.accent == "both"  # both legs work in a bridge
        # Under 90 columns the detail goes under the list: the words keep its rows.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not panel.region


def test_starting_home_never_loads_textual_canvas(isolated_home: Path) -> None:
    """The figure's library loads when a figure is first shown, not at start-up."""
    code = textwrap.dedent(
        f"""
        import asyncio, sys
        from pathlib import Path
        from glutetui.platform.locations import Locations
        from glutetui.app import GlutetuiApp
        from tests.ui.conftest import loaded

        async def main():
            home = Path({str(isolated_home)!r})
            app = GlutetuiApp(Locations(home, home))
            async with app.run_test(size=(160, 48)) as pilot:
                await loaded(app, pilot)
            print("textual_canvas" in sys.modules)

        asyncio.run(main())
        """
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip().splitlines()[-1] == "False"
