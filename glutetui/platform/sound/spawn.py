"""Starting the child processes that speak and play sounds, quietly and detached.

Speech and sounds run as child processes so nothing the UI does waits on them. A
child gets no shell, nothing to read, nowhere to write and its own session, so it
can neither touch the terminal the app owns nor be stopped by the terminal's keys.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from typing import Protocol

Spawn = Callable[[Sequence[str]], "Child"]


class Child(Protocol):
    """The part of a running process the sound layer needs (Popen fits)."""

    def poll(self) -> int | None: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...

    def wait(self, timeout: float | None = None) -> int: ...


def spawn_quietly(argv: Sequence[str]) -> Child:
    """Start a child with no shell, nothing to read or write, detached from the terminal."""
    return subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
        start_new_session=True,
        shell=False,
    )
