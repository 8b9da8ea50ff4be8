"""One writer: every write to the history, done in order on one thread.

The workout screen's clock must never wait for a disk, a lock held by another
program, or a database server across a network. So every write — a finished set, an
effort answer, the end of a workout, an answer to a suggestion, the start of a
workout — is handed to the :class:`Writer` as a command (a plain record,
``glutetui.store.commands``); its thread runs the handler of each command's type,
one command at a time, each in its own committed transaction, in the order given.

A job that fails with a :class:`StoreError` (the database busy past its timeout,
a full disk) stays at the head of the queue and is tried again after a pause, so
nothing is lost and nothing overtakes it; the problem is reported once per cause.
:meth:`Writer.drain` waits until everything given so far is written — for the app
as it exits, and for scripts and tests; a screen never waits for it: what a command
changed reaches the screens as a message.

When the app must end while commands still wait — a database server gone, say —
:meth:`Writer.close` gives up after a short wait and :meth:`Writer.unsaved` hands back
the ones a next start may write (``Command.kept``), which are kept in a file
(``glutetui.store.unsaved``) and written on the next start.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from glutetui.store.commands import HANDLERS, Command, Handler, Kept
from glutetui.store.errors import StoreError

if TYPE_CHECKING:
    from glutetui.store import Store

RETRY_FIRST = 0.5  # seconds before a failed job is tried again
RETRY_MOST = 5.0  # the pause doubles up to this
# Closing waits this long at most for a writer whose last attempt failed: the database
# is away, and a person closing the app should not wait for it.
FAILING_WAIT = 2.0


@dataclass(slots=True)
class _Job:
    command: Command
    done: Callable[[Any], None] | None  # told the handler's answer once committed


class Writer:
    """Runs commands in order on one daemon thread, retrying what fails."""

    def __init__(
        self,
        store: Callable[[], Store],
        on_problem: Callable[[str], None] = lambda message: None,
        *,
        handlers: Mapping[type[Command], Handler] | None = None,
        retry_first: float = RETRY_FIRST,
        retry_most: float = RETRY_MOST,
    ) -> None:
        self._store = store
        # The store's own handlers, and those the layers above add (opening a workout).
        self.handlers: dict[type[Command], Handler] = {**HANDLERS, **(handlers or {})}
        self.on_problem = on_problem
        self._retry_first = retry_first
        self._retry_most = retry_most
        self._jobs: deque[_Job] = deque()
        self._changed = threading.Condition()
        self._busy = False  # a job is being run (it is still at the head of the queue)
        self._closing = False
        self._thread: threading.Thread | None = None
        self._failing = False  # the last attempt failed, and none has succeeded since
        self._hurry = False  # closing: try again now rather than after the pause
        self.failures = 0  # failed attempts so far, for tests and the benchmark

    def submit(self, command: Command, done: Callable[[Any], None] | None = None) -> None:
        """Queue one command; ``done(answer)`` is told its handler's answer on the
        writer's thread once it is committed (it must not wait for anything)."""
        if type(command) not in self.handlers:
            raise TypeError(f"no handler for {type(command).__name__}")
        with self._changed:
            if self._closing:
                raise RuntimeError("the writer is closed")
            self._jobs.append(_Job(command, done))
            self._changed.notify_all()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="glutetui-writer", daemon=True
                )
                self._thread.start()

    @property
    def pending(self) -> int:
        """Jobs given and not yet committed (including one being written)."""
        with self._changed:
            return len(self._jobs)

    @property
    def failing(self) -> bool:
        """The last attempt to write failed, and nothing has been written since."""
        with self._changed:
            return self._failing and bool(self._jobs)

    def unsaved(self) -> tuple[list[Kept], int]:
        """The commands not written yet that a next start may write, in order, and how
        many others are lost with this run (not kept, and not made again anyway)."""
        with self._changed:
            kept = [cast(Kept, job.command) for job in self._jobs if job.command.keeps()]
            lost = sum(not job.command.keeps() and not job.command.redone for job in self._jobs)
            return kept, lost

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until every job given so far is committed; False if time ran out, or if
        the writer was closed with jobs left (they will not be written by it: a screen
        waiting for them must not keep the app from ending)."""
        with self._changed:
            self._changed.wait_for(lambda: not self._jobs or self._closing, timeout)
            return not self._jobs

    def close(self, timeout: float | None = 10.0, failing_wait: float = FAILING_WAIT) -> bool:
        """Write what is queued, then stop the thread.

        Waits at most ``timeout``, and only ``failing_wait`` once an attempt has failed
        (the database is away: waiting longer would only keep a person waiting).
        Returns False when jobs were still unwritten at the deadline; they are lost
        with the process unless the caller keeps them (:meth:`unsaved`).
        """
        started = time.monotonic()
        deadline = None if timeout is None else started + timeout
        with self._changed:
            self._hurry = True  # a writer pausing after a failure tries once more at once
            self._changed.notify_all()
            while self._jobs:
                now = time.monotonic()
                if deadline is not None and now >= deadline:
                    break
                if self._failing and now >= started + failing_wait:
                    break
                # Woken by each commit and each failure; the short step notices the
                # failing wait running out while an attempt is still under way.
                left = 0.05 if deadline is None else min(0.05, deadline - now)
                self._changed.wait(left)
            drained = not self._jobs
            self._closing = True
            self._changed.notify_all()
            thread = self._thread
        if thread is not None and drained:
            thread.join(timeout=1.0)
        return drained

    def _run(self) -> None:
        pause = self._retry_first
        reported: str | None = None
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._jobs or self._closing)
                if not self._jobs:
                    return  # closing, and nothing left
                job = self._jobs[0]
            what = job.command.what
            try:
                with self._store().write() as db:
                    result = self.handlers[type(job.command)](db, job.command)
            except Exception as exc:
                if not isinstance(exc, StoreError):
                    # A fault in the job itself would fail the same way forever: report
                    # it and move on rather than block every later write behind it.
                    self.on_problem(f"{what.capitalize()} could not be saved: {exc}")
                    with self._changed:
                        self._jobs.popleft()
                        self._changed.notify_all()
                    continue
                self.failures += 1
                with self._changed:
                    self._failing = True
                    self._changed.notify_all()
                message = f"{what.capitalize()} is not saved yet ({exc}); trying again"
                if message != reported:
                    reported = message
                    self.on_problem(message)
                with self._changed:
                    # Wait before trying again, but wake at once to give up when closing,
                    # or to try once more when the app is about to close.
                    self._changed.wait_for(lambda: self._closing or self._hurry, pause)
                    if self._closing:
                        return
                    self._hurry = False
                pause = min(pause * 2, self._retry_most)
                continue
            pause, reported = self._retry_first, None
            if job.done is not None:
                job.done(result)
            with self._changed:
                self._failing = False
                self._jobs.popleft()
                self._changed.notify_all()
