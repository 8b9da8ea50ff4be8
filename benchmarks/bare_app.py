"""The baseline for start-up: a bare Textual app with one Static and nothing else.

    python benchmarks/bare_app.py

Run as a script, the way a small Textual program is, and left running until the
benchmark closes its terminal.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

TEXT = "bare Textual app: ready"  # what the benchmark waits to see


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(TEXT)


if __name__ == "__main__":
    Bare().run()
