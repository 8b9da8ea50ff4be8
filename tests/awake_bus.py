"""A private session bus with a stand-in screensaver on it, for the keep-awake tests.

:func:`private_bus` starts ``dbus-daemon`` on a socket in a temporary folder, with a
configuration of its own (no activatable services, so nothing else starts), and
stops it afterwards. :class:`FakeScreenSaver` owns ``org.freedesktop.ScreenSaver`` on
that bus and answers ``Inhibit(s, s) -> u`` and ``UnInhibit(u)`` on
``/org/freedesktop/ScreenSaver`` the way a desktop does, writing down every call, and
also notes when a client that inhibited leaves the bus (its process ended): that is
when a real screensaver drops the client's inhibits.
"""

from __future__ import annotations

import itertools
import select
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jeepney import (  # type: ignore[import-untyped]
    HeaderFields,
    MatchRule,
    MessageType,
    new_error,
    new_method_return,
)
from jeepney.bus_messages import DBusNameFlags, message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

NAME = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"
PRIMARY_OWNER = 1

_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def dbus_daemon() -> str | None:
    return shutil.which("dbus-daemon")


@contextmanager
def private_bus(timeout: float = 5.0) -> Iterator[str]:
    """Run a session bus of our own; yields its address."""
    daemon = dbus_daemon()
    assert daemon is not None
    # A short folder of its own: a socket path must fit in about 100 bytes.
    with tempfile.TemporaryDirectory(prefix="awake-bus-") as folder:
        config = Path(folder) / "bus.conf"
        config.write_text(_CONFIG.format(folder=folder), encoding="utf-8")
        proc = subprocess.Popen(
            [daemon, f"--config-file={config}", "--nofork", "--print-address=1"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert proc.stdout is not None
            ready, _, _ = select.select([proc.stdout], [], [], timeout)
            if not ready:
                raise RuntimeError("dbus-daemon printed no address")
            address = proc.stdout.readline().strip()
            if not address:
                raise RuntimeError("dbus-daemon printed no address")
            yield address
        finally:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout)
            if proc.stdout is not None:
                proc.stdout.close()


@dataclass(frozen=True)
class Call:
    member: str  # "Inhibit", "UnInhibit", or "Vanished" when a client left the bus
    args: tuple[Any, ...]
    sender: str
    cookie: int = 0


class FakeScreenSaver:
    """Serves the freedesktop screensaver inhibit interface on a thread of its own."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.calls: list[Call] = []
        self._cond = threading.Condition()
        self._cookies = itertools.count(7001)
        self._stop = threading.Event()
        self._conn = open_dbus_connection(bus=address)
        reply = self._conn.send_and_get_reply(
            message_bus.RequestName(NAME, DBusNameFlags.do_not_queue), timeout=5
        )
        if reply.body[0] != PRIMARY_OWNER:
            raise RuntimeError(f"could not own {NAME}")
        owners = MatchRule(
            type="signal",
            sender="org.freedesktop.DBus",
            interface="org.freedesktop.DBus",
            member="NameOwnerChanged",
        )
        self._conn.send_and_get_reply(message_bus.AddMatch(owners), timeout=5)
        self._thread = threading.Thread(target=self._serve, name="fake-screensaver", daemon=True)
        self._thread.start()

    def wait_for(self, check: Callable[[list[Call]], bool], timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: check(self.calls), timeout)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._conn.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                msg = self._conn.receive(timeout=0.05)
            except TimeoutError:
                continue
            except OSError:
                return
            kind = msg.header.message_type
            if kind is MessageType.method_call:
                self._conn.send(self._answer(msg))
            elif kind is MessageType.signal:
                self._note_departure(msg)

    def _note_departure(self, msg: Any) -> None:
        if msg.header.fields.get(HeaderFields.member) != "NameOwnerChanged":
            return
        name, _old, new = msg.body
        with self._cond:
            known = any(c.sender == name for c in self.calls)
            if known and not new:
                self.calls.append(Call("Vanished", (), name))
                self._cond.notify_all()

    def _answer(self, msg: Any) -> Any:
        fields = msg.header.fields
        path = fields.get(HeaderFields.path)
        interface = fields.get(HeaderFields.interface)
        member = fields.get(HeaderFields.member)
        sender = str(fields.get(HeaderFields.sender, ""))
        if path != PATH or interface != INTERFACE or member not in ("Inhibit", "UnInhibit"):
            return new_error(
                msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no {member}",)
            )
        if member == "Inhibit":
            cookie = next(self._cookies)
            reply = new_method_return(msg, "u", (cookie,))
        else:
            cookie = int(msg.body[0])
            reply = new_method_return(msg)
        with self._cond:
            self.calls.append(Call(member, tuple(msg.body), sender, cookie))
            self._cond.notify_all()
        return reply
