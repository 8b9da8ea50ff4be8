"""Textual's command palette, made safe against keys that arrive while it closes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from glutetui.catalog import Program
    from glutetui.intents import Intent

# Textual's commands kept: the theme and quitting (its others do nothing useful here).
_TEXTUAL_COMMANDS = {"Theme", "Quit"}
# Every screen, by the name its key has on Home (and the class showing it): from any
# other screen, each is listed once.
_SCREENS = (
    ("History", "history", "HistoryScreen", "Workouts, trends, calendar, balance, records"),
    ("Programs", "programs", "ProgramsScreen", "The programs, to start one or make your own"),
    ("Exercises", "exercises", "ExercisesScreen", "The exercise library"),
    ("Self-test", "selftest", "SelfTestScreen", "The single-leg stance self-test"),
    ("Settings", "settings", "SettingsScreen", "Sounds, voice, pauses, theme"),
    ("Help", "help", "HelpScreen", "What glutetui does, and every key"),
)
# History's key for the report has this as its tooltip (the key bar shows the short
# "Report"); elsewhere the palette offers the same command under the same title, so it
# is listed once wherever it is opened.
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
    programs: Iterable[Program],
    send: Callable[[Intent], None],
    textual: Iterable[SystemCommand],
    *,
    navigate: Callable[[str], None],
    run_action: Callable[[str, DOMNode], Any],
    in_workout: bool,
) -> Iterator[SystemCommand]:
    """glutetui's commands, each once: the keys glutetui gave the screen (with the key
    as help), then, outside a workout, every other screen, the report and every
    program; of Textual's, the theme and quit. A key's command is titled by its
    tooltip when it has one (the longer words), else by what the key bar shows."""
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
        if not active.enabled or not binding.description or not _ours(active.node, binding):
            continue
        command = SystemCommand(
            binding.tooltip or binding.description,
            f"Key: {app.get_key_display(binding) or key}",
            partial(run_action, binding.action, active.node),
        )
        if first(command):
            yield command
    if not in_workout:
        for title, name, shown_by, help_text in _SCREENS:
            if type(screen).__name__ == shown_by:
                continue  # the screen already in front
            command = SystemCommand(title, help_text, partial(navigate, name))
            if first(command):
                yield command
        report = SystemCommand(
            REPORT_TITLE,
            "Write the last six weeks to an HTML file in your home folder",
            partial(send, WriteReport()),
        )
        if first(report):
            yield report
        for program in programs:
            command = SystemCommand(
                f"Start {program.name}",
                program.description or f"Start the program {program.id}",
                partial(send, StartProgram(program=program.id)),
            )
            if first(command):
                yield command
    for command in textual:
        if command.title in _TEXTUAL_COMMANDS and first(command):
            yield command


def _ours(node: DOMNode, binding: Binding) -> bool:
    """Whether glutetui declared the binding (a screen's, a widget's or the app's own):
    Textual's generic ones (moving a cursor, focus next, copy text) are no commands."""
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("glutetui."):
            continue
        for item in cls.__dict__.get("BINDINGS", ()):
            declared = Binding(*item) if isinstance(item, tuple) else item
            if (declared.action, declared.description) == (binding.action, binding.description):
                return True
    return False
