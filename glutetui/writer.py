"""One writer: every write a workout makes, done in order on one thread.

The workout screen's clock must never wait for a disk, a lock held by another
program, or (later) a network. So a finished set, an effort answer or the end of
a workout is handed to the :class:`Writer` as a job; its thread runs the jobs one
by one, each in its own committed transaction, in the order they were given.

A job that fails with a :class:`StoreError` (the database busy past its timeout,
a full disk) stays at the head of the queue and is tried again after a pause, so
nothing is lost and nothing overtakes it; the problem is reported once per cause.
:meth:`Writer.drain` waits until everything given so far is written — the summary
does that before it reads, and the app before it exits.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from glutetui.store.errors import StoreError

if TYPE_CHECKING:
    from glutetui.store import Store, Unit

RETRY_FIRST = 0.5  # seconds before a failed job is tried again
RETRY_MOST = 5.0  # the pause doubles up to this


@dataclass(slots=True)
class _Job:
    work: Callable[[Unit], Any]
    done: Callable[[Any], None] | None
    what: str  # for the problem message: "the set", "the rating"


class Writer:
    """Runs store writes in order on one daemon thread, retrying what fails."""

    def __init__(
        self,
        store: Callable[[], Store],
        on_problem: Callable[[str], None] = lambda message: None,
        *,
        retry_first: float = RETRY_FIRST,
        retry_most: float = RETRY_MOST,
    ) -> None:
        self._store = store
        self.on_problem = on_problem
        self._retry_first = retry_first
        self._retry_most = retry_most
        self._jobs: deque[_Job] = deque()
        self._changed = threading.Condition()
        self._busy = False  # a job is being run (it is still at the head of the queue)
        self._closing = False
        self._thread: threading.Thread | None = None
        self.failures = 0  # failed attempts so far, for tests and the benchmark

    def submit(
        self,
        work: Callable[[Unit], Any],
        done: Callable[[Any], None] | None = None,
        what: str = "a change",
    ) -> None:
        """Queue one write; ``done(result)`` runs on the writer's thread once committed."""
        with self._changed:
            if self._closing:
                raise RuntimeError("the writer is closed")
            self._jobs.append(_Job(work, done, what))
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

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until every job given so far is committed; False if time ran out."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._jobs, timeout)

    def close(self, timeout: float | None = 10.0) -> bool:
        """Write what is queued (waiting at most ``timeout``), then stop the thread.

        Returns False when jobs were still unwritten at the deadline; they are lost
        with the process unless the caller keeps them (the set being done is redone).
        """
        drained = self.drain(timeout)
        with self._changed:
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
            try:
                with self._store().write() as db:
                    result = job.work(db)
            except Exception as exc:
                if not isinstance(exc, StoreError):
                    # A fault in the job itself would fail the same way forever: report
                    # it and move on rather than block every later write behind it.
                    self.on_problem(f"{job.what.capitalize()} could not be saved: {exc}")
                    with self._changed:
                        self._jobs.popleft()
                        self._changed.notify_all()
                    continue
                self.failures += 1
                message = f"{job.what.capitalize()} is not saved yet ({exc}); trying again"
                if message != reported:
                    reported = message
                    self.on_problem(message)
                with self._changed:
                    # Wait before trying again, but wake at once to give up when closing.
                    self._changed.wait_for(lambda: self._closing, pause)
                    if self._closing:
                        return
                pause = min(pause * 2, self._retry_most)
                continue
            pause, reported = self._retry_first, None
            if job.done is not None:
                job.done(result)
            with self._changed:
                self._jobs.popleft()
                self._changed.notify_all()
