"""GlutetuiApp: the Textual application (kept thin; screens live in glutetui.screens)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from glutetui.locations import Locations, resolve


class GlutetuiApp(App[None]):
    TITLE = "glutetui"

    def __init__(
        self, locations: Locations | None = None, start_program: str | None = None
    ) -> None:
        super().__init__()
        self.locations = locations or resolve()
        self.start_program = start_program

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("glutetui")
        yield Footer()
