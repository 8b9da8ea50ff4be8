"""The remote's connections: how many may be open, from whom, and for how long.

Left to itself, the web server keeps every connection it accepts: one that sends
nothing, or its request one byte at a time, holds one of the app's open files for as
long as the client likes. So the server accepts connections itself, here, and hands
each one to the web server's protocol through :class:`Connection`, which keeps the
time. The rules:

- **How many.** At most :data:`PER_ADDRESS` open connections from one address and
  :data:`MAX_CONNECTIONS` in all. A connection past either cap takes the place of the
  oldest one that is neither in the middle of a request nor the phone's live stream
  (connections that never showed the paired phone's cookie go first); when there is
  none, it is closed at once. So the remote never holds more than
  :data:`MAX_CONNECTIONS` + 1 sockets however many are opened, and a newcomer (the
  phone coming back) always finds room.
- **Who keeps trying.** A connection cut before it sent a whole request counts against
  its address in a :class:`~glutetui.remote.guard.RateLimit` of its own: past the
  burst, that address's next connections are closed the moment they are accepted,
  before anything is made for them, and push no one else out. An attacker who opens
  a new connection for each one cut so costs the app almost nothing.
- **How long.** A connection must send a whole request head within
  :data:`HEADER_TIMEOUT` seconds of opening, or of its first byte after a reply;
  after a reply it may sit idle for :data:`KEEPALIVE_TIMEOUT` seconds; a request must
  be answered within :data:`REQUEST_TIMEOUT` seconds of its head (the body's read
  included). Only the paired phone's live stream has no deadline: it ends when the
  phone goes (see :mod:`glutetui.remote.feed`).

A connection that breaks a rule is cut, not answered: nothing in it is worth a reply.
Plain asyncio; the web server is whatever protocol the factory makes.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import errno
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass

from glutetui.remote.guard import Monotonic, RateLimit

log = logging.getLogger(__name__)

# A phone's browser opens up to six connections to one server (the page, its live
# stream, its taps, and a reload's); a few more for connections it has given up on.
PER_ADDRESS = 8
MAX_CONNECTIONS = 64
# Seconds a connection has to send a request's head: a phone sends one in a few
# milliseconds, on a poor Wi-Fi in well under a second.
HEADER_TIMEOUT = 5.0
# Seconds an idle connection is kept after a reply, for the phone's next tap.
KEEPALIVE_TIMEOUT = 5.0
# Seconds from a request's head to its reply; the largest body is 2 KB.
REQUEST_TIMEOUT = 5.0
# When the system has no file to give (the app's or the machine's limit), or accepting
# fails some other way, the door waits this long rather than spin on a socket that
# stays ready.
ACCEPT_PAUSE = 0.1


@dataclass(frozen=True, slots=True)
class Limits:
    """The caps and timeouts, each as named above; tests make the timeouts short."""

    per_address: int = PER_ADDRESS
    total: int = MAX_CONNECTIONS
    header_timeout: float = HEADER_TIMEOUT
    keepalive_timeout: float = KEEPALIVE_TIMEOUT
    request_timeout: float = REQUEST_TIMEOUT

    def __post_init__(self) -> None:
        if not 1 <= self.per_address <= self.total:
            raise ValueError("need 1 <= per_address <= total")
        if min(self.header_timeout, self.keepalive_timeout, self.request_timeout) <= 0:
            raise ValueError("every timeout must be positive")


class State(enum.Enum):
    HEAD = "reading a request's head"
    BUSY = "in a request"
    IDLE = "idle after a reply"
    STREAM = "the phone's live stream"


_SPARE = (State.HEAD, State.IDLE)  # may give way to a newcomer


class Connection(asyncio.Protocol):
    """One accepted connection: the web server's protocol inside, and the clock on it."""

    def __init__(self, door: Door, address: str, inner: asyncio.Protocol) -> None:
        self.door = door
        self.address = address
        self.inner = inner
        self.state = State.HEAD
        self.trusted = False  # it carried the paired phone's cookie
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._serving = False  # the web server's protocol was handed the connection
        self._timer: asyncio.TimerHandle | None = None
        self._arm(door.limits.header_timeout)

    # --- asyncio's side ---------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        if self.closed:  # cut while the transport was being made
            transport.abort()
            return
        self._serving = True
        self.inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self.state is State.IDLE:
            self.state = State.HEAD  # the next request begins: its head has its time
            self._arm(self.door.limits.header_timeout)
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self.door._forget(self)
        if self._serving:
            self.inner.connection_lost(exc)

    # --- the server's side ------------------------------------------------------------

    def enter(self, state: State) -> None:
        """The request has moved on: its head is read (BUSY), it was answered (IDLE),
        or it became the phone's live stream (STREAM, with no deadline)."""
        if self.closed:
            return
        self.state = state
        limits = self.door.limits
        if state is State.STREAM:
            self._disarm()
        elif state is State.BUSY:
            self._arm(limits.request_timeout)
        elif state is State.IDLE:
            self._arm(limits.keepalive_timeout)
        else:
            self._arm(limits.header_timeout)

    def cut(self) -> None:
        """Close it now: reset, unless it is idle with its last reply sent in full (then
        an orderly close, so the phone's browser sees it is gone before reusing it)."""
        if self.closed:
            return
        self.closed = True
        self._disarm()
        transport = self.transport
        if transport is None:
            return
        # Either way its file is closed on the loop's next turn: close() waits only for
        # a reply still unsent, and an idle one has none.
        if self.state is State.IDLE and transport.get_write_buffer_size() == 0:
            transport.close()
        else:
            transport.abort()

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._timer = asyncio.get_running_loop().call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expired(self) -> None:
        self._timer = None
        self.door.expired += 1
        self.door.drop(self)


class Door:
    """Accepts connections on a listening socket, within :class:`Limits`."""

    def __init__(
        self,
        protocol: Callable[[], asyncio.Protocol],
        limits: Limits | None = None,
        *,
        clock: Monotonic | None = None,
    ) -> None:
        self._protocol = protocol
        self.limits = limits or Limits()
        # Connections cut before they sent a request, per address (the guard's bucket:
        # a burst, then one a second).
        self.wasted = RateLimit(clock or _LoopClock())
        self._open: dict[Connection, None] = {}  # oldest first
        self._per_address: dict[str, int] = {}
        self._by_inner: dict[object, Connection] = {}
        self._accepting: asyncio.Task[None] | None = None
        self._making: set[asyncio.Task[object]] = set()
        # What happened so far, for tests and benchmarks.
        self.accepted = 0
        self.turned_away = 0  # closed on arrival, no room
        self.displaced = 0  # closed to make room for a newcomer
        self.expired = 0  # closed for taking too long

    # --- accepting ----------------------------------------------------------------------

    def open(self, listening: socket.socket) -> None:
        """Start accepting on ``listening`` (bound and listening: network.listen_socket)."""
        listening.setblocking(False)
        self._accepting = asyncio.get_running_loop().create_task(self._accept(listening))

    async def stop_accepting(self) -> None:
        """Accept no more connections; those open go on."""
        task, self._accepting = self._accepting, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def close(self) -> None:
        """Stop accepting and cut every connection still open."""
        await self.stop_accepting()
        for making in list(self._making):
            making.cancel()
        for connection in list(self._open):
            connection.cut()
            self._forget(connection)

    async def _accept(self, listening: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                sock, peer = await loop.sock_accept(listening)
            except OSError as error:
                if error.errno == errno.ECONNABORTED:
                    continue  # gone before it was accepted
                # Out of files (the app's or the machine's limit), or something stranger:
                # the remote waits a moment and goes on rather than stop listening.
                log.warning("the remote could not accept a connection: %s", error)
                await asyncio.sleep(ACCEPT_PAUSE)
                continue
            self._admit(loop, sock, str(peer[0]))
            # An accept that finds a connection waiting does not yield: without this, a
            # queue of hundreds would all be accepted (each a file) before the first
            # turned-out one is closed.
            await asyncio.sleep(0)

    def _admit(self, loop: asyncio.AbstractEventLoop, sock: socket.socket, address: str) -> None:
        self.accepted += 1
        if not self.wasted.allows(address) or not self._make_room(address):
            self.turned_away += 1
            sock.close()
            return
        connection = Connection(self, address, self._protocol())
        self._open[connection] = None
        self._per_address[address] = self._per_address.get(address, 0) + 1
        self._by_inner[connection.inner] = connection
        sock.setblocking(False)
        making = loop.create_task(loop.connect_accepted_socket(lambda: connection, sock))
        self._making.add(making)
        making.add_done_callback(lambda task: self._made(task, connection, sock))

    def _made(
        self, task: asyncio.Task[object], connection: Connection, sock: socket.socket
    ) -> None:
        self._making.discard(task)
        if task.cancelled() or task.exception() is not None:
            connection.cut()
            self._forget(connection)
            sock.close()

    def _make_room(self, address: str) -> bool:
        """Whether a newcomer from ``address`` may stay, after closing one that gives way."""
        limits = self.limits
        if self._per_address.get(address, 0) >= limits.per_address:
            return self._displace(lambda c: c.address == address)
        if len(self._open) >= limits.total:
            return self._displace(lambda c: True)
        return True

    def _displace(self, among: Callable[[Connection], bool]) -> bool:
        spare = [c for c in self._open if c.state in _SPARE and among(c)]
        if not spare:
            return False
        victim = next((c for c in spare if not c.trusted), spare[0])
        self.displaced += 1
        self.drop(victim)
        return True

    def drop(self, connection: Connection) -> None:
        """Cut ``connection`` and give up its place."""
        if connection.state is State.HEAD:
            self.wasted.failed(connection.address)  # it held a place and asked nothing
        connection.cut()
        self._forget(connection)

    def _forget(self, connection: Connection) -> None:
        if connection not in self._open:
            return
        del self._open[connection]
        self._by_inner.pop(connection.inner, None)
        left = self._per_address[connection.address] - 1
        if left:
            self._per_address[connection.address] = left
        else:
            del self._per_address[connection.address]

    # --- what the server tells ----------------------------------------------------------

    def connection(self, inner: object) -> Connection | None:
        """The connection the web server's protocol ``inner`` serves."""
        return self._by_inner.get(inner)

    @property
    def open_connections(self) -> int:
        return len(self._open)

    def from_address(self, address: str) -> int:
        return self._per_address.get(address, 0)


class _LoopClock:
    """The running loop's clock, for the door's rate limit when none is given."""

    def monotonic(self) -> float:
        return asyncio.get_running_loop().time()
