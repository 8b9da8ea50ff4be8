"""wakepy's presentation mode: the platform's own way of keeping the screen on.

On Linux and the BSDs that is the ``org.freedesktop.ScreenSaver`` or
``org.gnome.SessionManager`` inhibit on the session bus (wakepy talks to it through
jeepney), on macOS ``caffeinate``, on Windows ``SetThreadExecutionState``. A D-Bus
inhibit belongs to the connection that asked for it, and wakepy keeps that
connection open while the hold lasts, so when the process dies the bus drops the
inhibit with it.

wakepy is imported only inside the backend, on the keep-awake worker thread, the
first time a hold is taken, so starting the app never pays for it; its warnings and
log records are kept off the terminal the TUI owns.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutetui.platform.awake.state import Hold, NoFacility

if TYPE_CHECKING:
    from wakepy import ActivationResult, DBusAdapter, Mode

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
