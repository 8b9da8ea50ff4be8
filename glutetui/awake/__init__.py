"""Keep the screen awake while a workout runs, without ever making the UI wait.

From get-ready to the summary the app asks the desktop not to blank, dim or lock the
screen, in the platform's own way, and lets go at the summary, on an early end, if
the workout screen fails and when the app exits. :class:`KeepAwake` does the asking.

* :meth:`KeepAwake.hold` and :meth:`KeepAwake.release` return at once. The work (a
  D-Bus call, a child process) happens on one daemon worker thread that carries out
  the requests in the order they were made; nothing the caller does waits on a bus.
* The first way tried is wakepy's presentation mode (``keep.presenting``): on Linux
  and the BSDs the ``org.freedesktop.ScreenSaver`` or ``org.gnome.SessionManager``
  inhibit on the session bus (wakepy talks to it through jeepney), on macOS
  ``caffeinate``, on Windows ``SetThreadExecutionState``. If wakepy finds nothing that
  works on Linux, the fallback is ``systemd-inhibit --what=idle:sleep`` as a child.
* No facility at all (an SSH session, where the screen is at the other end; no
  session bus; no logind) is never an error: :attr:`KeepAwake.state` says so with a
  short reason and the workout runs as it would have. Nothing here raises to the
  caller or writes to the terminal (a TUI owns it): wakepy's warnings and log
  records are kept quiet, and every child's streams are closed.

What happens if the app dies without letting go: a D-Bus inhibit belongs to the
connection that asked for it, and wakepy keeps that connection open for as long as
the hold lasts, so when the process ends the kernel closes the socket, the bus
tells the screensaver the client is gone and the inhibit goes with it. The
``systemd-inhibit`` fallback holds its lock while its command runs; that command is
``cat`` reading a pipe whose only writer is this process, so when the process ends
for any reason the pipe closes, ``cat`` ends, ``systemd-inhibit`` ends and logind
drops the lock. Nothing is registered with ``atexit`` (a bus call there could hang
the exit); the app calls :meth:`KeepAwake.close` as it exits, which waits a bounded
time and leaves the rest to the above.

wakepy is imported only on the worker thread, the first time a hold is taken, so
starting the app never pays for it.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import shutil
import subprocess
import sys
import threading
import warnings
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from wakepy import ActivationResult, DBusAdapter, Mode

Which = Callable[[str], "str | None"]

#: How long :meth:`KeepAwake.close` waits for the worker before giving up on it.
CLOSE_TIMEOUT = 1.0
#: How long a fallback child must stay up before it counts as holding the screen.
SETTLE_SECONDS = 0.5
#: How long a child gets to end after being asked, before it is killed.
CHILD_GRACE = 0.5
#: The longest reason kept for display.
REASON_LIMIT = 200

# systemd-inhibit runs this while it holds the lock: cat reads the pipe from this
# process and ends when that pipe closes, which it does when the process ends.
SYSTEMD_INHIBIT_ARGS = (
    "--what=idle:sleep",
    "--who=glutetui",
    "--why=Workout in progress",
    "--mode=block",
    "cat",
)


class Status(enum.Enum):
    """Where the keep-awake stands, as far as the worker has got."""

    DISABLED = "disabled"  # the keep_awake setting is off: nothing is ever asked
    OFF = "off"  # not held: never asked, or released
    HELD = "held"  # the screen is kept awake by `AwakeState.method`
    UNAVAILABLE = "unavailable"  # asked, but nothing here can keep it awake


@dataclass(frozen=True)
class AwakeState:
    """A snapshot for display and tests: the status, the method holding the screen
    (``"org.freedesktop.ScreenSaver"``, ``"caffeinate"``, ``"systemd-inhibit"``, ...)
    and, when the hold could not be taken, a short reason."""

    status: Status
    method: str | None = None
    reason: str | None = None

    @property
    def held(self) -> bool:
        return self.status is Status.HELD


class NoFacility(Exception):
    """Raised by a backend that cannot keep the screen awake here; the message says why."""


class Hold(Protocol):
    """A hold a backend has taken, named after the method that took it."""

    @property
    def method(self) -> str: ...

    def release(self) -> None: ...


#: A way to keep the screen awake: returns the hold, or raises (``NoFacility`` with a
#: reason, or anything else) when it cannot. Runs on the worker thread only.
Backend = Callable[[], Hold]


class Child(Protocol):
    """The part of a running process the fallback needs (``Popen`` fits)."""

    @property
    def stdin(self) -> IO[bytes] | None: ...

    def poll(self) -> int | None: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...

    def wait(self, timeout: float | None = None) -> int: ...


Spawn = Callable[[Sequence[str]], Child]


def spawn_with_lifeline(argv: Sequence[str]) -> Child:
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


def end_child(child: Child, grace: float = CHILD_GRACE) -> None:
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


def is_remote_session(environ: Mapping[str, str]) -> bool:
    """An SSH session: the screen the user looks at belongs to another machine."""
    return bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))


# --- wakepy ---------------------------------------------------------------------------------

_quiet_lock = threading.Lock()
_quieted = threading.Event()


def _quiet_wakepy() -> None:
    """Keep wakepy's warnings and log records off the terminal (once per process)."""
    with _quiet_lock:
        if _quieted.is_set():
            return
        log = logging.getLogger("wakepy")
        log.addHandler(logging.NullHandler())
        log.propagate = False
        # Issued while wakepy is imported on a platform it does not recognise.
        warnings.filterwarnings("ignore", message="Could not detect current platform")
        from wakepy import ActivationWarning
        from wakepy.core.mode import NoMethodsWarning, ThreadSafetyWarning

        for category in (ActivationWarning, NoMethodsWarning, ThreadSafetyWarning):
            warnings.filterwarnings("ignore", category=category)
        _quieted.set()


def _session_bus_adapter(address: str | None) -> type[DBusAdapter] | None:
    """wakepy's jeepney adapter, connecting to the session bus at ``address`` (taken from
    the injected environment rather than this process's), or None without jeepney."""
    try:
        from wakepy.core.dbus import BusType
        from wakepy.dbus_adapters.jeepney import JeepneyDBusAdapter
    except ImportError:  # jeepney is installed only where there is D-Bus
        return None

    class SessionBusAdapter(JeepneyDBusAdapter):
        def _create_new_connection(self, bus: BusType | str | None = BusType.SESSION) -> object:
            if bus == BusType.SESSION:
                if not address:
                    raise NoFacility("no session bus")
                bus = address
            return super()._create_new_connection(bus)

        def close_connections(self) -> None:
            # wakepy follows every close with a full gc.collect(), which pauses every
            # thread, the UI's too; closing the one connection is all that is needed.
            connections = getattr(self, "_connections", None)
            if not isinstance(connections, dict):
                super().close_connections()
                return
            while connections:
                _, connection = connections.popitem()
                self.close_connection(connection)

    return SessionBusAdapter


@dataclass
class _WakepyHold:
    mode: Mode
    method: str

    def release(self) -> None:
        self.mode.__exit__(None, None, None)


def _wakepy_failure(result: ActivationResult, address: str | None) -> str:
    if sys.platform.startswith(("linux", "freebsd")) and not address:
        return "no session bus"
    # wakepy's own reasons run to paragraphs; the names say enough for a status line.
    tried = [r.method_name for r in result.list_methods(ignore_platform_fails=True)]
    return "wakepy found no way" + (f" (tried {', '.join(tried)})" if tried else "")


@dataclass
class WakepyBackend:
    """wakepy's ``keep.presenting`` mode: the screen stays on, no screensaver, no lock."""

    environ: Mapping[str, str] | None = None  # None: this process's, read at each hold

    def __call__(self) -> Hold:
        _quiet_wakepy()
        from wakepy import keep

        env = os.environ if self.environ is None else self.environ
        address = env.get("DBUS_SESSION_BUS_ADDRESS") or None
        # Made, entered and left on this (the worker) thread: wakepy Modes are not
        # thread-safe, and it warns when one crosses threads.
        mode = keep.presenting(on_fail="pass", dbus_adapter=_session_bus_adapter(address))
        mode.__enter__()
        if mode.active and mode.active_method is not None:
            return _WakepyHold(mode, mode.active_method.name)
        reason = _wakepy_failure(mode.result, address)
        with contextlib.suppress(Exception):
            mode.__exit__(None, None, None)
        raise NoFacility(reason)


# --- systemd-inhibit ------------------------------------------------------------------------


@dataclass
class _ChildHold:
    child: Child
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


# --- the keep-awake -------------------------------------------------------------------------

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
                self._set(AwakeState(Status.UNAVAILABLE, reason=_short(repr(exc))))
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
        self._set(AwakeState(Status.UNAVAILABLE, reason=_short(reason)))

    def _let_go(self) -> None:
        hold, self._hold = self._hold, None
        reason = None
        if hold is not None:
            try:
                hold.release()
            except Exception as exc:
                reason = _short(f"releasing {hold.method} failed: {exc!r}")
        self._set(AwakeState(Status.OFF, reason=reason))

    def _set(self, state: AwakeState) -> None:
        with self._cond:
            self._state = state


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= REASON_LIMIT else text[: REASON_LIMIT - 1] + "…"
