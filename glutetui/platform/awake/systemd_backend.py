"""The Linux fallback: ``systemd-inhibit`` holding logind's idle and sleep locks.

``systemd-inhibit`` holds its lock while its command runs. That command is ``cat``
reading a pipe whose only writer is this process, so when the process ends for any
reason the pipe closes, ``cat`` ends, ``systemd-inhibit`` ends and logind drops the
lock: a crash never leaves the screen held.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Protocol

from glutetui.platform.awake.state import Hold, NoFacility

Which = Callable[[str], "str | None"]

#: How long a fallback child must stay up before it counts as holding the screen.
SETTLE_SECONDS = 0.5
#: How long a child gets to end after being asked, before it is killed.
CHILD_GRACE = 0.5

# systemd-inhibit runs this while it holds the lock: cat reads the pipe from this
# process and ends when that pipe closes, which it does when the process ends.
SYSTEMD_INHIBIT_ARGS = (
    "--what=idle:sleep",
    "--who=glutetui",
    "--why=Workout in progress",
    "--mode=block",
    "cat",
)


class Inhibitor(Protocol):
    """The systemd-inhibit process holding the screen awake: the part of it the
    fallback needs (``Popen`` fits)."""

    @property
    def stdin(self) -> IO[bytes] | None: ...

    def poll(self) -> int | None: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...

    def wait(self, timeout: float | None = None) -> int: ...


Spawn = Callable[[Sequence[str]], Inhibitor]


def spawn_with_lifeline(argv: Sequence[str]) -> Inhibitor:
    """Start a child with no shell, detached from the terminal, its output discarded,
    reading a pipe from this process that closes when this process ends."""
    return subprocess.Popen(
        list(argv),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
        start_new_session=True,
        shell=False,
    )


def end_child(child: Inhibitor, grace: float = CHILD_GRACE) -> None:
    """Close the child's lifeline, ask it to stop, and kill it if it has not within ``grace``."""
    if child.stdin is not None:
        with contextlib.suppress(OSError):
            child.stdin.close()
    if child.poll() is None:
        with contextlib.suppress(OSError):
            child.terminate()
    try:
        child.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            child.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=grace)


@dataclass
class _ChildHold:
    child: Inhibitor
    method: str

    def release(self) -> None:
        end_child(self.child)


@dataclass
class SystemdInhibitBackend:
    """``systemd-inhibit`` holding logind's idle and sleep locks while a child runs."""

    which: Which = shutil.which
    spawn: Spawn = spawn_with_lifeline
    settle: float = SETTLE_SECONDS

    def __call__(self) -> Hold:
        path = self.which("systemd-inhibit")
        if not path:
            raise NoFacility("no systemd-inhibit")
        child = self.spawn([path, *SYSTEMD_INHIBIT_ARGS])
        try:
            # Without logind (a container, no system bus) it ends at once.
            code = child.wait(timeout=self.settle)
        except subprocess.TimeoutExpired:
            return _ChildHold(child, "systemd-inhibit")
        end_child(child)
        raise NoFacility(f"systemd-inhibit ended at once (status {code})")
