"""A progress bar on the terminal for long work (an import, an export, a report, a long
history), drawn on stderr and only when stderr is a terminal: piped or redirected output
stays exactly the data.

The core reports how far it is with plain numbers (``Progress``: done, total); this is
where they become a bar. Rich is imported only once a bar is to be drawn.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# Work that ends sooner than this never shows a bar (no flash on a short history).
SHOW_AFTER_SECONDS = 0.4

Advance = Callable[[int, int], None]  # (done, total), total 0 when not known


@contextmanager
def progress_bar(what: str, unit: str) -> Iterator[Advance]:
    """``with progress_bar("Importing", "MB") as advance: … advance(done, total)``.

    Draws "Importing ━━━━━━━━━━━━━━ 12/40 MB 0:00:03" on stderr once the work has gone
    on for more than a moment (a timer, so a long first step shows too), and clears it
    at the end. Nothing at all when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield _nothing
        return
    lock = threading.Lock()
    latest = [0, 0]  # done, total
    shown: list[Any] = []  # the Rich Progress and its task, once drawn
    ended = False

    def show() -> None:
        with lock:
            if ended or shown:
                return
            shown.extend(_start(what, unit))
            _update(shown, *latest)

    def advance(done: int, total: int) -> None:
        with lock:
            latest[:] = [done, total]
            if shown:
                _update(shown, done, total)

    timer = threading.Timer(SHOW_AFTER_SECONDS, show)
    timer.daemon = True
    timer.start()
    try:
        yield advance
    finally:
        timer.cancel()
        with lock:
            ended = True
            if shown:
                shown[0].stop()


def _update(shown: list[Any], done: int, total: int) -> None:
    bar, task = shown
    bar.update(task, completed=done, total=total or None)


def _nothing(done: int, total: int) -> None:
    pass


def _start(what: str, unit: str) -> tuple[Any, Any]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        transient=True,
        # Left alone: the data goes to stdout as it is, never through the bar's console.
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = bar.add_task(what, total=None)
    bar.start()
    return bar, task
