"""A problem that stops the app from working (a database it must not touch, say),
shown as one clear message instead of a traceback."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from glutetui.screens.styled import StyledOnMount
from glutetui.widgets.keybar import KeyBar


class ProblemScreen(StyledOnMount, Screen[None]):
    CSS_PATH = Path(__file__).with_name("problem.tcss")
    BINDINGS = [Binding("q,escape,enter", "app.quit", "Quit", id="problem-quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="problem"):
            yield Static("glutetui cannot start", id="problem-title")
            yield Static(Content(self.message), id="problem-message")
            yield Static(
                Content("Nothing was changed. Fix the cause, or start with --home DIR elsewhere."),
                id="problem-hint",
            )
        yield KeyBar()
