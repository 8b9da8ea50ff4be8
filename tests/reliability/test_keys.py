"""Key storms: thousands of seeded random keys on every screen, with modals open, in
bursts that land while screens change, and with the workout clock running on.

After each storm the app must still be running (no exception got out), and there
must be a way back Home from wherever the storm left it: no screen traps anyone.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

import pytest
from textual.pilot import Pilot

from benchmarks.generate import generate_history
from glutetui.app import GlutetuiApp
from glutetui.catalog import load_catalog
from glutetui.platform.awake import KeepAwake
from glutetui.platform.locations import Locations
from glutetui.screens.confirm import ConfirmScreen
from glutetui.screens.effort import EffortScreen
from glutetui.screens.history import HistoryScreen
from glutetui.screens.home import HomeScreen
from glutetui.screens.summary import SummaryScreen
from glutetui.screens.workout import WorkoutScreen
from glutetui.widgets.panel import Panel
from tests.clock import FakeClock
from tests.fakes import Recorder
from tests.homes import prepared
from tests.ui.conftest import AwakeLog, loaded, started, wait_until
from tests.unit.test_catalog import TINY

KEYS = [
    *"abcdefghijklmnopqrstuvwxyz0123456789",
    *("space", "enter", "escape", "tab", "shift+tab", "backspace", "delete"),
    *("up", "down", "left", "right", "pageup", "pagedown", "home", "end"),
    *("plus", "minus", "question_mark", "slash", "left_square_bracket"),
    *("right_square_bracket", "ctrl+p", "ctrl+q", "f1"),
    *("escape", "escape", "escape"),  # so the palette and help are left as often as opened
    *("TICK", "TICK", "BURST"),  # the clock runs on; five keys at once
]


class StormApp(GlutetuiApp):
    """The real app, except that quitting is counted instead of done."""

    quits = 0

    async def action_quit(self) -> None:
        self.quits += 1


def make(home: Path, clock: FakeClock) -> StormApp:
    recorder = Recorder()
    app = StormApp(
        Locations(home, home),
        clock=clock,
        sound_factory=lambda app, settings: recorder.layer(
            sounds=settings.sounds, speech=bool(settings.speech), rep_ticks=settings.rep_ticks
        ),
        keep_awake=KeepAwake(backends=[AwakeLog()]),  # no desktop to ask here
    )
    app.animation_level = "none"  # the pilot waits for every scroll animation otherwise
    return app


def workout_screen(app: GlutetuiApp) -> WorkoutScreen | None:
    for screen in reversed(app.screen_stack):
        if isinstance(screen, WorkoutScreen):
            return screen
    return None


async def storm(
    app: StormApp, pilot: Pilot[None], clock: FakeClock, rng: random.Random, count: int
) -> Counter[str]:
    """Press ``count`` random keys; return how many landed on each kind of screen."""
    landed: Counter[str] = Counter()
    for n in range(count):
        landed[type(app.screen).__name__] += 1
        key = rng.choice(KEYS)
        if key == "TICK":
            clock.advance(rng.uniform(0.1, 6.0))
            screen = workout_screen(app)
            if screen is not None and screen.is_mounted:
                screen.wake()
            await pilot.pause()
        elif key == "BURST":
            for _ in range(5):
                app.simulate_key(rng.choice(KEYS[:-3]))
            await pilot.pause()
        else:
            await pilot.press(key)
        if n % 25 == 0:
            await pilot.pause()
            assert app.is_running, f"the app stopped after {n} keys"
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.is_running
    return landed


async def way_home(app: StormApp, pilot: Pilot[None]) -> None:
    """Leave every screen the obvious way until Home shows; fail if one will not let go."""
    seen: list[str] = []
    for _ in range(40):
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, HomeScreen) and len(app.screen_stack) <= 2:
            break
        seen.append(type(screen).__name__)
        if isinstance(screen, EffortScreen):
            await pilot.press("enter")
        elif isinstance(screen, ConfirmScreen):
            await pilot.press("y")
        elif isinstance(screen, WorkoutScreen):
            await pilot.press("q")
        elif isinstance(screen, SummaryScreen):
            await pilot.press("escape")
        else:
            await pilot.press("escape")
        await app.workers.wait_for_complete()
    else:
        raise AssertionError(f"stuck: no way home through {seen[-8:]}")
    await pilot.press("h")
    await wait_until(
        pilot, lambda: isinstance(app.screen, HistoryScreen), "History from Home's key"
    )
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "Home again, by Escape")


async def to_workout(app: StormApp, pilot: Pilot[None], clock: FakeClock) -> None:
    from glutetui.intents import StartProgram

    app.intents.send(StartProgram(program="tiny"))
    await started(pilot, app)


async def to_effort(app: StormApp, pilot: Pilot[None], clock: FakeClock) -> None:
    await to_workout(app, pilot, clock)
    for _ in range(60):
        if isinstance(app.screen, EffortScreen):
            return
        clock.advance(3)
        screen = workout_screen(app)
        assert screen is not None
        screen.wake()
        await pilot.pause()
    raise AssertionError("no effort check")


async def to_summary(app: StormApp, pilot: Pilot[None], clock: FakeClock) -> None:
    await to_effort(app, pilot, clock)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, SummaryScreen)


async def to_confirm(app: StormApp, pilot: Pilot[None], clock: FakeClock) -> None:
    await to_workout(app, pilot, clock)
    await pilot.press("q")


def first_tab_read(screen: HistoryScreen) -> bool:
    return screen.query_one("#workouts-panel", Panel).loaded


def keys(*pressed: str) -> Callable[[StormApp, Pilot[None], FakeClock], Awaitable[None]]:
    async def go(app: StormApp, pilot: Pilot[None], clock: FakeClock) -> None:
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            if isinstance(app.screen, HistoryScreen):
                # Its first tab read: a digit before its tabs mount would be undone.
                await wait_until(
                    pilot, partial(first_tab_read, app.screen), "History's first tab read"
                )

    return go


START = {
    "home": keys(),
    "workout": to_workout,
    "effort": to_effort,
    "confirm": to_confirm,
    "summary": to_summary,
    "history": keys("h"),
    "history-trends": keys("h", "2"),
    "workout-detail": keys("h", "enter"),
    "export": keys("h", "e"),
    "import": keys("h", "i"),
    "exercises": keys("l"),
    "programs": keys("p"),
    "selftest": keys("t"),
    "settings": keys("o"),
    "help": keys("question_mark"),
    "palette": keys("ctrl+p"),
}


@pytest.mark.parametrize("start", sorted(START))
async def test_a_storm_of_keys_breaks_nothing(
    isolated_home: Path, start: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    count: int = request.config.getoption("--storm-keys")
    # A storm can type a relative file name into Export and press Enter: keep it here.
    monkeypatch.chdir(isolated_home.parent)
    home = isolated_home
    (home / "programs").mkdir(parents=True)
    (home / "programs" / "tiny.toml").write_text(TINY)
    (home / "settings.toml").write_text("get_ready = 3\nswitch_pause = 2\n")
    clock = FakeClock()
    end = clock.now()
    prepared(
        ("storm-history", end),
        lambda store: generate_history(store, load_catalog(), 40, end=end, seed=5),
        home / "glutetui.db",
    )
    app = make(home, clock)
    rng = random.Random(f"storm-{start}")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await START[start](app, pilot, clock)
        landed = await storm(app, pilot, clock, rng, count)
        await way_home(app, pilot)
    print(f"{start}: {count} keys, {app.quits} quits asked; by screen {dict(landed)}")
