"""A History panel: it loads its figures in a worker the first time it is shown,
with Textual's loading indicator over it meanwhile, so the screen never freezes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.containers import Vertical

from glutetui.widgets.failures import ReportsFailures

if TYPE_CHECKING:
    from glutetui.services import Services


class Panel(ReportsFailures, Vertical):
    """Subclasses compute (in a thread) and show (on the UI thread)."""

    def __init__(
        self, services: Services, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.services = services
        self.loaded = False

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        self.loaded = True
        self.loading = True
        self.fetch()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def fetch(self) -> None:
        data = self.compute(self.services)
        self.app.call_from_thread(self._deliver, data)

    def _deliver(self, data: Any) -> None:
        self.loading = False
        self.show(data)

    def worker_failed(self, message: str) -> None:
        # Stop the spinner and let the next visit try again.
        self.loading = False
        self.loaded = False
        super().worker_failed(message)

    def compute(self, services: Services) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def show(self, data: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError
