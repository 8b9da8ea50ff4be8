"""The moving figure on screen: on get-ready, during work on a large terminal (a standing
body beside the numbers, a lying one beside the phase word and the side), in the library;
in step with LIFT / HOLD / LOWER, still during a hold, never at the cost of the big
numbers, and gone when the setting says so."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot

from glutetui.app import GlutetuiApp
from glutetui.engine import Phase, StepKind
from glutetui.intents import ChangeSetting
from glutetui.screens.workout import WorkoutScreen
from glutetui.widgets.bigtext import BigText, drawn_rows
from glutetui.widgets.figure import FigureCanvas, FigurePanel
from tests.clock import FakeClock
from tests.ui.conftest import advance, loaded, make_app, resized, workout
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


def panels_of(screen: WorkoutScreen) -> list[FigurePanel]:
    """The figure's panels that are mounted: beside the numbers, and in the head."""
    return list(screen.query(FigurePanel))


def panel_of(screen: WorkoutScreen) -> FigurePanel | None:
    """The panel the figure is drawn in now (or the first mounted, when none draws)."""
    panels = panels_of(screen)
    drawing = [p for p in panels if p.display and p.canvas.film is not None]
    found = drawing or panels
    return found[0] if found else None


def shown(screen: WorkoutScreen) -> bool:
    panel = panel_of(screen)
    return panel is not None and panel.display and panel.canvas.film is not None


def canvas_of(screen: WorkoutScreen) -> FigureCanvas:
    panel = panel_of(screen)
    assert panel is not None
    return panel.canvas


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
        start = canvas.drawn
        await advance(pilot, app, 1.1, step=0.1)
        # While lifting, the screen sleeps until the figure's next frame, not the next
        # second (a frame due just before that second waits for it: here the second has
        # just passed).
        assert screen._timer is not None and screen._timer.name == "figure"
        await advance(pilot, app, 0.8, step=0.1)
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
        canvas = canvas_of(screen)
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
        canvas = canvas_of(screen)
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
        canvas = canvas_of(screen)
        assert canvas.subject is not None and not canvas.subject.mirrored
        while screen.session.engine.step.side != "right":
            await advance(pilot, app, 0.5)
        await until(pilot, app, Phase.LIFT)
        assert canvas.subject is not None and canvas.subject.mirrored


FLOOR_SET = """
name = "Floor"

[[block]]
exercise = "{exercise}"
sets = 1
reps = 10
tempo = [2, 1, 2]
rest = 5
"""
SIDE_PLANK = """
name = "Floor"

[[block]]
exercise = "side-plank"
sets = 1
hold = 20
rest = 5
"""


async def working(
    home: Path, exercise: str, size: tuple[int, int], figure: bool
) -> dict[str, object]:
    """What a set of ``exercise`` (the bundled floor routine's 10 reps at 2-1-2, "50" and
    "10"; the side plank's 20 s hold) shows while lifting (holding): where the words and
    the numbers are and how tall they are drawn, and the figure's body in rows."""
    program = SIDE_PLANK if exercise == "side-plank" else FLOOR_SET.format(exercise=exercise)
    home = home / ("figure" if figure else "no-figure")  # two apps: a home each
    (home / "programs").mkdir(parents=True)
    (home / "programs" / "floor.toml").write_text(program)
    (home / "settings.toml").write_text(f"get_ready = 4\nfigure = {str(figure).lower()}\n")
    app = make_app(home, start="floor")
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        screen = await until(pilot, app, Phase.HOLD if exercise == "side-plank" else Phase.LIFT)
        seen: dict[str, object] = {}
        for part in ("phase", "side", "clock", "reps"):
            widget = screen.query_one(f"#{part}", BigText)
            seen[part] = (widget.region, widget.drawn_height) if widget.display else None
        seen["panel"] = None
        if shown(screen):
            panel = panel_of(screen)
            assert panel is not None and panel.canvas.film is not None
            # The body's rows over the whole movement (the floor line not counted), in cells.
            frames = panel.canvas.film.frames
            boxes = [box for frame in frames if (box := frame.extent()) is not None]
            seen["tall"] = (max(b[3] for b in boxes) - min(b[1] for b in boxes) + 1) / 2
            seen["panel"] = panel.id
            seen["figure"] = panel.region
        return seen


@pytest.mark.parametrize("size", [(120, 36), (160, 48), (200, 55)])
@pytest.mark.parametrize(
    "exercise", ["clamshell", "lateral-band-walk", "side-plank", "glute-bridge"]
)
async def test_the_figure_costs_the_numbers_nothing(
    home: Path, exercise: str, size: tuple[int, int]
) -> None:
    """The numbers are drawn as tall as with the figure off, on the same rows (a standing
    body between them moves them apart, no more); the figure is shown beside them or in
    the head."""
    alone = await working(home, exercise, size, figure=False)
    beside = await working(home, exercise, size, figure=True)
    assert beside["panel"] is not None

    def rows(found: object) -> object:
        if not isinstance(found, tuple):
            return found
        region, drawn = found
        return region.y, region.height, drawn

    for part in ("clock", "reps"):
        assert rows(beside[part]) == rows(alone[part]), part


FLOOR = ["clamshell", "side-lying-hip-abduction", "glute-bridge", "fire-hydrant"]


@pytest.mark.parametrize(("size", "phase", "side"), [((160, 48), 8, 5), ((200, 55), 11, 7)])
@pytest.mark.parametrize("exercise", FLOOR)
async def test_a_lying_figure_is_a_third_of_the_rows_tall_beside_the_words(
    home: Path, exercise: str, size: tuple[int, int], phase: int, side: int
) -> None:
    """A body lying on the floor is wide: beside a set's numbers at full size it would be a
    smudge, so it stands in the head, to the right of the phase word, the exercise and the
    side, a third of the terminal's rows tall; the words stay big and whole in the rest."""
    seen = await working(home, exercise, size, figure=True)
    assert seen["panel"] == "figure-band"
    tall = seen["tall"]
    assert isinstance(tall, float) and tall >= size[1] / 3, tall
    figure = seen["figure"]
    assert isinstance(figure, Region)
    for part, rows in (("phase", phase), ("side", side)):
        found = seen[part]
        assert isinstance(found, tuple)
        region, drawn = found
        assert drawn >= rows, part
        assert region.right <= figure.x  # side by side, never under the figure
        if part == "phase":  # the widest word of a set, in the same box
            assert drawn_rows("LOWER", region.width, region.height) >= rows


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
        await resized(pilot, 80, 24)
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
