"""What ``glutetui start`` draws first: the workout opening, not Home.

Home is still made first, as the bottom of the stack (the summary goes back to it,
and its loading brings the services up), but this screen is pushed over it before
the app's first frame, so Home is never drawn on the way to the workout. It is in the
get-ready colours and says what is happening; the workout screen takes its place as
soon as the workout has been opened. It has no keys of its own: a key pressed while
it waits reaches nothing but the app's own (quit, help).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from glutetui.screens.styled import StyledOnMount
from glutetui.widgets.bigtext import BigText
from glutetui.widgets.messages import Changed


class StartingScreen(StyledOnMount, Screen[None]):
    """The workout on its way: shown from the first frame until it is ready."""

    CSS_PATH = Path(__file__).with_name("starting.tcss")

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("◐ glutetui", "bold")), id="starting-bar")
        yield BigText("STARTING", id="starting-word")
        yield Static(Content("Opening your workout…"), id="starting-what")

    def on_changed(self, event: Changed) -> None:
        """The workout could not be opened (the app says why): Home, with the reason."""
        if event.change.topic == "problem":
            self.give_up()

    def give_up(self) -> None:
        if self.is_current:
            self.dismiss()
