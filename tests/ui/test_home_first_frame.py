"""Home's first frame is laid out for the terminal it is in: the size's classes, which
Textual sets only on its first resize (after that frame), are there from the start."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.geometry import Size
from textual.widgets import OptionList, Static

from glutetui.app import GlutetuiApp
from glutetui.screens.home import HomeScreen
from glutetui.widgets.messages import HomeLoaded
from glutetui.widgets.remote_code import RemoteCode
from glutetui.widgets.week_plan import WeekStrip
from tests.clock import FakeClock
from tests.ui.conftest import (
    computed_styles,
    loaded,
    make_app,
    resized,
    unfinished_workout,
    wait_until,
)


def app_with_a_workout(home: Path) -> GlutetuiApp:
    """The app on a home with a workout on record (one left unfinished)."""
    clock = FakeClock()
    unfinished_workout(home, clock)
    return make_app(home, clock)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((100, 30), {"-middle", "-tall"}),
        ((80, 24), {"-middle", "-short"}),
        ((60, 20), {"-narrow", "-short"}),
        ((200, 55), {"-wide", "-tall"}),
    ],
)
async def test_home_is_made_with_the_classes_textual_gives_it(
    tmp_path: Path, size: tuple[int, int], expected: set[str]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        made = HomeScreen(app.services)
        assert set(made.classes) == expected
        assert isinstance(app.screen, HomeScreen)
        breakpoints = {name for _, name in HomeScreen.HORIZONTAL_BREAKPOINTS}
        breakpoints |= {name for _, name in HomeScreen.VERTICAL_BREAKPOINTS}
        assert set(app.screen.classes) & breakpoints == expected


@pytest.mark.parametrize("size", [(60, 20), (70, 30), (80, 24), (81, 30), (100, 30)])
async def test_the_week_is_drawn_for_its_width_before_it_is_laid_out(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Home fills the week before its first frame, when the strip has no size yet: the
    width it reckons with then is the one layout gives it, so the week is drawn once
    (in words or compact) and nothing under it moves."""
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        strip = app.screen.query_one(WeekStrip)
        assert strip.size.width > 0
        assert strip.width_before_layout() == strip.size.width


async def test_a_resize_to_the_same_size_does_not_lay_home_out_again(tmp_path: Path) -> None:
    """Textual sends Home Resizes of the size it already has as it starts; each one
    laid the whole screen out and painted it again right after the first frame. Home
    lets them pass, and still follows a real change of size to its new breakpoints."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        # Home with its full figures, and the frame they brought painted: nothing of the
        # start is still to be laid out when the Resize comes.
        await loaded(app, pilot)
        frames: list[bool] = []
        app.screen.call_after_refresh(lambda: frames.append(True))
        await wait_until(pilot, lambda: frames, "the loaded Home painted")
        home = app.screen
        assert isinstance(home, HomeScreen)
        layouts: list[object] = []
        # Told at once, as the layout is published, not by a message Home reads later.
        home.screen_layout_refresh_signal.subscribe(home, layouts.append, immediate=True)

        home.post_message(events.Resize(home.size, home.size))
        await pilot.pause()
        assert layouts == []

        # Waited for, not paused for: on a busy machine the new size can take more than
        # one pause to reach Home.
        await resized(pilot, 60, 20)
        await wait_until(pilot, lambda: layouts, "a real resize lays Home out again")
        assert {"-narrow", "-short"} <= set(home.classes)
        assert home.size == Size(60, 20)


async def test_home_mounts_no_card_it_would_hide(tmp_path: Path) -> None:
    """Without the remote Home has no phone corner, and with a workout on record no
    safety line: nothing to style and lay out on the way to the first frame only to hide
    it. A new home has the safety line; the remote's corner comes when it is on (see
    test_remote_home)."""
    new = make_app(tmp_path / "new")
    async with new.run_test(size=(100, 30)) as pilot:
        await loaded(new, pilot)
        assert not new.screen.query_one("#safety").has_class("-hidden")
        assert not new.screen.query(RemoteCode)

    used = app_with_a_workout(tmp_path / "used")
    async with used.run_test(size=(100, 30)) as pilot:
        await loaded(used, pilot)
        screen = used.screen
        assert isinstance(screen, HomeScreen)
        assert screen.face is not None and screen.face.last is not None
        assert not screen.query("#safety")
        assert not screen.query(RemoteCode)
        # Filling the cards again with the same figures changes none of them.
        today = screen.query_one("#today", Static)
        before = today.content
        screen._fill(screen.face)
        assert today.content is before


async def test_the_status_line_is_mounted_where_the_layout_shows_it(tmp_path: Path) -> None:
    """The last workout is a line under Today only on a narrow screen (or beside the
    phone's corner): composed there, mounted on a resize that needs it, else absent."""
    narrow = make_app(tmp_path / "narrow")
    async with narrow.run_test(size=(60, 20)) as pilot:
        await loaded(narrow, pilot)
        status = narrow.screen.query_one("#today-status", Static)
        assert status.display and "No workouts yet." in str(status.render())

    app = make_app(tmp_path / "wide")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        home = app.screen
        assert not home.query("#today-status")
        await resized(pilot, 60, 20)
        await wait_until(pilot, lambda: home.query("#today-status"), "the status line mounted")
        status = home.query_one("#today-status", Static)
        assert status.display and "No workouts yet." in str(status.render())
        children = [w.id for w in home.children]
        assert children.index("today-status") == children.index("today") + 1


@pytest.mark.parametrize("size", [(60, 20), (100, 30), (160, 48)])
async def test_home_styled_at_mount_is_styled_as_a_full_restyle_would(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Home skips Textual's restyling of every widget on its first resume (they were
    styled as they were mounted, a moment before): restyling them all now changes
    nothing, in the styles or on the screen, whatever the cards shown."""
    home = tmp_path / "home"
    clock = FakeClock()
    unfinished_workout(home, clock)
    (home / "programs").mkdir(parents=True, exist_ok=True)
    (home / "programs" / "broken.toml").write_text('name = "B"\n[[block]]\nexercise = 7\n')
    app = make_app(home, clock)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert screen.query("#resume") and screen.query("#problems")
        await pilot.pause()
        before, shown = computed_styles(screen), app.export_screenshot()
        screen.update_node_styles(animate=False)
        await pilot.pause()
        assert computed_styles(screen) == before
        assert app.export_screenshot() == shown


async def test_the_programs_are_styled_once_and_focused_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With its figures in, Home gives the programs the focus as it makes them: they are
    styled as focused when mounted, and not again (the list and its five parts) on the
    way to the first frame. The highlighted program has the focused cursor, and the keys
    act on the list."""
    styled: list[str] = []
    apply = Stylesheet.apply

    def counted(self: Stylesheet, node: DOMNode, *args: object, **kwargs: object) -> None:
        if node.id == "program-choice":
            styled.append(node.id)
        apply(self, node, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "apply", counted)
    app = app_with_a_workout(tmp_path / "home")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        programs = screen.query_one("#program-choice", OptionList)
        assert styled == ["program-choice"]
        assert screen.focused is programs and programs.has_focus
        cursor = programs.get_component_styles("option-list--option-highlighted").background
        theme = app.get_css_variables()
        assert cursor == Color.parse(theme["block-cursor-background"])
        first = programs.highlighted
        await pilot.press("down")
        assert programs.highlighted == (first or 0) + 1


def test_home_data_handled_as_the_app_closes_starts_nothing(home: Path) -> None:
    """A quit before Home's figures came: they are read in a thread and can be handled
    while the app closes. Then they start nothing (no workout, no theme, no remote) and
    raise nothing; such a quit used to end on Textual's SignalError, since a closing app
    takes no new subscriptions."""
    app = make_app(home, start="tiny")
    assert not app.is_running
    app.on_home_loaded(HomeLoaded(app.services.home_data()))
    assert app.start_program == "tiny"  # still asked for, never started
    app.services.close()
