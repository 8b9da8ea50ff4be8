"""Terminal sizes from 40×12 to 300×100, and resizes in the middle of a workout.

Nothing may crash at any size; from 60×20 up, the time left, the exercise, the side
and the phase must be on screen, whole and uncovered, in every kind of step.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from glutetui.app import GlutetuiApp
from glutetui.engine import StepKind
from glutetui.screens.effort import EffortScreen
from glutetui.screens.summary import SummaryScreen
from glutetui.widgets.bigtext import BigText, render
from tests.clock import FakeClock
from tests.ui.conftest import loaded, make_app, resized, workout
from tests.unit.test_catalog import TINY

SIZES = [
    (40, 12),
    (48, 16),
    (59, 19),
    (60, 20),
    (72, 22),
    (80, 24),
    (100, 30),
    (132, 43),
    (200, 60),
    (300, 100),
    (300, 20),
    (60, 100),
]
MUST_SEE = {
    StepKind.GET_READY: ("#phase", "#clock", "#exercise", "#side"),
    StepKind.WORK: ("#phase", "#clock", "#exercise", "#side"),
    StepKind.SWITCH: ("#phase", "#clock", "#exercise", "#side"),
    StepKind.REST: ("#phase", "#clock", "#exercise"),
}


def big_enough(size: tuple[int, int]) -> bool:
    return size[0] >= 60 and size[1] >= 20


def assert_visible(app: GlutetuiApp, kind: StepKind) -> None:
    screen = workout(app)
    width, height = app.size
    for selector in MUST_SEE.get(kind, ()):
        widget = screen.query_one(selector, Widget)
        region = widget.region
        where = f"{selector} in {kind} at {width}×{height}"
        assert widget.display and region.width > 0 and region.height > 0, f"{where}: hidden"
        assert region.right <= width and region.bottom <= height - 1, f"{where}: cut off"
        for x, y in ((region.x, region.y), (region.right - 1, region.bottom - 1)):
            found, _ = screen.get_widget_at(x, y)
            assert found is widget or widget in found.ancestors, f"{where}: covered"
        if isinstance(widget, BigText):
            # Big type, smaller type or plain words: whichever is drawn fits its box whole.
            rows = render(widget.word, widget.content_region.width, widget.content_region.height)
            assert rows, f"{where}: empty"
            assert len(rows) <= widget.content_region.height, f"{where}: rows cut off"
            assert max(map(len, rows)) <= widget.content_region.width, f"{where}: cut off"
        else:
            assert str(widget.render()).strip(), f"{where}: empty"


def assert_big_type_fits(app: GlutetuiApp) -> None:
    """At every size, down to 40x12, no big word or number is drawn past its box."""
    for widget in app.screen.query(BigText):
        if not widget.display or not widget.word or not widget.region:
            continue
        box = widget.content_region
        rows = render(widget.word, box.width, box.height)
        if not box.width or not box.height:
            continue  # squeezed out of a tiny screen altogether: nothing drawn, nothing cut
        assert rows, f"{widget.word!r} not drawn in {box}"
        assert len(rows) <= box.height, f"{widget.word!r} taller than {box}"
        assert max(map(len, rows)) <= box.width, f"{widget.word!r} wider than {box}"


async def step_through(
    app: GlutetuiApp, pilot: Pilot[None], clock: FakeClock, size: tuple[int, int]
) -> set[StepKind]:
    """Run the tiny program to its summary, checking the screen at every step."""
    seen: set[StepKind] = set()
    for _ in range(100):
        screen = app.screen
        if isinstance(screen, SummaryScreen):
            return seen
        if isinstance(screen, EffortScreen):
            await pilot.press("enter")
            await pilot.pause()
            continue
        session = workout(app).session
        kind = session.engine.step.kind
        seen.add(kind)
        if big_enough(size):
            assert_visible(app, kind)
        assert_big_type_fits(app)
        # On to the next step: each is looked at once, as it begins (its widest numbers).
        remaining = session.engine.snapshot().remaining
        clock.advance(1.5 if remaining is None else remaining + 0.01)
        workout(app).wake()
        await pilot.pause()
    raise AssertionError("the workout never finished")


@pytest.fixture
def tiny_home(isolated_home: Path) -> Path:
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "tiny.toml").write_text(
        TINY.replace("sets = 1", "sets = 2").replace("rest = 5", "rest = 3")
    )
    (isolated_home / "settings.toml").write_text("get_ready = 3\nswitch_pause = 3\n")
    return isolated_home


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_step_at_every_size(tiny_home: Path, size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = make_app(tiny_home, clock, start="tiny")
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        await pilot.pause()
        seen = await step_through(app, pilot, clock, size)
        assert {StepKind.GET_READY, StepKind.WORK, StepKind.SWITCH, StepKind.REST} <= seen
        await pilot.press("escape")  # back Home, at this size too
        await pilot.pause()
        assert app.is_running


@pytest.mark.slow(7)
async def test_resizing_all_through_a_workout(tiny_home: Path) -> None:
    clock = FakeClock()
    rng = random.Random(7)
    app = make_app(tiny_home, clock, start="tiny")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        resizes = 0
        for _ in range(100):
            screen = app.screen
            if isinstance(screen, SummaryScreen):
                break
            if isinstance(screen, EffortScreen):
                size = rng.choice(SIZES)
                await resized(pilot, *size)
                resizes += 1
                await pilot.press("enter")
                await pilot.pause()
                continue
            for _ in range(3):
                size = rng.choice(SIZES)
                await resized(pilot, *size)
                resizes += 1
                await pilot.pause()
                if big_enough(size):
                    assert_visible(app, workout(app).session.engine.step.kind)
            clock.advance(2.0)
            workout(app).wake()
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert resizes > 20
