"""A History panel: given its figures, it draws them. It never reads the history itself.

A panel asks for its data by posting :class:`Panel.Wanted` with what it wants (a
page of the list, an exercise and a window of the trends); the History screen reads it
in a worker, through the readouts, and hands it back with :meth:`Panel.deliver`.
Textual's loading indicator covers the panel meanwhile, so the screen never freezes.
"""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget

from glutetui.widgets.failures import ReportsFailures


class Panel(ReportsFailures, Vertical):
    """Subclasses say what they want (:attr:`wants`) and draw what comes (:meth:`show`)."""

    class Wanted(Message):
        """A panel wants its figures (again)."""

        def __init__(self, panel: Panel, wants: Any) -> None:
            super().__init__()
            self.panel = panel
            self.wants = wants

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.loaded = False

    @property
    def wants(self) -> Any:
        """What to read for this panel; None for its only view."""
        return None

    def focus_target(self) -> Widget | None:
        """What takes the keys when the panel's tab is shown: its first focusable
        widget (a table answers the arrows and Enter), None when it has none."""
        return next((w for w in self.query("*") if w.focusable), None)

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        self.loaded = True
        self.loading = True
        self.post_message(self.Wanted(self, self.wants))

    def deliver(self, data: Any) -> None:
        self.loading = False
        self.show(data)

    def failed(self, message: str) -> None:
        # Stop the spinner and let the next visit try again.
        self.loading = False
        self.loaded = False
        self.worker_failed(message)

    def show(self, data: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError
