"""The weekly plan on screen: set in Settings with the mouse and the keyboard, saved
to settings.toml, and shown on Home as this week with the next session."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input

from glutetui.platform.settings import PlanEntry, load_settings
from glutetui.schedule.days import DayState
from glutetui.screens.settings import SettingsScreen
from glutetui.widgets.week_plan import LOOK, WeekStrip
from tests.ui.conftest import loaded, make_app, wait_until

SIZE = (100, 40)


def week_text(app: object) -> str:
    strip = app.screen.query_one("#home-week", WeekStrip)  # type: ignore[attr-defined]
    return str(strip.render())


async def test_monday_and_thursday_at_half_past_seven_from_settings_to_home(home: Path) -> None:
    app = make_app(home)  # the fake clock reads Monday 5 January 2026, 18:00 UTC
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        # Nothing chosen: the program in use at its default days, Mon/Wed/Fri 18:00.
        assert "Mon ● today" in week_text(app) and "Wed ○ to come" in week_text(app)
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        index = next(i for i, p in enumerate(screen._programs) if p.id == "tv-floor")
        for day in ("mon", "thu"):  # with the mouse
            box = screen.query_one(f"#plan-{index}-{day}", Checkbox)
            box.scroll_visible(animate=False)
            await pilot.pause()
            assert await pilot.click(box)
            await pilot.pause()
            assert box.value
        field = screen.query_one(f"#plan-{index}-time", Input)  # and the keyboard
        field.focus()
        field.value = ""
        await pilot.press(*"07:30", "enter")
        await pilot.pause()
        await pilot.press("tab", "tab")  # leaving other programs' rows changes nothing
        await app.workers.wait_for_complete()
        await pilot.pause()
        wanted = {"tv-floor": PlanEntry(days=("mon", "thu"), time="07:30")}
        assert app.services.settings.plan == wanted
        await wait_until(  # saved off the event loop
            pilot,
            lambda: load_settings(home / "settings.toml").settings.plan == wanted,
            "the plan saved to settings.toml",
        )
        assert load_settings(home / "settings.toml").settings.plan == wanted
        await pilot.press("escape")
        await loaded(app, pilot)
        await pilot.pause()
        text = week_text(app)
        assert "Mon ● today" in text and "Thu ○ to come" in text and "Wed ·" in text
        strip = app.screen.query_one("#home-week", WeekStrip)
        assert "Thu 07:30 · Floor routine for the TV" in str(strip.border_subtitle)


async def test_a_time_that_is_not_a_time_is_not_saved(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        index = next(i for i, p in enumerate(screen._programs) if p.id == "tv-floor")
        screen.query_one(f"#plan-{index}-mon", Checkbox).value = True
        await pilot.pause()
        field = screen.query_one(f"#plan-{index}-time", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"7.30", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.services.settings.plan == {"tv-floor": PlanEntry(days=("mon",))}
        assert field.value == "18:00"
        status = str(screen.query_one("#settings-status").render())
        assert "HH:MM" in status and "nothing saved" in status


async def test_a_week_planned_every_day_says_its_states_in_words_only_where_they_fit() -> None:
    """Seven planned days in words take 97 columns here: the strip says them in words
    only where that fits one line, else by their marks, and follows the terminal's
    width."""
    from textual.app import App, ComposeResult

    from glutetui.readouts.home_face import DayShown
    from glutetui.schedule.days import DAY_SHORT, DayState

    states = [DayState.DONE, DayState.MISSED, DayState.TODAY] + [DayState.TO_COME] * 4
    days = [DayShown(DAY_SHORT[i], s.value, True) for i, s in enumerate(states)]

    class Strip(App[None]):
        def compose(self) -> ComposeResult:
            yield WeekStrip(id="home-week")

        def on_mount(self) -> None:
            self.query_one(WeekStrip).show(days, None)

    app = Strip()
    async with app.run_test(size=(90, 10)) as pilot:
        await pilot.pause()
        strip = app.query_one(WeekStrip)
        text = str(strip.render())
        assert "Mon ✓  Tue ✗  Wed ●" in text and "to come" not in text
        assert strip.size.height == 1
        await pilot.resize_terminal(120, 10)
        await wait_until(pilot, lambda: "to come" in str(strip.render()), "the week in words")
        text = str(strip.render())
        assert text.startswith("Mon ✓ done  Tue ✗ missed  Wed ● today  Thu ○ to come")
        assert strip.size.height == 1
        await pilot.resize_terminal(96, 10)
        await wait_until(pilot, lambda: "to come" not in str(strip.render()), "marks again")
        assert strip.size.height == 1


def test_the_strip_has_a_look_for_every_state_a_day_can_be_in() -> None:
    """The strip keys its marks by the states' values (Home's face carries them as
    words), without loading the enum on the way to Home's first frame: the same words."""
    assert set(LOOK) == {state.value for state in DayState}
    assert LOOK[DayState.DONE][1] == DayState.DONE.value
