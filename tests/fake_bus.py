"""A private session bus and the serve loop its stand-in desktop services share.

:func:`private_bus` starts ``dbus-daemon`` on a socket in a temporary folder, with a
configuration of its own (no activatable services, so nothing else starts), and
stops it afterwards. :class:`FakeService` owns one well-known name on such a bus and
serves it on a thread of its own: each method call gets the answer its subclass
gives, each signal goes to the subclass too, and what the service writes down can be
waited for.
"""

from __future__ import annotations

import select
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

from jeepney import MessageType  # type: ignore[import-untyped]
from jeepney.bus_messages import DBusNameFlags, message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

PRIMARY_OWNER = 1
Seen = TypeVar("Seen")

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
    with tempfile.TemporaryDirectory(prefix="fake-bus-") as folder:
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
            address = proc.stdout.readline().strip() if ready else ""
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


class FakeService(Generic[Seen]):
    """Owns ``name`` on the bus at ``address`` and serves it on a thread of its own.

    A subclass answers method calls (:meth:`answer`), may listen to signals
    (:meth:`listen`, after asking for them in :meth:`subscribe`) and writes down
    what it saw with :meth:`note`; tests read :attr:`seen` and :meth:`wait_for` it.
    """

    def __init__(self, address: str, name: str) -> None:
        self.address = address
        self.seen: list[Seen] = []
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._conn = open_dbus_connection(bus=address)
        reply = self._conn.send_and_get_reply(
            message_bus.RequestName(name, DBusNameFlags.do_not_queue), timeout=5
        )
        if reply.body[0] != PRIMARY_OWNER:
            raise RuntimeError(f"could not own {name}")
        self.subscribe()
        self._thread = threading.Thread(target=self._serve, name=f"fake-{name}", daemon=True)
        self._thread.start()

    def subscribe(self) -> None:
        """Ask the bus for the signals :meth:`listen` wants (none, unless overridden)."""

    def send_and_get_reply(self, message: Any) -> Any:
        """For :meth:`subscribe`: a call to the bus, before the serve loop starts."""
        return self._conn.send_and_get_reply(message, timeout=5)

    def answer(self, msg: Any) -> Any:
        raise NotImplementedError

    def listen(self, msg: Any) -> None:
        """A signal arrived (only those :meth:`subscribe` asked for)."""

    def note(self, item: Seen) -> None:
        with self._cond:
            self.seen.append(item)
            self._cond.notify_all()

    def wait_for(self, check: Callable[[list[Seen]], bool], timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: check(self.seen), timeout)

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
                self._conn.send(self.answer(msg))
            elif kind is MessageType.signal:
                self.listen(msg)
