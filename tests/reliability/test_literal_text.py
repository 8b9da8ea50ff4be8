"""Text from the user's files is shown exactly as written, on every screen that shows
it: square brackets, dollar signs and escape-looking text are never read as markup."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from glutetui.app import GlutetuiApp
from glutetui.screens.exercises import ExercisesScreen
from glutetui.screens.programs import ProgramsScreen
from tests.clock import FakeClock
from tests.ui.conftest import loaded, make_app, start_program, workout
from tests.unit.test_catalog import USER_EXERCISE

NAME = "Clam [b]deluxe[/b] [red]"
CUE = "[i]Knees[/i] $accent"
PROGRAM_NAME = "[bold]Mine[/bold] [@click=app.quit]"
PROGRAM = f"""
name = '{PROGRAM_NAME}'
description = '[link=https://example.com]my own[/link] routine'

[[block]]
exercise = "my-clam"
sets = 1
reps = 2
tempo = [1, 0, 1]
"""


def screen_text(app: GlutetuiApp) -> str:
    """What the terminal would show, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def write_files(home: Path) -> None:
    (home / "exercises").mkdir(parents=True)
    (home / "programs").mkdir(parents=True)
    exercise = USER_EXERCISE.replace('name = "Clam [band] deluxe"', f"name = '{NAME}'").replace(
        'cues = ["Knees together at the feet", "Slow and steady"]',
        f"cues = ['{CUE}', 'Slow and steady']",
    )
    (home / "exercises" / "my-clam.toml").write_text(exercise)
    (home / "programs" / "mine.toml").write_text(PROGRAM)


async def test_user_text_shows_as_written_everywhere(isolated_home: Path) -> None:
    write_files(isolated_home)
    clock = FakeClock()
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert not app.services.catalog.problems
        assert PROGRAM_NAME in screen_text(app)

        await pilot.press("p")
        assert isinstance(app.screen, ProgramsScreen)
        options = app.screen.query_one("#program-options", OptionList)
        options.highlighted = options.get_option_index("mine")
        await pilot.pause()
        text = screen_text(app)
        assert PROGRAM_NAME in text and "[link=https://example.com]my own[/link]" in text
        await pilot.press("escape")

        await pilot.press("l")
        assert isinstance(app.screen, ExercisesScreen)
        await pilot.press(*"deluxe")
        await pilot.pause()
        text = screen_text(app)
        assert NAME in text and CUE in text  # the list and the exercise's page
        await pilot.press("escape")
        await pilot.pause()

        await start_program(pilot, app, "mine")
        clock.advance(1)
        workout(app).wake()
        await pilot.pause()
        assert NAME in screen_text(app)
        assert app.is_running  # the @click in the name did not quit anything
