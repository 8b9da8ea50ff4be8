"""Pilot tests and snapshots of the library, programs, self-test, settings and help."""

from __future__ import annotations

import stat
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Switch

from glutetui.app import GlutetuiApp
from glutetui.coaching.stance import StancePhase
from glutetui.platform.settings import load_settings
from glutetui.screens.exercises import ExercisesScreen
from glutetui.screens.help import HelpScreen
from glutetui.screens.programs import ProgramsScreen
from glutetui.screens.selftest import SelfTestScreen
from glutetui.screens.settings import SettingsScreen
from glutetui.screens.workout import WorkoutScreen
from tests.clock import FakeClock
from tests.factories import CLAM, dose
from tests.ui.conftest import loaded, make_app, start_program, started, wait_until

SIZE = (100, 30)
SIZES = [(100, 30), (60, 20)]


async def open_screen(app: GlutetuiApp, pilot: Pilot[None], key: str) -> Any:
    await loaded(app, pilot)
    await pilot.press(key)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen


def listed(screen: ExercisesScreen) -> list[str]:
    options = screen.query_one("#library-options", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


# --- the library ------------------------------------------------------------------------------


async def test_search_finds_clamshells(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "l")
        assert isinstance(screen, ExercisesScreen)
        assert len(listed(screen)) >= 28
        await pilot.press("slash", *"clamshell", "enter")
        await pilot.pause()
        ids = listed(screen)
        assert "clamshell" in ids and "wall-clamshell" in ids and "glute-bridge" not in ids
        assert screen.selected == "clamshell"
        detail = str(screen.query_one("#exercise-detail").render())
        assert "Setup" in detail and "Form cues" in detail and "Common mistakes" in detail


async def test_filters_narrow_the_list(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "l")
        catalog = app.services.catalog
        screen.query_one("#filter-position", Select).value = "standing"
        await pilot.pause()
        assert all(catalog.exercises[i].position == "standing" for i in listed(screen))
        screen.query_one("#filter-family", Select).value = "band-walk"
        await pilot.pause()
        assert listed(screen) == ["lateral-band-walk", "monster-walk"]
        screen.query_one("#filter-family", Select).clear()
        screen.query_one("#filter-position", Select).clear()
        screen.query_one("#filter-equipment", Select).value = "step"
        await pilot.pause()
        assert listed(screen) == ["pelvic-drop"]
        screen.query_one("#filter-equipment", Select).clear()
        screen.query_one("#filter-level", Select).value = "hard"
        await pilot.pause()
        assert all(catalog.exercises[i].level >= 8 for i in listed(screen))


async def test_typing_in_the_list_searches(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "l")
        assert isinstance(screen.focused, OptionList)
        await pilot.press(*"hydrant")
        await pilot.pause()
        assert screen.query_one("#library-search", Input).value == "hydrant"
        assert listed(screen) == ["fire-hydrant"]


async def test_neighbours_are_navigable(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "l")
        await pilot.press("slash", *"clamshell", "enter")
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.selected == "wall-clamshell"
        assert screen.query_one("#library-search", Input).value == ""
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.selected == "raised-clamshell"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert screen.selected == "clamshell"


async def test_an_exercise_shows_the_users_dose_and_history(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        with app.services.store.write() as db:
            change = dose("clamshell", 3, 14, band="light")
            db.doses.change(CLAM, change, "because", app.clock.now())
        screen = await open_screen(app, pilot, "l")
        await pilot.press("slash", *"clamshell", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        detail = str(screen.query_one("#exercise-detail").render())
        # The change was earned in the floor routine: only its block moved.
        assert (
            "Floor routine for the TV: 3 × 14 reps each side, light band at the knees "
            "(your dose)" in detail
        )
        assert "Tiny test: 1 × 3 reps each side\n" in detail
        assert "because" in detail


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (100, 30)])
async def test_the_exercise_list_keeps_rows_on_small_terminals(
    home: Path, size: tuple[int, int]
) -> None:
    """Search and four filters once took every row of the list on an 80×24 terminal."""
    app = make_app(home)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        screen = await open_screen(app, pilot, "l")
        await pilot.pause()
        options = screen.query_one("#library-options", OptionList)
        assert options.scrollable_content_region.height >= 5
        assert screen.query_one("#exercise-detail").region.height >= 5
        search = screen.query_one("#library-search", Input)
        assert search.compact == (size[1] < 30) and search.region.height == (
            1 if search.compact else 3
        )


# --- programs ----------------------------------------------------------------------------------


async def test_programs_show_blocks_and_start(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "p")
        assert isinstance(screen, ProgramsScreen)
        assert screen.selected is not None
        table = screen.query_one("#program-blocks")
        assert table.row_count > 0  # type: ignore[attr-defined]
        assert "min" in str(screen.query_one("#program-title").render())
        await pilot.press("s")
        await started(pilot, app)
        assert isinstance(app.screen, WorkoutScreen)


async def test_make_my_own_copy_writes_an_editable_file(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "p")
        screen.selected = "tv-floor"
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        path = home / "programs" / "my-tv-floor.toml"
        assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
        data = tomllib.loads(path.read_text())
        assert data["name"] == "Floor routine for the TV (my copy)"
        assert len(data["block"]) == len(app.services.catalog.programs["tv-floor"].blocks)
        assert "my-tv-floor" in app.services.catalog.programs
        assert screen.selected == "my-tv-floor"
        await pilot.press("c")  # a second copy takes the next free name
        await app.workers.wait_for_complete()
        assert (home / "programs" / "my-tv-floor-2.toml").is_file()


async def test_reload_reports_a_broken_file_and_keeps_going(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "p")
        (home / "programs" / "broken.toml").write_text('name = "B"\n[[block]]\nexercise = 7\n')
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        problems = str(screen.query_one("#programs-problems").render())
        assert "programs/broken.toml: block[1].exercise" in problems
        assert not screen.query_one("#programs-problems").has_class("-hidden")
        assert "tiny" in app.services.catalog.programs


# --- self-test -----------------------------------------------------------------------------


async def test_a_full_self_test_with_a_fake_clock(home: Path) -> None:
    clock = FakeClock()
    app = make_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "t")
        assert isinstance(screen, SelfTestScreen)
        assert screen.stage is not None and screen.stage.target == 30
        await pilot.press("s")
        run = screen.run
        assert run is not None and run.phase is StancePhase.READY
        clock.advance(10)  # past the get-ready countdown: holding the left leg
        screen.wake()
        assert run.phase is StancePhase.HOLD and run.side == "left"
        clock.advance(12.4)
        await pilot.press("space")  # the foot came down
        assert run.phase is StancePhase.ASK
        await pilot.press("n")  # the hip dropped
        assert run.side == "right" and run.phase is StancePhase.READY
        clock.advance(10)
        screen.wake()
        clock.advance(40)  # holds to the 30 s target by itself
        screen.wake()
        assert run.phase is StancePhase.ASK
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.services.writer.drain()  # each side is written by the writer, in order
        with app.services.store.read() as db:
            tests = db.self_tests.listed()
        assert [(t.side, t.hold_seconds, t.level) for t in tests] == [
            ("left", 12.4, False),
            ("right", 30.0, True),
        ]
        assert len(screen.history) == 1
        assert "hip dropped on the left side" in str(screen.query_one("#selftest-intro").render())


async def test_passing_both_sides_moves_to_the_next_stage(home: Path) -> None:
    clock = FakeClock()
    app = make_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "t")
        await pilot.press("s")
        for _ in range(2):
            clock.advance(100)
            screen.wake()
            await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.stage is not None and screen.stage.target == 45
        assert "next time, try 45 s, eyes open" in str(screen.query_one("#selftest-intro").render())


# --- settings ------------------------------------------------------------------------------------


async def test_each_setting_takes_effect_and_is_saved(home: Path) -> None:
    settings_file = home / "settings.toml"
    settings_file.write_text("# my note\nspeech = false\n")
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "o")
        assert isinstance(screen, SettingsScreen)
        for key, attr in (("sounds", "sounds"), ("rep_ticks", "rep_ticks"), ("speech", "speech")):
            switch = screen.query_one(f"#set-{key}", Switch)
            switch.value = not switch.value
            await pilot.pause()
            assert getattr(app.sound, attr) == switch.value
            assert getattr(app.services.settings, key) == switch.value
        for key, value in (
            ("get_ready", "4"),
            ("switch_pause", "2"),
            ("default_rest", "17"),
            ("speech_rate", "200"),
        ):
            field = screen.query_one(f"#set-{key}", Input)
            field.focus()
            field.value = value
            await pilot.pause()
            await pilot.press("enter")  # a number is saved when it is confirmed
            await pilot.pause()
            assert getattr(app.services.settings, key) == int(value)
        assert app.sound.speaker.rate == 200
        screen.query_one("#set-weaker_side_first", Switch).value = False
        screen.query_one("#set-theme", Select).value = "nord"
        await pilot.pause()
        assert app.theme == "nord" and not app.services.settings.weaker_side_first
        for worker in [w for w in app.workers if w.group == "settings"]:
            await worker.wait()  # the saves (other workers may be cancelled meanwhile)
        saved = load_settings(settings_file).settings
        assert saved == app.services.settings
        assert settings_file.read_text().startswith("# my note")
        # The next workout uses the new pauses and rest.
        await pilot.press("escape")
        plan = (await start_program(pilot, app, "three")).session.engine.plan
        assert (plan.get_ready, plan.switch, plan.blocks[0].rest) == (4, 2, 5)


async def test_an_out_of_range_number_is_never_saved(home: Path) -> None:
    settings_file = home / "settings.toml"
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "o")
        field = screen.query_one("#set-get_ready", Input)
        field.focus()
        field.value = ""
        await pilot.press("9", "9", "9")
        await pilot.pause()
        status = screen.query_one("#settings-status")
        # Typing saves nothing, not even the "99" on the way to "999".
        assert app.services.settings.get_ready == 10 and not settings_file.exists()
        assert "from 0 to 120" in str(status.render())
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.services.settings.get_ready == 10 and not settings_file.exists()
        assert field.value == "10"  # the field shows what is kept
        assert "kept 10, nothing saved" in str(status.render())
        await pilot.press("ctrl+a")
        field.value = "15"
        await pilot.press("tab")  # leaving the field confirms it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert load_settings(settings_file).settings.get_ready == 15
        assert "Saved" in str(status.render())


@pytest.mark.parametrize(
    ("content", "kept"),
    [("# mine\nsounds = 'loud'\n", False), ("sounds = = true\n", True)],
)
async def test_a_broken_settings_file_is_reported_then_mended(
    home: Path, content: str, kept: bool
) -> None:
    (home / "settings.toml").write_text(content)
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "o")
        note = screen.query_one("#settings-problem")
        assert not note.has_class("-hidden") and "settings.toml" in str(note.render())
        screen.query_one("#set-rep_ticks", Switch).value = True
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert (home / "settings.toml.broken").exists() is kept
        if kept:
            assert (home / "settings.toml.broken").read_text() == content
        else:
            assert (home / "settings.toml").read_text().startswith("# mine")
        loaded_again = load_settings(home / "settings.toml")
        assert loaded_again.problem is None and loaded_again.settings.rep_ticks


# --- help and the palette ------------------------------------------------------------------


async def test_help_opens_with_question_mark(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, "question_mark")
        assert isinstance(screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_palette_offers_every_key_and_every_program(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        names = {c.title for c in app.get_system_commands(app.screen)}
        for title in (
            "Start today's",
            "History",
            "Programs",
            "Exercises",
            "Self-test",
            "Settings",
            "Help",
            "Quit",
        ):
            assert title in names, title
        for program in app.services.catalog.programs.values():
            assert f"Start {program.name}" in names
        start = next(c for c in app.get_system_commands(app.screen) if c.title == "Start Three")
        start.callback()
        await started(pilot, app)
        assert isinstance(app.screen, WorkoutScreen)
        workout_names = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Pause", "Next", "Back", "End", "Voice on/off", "Sounds on/off"} <= workout_names
        assert not any(n.startswith("Start ") for n in workout_names)


GENERIC = {"Keys", "Screenshot", "Maximize", "Minimize"}


@pytest.mark.parametrize("key", [None, "h", "p", "l", "t", "o", "question_mark"])
async def test_the_palette_lists_each_command_once_from_any_screen(
    home: Path, key: str | None
) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        if key is None:
            await loaded(app, pilot)
        else:
            await open_screen(app, pilot, key)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles)), titles
        assert not GENERIC & set(titles)
        assert titles.count("Theme") == 1 and titles.count("Quit") == 1
        assert not any(t.startswith(("Open ", "Go to")) for t in titles)  # "Settings", once
        assert not {"Focus Next", "Copy selected text", "Up", "Scroll Up"} & set(titles)
        screens = {"History", "Programs", "Exercises", "Self-test", "Settings", "Help"}
        assert len(screens - set(titles)) == (0 if key is None else 1)  # all but the one shown
        assert "Report for your physiotherapist" in titles


async def test_typing_report_in_the_palette_on_home_writes_the_report(
    home: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report for the physiotherapist is one command away from Home: it is written
    off the screen's thread into the home folder, and the app says where."""
    app = make_app(home)
    said: list[str] = []
    notify = app.notify

    def noted(message: str, **options: Any) -> None:
        said.append(message)
        notify(message, **options)

    monkeypatch.setattr(app, "notify", noted)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"report")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, CommandPalette)
                and app.screen.query_one(CommandList).highlighted is not None
            ),
            "the palette's first match, highlighted",
        )
        await pilot.press("enter")
        folder = isolated_home.parent / "user"  # $HOME in the tests
        await wait_until(
            pilot,
            lambda: any("Wrote the report" in line for line in said),
            "the report written and said so",
        )
        written = list(folder.glob("glutetui-report-*.html"))
        assert len(written) == 1
        assert "Writing the report for your physiotherapist…" in said
        (where,) = [line for line in said if "Wrote the report" in line]
        assert str(written[0]) in where


@pytest.mark.parametrize("keys", [("ctrl+p", "escape", "g"), ("escape", "2", "ctrl+p", "g", "up")])
async def test_typing_into_a_closing_palette_is_dropped(home: Path, keys: tuple[str, ...]) -> None:
    """Keys that arrive together (a clicker, a burst) can reach the palette's input after
    Escape has closed it; that typing must not start a search over a list that is gone."""
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await open_screen(app, pilot, "t")
        for key in keys:
            app.simulate_key(key)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert not isinstance(app.screen, CommandPalette)


# --- snapshots ---------------------------------------------------------------------------------

Compare = Callable[..., bool]


def shoot(snap_compare: Compare, home: Path, size: tuple[int, int], key: str, *then: str) -> None:
    app = make_app(home, FakeClock())

    async def run_before(pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, key)
        if then:
            await pilot.press(*then)
            await app.workers.wait_for_complete()
            await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_exercises(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    shoot(snap_compare, home, size, "l", "slash", *"clamshell", "enter")


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_programs(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    shoot(snap_compare, home, size, "p")


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_selftest(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    shoot(snap_compare, home, size, "t")


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_selftest_running(
    snap_compare: Compare, home: Path, size: tuple[int, int]
) -> None:
    shoot(snap_compare, home, size, "t", "s", "space")


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_settings(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    shoot(snap_compare, home, size, "o")


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_help(snap_compare: Compare, home: Path, size: tuple[int, int]) -> None:
    shoot(snap_compare, home, size, "question_mark")
