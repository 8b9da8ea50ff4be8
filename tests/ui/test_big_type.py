"""Big, steady type (issue 27): words that stay legible when the font is scaled down,
numbers that keep their place for a whole step, every get-ready with its countdown
from its first frame, and the self-test's numbers as big as the workout's."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from glutetui.app import GlutetuiApp
from glutetui.engine import Engine, StepKind
from glutetui.engine.plan import Plan
from glutetui.readouts import workout_face as face
from glutetui.screens.effort import EffortScreen
from glutetui.screens.selftest import SelfTestScreen
from glutetui.screens.workout import WorkoutScreen
from glutetui.widgets.bigtext import BigText, figlet_rows, render, spaced_out
from tests.clock import FakeClock
from tests.factories import planned_block
from tests.ui.conftest import advance, loaded, make_app, wait_until, workout

CLAM = planned_block(sets=2, reps=10, tempo=(2, 1, 2), rest=30)
WORDS = ["LEFT SIDE", "RIGHT SIDE", "BOTH LEGS", "GET READY", "SWITCH SIDES", "LOWER", "HOLD"]


def gaps(rows: tuple[str, ...]) -> int:
    """Runs of blank columns between inked ones: the spaces between (and in) letters."""
    blank = [all(row[c] == " " for row in rows) for c in range(len(rows[0]))]
    first, last = blank.index(False), len(blank) - blank[::-1].index(False)
    inner = blank[first:last]
    return sum(1 for i, b in enumerate(inner) if b and (i == 0 or not inner[i - 1]))


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("height", [4, 5, 7])
def test_letters_never_run_together(word: str, height: int) -> None:
    """Scaled down, the solid font used to leave out the one blank column between two
    letters ("SIDE" read "SDE"); every gap of the font is kept at any size."""
    drawn = render(word, 200, height)
    assert len(drawn) == height
    assert gaps(drawn) == gaps(figlet_rows("ansi_regular", word))


def test_smaller_sizes_are_solid_then_spaced_capitals() -> None:
    three = render("LEFT SIDE", 80, 3)
    assert len(three) == 3 and set("".join(three)) <= set("█▀▄ ")
    assert render("LEFT SIDE", 30, 2) == ("L E F T   S I D E",)
    assert render("LEFT SIDE", 12, 1) == ("LEFT SIDE",)  # no room to space it out
    assert spaced_out("12") == "12"  # digits spaced apart would read as two numbers


def regions(screen: WorkoutScreen) -> dict[str, tuple[int, ...]]:
    found: dict[str, tuple[int, ...]] = {}
    for selector in ("#clock-box", "#reps-box", "#side", "#clock"):
        region = screen.query_one(selector, Widget).region
        found[selector] = (region.x, region.y, region.width, region.height)
    return found


async def painted(
    pilot: Pilot[None], app: GlutetuiApp, seconds: float
) -> dict[str, tuple[int, ...]]:
    """Move the clock on and wake the screen, and return where its numbers were in the
    first frame painted after that (not once everything has settled)."""
    clock = app.clock
    assert isinstance(clock, FakeClock)
    screen = workout(app)
    clock.advance(seconds)
    screen.wake()
    frames: list[dict[str, tuple[int, ...]]] = []
    screen.call_after_refresh(lambda: frames.append(regions(screen)))
    await wait_until(pilot, lambda: frames, "the next frame painted")
    return frames[0]


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 48)])
async def test_the_numbers_keep_their_place_for_the_whole_set(
    home: Path, size: tuple[int, int]
) -> None:
    """The clock and the reps are laid out side by side in the set's first frame: the
    number never starts centred and moves once the reps appear."""
    app = make_app(home, start="three")
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        while True:
            first = await painted(pilot, app, 0.25)
            if screen.session.engine.step.kind is StepKind.WORK:
                break
        assert first["#reps-box"][2] > 0, "no reps beside the clock in the set's first frame"
        for _ in range(8):
            assert await painted(pilot, app, 0.5) == first
            assert screen.session.engine.step.kind is StepKind.WORK


async def test_every_get_ready_shows_its_countdown_and_side_from_its_first_frame(
    home: Path,
) -> None:
    """Before its first tick, and after an effort check (drawn while the check covered
    the screen), a get-ready has its countdown and its side on screen."""
    app = make_app(home, start="holds")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        assert screen.session.engine.step.kind is StepKind.GET_READY
        await pilot.pause()
        assert screen.query_one("#clock", BigText).word == "10"
        assert screen.query_one("#side", BigText).word == "LEFT SIDE"
        for selector in ("#clock", "#side"):
            assert screen.query_one(selector, Widget).region.height > 0, selector
        while not isinstance(app.screen, EffortScreen):
            await advance(pilot, app, 1.0)
        await pilot.press("3", "enter")
        await pilot.pause()
        assert app.screen is screen and screen.session.engine.step.kind is StepKind.GET_READY
        assert screen.query_one("#clock", BigText).word == "10"
        assert screen.query_one("#side", BigText).word == "BOTH LEGS"
        for selector in ("#clock", "#side"):
            widget = screen.query_one(selector, Widget)
            assert widget.display and widget.region.height > 0, selector


def test_a_step_not_begun_shows_all_of_its_time() -> None:
    """Drawn before its first tick, a get-ready shows its whole countdown, not nothing
    (on the screen and on the phone alike: both read the workout's face)."""
    clock = FakeClock()
    engine = Engine(Plan("p", "P", (CLAM,), get_ready=10), clock)
    assert engine.snapshot().remaining is None  # not begun
    assert face.seconds_left(engine.snapshot()) == 10
    assert (face.face(engine).time, face.face(engine).time_label) == ("10", "seconds to get ready")
    engine.start()
    clock.advance(2.5)
    assert face.seconds_left(engine.snapshot()) == 7.5


async def test_the_set_line_and_what_comes_next_show_at_80x24(home: Path) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await advance(pilot, app, 10 + 1.5)
        screen = workout(app)
        for selector in ("#setline", "#next-up"):
            widget = screen.query_one(selector, Widget)
            assert widget.display and widget.region.height == 1, selector
            assert widget.region.bottom <= 23, selector  # above the key bar
        assert "s left" in str(screen.query_one("#setline", Widget).render())
        assert str(screen.query_one("#next-up", Widget).render()).startswith("Next:")
        side = screen.query_one("#side", BigText)
        assert side.drawn_height >= 3  # drawn in a font, not a line of plain text


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 48)])
async def test_the_self_test_numbers_are_as_big_as_the_workouts(
    home: Path, size: tuple[int, int]
) -> None:
    clock = FakeClock()
    app = make_app(home, clock, start="three")
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        await pilot.pause()
        workout_clock = workout(app).query_one("#clock", BigText).drawn_height
        app.pop_screen()
        await pilot.pause()
        app.open("selftest")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SelfTestScreen)
        await pilot.press("s")
        for moment in ("ready", "hold"):
            await pilot.pause()
            number = screen.query_one("#selftest-clock", BigText)
            assert number.drawn_height >= workout_clock, (moment, number.word)
            clock.advance(10)
            screen.wake()


async def test_start_opens_on_the_workout_and_home_is_underneath(home: Path) -> None:
    """With a program to start, the first screen is the workout opening (Home is made
    under it, never shown), then the workout in its place; a key meanwhile does nothing."""
    from glutetui.screens.home import HomeScreen
    from glutetui.screens.starting import StartingScreen

    app = make_app(home, start="three")
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, StartingScreen)
        await pilot.press("h")  # Home's History key: Home is not the screen in front
        if isinstance(app.screen, StartingScreen):
            app.action_help()  # Help opened meanwhile: the workout takes over from it too
        await loaded(app, pilot)
        assert isinstance(app.screen, WorkoutScreen)
        assert [type(s) for s in app.screen_stack] == [HomeScreen, WorkoutScreen]


async def test_a_workout_that_cannot_open_goes_back_home_with_the_reason(home: Path) -> None:
    from glutetui.screens.home import HomeScreen

    app = make_app(home, start="no-such-program")
    async with app.run_test(size=(100, 30)) as pilot:
        # Home loads, the start is refused, the opening gives way.
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "Home")
        assert isinstance(app.screen, HomeScreen)
        assert app.screen_stack == [app.screen]
