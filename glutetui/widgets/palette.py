"""Textual's command palette, made safe against keys that arrive while it closes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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

# Textual's own commands, which the screen's keys must not repeat.
_TEXTUAL_COMMANDS = {"Theme", "Quit", "Keys", "Screenshot", "Maximize", "Minimize"}
_SCREENS = (
    ("Open History", "history"),
    ("Open Programs", "programs"),
    ("Open the exercise library", "exercises"),
    ("Open the self-test", "selftest"),
    ("Open Settings", "settings"),
    ("Open Help", "help"),
)


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
    *,
    navigate: Callable[[str], None],
    run_action: Callable[[str, DOMNode], Any],
    in_workout: bool,
) -> Iterator[SystemCommand]:
    """Every key of the screen; outside a workout, every screen and every program too."""
    from glutetui.intents import StartProgram

    seen = set(_TEXTUAL_COMMANDS)
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or not binding.description or binding.description in seen:
            continue
        seen.add(binding.description)
        yield SystemCommand(
            binding.description,
            f"Key: {binding.key_display or key}",
            partial(run_action, binding.action, active.node),
        )
    if in_workout:
        return  # a workout's palette holds only its own keys
    for title, name in _SCREENS:
        yield SystemCommand(title, f"Go to {name}", partial(navigate, name))
    for program in services.catalog.programs.values():
        yield SystemCommand(
            f"Start {program.name}",
            program.description or f"Start the program {program.id}",
            partial(services.path.send, StartProgram(program=program.id)),
        )
