"""A helper process at work on the other core while this process goes on.

:func:`spawn` starts a program whose standard output is a pipe back to this process;
:meth:`Spawned.result` waits for what it wrote. Opening the app uses it to read Home's
figures while this process loads Textual, work the two would otherwise do one after
the other on one core.

The helper is a new process (``posix_spawn``), not a fork: a forked copy of this
process would share its memory, and every page this process then wrote while the copy
lived would be copied, a cost paid on the way to the first frame. The helper's input is
``/dev/null`` and its errors go nowhere (the terminal is the app's). Where the system has
no ``posix_spawn`` (Windows), :func:`spawn` returns None and the caller does the work
itself; :func:`another_core` says whether a helper would gain anything at all. Any
failure of the helper (an error, a kill, a timeout) gives None, never a half answer.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
from collections.abc import Sequence

_CHUNK = 1 << 16


class Spawned:
    """A helper process at work, and the read end of the pipe it writes to."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self._fd = fd
        self._taken = False

    def result(self, timeout: float) -> bytes | None:
        """All the helper wrote, once it has ended well; None when it failed or took
        longer than ``timeout`` seconds (it is then stopped). Asked once."""
        if self._taken:
            raise RuntimeError("the helper's result was already taken")
        self._taken = True
        chunks: list[bytes] = []
        deadline = time.monotonic() + timeout
        ended = False
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._fd], [], [], left)[0]:
                    break  # too slow: stopped below
                chunk = os.read(self._fd, _CHUNK)
                if not chunk:
                    ended = True
                    break
                chunks.append(chunk)
        finally:
            os.close(self._fd)
        if not ended:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return None
        if not ended or os.waitstatus_to_exitcode(status) != 0:
            return None
        return b"".join(chunks)


def another_core() -> bool:
    """Whether this process may run on more than one core: on one, a helper's work
    would only be added to this process's, not done beside it."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) > 1
    return (os.cpu_count() or 1) > 1


def spawn(argv: Sequence[str]) -> Spawned | None:
    """Start ``argv`` (its first item a path to the program) with its output piped
    back; None where helpers cannot be started this way, or this one could not be."""
    if not hasattr(os, "posix_spawn"):
        return None
    read_end, write_end = os.pipe()
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, write_end, 1),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_CLOSE, read_end),
    ]
    try:
        pid = os.posix_spawn(argv[0], list(argv), os.environ, file_actions=actions)
    except OSError:
        os.close(read_end)
        return None
    finally:
        os.close(write_end)
    return Spawned(pid, read_end)
