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

If the app dies without letting go, the hold goes with the process: the D-Bus
inhibit with the connection that asked for it, the ``systemd-inhibit`` lock with the
pipe its command reads. wakepy is imported only on the worker thread, the first time
a hold is taken, so starting the app never pays for it.

The package, by job:

- ``state``: the status, the snapshot the UI shows and what a backend looks like;
- ``wakepy_backend``: wakepy's presentation mode on the session bus, macOS or Windows;
- ``systemd_backend``: the ``systemd-inhibit`` fallback on Linux;
- ``keeper``: the :class:`KeepAwake` worker that tries them off the UI thread.
"""

from __future__ import annotations

from glutetui.platform.awake.keeper import (
    CLOSE_TIMEOUT,
    KeepAwake,
    default_backends,
    is_remote_session,
)
from glutetui.platform.awake.state import (
    REASON_LIMIT,
    AwakeState,
    Backend,
    Hold,
    NoFacility,
    Status,
)
from glutetui.platform.awake.systemd_backend import (
    CHILD_GRACE,
    SETTLE_SECONDS,
    SYSTEMD_INHIBIT_ARGS,
    Inhibitor,
    Spawn,
    SystemdInhibitBackend,
    Which,
    end_child,
    spawn_with_lifeline,
)
from glutetui.platform.awake.wakepy_backend import WakepyBackend

__all__ = [
    "CHILD_GRACE",
    "CLOSE_TIMEOUT",
    "REASON_LIMIT",
    "SETTLE_SECONDS",
    "SYSTEMD_INHIBIT_ARGS",
    "AwakeState",
    "Backend",
    "Hold",
    "Inhibitor",
    "KeepAwake",
    "NoFacility",
    "Spawn",
    "Status",
    "SystemdInhibitBackend",
    "WakepyBackend",
    "Which",
    "default_backends",
    "end_child",
    "is_remote_session",
    "spawn_with_lifeline",
]
