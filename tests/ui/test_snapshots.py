"""SVG snapshots of the key screens on a fake clock: the workout from a laptop's full
screen (200x55) down to 60x20, the other screens at 100x30 and 60x20.

Update them after a deliberate change with ``uv run pytest --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from glutetui.platform.locations import Locations
from glutetui.services import Services
from glutetui.workout.run import EffortAnswer
from tests.clock import FakeClock
from tests.factories import start_run
from tests.fakes import Recorder
from tests.ui.conftest import advance, loaded, make_app

SIZES = [(100, 30), (60, 20)]
# The workout is read from the floor: every size it must fill, down to a small window.
WORKOUT_SIZES = [
    pytest.param((200, 55), id="200x55"),
    pytest.param((160, 48), id="160x48"),
    pytest.param((100, 30), id="100x30"),
    pytest.param((80, 24), id="80x24"),
    pytest.param((60, 20), id="60x20"),
]
# The moving figure: on get-ready at any size it fits, beside the numbers from about 120x36.
FIGURE_SIZES = [pytest.param((120, 36), id="120x36"), pytest.param((200, 55), id="200x55")]
# The README's three moments of a clamshell rep at a tempo of 2-1-2.
SLOW_CLAMS = """
name = "Slow clams"

[[block]]
exercise = "clamshell"
sets = 1
reps = 3
tempo = [2, 1, 2]
rest = 5
"""
MOMENTS = [
    pytest.param(10.05, id="start"),  # the lift has just begun
    pytest.param(12.5, id="top"),  # the hold
    pytest.param(14.9, id="down"),  # the end of the lower
]
Compare = Callable[..., bool]


def seed_history(home: Path, clock: FakeClock) -> None:
    """Three finished workouts on three days, ending yesterday."""
    services = Services(Locations(home, home), clock)
    try:
        for _ in range(3):
            session = start_run(services, services.catalog.programs["tiny"], Recorder().layer())
            session.start()
            while not session.waiting_for_effort:
                clock.advance(0.5)
                session.tick()
            session.submit_effort(EffortAnswer(2))
            clock.advance(timedelta(days=1).total_seconds())
    finally:
        services.close()


def shoot(
    snap_compare: Compare,
    home: Path,
    size: tuple[int, int],
    setup: Callable[[Any, Pilot[None]], Awaitable[None]],
    start: str | None = None,
    seeded: bool = False,
) -> None:
    clock = FakeClock()
    if seeded:
        seed_history(home, clock)
    app = make_app(home, clock, start=start)

    async def run_before(pilot: Pilot[None]) -> None:
        await loaded(app, pilot)
        await setup(app, pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def nothing(app: Any, pilot: Pilot[None]) -> None:
    return None


async def footer_settled(screen: Any, pilot: Pilot[None]) -> None:
    """The key bar reads the screen's keys again when the focus settles: wait until it
    holds every key the screen offers, the same twice running (at a small size some are
    then left out of the drawing, whole)."""
    from glutetui.widgets.keybar import KeyBar

    bar = screen.query_one(KeyBar)
    seen: list[tuple[Any, ...]] = []
    for _ in range(50):
        await pilot.pause(0.05)
        keys = tuple(bar.keys)
        described = {key.description for key in keys}
        offered = {
            active.binding.group.description if active.binding.group else active.binding.description
            for active in screen.active_bindings.values()
            if active.binding.show and active.enabled and active.binding.description
        }
        if offered <= described and seen and seen[-1] == keys:
            return
        seen.append(keys)
    raise AssertionError(f"the footer never settled: {seen[-3:]}")


async def summary_shown(app: Any, pilot: Pilot[None]) -> None:
    """Wait until the summary has added up the workout (its load runs in a worker)."""
    from glutetui.screens.summary import SummaryScreen

    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, SummaryScreen) and screen.report is not None:
            await app.workers.wait_for_complete()
            await footer_settled(screen, pilot)
            return
    raise AssertionError(f"no summary: {app.screen}")


@pytest.mark.parametrize("size", SIZES)
def test_home_first_run(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    shoot(snap_compare, home, size, nothing)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_history(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    shoot(snap_compare, home, size, nothing, seeded=True)


@pytest.mark.parametrize("size", WORKOUT_SIZES)
def test_workout_working(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 10 + 3)  # clamshell, left side, half-way through rep 2

    shoot(snap_compare, home, size, setup, start="three")


@pytest.mark.parametrize("size", FIGURE_SIZES)
def test_figure_on_get_ready(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 1.8)  # the preview at the top of its lift

    shoot(snap_compare, home, size, setup, start="three")


@pytest.mark.parametrize("size", FIGURE_SIZES)
def test_figure_while_working(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 10 + 2.5)  # the second rep, half-way up

    shoot(snap_compare, home, size, setup, start="three")


@pytest.mark.parametrize("at", MOMENTS)
def test_figure_through_a_clamshell_rep(snap_compare: Compare, home: Path, at: float) -> None:
    (home / "programs" / "slow.toml").write_text(SLOW_CLAMS)

    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, at)

    shoot(snap_compare, home, (160, 48), setup, start="slow")


@pytest.mark.parametrize("size", WORKOUT_SIZES)
def test_workout_switching_sides(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 10 + 6 + 1)

    shoot(snap_compare, home, size, setup, start="three")


@pytest.mark.parametrize("size", WORKOUT_SIZES)
def test_workout_resting(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 10 + 6 + 5 + 6 + 2)

    shoot(snap_compare, home, size, setup, start="three")


@pytest.mark.parametrize("size", SIZES)
def test_effort_check(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 10 + 6 + 5 + 6 + 1)
        await pilot.press("2", "p")

    shoot(snap_compare, home, size, setup, start="tiny")


@pytest.mark.parametrize("size", WORKOUT_SIZES)
def test_effort_countdown(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 10 + 6 + 5 + 6 + 3)  # nobody near the keyboard

    shoot(snap_compare, home, size, setup, start="tiny")


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 10 + 6 + 5 + 6 + 1)
        await pilot.press("2", "enter")
        await summary_shown(app, pilot)

    shoot(snap_compare, home, size, setup, start="tiny", seeded=True)


@pytest.mark.parametrize("size", SIZES)
def test_summary_asking_for_ratings(
    snap_compare: Compare, home: Path, size: tuple[int, int]
) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 10 + 6 + 5 + 6 + 21)  # the check lapsed: nothing rated
        await summary_shown(app, pilot)

    shoot(snap_compare, home, size, setup, start="tiny", seeded=True)


# Big, steady type (issue 27): read from across the room at the sizes people use.
BIG_TYPE_SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((100, 30), id="100x30"),
    pytest.param((160, 48), id="160x48"),
]


@pytest.mark.parametrize("size", BIG_TYPE_SIZES)
def test_get_ready_first_second(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 0.5)  # the countdown, the side and the figure from the start

    shoot(snap_compare, home, size, setup, start="three")


@pytest.mark.parametrize("size", BIG_TYPE_SIZES)
def test_set_first_second(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 10 + 0.5)  # the clock and the reps side by side at once

    shoot(snap_compare, home, size, setup, start="three")


@pytest.mark.parametrize("size", BIG_TYPE_SIZES)
def test_side_word(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        await advance(pilot, app, 10 + 6 + 5 + 1.5)  # the right side's first rep

    shoot(snap_compare, home, size, setup, start="three")


@pytest.mark.parametrize("size", BIG_TYPE_SIZES)
def test_self_test_hold(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    async def setup(app: Any, pilot: Pilot[None]) -> None:
        from glutetui.screens.selftest import SelfTestScreen

        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SelfTestScreen)
        await pilot.press("s")
        app.clock.advance(10 + 12.4)  # the countdown, then twelve seconds on one leg
        screen.wake()
        await pilot.pause()

    shoot(snap_compare, home, size, setup)
