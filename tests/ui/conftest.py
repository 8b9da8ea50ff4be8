"""UI test helpers: the app built as the CLI builds it, on a fake clock, with recorded sound."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from glutetui.app import GlutetuiApp
from glutetui.platform.awake import KeepAwake
from glutetui.platform.locations import Locations
from glutetui.screens.workout import WorkoutScreen
from glutetui.store import SetRecord, WorkoutRecord, WorkoutSummary
from tests.clock import FakeClock
from tests.fakes import Recorder
from tests.unit.test_catalog import TINY

THREE_SETS = TINY.replace("sets = 1", "sets = 3").replace('name = "Tiny test"', 'name = "Three"')
HOLDS = """
name = "Holds"

[[block]]
exercise = "side-plank"
sets = 2
hold = 10
rest = 30

[[block]]
exercise = "glute-bridge"
sets = 1
reps = 2
tempo = [1, 0, 1]
"""

# The floor test's program: two short blocks, one sided, with no key needed to finish.
FLOOR = """
name = "Floor test"

[[block]]
exercise = "clamshell"
sets = 1
reps = 2
tempo = [1, 0, 1]
rest = 3

[[block]]
exercise = "glute-bridge"
sets = 1
reps = 2
tempo = [1, 0, 1]
rest = 3
"""


@pytest.fixture
def home(isolated_home: Path) -> Path:
    programs = isolated_home / "programs"
    programs.mkdir(parents=True)
    (programs / "tiny.toml").write_text(TINY)
    (programs / "three.toml").write_text(THREE_SETS)
    (programs / "holds.toml").write_text(HOLDS)
    return isolated_home


@dataclass
class AwakeLog:
    """A stand-in way to keep the screen awake that notes each hold and release."""

    calls: list[str] = field(default_factory=list)
    method: str = "stand-in"

    def __call__(self) -> AwakeLog:
        self.calls.append("hold")
        return self

    def release(self) -> None:
        self.calls.append("release")


def make_app(
    home: Path,
    clock: FakeClock | None = None,
    recorder: Recorder | None = None,
    start: str | None = None,
    awake: AwakeLog | None = None,
) -> GlutetuiApp:
    rec = recorder or Recorder()
    return GlutetuiApp(
        Locations(home, home),
        start_program=start,
        clock=clock or FakeClock(),
        sound_factory=lambda app, settings: rec.layer(
            sounds=settings.sounds, speech=bool(settings.speech), rep_ticks=settings.rep_ticks
        ),
        keep_awake=KeepAwake(backends=[awake or AwakeLog()]),
    )


# The longest any test waits for something the app is about to do: generous, so a machine
# with every core busy still gets there; a wait that runs out is a failure, never a pass.
PATIENCE = 60.0


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], object], what: str, timeout: float = PATIENCE
) -> None:
    """Let the app run until ``condition()`` holds; fail saying ``what`` never came."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened within {timeout:g} s: {what}; {_state(pilot)}")
        await pilot.pause()


def _state(pilot: Pilot[None]) -> str:
    """Where the app was when a wait ran out: its screens, any problem it showed and its
    notifications, so a failure on a busy machine says what the app was doing."""
    app = pilot.app
    screens = " > ".join(type(screen).__name__ for screen in app.screen_stack)
    said = [str(getattr(app.screen, "message", ""))]
    said += [note.message for note in app._notifications]
    workers = [f"{worker.name}: {worker.state.name} {worker.error or ''}" for worker in app.workers]
    return f"screens {screens}; said {[text for text in said if text]}; workers {workers}"


async def resized(pilot: Pilot[None], width: int, height: int) -> None:
    """Resize the terminal and wait for a frame laid out at the new size (a pause alone
    can end before the screen has handled the resize)."""
    app = pilot.app
    await pilot.resize_terminal(width, height)
    await wait_until(
        pilot, lambda: tuple(app.screen.size) == (width, height), "the screen at its new size"
    )
    frames: list[bool] = []
    app.screen.call_after_refresh(lambda: frames.append(True))
    await wait_until(pilot, lambda: frames, "a frame laid out at the new size")


async def loaded(app: GlutetuiApp, pilot: Pilot[None]) -> None:
    """Wait until Home has read its full figures (the store open, the progression
    reviewed) and shows them, or a problem is shown instead."""
    from glutetui.screens.problem import ProblemScreen

    for _ in range(2000):
        await pilot.pause()
        await app.workers.wait_for_complete()
        home = app.home_screen()
        if isinstance(app.screen, ProblemScreen):
            break
        if home is not None and home.face is not None and home.face.complete:
            break
    # A workout asked for on the command line starts once Home is loaded, through the
    # writer's thread: its opening screen gives way to it (or to Home, if it cannot open),
    # and its clock starts when its screen is mounted.
    from glutetui.screens.starting import StartingScreen

    for _ in range(2000):
        await app.workers.wait_for_complete()
        await pilot.pause()
        opening = any(isinstance(s, StartingScreen) for s in app.screen_stack)
        if isinstance(app.screen, ProblemScreen) or (not opening and app.screen.is_mounted):
            break


def computed_styles(screen: Screen[Any]) -> dict[str, str]:
    """Every widget's computed styles on ``screen``, and its component classes', keyed
    by place and type: two stylings of one screen compare equal when they agree."""
    found: dict[str, str] = {}
    for n, node in enumerate(screen.walk_children(with_self=True)):
        key = f"{n}:{type(node).__name__}#{node.id}"
        found[key] = node.styles.css
        for component in sorted(node.COMPONENT_CLASSES):
            found[f"{key}.{component}"] = node.get_component_styles(component).css
    return found


def stored_workout(app: GlutetuiApp, workout_id: int) -> WorkoutRecord | None:
    """A workout as stored, once the writer has written what it was given."""
    app.services.writer.drain()
    with app.services.store.read() as db:
        return db.workouts.get(workout_id)


def stored_sets(app: GlutetuiApp, workout_id: int) -> list[SetRecord]:
    """A workout's sets as stored, once the writer has written what it was given."""
    app.services.writer.drain()
    with app.services.store.read() as db:
        return db.workouts.sets_of(workout_id)


def last_workout(app: GlutetuiApp) -> WorkoutSummary:
    app.services.writer.drain()
    with app.services.store.read() as db:
        last = db.workouts.last()
    assert last is not None
    return last


def workout(app: GlutetuiApp) -> WorkoutScreen:
    for screen in reversed(app.screen_stack):
        if isinstance(screen, WorkoutScreen):
            return screen
    raise AssertionError(f"no workout screen in {app.screen_stack}")


async def advance(pilot: Pilot[None], app: GlutetuiApp, seconds: float, step: float = 0.5) -> None:
    """Move the fake clock on, waking the workout screen as its timer would (until the
    workout has made way for its summary)."""
    clock = app.clock
    assert isinstance(clock, FakeClock)
    remaining = seconds
    while remaining > 1e-9:
        dt = min(step, remaining)
        clock.advance(dt)
        remaining -= dt
        screens = [s for s in app.screen_stack if isinstance(s, WorkoutScreen)]
        if not screens:
            break
        if screens[-1].is_attached:
            screens[-1].wake()
    await pilot.pause()


async def started(pilot: Pilot[None], app: GlutetuiApp) -> WorkoutScreen:
    """Wait for the workout a key or a command has asked for: it is made in a worker
    (its row written) and shown a moment later. Its clock starts when its screen is
    mounted, so a test moving the fake clock on must wait for that, not only for the
    screen to be pushed."""
    await wait_until(
        pilot,
        lambda: any(isinstance(s, WorkoutScreen) and s.is_mounted for s in app.screen_stack),
        "the workout's screen, mounted",
    )
    return workout(app)


async def start_program(pilot: Pilot[None], app: GlutetuiApp, program_id: str) -> WorkoutScreen:
    from glutetui.intents import StartProgram

    app.intents.send(StartProgram(program=program_id))
    return await started(pilot, app)


def unfinished_workout(
    home: Path, clock: FakeClock, program: tuple[str, str] = ("tiny", "Tiny"), plan: str = "{}"
) -> int:
    """A workout of ``program`` (id, name) left unfinished in ``home`` with one set of
    ten reps logged and ``plan`` as its stored plan: Home then has a last workout and
    one to resume or close. Returns its id."""
    from glutetui.services import Services
    from tests.factories import logged_set

    services = Services(Locations(home, home), clock)
    with services.store.write() as db:
        started = db.workouts.start(*program, plan, clock.now())
        db.workouts.log_set(started.id, logged_set(0, 0, "left", reps=10, at=clock.now()))
    services.close()
    return started.id
