"""Work done in a thread that fails says so in one line instead of vanishing.

glutetui's workers run with ``exit_on_error=False``, so a database that turns busy,
full or read-only mid-session never takes the app down; without this, the failure
would also leave a panel loading for ever with nothing said.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState, get_current_worker

from glutetui.platform.errors import Explained


def failure_text(error: BaseException | None) -> str:
    """One line about what went wrong: a StoreError (or any explained error) already
    reads as one."""
    if isinstance(error, Explained):
        return str(error)
    detail = str(error).splitlines()[0] if error is not None and str(error) else ""
    name = type(error).__name__ if error is not None else "unknown error"
    return f"{name}: {detail}" if detail else name


class ReportsFailures:
    """Mix into a widget, screen or app whose workers may fail.

    A plain class, not a DOMNode: Textual follows the first DOMNode base of a class
    for its CSS, so a DOMNode mixin would cut a screen off from Screen's styles.
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.worker_failed(failure_text(event.worker.error))

    def worker_failed(self, message: str) -> None:
        node = cast(DOMNode, self)
        node.app.notify(message, title="Could not finish", severity="error", timeout=10)


def deliver(node: DOMNode, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """From a thread worker: hand its result to the UI thread as a message to ``node``
    (never waiting for the screen to take it), unless the worker was cancelled meanwhile
    (the screen that asked has gone, or asked again)."""
    try:
        worker = get_current_worker()
    except RuntimeError:
        worker = None  # called outside a worker: nothing to ask
    if worker is not None and worker.is_cancelled:
        return
    node.call_later(callback, *args, **kwargs)
