"""A line of text whose ``text`` is a reactive: it redraws only when the text changes.

The workout screen sets its lines on every tick; most of them keep their text for
many ticks, and a Static's update always repaints. Textual's reactive compares
the new value with the old and calls the watcher only on a change, which keeps a
running workout cheap on CPU.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import var
from textual.widgets import Static


class Line(Static):
    """A Static driven by a reactive ``text`` (compared by its plain text)."""

    text: var[Content | str] = var("", init=False)

    def __init__(self, *, id: str | None = None, layout: bool = False) -> None:
        super().__init__("", id=id)
        # Fixed-size lines need no layout pass when their text changes; the cue's
        # height follows its text, so it asks for one.
        self.relayout = layout

    def watch_text(self, text: Content | str) -> None:
        self.update(text, layout=self.relayout)
