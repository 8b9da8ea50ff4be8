"""Textual's command palette, made safe against keys that arrive while it closes."""

from __future__ import annotations

from textual import on
from textual.command import CommandPalette
from textual.widgets import Input


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
