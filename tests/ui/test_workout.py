"""Pilot tests: Home, the hands-free workout and every key of the contract, the effort
check, the summary, an early end and resuming."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from textual.color import Color
from textual.pilot import Pilot

from glutetui.app import GlutetuiApp
from glutetui.engine import Phase, StepKind
from glutetui.platform.locations import Locations
from glutetui.screens.confirm import ConfirmScreen
from glutetui.screens.effort import EffortScreen
from glutetui.screens.home import HomeScreen
from glutetui.screens.problem import ProblemScreen
from glutetui.screens.summary import SummaryScreen
from glutetui.services import Services
from glutetui.vocab import BlockRef
from glutetui.widgets.bigtext import BigText
from glutetui.widgets.ratings import RatingList
from tests.clock import FakeClock
from tests.factories import changed, dose, in_force, start_run
from tests.fakes import Recorder
from tests.ui.conftest import (
    advance,
    loaded,
    make_app,
    start_program,
    started,
    stored_sets,
    stored_workout,
    unfinished_workout,
    wait_until,
    workout,
)

SIZE = (100, 30)
TINY_CLAM = BlockRef("tiny", "clamshell")


async def test_home_shows_today_and_every_program(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        await loaded(app, pilot)
        assert screen.face is not None and screen.face.suggested_id == "tv-floor"
        today = str(screen.query_one("#today").render())
        assert "Floor routine for the TV" in today and "min" in today
        options = screen.query_one("#program-choice")
        assert options.option_count == len(app.services.catalog.programs)  # type: ignore[attr-defined]
        assert not screen.query_one("#safety").has_class("-hidden")  # no workouts yet
        # Cards with nothing to show are not even mounted (less to lay out at start-up).
        assert not screen.query("#resume, #home-suggestions, #problems")


async def test_home_names_a_skipped_program_file_under_the_programs(home: Path) -> None:
    (home / "programs" / "broken.toml").write_text('name = "B"\n[[block]]\nexercise = 7\n')
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = app.screen
        problems = screen.query_one("#problems")
        assert not problems.has_class("-hidden")
        assert "Skipped: programs/broken.toml" in str(problems.render())
        cards = [w.id for w in screen.children]
        assert cards.index("columns") < cards.index("safety") < cards.index("problems")
        assert "tiny" in app.services.catalog.programs


async def test_home_is_the_first_screen_in_the_saved_theme(home: Path) -> None:
    """Home is the bottom of the stack (no blank screen under it), and the theme saved in
    the settings is in place before Home is first styled."""
    (home / "settings.toml").write_text('theme = "nord"\n')
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "nord"
        assert [type(s) for s in app.screen_stack] == [HomeScreen]
        await loaded(app, pilot)
        assert app.theme == "nord" and [type(s) for s in app.screen_stack] == [HomeScreen]
        accent = app.current_theme.accent
        assert accent is not None
        assert app.screen.query_one("#today").styles.border_top[1] == Color.parse(accent)


async def test_s_starts_todays_program(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("s")
        screen = await started(pilot, app)
        assert screen.session.engine.plan.program_id == "tv-floor"
        assert screen.has_class("-ready")


async def test_enter_on_a_program_starts_it(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        options = app.screen.query_one("#program-choice")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]  # type: ignore[attr-defined]
        options.highlighted = ids.index("tiny")  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert (await started(pilot, app)).session.engine.plan.program_id == "tiny"


async def test_the_full_flow_runs_without_a_key_until_the_effort_check(home: Path) -> None:
    clock = FakeClock()
    recorder = Recorder()
    app = make_app(home, clock, recorder, start="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        phase = screen.query_one("#phase", BigText)
        assert phase.word == "GET READY"
        seen_phases = set()
        for _ in range(60):
            await advance(pilot, app, 0.5)
            seen_phases.add(phase.word)
            if isinstance(app.screen, EffortScreen):
                break
        assert {"GET READY", "LIFT", "LOWER", "SWITCH SIDES"} <= seen_phases
        assert isinstance(app.screen, EffortScreen)
        assert recorder.bells > 0  # phase changes rang the bell
        await pilot.press("2", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.report is not None
        (exercise,) = app.screen.report.exercises
        assert [s.values for s in exercise.sides] == [(3.0,), (3.0,)]
        assert exercise.effort == 2
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                isinstance(shown := app.screen, HomeScreen)
                and shown.face is not None
                and shown.face.last is not None
            ),
            "Home read again with the workout just done",
        )


async def test_to_fatigue_counts_up_until_n(home: Path) -> None:
    (home / "programs" / "fatigue.toml").write_text(
        'name = "F"\n[[block]]\nexercise = "side-leg-lift"\nsets = 1\nsides = "left"\n'
        "tempo = [1, 0, 1]\n"
    )
    app = make_app(home, start="fatigue")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        await advance(pilot, app, 10.5 + 41)  # ready, then 20 reps and a bit
        assert screen.session.engine.step.kind is StepKind.WORK
        assert "seconds so far" in str(screen.query_one("#clock-label").render())
        assert screen.query_one("#clock", BigText).word == "41"
        await pilot.press("n")
        assert isinstance(app.screen, EffortScreen)
        check = app.screen.check
        assert check is not None and [s.reps for s in check.sets] == [20]


@pytest.mark.parametrize("key", ["n", "pagedown", "right"])
async def test_next_keys_skip_to_the_next_phase(home: Path, key: str) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        assert screen.session.engine.step.kind is StepKind.GET_READY
        await pilot.press(key)
        assert screen.session.engine.step.kind is StepKind.WORK
        assert screen.has_class("-work")


@pytest.mark.parametrize("key", ["b", "pageup", "left"])
async def test_back_keys_go_to_the_start_of_the_previous_phase(home: Path, key: str) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        await pilot.press("n", "n")
        assert screen.session.engine.step.kind is StepKind.SWITCH
        await advance(pilot, app, 2)
        await pilot.press(key)
        engine = screen.session.engine
        assert (engine.step.kind, engine.step.side) == (StepKind.WORK, "left")
        assert engine.snapshot().remaining == 6


async def test_plus_and_minus_change_the_rest(home: Path) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        await pilot.press("n", "n", "n", "n")
        engine = screen.session.engine
        assert engine.step.kind is StepKind.REST and screen.has_class("-rest")
        await pilot.press("plus")
        assert engine.snapshot().remaining == 20
        await pilot.press("minus", "minus")
        assert engine.snapshot().remaining == 0 or engine.step.kind is StepKind.WORK


async def test_rest_keys_do_nothing_during_work(home: Path) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        await pilot.press("n")
        deadline = screen.session.engine.deadline
        await pilot.press("plus")
        assert screen.session.engine.deadline == deadline


async def test_a_paused_minute_moves_every_deadline_by_a_minute(home: Path) -> None:
    clock = FakeClock()
    app = make_app(home, clock, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        engine = screen.session.engine
        await advance(pilot, app, 3)
        before = engine.deadline
        assert before is not None
        await pilot.press("space")
        assert engine.paused and screen.has_class("-paused")
        assert screen.query_one("#phase", BigText).word == "PAUSED"
        await advance(pilot, app, 60)
        assert engine.step.kind is StepKind.GET_READY  # nothing moved on while paused
        await pilot.press("space")
        assert not engine.paused
        assert engine.deadline == pytest.approx(before + 60)
        # The rest of the workout keeps that shift: 7 s of get-ready were left, then 6 s of work.
        await advance(pilot, app, 7 + 6 - 0.5)
        assert len(screen.session.logged) == 0
        await advance(pilot, app, 1)
        assert len(screen.session.logged) == 1


async def test_v_and_m_toggle_voice_and_sounds(home: Path) -> None:
    recorder = Recorder()
    app = make_app(home, recorder=recorder, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        sound = screen.session.sound
        assert sound.sounds and not sound.speech
        await pilot.press("v")
        assert sound.speech
        await pilot.press("n")
        assert recorder.spawner.spoken()[-1] == "Clamshell, left side"
        await pilot.press("m")
        assert not sound.sounds
        bells = recorder.bells
        await pilot.press("n")
        assert recorder.bells == bells
        assert "voice on" in str(screen.query_one("#progress").render())
        assert "sound off" in str(screen.query_one("#progress").render())


async def test_q_asks_and_no_keeps_going(home: Path) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert screen.session.engine.paused  # the clock stops while deciding
        await pilot.press("n")
        assert app.screen is screen and not screen.session.engine.paused


async def test_a_workout_ended_after_one_set_counts_it_in_the_singular(home: Path) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        await advance(pilot, app, 10 + 6 + 1)
        assert len(screen.session.logged) == 1
        await pilot.press("q", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        title = str(app.screen.query_one("#summary-title").render())
        assert "Workout ended early" in title and "\n1 set done — everything is saved." in title


async def test_q_then_yes_ends_early_keeping_what_was_done(home: Path) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        await advance(pilot, app, 10 + 6 + 5 + 6 + 1)
        assert len(screen.session.logged) == 2
        await pilot.press("q", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Nothing waits: the summary asks for the exercise done so far.
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        workout_id = screen.session.workout.id
        record = stored_workout(app, workout_id)
        assert record is not None and record.status == "ended-early"
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        stored = stored_sets(app, workout_id)
        assert [(s.side, s.effort) for s in stored] == [("left", 4), ("right", 4)]


async def test_the_effort_check_keys(home: Path) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await advance(pilot, app, 10 + 3 * 12 + 5 * 3 + 5 * 2 + 1)
        effort = app.screen
        assert isinstance(effort, EffortScreen)
        assert effort.rating is None  # nothing is chosen in advance
        for key, rating in (("1", 1), ("5", 5), ("4", 4)):
            await pilot.press(key)
            assert effort.rating == rating
        assert effort.selected == 5  # the last set, right side
        await pilot.press("down", "down")
        await pilot.press("shift+tab")
        assert effort.selected == 4
        await pilot.press("up")
        await pilot.press("p")
        assert effort.pain
        assert "physiotherapist" in str(effort.query_one("#effort-pain").render())
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        stored = stored_sets(app, workout_id_of(app))
        assert [s.reps for s in stored] == [3, 3, 3, 3, 4, 1]
        assert {(s.effort, s.pain) for s in stored} == {(4, True)}


def workout_id_of(app: GlutetuiApp) -> int:
    screen = app.screen
    assert isinstance(screen, SummaryScreen)
    return screen.workout_id


async def test_the_clicker_confirms_the_effort_check(home: Path) -> None:
    app = make_app(home, start="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await advance(pilot, app, 10 + 6 + 5 + 6 + 1)
        assert isinstance(app.screen, EffortScreen)
        await pilot.press("pagedown")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        # The click skipped the wait; it gave no rating, so none is logged.
        stored = stored_sets(app, workout_id_of(app))
        assert stored and {s.effort for s in stored} == {None}
        assert [e.name for e in app.screen.query_one(RatingList).entries.values()] == [
            "Clamshell"
        ]  # the summary asks for it


async def test_enter_without_a_digit_leaves_the_exercise_unrated(home: Path) -> None:
    app = make_app(home, start="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await advance(pilot, app, 10 + 6 + 5 + 6 + 1)
        assert isinstance(app.screen, EffortScreen)
        await pilot.press("p", "enter")  # pain flagged, no rating
        await app.workers.wait_for_complete()
        await pilot.pause()
        stored = stored_sets(app, workout_id_of(app))
        assert {(s.effort, s.pain) for s in stored} == {(None, True)}


async def test_holds_count_down_and_show_hold(home: Path) -> None:
    app = make_app(home, start="holds")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        await advance(pilot, app, 10 + 4)
        assert screen.query_one("#phase", BigText).word == Phase.HOLD.value
        assert screen.query_one("#side", BigText).word == "LEFT SIDE"
        assert screen.query_one("#clock", BigText).word == "6"
        assert str(screen.query_one("#clock-label").render()) == "seconds to hold"
        assert not screen.query_one("#reps-box").display


async def test_resume_is_offered_and_continues_at_the_set(home: Path) -> None:
    clock = FakeClock()
    services = Services(Locations(home, home), clock)
    first = start_run(services, services.catalog.programs["three"], Recorder().layer())
    first.start()
    clock.advance(30)
    first.tick()
    services.close()  # the process "died" here with two sets logged
    app = make_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert not screen.query_one("#resume").has_class("-hidden")
        text = str(screen.query_one("#resume").render())
        assert "Clamshell, set 2 of 3, left side" in text
        await pilot.press("r")  # the resume goes through the writer: wait for its screen
        engine = (await started(pilot, app)).session.engine
        assert engine.step.kind is StepKind.GET_READY
        upcoming = engine.steps[engine.index + 1]
        assert (upcoming.kind, upcoming.set, upcoming.side) == (StepKind.WORK, 1, "left")


async def test_an_unfinished_workout_can_be_closed_as_partial(home: Path) -> None:
    clock = FakeClock()
    services = Services(Locations(home, home), clock)
    first = start_run(services, services.catalog.programs["three"], Recorder().layer())
    first.start()
    clock.advance(20)
    first.tick()
    services.close()
    app = make_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("x")
        # The close goes through the writer, and Home reads its figures again after it:
        # wait for the face that no longer has the workout, not for a number of pauses.
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        await wait_until(
            pilot,
            lambda: screen.face is not None and screen.face.resume is None,
            "Home read again without the unfinished workout",
        )
        record = stored_workout(app, first.workout.id)
        assert record is not None and record.status == "partial"
        assert screen.query_one("#resume").has_class("-hidden")


async def test_an_unfinished_workout_with_an_unreadable_plan_can_only_be_closed(
    home: Path,
) -> None:
    """A plan no version of glutetui can follow (damaged, or from a newer one): Home
    says so in a sentence and offers only to close it; r does nothing."""
    clock = FakeClock()
    unfinished = unfinished_workout(home, clock, ("three", "Three"), plan="{not a plan")
    app = make_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        text = str(screen.query_one("#resume").render())
        assert "Three from " in text and "cannot be resumed: its plan could not be read." in text
        assert "resume there" not in text and "x close it as partial" in text
        assert "1 set, 10 reps" in str(screen.query_one("#progress-card").render())
        assert screen.check_action("resume", ()) is False
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen  # no workout started, no error
        await pilot.press("x")
        await app.workers.wait_for_complete()
        record = stored_workout(app, unfinished)
        assert record is not None and record.status == "partial"


async def test_a_broken_database_is_a_message_not_a_crash(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "glutetui.db").write_text("not a database")
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProblemScreen)
        assert "not a glutetui database" in str(app.screen.query_one("#problem-message").render())
    assert (isolated_home / "glutetui.db").read_text() == "not a database"


async def test_work_rest_switch_and_done_look_different_in_every_theme(home: Path) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        themes = sorted(app.available_themes)
        assert len(themes) > 5
        for theme in themes:
            app.theme = theme
            colours = {}
            for state in ("-work", "-rest", "-switch", "-done"):
                screen._show_state(state)
                await pilot.pause()
                colours[state] = screen.styles.background.rgb
            assert len(set(colours.values())) == 4, (theme, colours)


async def test_a_change_of_state_styles_the_screen_as_a_full_restyle_would(home: Path) -> None:
    """Only the screen and the parts whose rules read its state are restyled when a
    set begins or ends: every widget on it ends with the styles a restyle of them all
    gives, and is drawn as it would be then, in every state, from every state before."""
    from glutetui.screens.workout import STATE_CLASSES

    def styles() -> dict[str, object]:
        return {
            f"{node!r}#{n}": node._css_styles.get_rules()
            for n, node in enumerate(screen.walk_children(with_self=True))
        }

    app = make_app(home, start="three")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        screen.query_one("#workout-remote").remove_class("-off")  # as with the remote on
        # One walk through every change from one state to another: with seven states
        # (a prime), stepping round them d at a time for d = 1..6 takes each change once.
        count = len(STATE_CLASSES)
        assert count == 7
        walk = [0] + [k * d % count for d in range(1, count) for k in range(1, count + 1)]
        screen._show_state(STATE_CLASSES[0])
        await pilot.pause()
        for before, after in itertools.pairwise(walk):
            screen._show_state(STATE_CLASSES[after])
            await pilot.pause()
            narrow, drawn = styles(), screen._compositor.render_strips()
            screen.update_node_styles(animate=False)
            await pilot.pause()
            change = (STATE_CLASSES[before], STATE_CLASSES[after])
            assert styles() == narrow, change
            # Drawn alike too: every part's colours follow the screen's new background.
            assert screen._compositor.render_strips() == drawn, change
        assert len(set(itertools.pairwise(walk))) == count * (count - 1)
        # The state's own looks did change: the phase word's colour follows it.
        phase = screen.query_one("#phase")
        seen = set()
        for state in STATE_CLASSES:
            screen._show_state(state)
            seen.add(phase.styles.background)
        assert len(seen) >= 5


async def finish_tiny(
    pilot: Pilot[None], app: GlutetuiApp, keys: tuple[str, ...] = ("2", "enter")
) -> None:
    """Run the tiny program through to its summary, answering the effort check."""
    await start_program(pilot, app, "tiny")
    await advance(pilot, app, 10 + 6 + 5 + 6 + 1)
    await pilot.press(*keys)
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, SummaryScreen) and app.screen.report is not None,
        "the summary, added up",
    )


async def test_today_says_done_beside_the_programs_name_at_80_columns(home: Path) -> None:
    app = make_app(home, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await finish_tiny(pilot, app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "Home again")
        today = app.screen.query_one("#today")
        await wait_until(pilot, lambda: "done today" in str(today.render()), "done today")
        await pilot.pause()
        rows = [today.render_line(y).text for y in range(today.size.height)]
        (first,) = [row for row in rows if "✓ done today" in row]
        assert "Tiny test" in first and "<1 min" in first
        assert not any(row.strip(" │") == "today" for row in rows)


async def test_the_summary_offers_a_progression_and_a_accepts_it(home: Path) -> None:
    clock = FakeClock()
    app = make_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await finish_tiny(pilot, app)
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.report is not None
        assert summary.report.suggestions == ()
        await pilot.press("enter")
        clock.advance(24 * 3600)
        await finish_tiny(pilot, app)
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.report is not None
        (shown,) = summary.report.suggestions
        assert (
            shown.record.kind == "progress"
            and "move up to Clamshell 1 × 5 reps each side in Tiny test" in shown.record.reason
        )
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert in_force(app.services).reps == 5
        # Read again, the answered suggestion stays shown as done: not "nothing to suggest".
        await wait_until(
            pilot,
            lambda: (
                summary.report is not None
                and [s.record.status for s in summary.report.suggestions] == ["accepted"]
            ),
            "the suggestion shown as accepted",
        )
        said = str(summary.query_one("#summary-next-title").render())
        assert said.startswith("Next time") and "No change" not in said
        assert "(done)" in str(summary.query_one("#summary-suggestions").render_line(0))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = await start_program(pilot, app, "tiny")
        assert screen.session.engine.plan.blocks[0].reps == 5


def card_order(screen: object) -> list[str]:
    """The ids of Home's cards shown, top to bottom."""
    cards = screen.children  # type: ignore[attr-defined]
    return [str(card.id) for card in cards if card.id and card.display]


async def test_home_lists_pending_suggestions_and_d_dismisses(home: Path) -> None:
    clock = FakeClock()
    app = make_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        for _ in range(2):
            await finish_tiny(pilot, app)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            clock.advance(24 * 3600)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        await wait_until(
            pilot,
            lambda: screen.face is not None and len(screen.face.suggestions) == 1,
            "Home read again with the coach's suggestion",
        )
        listing = screen.query_one("#home-suggestions")
        assert listing.display
        # Come after the first frame, the suggestions take the place they have when they
        # are there from the start (compose): under Today, above the week.
        arrived = card_order(screen)
        second = make_app(home, clock)
        async with second.run_test(size=SIZE) as again:
            await loaded(second, again)
            assert card_order(second.screen) == arrived
        assert arrived[:4] == ["title-bar", "today", "home-suggestions", "home-week"]
        await pilot.press("d")
        await wait_until(
            pilot,
            lambda: screen.face is not None and screen.face.suggestions == (),
            "Home read again without the dismissed suggestion",
        )
        with app.services.store.read() as db:
            assert db.suggestions.listed()[0].status == "dismissed"
        assert changed(app.services) == {}
        assert screen.face is not None and screen.face.suggestions == ()
        assert not listing.display


async def test_a_pain_flag_steps_back_and_shows_the_advice(home: Path) -> None:
    clock = FakeClock()
    app = make_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        with app.services.store.write() as db:
            db.doses.change(TINY_CLAM, dose("clamshell", 1, 8), "start", clock.now())
        await start_program(pilot, app, "tiny")
        await advance(pilot, app, 10 + 16 + 5 + 16 + 1)
        await pilot.press("3", "p", "enter")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, SummaryScreen) and app.screen.report is not None,
            "the summary, added up",
        )
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.report is not None
        (shown,) = summary.report.suggestions
        assert shown.record.kind == "pain" and shown.record.status == "accepted"
        assert in_force(app.services).reps == 6
        listing = summary.query_one("#summary-suggestions")
        shown_text = "".join(listing.render_line(y).text for y in range(4))
        assert "physiotherapist" in shown_text


async def test_a_workout_taken_over_elsewhere_stops_here_and_says_so(home: Path) -> None:
    """Another device took the workout over while this copy was asleep: the next write
    finds the lease gone, the workout screen closes and Home says why."""
    from datetime import timedelta

    from glutetui.screens.home import HomeScreen

    app = make_app(home, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        run = screen.session
        now = app.clock.now()
        with app.services.store.write() as db:
            assert db.workouts.take_over(
                run.workout.id, "desk", "x" * 32, now, now + timedelta(days=1)
            )
        await advance(pilot, app, 20)  # a set ends: its write is refused
        app.services.writer.drain()
        await pilot.pause()
        await pilot.pause()
        assert run.lost and isinstance(app.screen, HomeScreen)
        assert any("taken over on another device" in n.message for n in app._notifications)
        with app.services.store.read() as db:
            assert db.workouts.sets_of(run.workout.id) == []


async def test_a_skipped_set_is_skipped_on_the_effort_check_and_the_summary(home: Path) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        await advance(pilot, app, 10 + 0.5)
        assert screen.session.engine.step.kind is StepKind.WORK
        await pilot.press("n")  # set 1, left: passed over before a rep was done
        while not isinstance(app.screen, EffortScreen):
            await advance(pilot, app, 0.5)
        effort = app.screen
        assert len(effort.run.check.sets) == 5  # type: ignore[union-attr]
        assert "1 set skipped: not rated" in str(effort.query_one("#effort-sets").render())
        await pilot.press("3")
        while not isinstance(app.screen, SummaryScreen):
            await advance(pilot, app, 0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = app.screen
        title = str(summary.query_one("#summary-title").render())
        assert "\n5 sets done, 1 skipped — everything is saved." in title
        table = summary.query_one("#summary-table")
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][1:4] == ["left", "skipped · 3 · 3 (target 3)", "6 reps"]
        assert not summary.query_one(RatingList).entries  # rated, the skip is not asked for
        stored = stored_sets(app, summary.workout_id)
        assert [(s.skipped, s.effort) for s in stored][:2] == [(True, None), (False, 3)]


async def test_a_workout_with_every_set_skipped_says_nothing_was_trained(home: Path) -> None:
    app = make_app(home, start="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        for _ in range(6):
            if isinstance(app.screen, SummaryScreen):
                break
            await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        title = str(summary.query_one("#summary-title").render())
        assert "Every set was skipped (2): nothing was trained this time" in title
        assert not summary.query_one(RatingList).entries  # nothing to rate


async def test_a_workout_ended_before_its_first_set_says_so_whole(home: Path) -> None:
    app = make_app(home, start="tiny")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("q", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        title = str(summary.query_one("#summary-title").render())
        assert "No sets were finished — everything is saved." in title
        assert not summary.query_one("#summary-table").display
