"""Textual's command palette, made safe against keys that arrive while it closes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from glutetui.services import Services

# Textual's commands kept: the theme and quitting (its others do nothing useful here).
_TEXTUAL_COMMANDS = {"Theme", "Quit"}
# Every screen, by the name its key has on Home: from any screen, each is listed once.
_SCREENS = (
    ("History", "history", "Open the history: workouts, trends, calendar, balance, records"),
    ("Programs", "programs", "Open the programs"),
    ("Exercises", "exercises", "Open the exercise library"),
    ("Self-test", "selftest", "Open the single-leg stance self-test"),
    ("Settings", "settings", "Open the settings"),
    ("Help", "help", "Open Help: what glutetui does and every key"),
)
# History's key for the report has this description; elsewhere the palette offers the
# same command under the same title, so it is listed once wherever it is opened.
REPORT_TITLE = "Report for your physiotherapist"


class Palette(CommandPalette):
    """The command palette, deaf to typing once it has left the screen stack.

    Keys that arrive together — a clicker's burst, a key pressed as Escape lands — can
    reach the palette's input after Escape has already dismissed it. Textual would then
    start a fresh search whose results go to a list that has been taken down, and the
    failed search would end the app. Typing that reaches a closed palette is dropped
    here before that search starts.
    """

    @on(Input.Changed)
    def _drop_typing_once_closed(self, event: Input.Changed) -> None:
        if self not in self.app.screen_stack:
            event.prevent_default()  # the base class's handler would start the search
            event.stop()


def commands(
    screen: Screen[Any],
    services: Services,
    textual: Iterable[SystemCommand],
    *,
    navigate: Callable[[str], None],
    run_action: Callable[[str, DOMNode], Any],
    in_workout: bool,
) -> Iterator[SystemCommand]:
    """glutetui's commands, each once: the screen's keys (with the key as help), then,
    outside a workout, every screen, the report and every program; Textual's theme
    and quit."""
    from glutetui.intents import StartProgram, WriteReport

    seen: set[str] = set()

    def first(command: SystemCommand) -> bool:
        if command.title in seen:
            return False
        seen.add(command.title)
        return True

    app = screen.app
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or not binding.description:
            continue
        if binding.action in ("app.command_palette", "command_palette"):
            continue  # the palette itself
        command = SystemCommand(
            binding.description,
            f"Key: {app.get_key_display(binding) or key}",
            partial(run_action, binding.action, active.node),
        )
        if first(command):
            yield command
    if not in_workout:
        for title, name, help_text in _SCREENS:
            command = SystemCommand(title, help_text, partial(navigate, name))
            if first(command):
                yield command
        report = SystemCommand(
            REPORT_TITLE,
            "Write the last six weeks to an HTML file in your home folder",
            partial(services.path.send, WriteReport()),
        )
        if first(report):
            yield report
        for program in services.catalog.programs.values():
            command = SystemCommand(
                f"Start {program.name}",
                program.description or f"Start the program {program.id}",
                partial(services.path.send, StartProgram(program=program.id)),
            )
            if first(command):
                yield command
    for command in textual:
        if command.title in _TEXTUAL_COMMANDS and first(command):
            yield command
