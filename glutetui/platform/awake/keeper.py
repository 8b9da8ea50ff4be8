"""The :class:`KeepAwake` worker: hold and release from the UI, carried out off it.

:meth:`KeepAwake.hold` and :meth:`KeepAwake.release` return at once. The work (a
D-Bus call, a child process) happens on one daemon worker thread that carries out
the requests in the order they were made, trying the backends in turn; nothing the
caller does waits on a bus. Nothing is registered with ``atexit`` (a bus call there
could hang the exit): the app calls :meth:`KeepAwake.close` as it exits, which waits
a bounded time and leaves the rest to the backends' own lifelines.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections import deque
from collections.abc import Mapping, Sequence

from glutetui.platform.awake.state import (
    AwakeState,
    Backend,
    Hold,
    NoFacility,
    Status,
    short_reason,
)
from glutetui.platform.awake.systemd_backend import (
    SETTLE_SECONDS,
    Spawn,
    SystemdInhibitBackend,
    Which,
    spawn_with_lifeline,
)
from glutetui.platform.awake.wakepy_backend import WakepyBackend

#: How long :meth:`KeepAwake.close` waits for the worker before giving up on it.
CLOSE_TIMEOUT = 1.0


def is_remote_session(environ: Mapping[str, str]) -> bool:
    """An SSH session: the screen the user looks at belongs to another machine."""
    return bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))


def default_backends(
    which: Which = shutil.which,
    platform: str = sys.platform,
    spawn: Spawn = spawn_with_lifeline,
    environ: Mapping[str, str] | None = None,
    settle: float = SETTLE_SECONDS,
) -> list[Backend]:
    """wakepy first; on Linux, systemd-inhibit when wakepy finds nothing."""
    backends: list[Backend] = [WakepyBackend(environ)]
    if platform.startswith("linux"):
        backends.append(SystemdInhibitBackend(which, spawn, settle))
    return backends


_HOLD, _RELEASE, _STOP = "hold", "release", "stop"


class KeepAwake:
    """Asks the desktop to keep the screen awake, never blocking the caller.

    ``hold()`` while held and ``release()`` while not are no-ops; ``hold()`` after
    ``release()`` takes the hold again. ``close()`` lets go and stops the worker,
    waiting at most ``close_timeout`` seconds. With ``enabled=False`` every call is a
    no-op and no thread is ever started.

    ``backends`` replaces the ways tried (in order); otherwise they are built from
    ``which``, ``platform``, ``spawn`` and ``environ`` (None: this process's).
    """

    def __init__(
        self,
        enabled: bool = True,
        *,
        backends: Sequence[Backend] | None = None,
        which: Which = shutil.which,
        platform: str = sys.platform,
        spawn: Spawn = spawn_with_lifeline,
        environ: Mapping[str, str] | None = None,
        settle: float = SETTLE_SECONDS,
        close_timeout: float = CLOSE_TIMEOUT,
    ) -> None:
        self._enabled = enabled
        self._environ = environ
        self._backends = (
            list(backends)
            if backends is not None
            else default_backends(which, platform, spawn, environ, settle)
        )
        self._close_timeout = close_timeout
        self._cond = threading.Condition()
        self._requests: deque[str] = deque()
        self._unfinished = 0
        self._wanted = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self._state = AwakeState(Status.OFF if enabled else Status.DISABLED)
        # Touched only on the worker thread.
        self._hold: Hold | None = None

    # -- the caller's side: never waits on the worker ------------------------------------

    @property
    def enabled(self) -> bool:
        return self._enabled

    @property
    def state(self) -> AwakeState:
        with self._cond:
            return self._state

    @property
    def thread(self) -> threading.Thread | None:
        """The worker, once the first hold started it."""
        return self._thread

    def hold(self) -> None:
        """Ask for the screen to stay awake (returns at once)."""
        self._ask(_HOLD, wanted=True)

    def release(self) -> None:
        """Let the screen sleep again (returns at once)."""
        self._ask(_RELEASE, wanted=False)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the worker has carried out every request made so far; False if
        ``timeout`` ran out first. For tests and shutdown, never for the UI."""
        with self._cond:
            return self._cond.wait_for(lambda: self._unfinished == 0, timeout)

    def close(self) -> None:
        """Release, stop the worker, and wait for it at most a short, bounded time."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            if thread is None:
                return
            if self._wanted:
                self._wanted = False
                self._push(_RELEASE)
            self._push(_STOP)
        thread.join(self._close_timeout)

    def _ask(self, request: str, *, wanted: bool) -> None:
        if not self._enabled:
            return
        with self._cond:
            if self._closed or self._wanted == wanted:
                return
            self._wanted = wanted
            self._push(request)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="glutetui-keep-awake", daemon=True
                )
                self._thread.start()

    def _push(self, request: str) -> None:
        self._requests.append(request)
        self._unfinished += 1
        self._cond.notify_all()

    # -- the worker ----------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._requests))
                request = self._requests.popleft()
            try:
                if request == _HOLD:
                    self._take()
                elif request == _RELEASE:
                    self._let_go()
            except Exception as exc:  # never let the worker die with the hold in its hands
                self._set(AwakeState(Status.UNAVAILABLE, reason=short_reason(repr(exc))))
            finally:
                with self._cond:
                    self._unfinished -= 1
                    self._cond.notify_all()
            if request == _STOP:
                return

    def _take(self) -> None:
        if self._hold is not None:
            return
        environ = os.environ if self._environ is None else self._environ
        if is_remote_session(environ):
            self._set(AwakeState(Status.UNAVAILABLE, reason="remote session (SSH)"))
            return
        reasons: list[str] = []
        for backend in self._backends:
            try:
                hold = backend()
            except NoFacility as exc:
                reasons.append(str(exc))
                continue
            except Exception as exc:
                reasons.append(repr(exc))
                continue
            self._hold = hold
            self._set(AwakeState(Status.HELD, method=hold.method))
            return
        reason = "; ".join(r for r in reasons if r) or "no way to keep the screen awake"
        self._set(AwakeState(Status.UNAVAILABLE, reason=short_reason(reason)))

    def _let_go(self) -> None:
        hold, self._hold = self._hold, None
        reason = None
        if hold is not None:
            try:
                hold.release()
            except Exception as exc:
                reason = short_reason(f"releasing {hold.method} failed: {exc!r}")
        self._set(AwakeState(Status.OFF, reason=reason))

    def _set(self, state: AwakeState) -> None:
        with self._cond:
            self._state = state
