"""The floor test: a whole workout with no hands, read from across the room.

Nothing in a workout waits for a key: the effort check counts down and lets the
workout go on, the summary asks for what was left unrated, the screen is kept awake
from get-ready to the summary, and the numbers grow with the terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from glutetui.app import GlutetuiApp
from glutetui.engine import CONFIRM_SECONDS, StepKind
from glutetui.intents import decode_phone
from glutetui.platform.settings import load_settings
from glutetui.screens.effort import EffortScreen
from glutetui.screens.home import HomeScreen
from glutetui.screens.summary import SummaryScreen
from glutetui.screens.workout_detail import WorkoutDetailScreen
from glutetui.store.commands import Command
from glutetui.vocab import EFFORT_WORDS
from glutetui.widgets.bigtext import BigText
from tests.clock import FakeClock
from tests.fakes import Recorder
from tests.ui.conftest import (
    FLOOR,
    AwakeLog,
    advance,
    last_workout,
    loaded,
    make_app,
    started,
    stored_sets,
    wait_until,
    workout,
)


@pytest.fixture
def floor(home: Path) -> Path:
    (home / "programs" / "floor.toml").write_text(FLOOR)
    return home


async def run_out(pilot: Pilot[None], app: GlutetuiApp, limit: float = 300) -> None:
    """Let the fake clock run, touching nothing, until the summary shows."""
    waited = 0.0
    while not isinstance(app.screen, SummaryScreen) and waited < limit:
        await advance(pilot, app, 1.0)
        waited += 1.0
    await app.workers.wait_for_complete()
    await pilot.pause()


async def settle(pilot: Pilot[None], app: GlutetuiApp) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.keep_awake.wait(2)


async def test_a_whole_workout_runs_to_its_summary_with_no_key_pressed(floor: Path) -> None:
    awake = AwakeLog()
    app = make_app(floor, start="floor", awake=awake)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        assert app.keep_awake.wait(2) and awake.calls == ["hold"]  # taken at get-ready
        await run_out(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        await settle(pilot, app)
        assert awake.calls == ["hold", "release"]  # given back at the summary
        workout_id = screen.session.workout.id
        stored = stored_sets(app, workout_id)
        assert [(s.exercise_id, s.side, s.effort) for s in stored] == [
            ("clamshell", "left", None),
            ("clamshell", "right", None),
            ("glute-bridge", "both", None),
        ]
        # The summary asks, one line per exercise: digits rate, p flags pain.
        await pilot.press("2")
        await pilot.press("4", "p")
        await settle(pilot, app)
        stored = stored_sets(app, workout_id)
        assert [(s.effort, s.pain) for s in stored] == [(2, False), (2, False), (4, True)]


async def at_effort_check(pilot: Pilot[None], app: GlutetuiApp) -> EffortScreen:
    while not isinstance(app.screen, EffortScreen):
        await advance(pilot, app, 0.5)
    effort = app.screen
    assert isinstance(effort, EffortScreen)
    return effort


async def test_the_effort_countdown_is_big_and_a_key_starts_a_confirm_countdown(
    floor: Path,
) -> None:
    app = make_app(floor, start="floor")
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        effort = await at_effort_check(pilot, app)
        await advance(pilot, app, 2)
        countdown = effort.query_one("#effort-countdown", BigText)
        assert countdown.word == "18" and countdown.drawn_height >= 12
        await pilot.press("up")  # someone is there: a short countdown keeps what is chosen
        await pilot.press("3")
        wait = effort.query_one("#effort-wait")
        assert wait.display and wait.has_class("-confirming")
        assert countdown.word == str(round(CONFIRM_SECONDS))
        assert "3, solid" in str(effort.query_one("#effort-wait-label", Static).render())
        await advance(pilot, app, CONFIRM_SECONDS - 1)
        await pilot.press("down", "up")  # each key starts it again
        assert countdown.word == str(round(CONFIRM_SECONDS))
        await advance(pilot, app, CONFIRM_SECONDS - 1)
        assert app.screen is effort
        await advance(pilot, app, 1.5)  # nothing more pressed: it goes on by itself
        await settle(pilot, app)
        assert screen.session.engine.step.kind is StepKind.GET_READY
        stored = stored_sets(app, screen.session.workout.id)
        assert [(s.effort, s.reps) for s in stored] == [(3, 2), (3, 3)]  # "up" added a rep


PHONE_TWO = b'{"intent": "rate", "effort": 2}'


@pytest.mark.parametrize(
    ("keys", "rating", "at_once"),
    [(("2",), 2, False), (("3", "n"), 3, True), (("4", "right"), 4, True), ((), 2, False)],
    ids=["digit", "digit-then-n", "digit-then-right", "phone-2"],
)
async def test_a_key_at_the_effort_check_then_nothing_goes_on_by_itself(
    floor: Path, keys: tuple[str, ...], rating: int, at_once: bool
) -> None:
    recorder = Recorder()
    recorder.spawner.finish_at_once = True
    app = make_app(floor, start="floor", recorder=recorder)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        await pilot.press("v")  # the voice on, to hear the rating kept
        await at_effort_check(pilot, app)
        if keys:
            await pilot.press(*keys)
        else:  # the phone's 2, as the phone sends it
            app.intents.send(decode_phone(PHONE_TWO))
        await pilot.pause()
        engine = screen.session.engine
        if at_once:
            assert engine.step.kind is StepKind.GET_READY
        else:
            assert engine.step.kind is StepKind.EFFORT and engine.confirming
        # Then the keyboard is put down: the workout reaches its summary by itself.
        await run_out(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        stored = stored_sets(app, screen.session.workout.id)
        assert [(s.exercise_id, s.effort) for s in stored] == [
            ("clamshell", rating),
            ("clamshell", rating),
            ("glute-bridge", None),  # its own check lapsed: unrated
        ]
        assert recorder.spawner.wait_for(1)
        assert f"Rated {rating}, {EFFORT_WORDS[rating]}" in recorder.spawner.spoken()


async def test_an_early_end_and_leaving_the_app_give_the_screen_back(floor: Path) -> None:
    awake = AwakeLog()
    app = make_app(floor, start="floor", awake=awake)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await advance(pilot, app, 12)
        await pilot.press("q", "y")
        await settle(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        assert awake.calls == ["hold", "release"]

    awake = AwakeLog()
    app = make_app(floor, start="floor", awake=awake)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await advance(pilot, app, 5)
        assert app.keep_awake.wait(2) and awake.calls == ["hold"]
    assert awake.calls == ["hold", "release"]  # the app closed mid-workout


async def test_keep_awake_off_asks_nothing(floor: Path) -> None:
    (floor / "settings.toml").write_text("keep_awake = false\n")
    awake = AwakeLog()
    app = make_app(floor, start="floor", awake=awake)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await run_out(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
    assert awake.calls == []


async def test_home_says_the_last_workout_is_unrated_and_e_rates_it(floor: Path) -> None:
    clock = FakeClock()
    app = make_app(floor, clock=clock, start="floor")
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(app, pilot)
        await run_out(pilot, app)
        await pilot.press("escape")  # home, rating nothing
        await settle(pilot, app)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "2 exercises not rated yet: press e" in str(
            home.query_one("#progress-card").render()
        )
        await pilot.press("e")
        await settle(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("1", "5")  # a rating moves on to the next unrated exercise
        await settle(pilot, app)
        await pilot.press("escape")
        # Home reads its figures again once the writer has the ratings in.
        await wait_until(
            pilot,
            lambda: "not rated" not in str(home.query_one("#progress-card").render()),
            "Home's figures read again with the ratings",
        )
        assert "not rated" not in str(home.query_one("#progress-card").render())
        last = last_workout(app)
        assert [s.effort for s in stored_sets(app, last.workout.id)] == [1, 1, 5]


async def test_history_detail_rates_an_unrated_exercise(floor: Path) -> None:
    app = make_app(floor, start="floor")
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(app, pilot)
        await run_out(pilot, app)
        last = last_workout(app)
        app.push_screen(WorkoutDetailScreen(app.services, last.workout.id))
        await settle(pilot, app)
        await pilot.press("down", "4")
        await settle(pilot, app)
        sets = stored_sets(app, last.workout.id)
        assert [s.effort for s in sets] == [None, None, 4]


@pytest.mark.slow(5)
async def test_a_resumed_workout_asks_for_the_lapsed_rating_at_its_summary(floor: Path) -> None:
    clock = FakeClock()
    app = make_app(floor, clock=clock, start="floor")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        # The clamshell's check lapses; the process dies in the bridge's check.
        while screen.session.engine.step.block != 1 or not screen.session.waiting_for_effort:
            await advance(pilot, app, 0.5)
        workout_id = screen.session.workout.id
    app = make_app(floor, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("r")
        step = (await started(pilot, app)).session.engine.step
        assert (step.kind, step.block) == (StepKind.EFFORT, 1)  # not back to the lapsed one
        await run_out(pilot, app)
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.workout_id == workout_id
        assert summary.report is not None
        assert [e.name for e in summary.report.unrated] == ["Clamshell", "Glute bridge"]
        await pilot.press("2", "3")
        await settle(pilot, app)
        stored = stored_sets(app, workout_id)
        assert [s.effort for s in stored] == [2, 2, 3]


async def test_the_first_workout_offers_voice_and_remembers_the_answer(floor: Path) -> None:
    app = make_app(floor, start="floor")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        offer = screen.query_one("#offer")
        assert offer.display and "Press v" in str(offer.render())
        await pilot.press("v")
        await settle(pilot, app)
        assert screen.session.sound.speech
        assert not offer.display  # answered
    assert load_settings(floor / "settings.toml").settings.speech is True

    app = make_app(floor, start="floor")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert not workout(app).query_one("#offer").display  # asked once, answered


@pytest.mark.parametrize(
    ("size", "rows"), [((100, 30), 8), ((160, 48), 12), ((200, 55), 13), ((80, 24), 6)]
)
async def test_the_main_number_grows_with_the_terminal(
    floor: Path, size: tuple[int, int], rows: int
) -> None:
    app = make_app(floor, start="floor")
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        for kind in (StepKind.GET_READY, StepKind.WORK, StepKind.SWITCH):
            while screen.session.engine.step.kind is not kind:
                await advance(pilot, app, 0.25)
            await pilot.pause()
            assert screen.query_one("#clock", BigText).drawn_height >= rows, kind
            if kind is StepKind.WORK:
                assert screen.query_one("#reps", BigText).drawn_height >= rows


async def test_a_workout_screen_that_fails_gives_the_screen_back(
    floor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from glutetui.screens.workout import WorkoutScreen

    awake = AwakeLog()
    app = make_app(floor, start="floor", awake=awake)

    def broken(self: WorkoutScreen) -> None:
        raise RuntimeError("a bug in the workout screen")

    with pytest.raises(RuntimeError, match="a bug in the workout screen"):
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(app, pilot)
            assert app.keep_awake.wait(2) and awake.calls == ["hold"]
            monkeypatch.setattr(WorkoutScreen, "draw", broken)
            await advance(pilot, app, 1)
            await pilot.pause()
    assert awake.calls == ["hold", "release"]


def workouts_stored(app: GlutetuiApp) -> int:
    app.services.writer.drain()
    with app.services.store.read() as db:
        return db.workouts.count()


async def test_s_pressed_twice_starts_one_workout_and_says_why(floor: Path) -> None:
    app = make_app(floor)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s", "s")  # one keystroke write of two: no wait between them
        await started(pilot, app)
        app.intents.send(decode_phone(b'{"intent": "start"}'))  # the phone, while it runs
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert workouts_stored(app) == 1
        said = [n.message for n in app._notifications]
        assert "A workout is already starting or running." in said


async def test_two_start_taps_50_ms_apart_make_one_workout(floor: Path) -> None:
    app = make_app(floor)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        app.intents.send(decode_phone(b'{"intent": "start"}'))
        await pilot.pause(0.05)  # the second tap, as a phone sends it a moment later
        app.intents.send(decode_phone(b'{"intent": "start"}'))
        await started(pilot, app)
        await app.workers.wait_for_complete()
        assert workouts_stored(app) == 1
        assert not app.intents.starting


class SlowWrite(Command, frozen=True, kw_only=True, tag="slow-test"):
    """A write that holds the writer until the test lets it go."""

    kept: ClassVar[bool] = False


async def test_a_pending_start_is_refused_before_the_writer_runs(floor: Path) -> None:
    import threading

    app = make_app(floor)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        writer = app.services.writer
        writer.drain()  # the coach's review, asked for as Home loaded, is written first
        gate = threading.Event()
        writer.handlers[SlowWrite] = lambda db, command: gate.wait(10)
        writer.submit(SlowWrite())  # the writer is busy
        app.intents.send(decode_phone(b'{"intent": "start"}'))
        app.intents.send(decode_phone(b'{"intent": "start"}'))
        assert app.intents.starting and writer.pending == 2  # the slow write and one start
        gate.set()
        await started(pilot, app)
        assert workouts_stored(app) == 1


def test_the_phone_starts_todays_program_only() -> None:
    import msgspec

    from glutetui.intents import StartProgram

    assert decode_phone(b'{"intent": "start"}') == StartProgram()
    with pytest.raises(msgspec.ValidationError):
        decode_phone(b'{"intent": "start", "program": "floor"}')
