"""The remote's door: how many connections it keeps, from whom, and for how long.

The server runs on loopback with short timeouts; each test waits for the event (a
connection closed by the server) with a bounded wait, never for a fixed time. Clients
connect to 127.0.0.1, from other loopback addresses where a test needs several."""

from __future__ import annotations

import asyncio
import errno
import re
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial

import pytest

from glutetui.intents import Pause
from glutetui.remote.connections import (
    HEADER_TIMEOUT,
    KEEPALIVE_TIMEOUT,
    MAX_CONNECTIONS,
    PER_ADDRESS,
    REQUEST_TIMEOUT,
    Limits,
)
from glutetui.remote.guard import BURST
from glutetui.remote.server import COOKIE, FORM_HEADER, RemoteServer
from glutetui.remote.view import PhoneView
from tests.clock import FakeClock
from tests.remote import Sink, next_view, pair, request

SHORT = 0.3  # seconds: every timeout in most tests here
BOUND = 10.0  # seconds: the most any wait here may take before the test fails

Conn = tuple[asyncio.StreamReader, asyncio.StreamWriter]


def port_of(server: RemoteServer) -> int:
    return int(server.origin.rsplit(":", 1)[1])


async def connect(server: RemoteServer, source: str = "127.0.0.1") -> Conn:
    return await asyncio.open_connection("127.0.0.1", port_of(server), local_addr=(source, 0))


async def cut(conn: Conn, within: float = BOUND) -> bytes:
    """Wait until the server closes ``conn``; what it sent before."""
    reader, writer = conn
    got = b""
    try:
        async with asyncio.timeout(within):
            while chunk := await reader.read(4096):
                got += chunk
    except ConnectionResetError:
        pass
    finally:
        writer.close()
    return got


async def until(condition: Callable[[], bool], within: float = BOUND) -> None:
    async with asyncio.timeout(within):
        while not condition():
            await asyncio.sleep(0.01)


async def answered(conn: Conn, wanted: bytes) -> bytes:
    """Send ``wanted`` and read one reply's head (the body too, when it has a length)."""
    reader, writer = conn
    writer.write(wanted)
    async with asyncio.timeout(BOUND):
        head = await reader.readuntil(b"\r\n\r\n")
        length = re.search(rb"(?i)content-length: (\d+)", head)
        if length:
            head += await reader.readexactly(int(length.group(1)))
    return head


@pytest.fixture
def sink() -> Sink:
    return Sink()


Start = Callable[..., Awaitable[RemoteServer]]


@pytest.fixture
async def start(sink: Sink) -> AsyncIterator[Start]:
    """Start a server on loopback with the limits given."""
    servers: list[RemoteServer] = []

    async def started(clock: FakeClock | None = None, **limits: float) -> RemoteServer:
        server = RemoteServer(
            sink,
            host="127.0.0.1",
            port=0,
            limits=Limits(**limits),  # type: ignore[arg-type]
            clock=clock,
        )
        await server.start()
        servers.append(server)
        return server

    yield started
    for server in servers:
        await server.stop()


def test_the_limits_are_seconds_not_minutes() -> None:
    """What the README promises: idle or slow connections go within seconds, and the
    remote never holds more than its cap."""
    assert max(HEADER_TIMEOUT, KEEPALIVE_TIMEOUT, REQUEST_TIMEOUT) <= 10
    assert Limits() == Limits(PER_ADDRESS, MAX_CONNECTIONS, 5.0, 5.0, 5.0)
    assert PER_ADDRESS < MAX_CONNECTIONS <= 64
    with pytest.raises(ValueError):
        Limits(per_address=0)
    with pytest.raises(ValueError):
        Limits(per_address=9, total=8)
    with pytest.raises(ValueError):
        Limits(header_timeout=0)


# --- how long ---------------------------------------------------------------------------


async def test_a_connection_that_sends_nothing_is_cut_after_the_header_timeout(
    start: Start,
) -> None:
    server = await start(header_timeout=SHORT)
    began = time.monotonic()
    assert await cut(await connect(server)) == b"", "cut, not answered"
    assert time.monotonic() - began >= SHORT
    await until(lambda: server.door.open_connections == 0)
    assert server.door.expired == 1


async def test_a_head_sent_a_byte_at_a_time_is_cut_all_the_same(start: Start) -> None:
    """Each byte does not buy more time: the whole head has the header timeout."""
    server = await start(header_timeout=SHORT)
    began = time.monotonic()  # before the server's clock for this head can start
    conn = await connect(server)
    head = request(server, "GET", "/", "X-Padding: " + "x" * 200)

    async def trickle() -> None:
        for byte in head:
            conn[1].write(bytes([byte]))
            await asyncio.sleep(SHORT / 10)

    sending = asyncio.create_task(trickle())
    try:
        assert await cut(conn) == b""
    finally:
        sending.cancel()
    assert time.monotonic() - began >= SHORT
    assert server.door.expired == 1


async def test_an_idle_connection_is_cut_after_the_keepalive_timeout(start: Start) -> None:
    server = await start(keepalive_timeout=SHORT)
    conn = await connect(server)
    idle_from = time.monotonic()  # its idle time starts once the reply is sent, later
    reply = await answered(conn, request(server, "GET", "/nowhere"))
    assert reply.startswith(b"HTTP/1.1 404")
    assert await cut(conn) == b""
    assert time.monotonic() - idle_from >= SHORT


async def test_an_idle_connection_gets_a_fresh_header_timeout_for_its_next_request(
    start: Start,
) -> None:
    """Keep-alive works: a request sent on an idle connection is answered."""
    server = await start(keepalive_timeout=SHORT)
    conn = await connect(server)
    for _ in range(3):
        assert (await answered(conn, request(server, "GET", "/nowhere"))).startswith(
            b"HTTP/1.1 404"
        )
    assert await cut(conn) == b""


async def test_a_body_sent_too_slowly_is_cut_and_nothing_reaches_the_app(
    start: Start, sink: Sink
) -> None:
    server = await start(request_timeout=SHORT)
    phone = await pair(server)
    async with phone.client:
        conn = await connect(server)
        body = b'{"intent":"pause"}'
        head = request(
            server,
            "POST",
            "/intent",
            f"Cookie: {COOKIE}={phone.cookie}",
            f"Origin: {server.origin}",
            f"{FORM_HEADER}: {phone.form_key}",
            "Content-Type: application/json",
            body=body,
        )
        conn[1].write(head[: -len(body) + 3])  # the head and three bytes of the body
        began = time.monotonic()
        assert await cut(conn) == b""
        assert time.monotonic() - began >= SHORT * 0.9
        assert await phone.tap({"intent": "pause"}) == 204, "the phone's own taps land"
    assert sink.intents == [Pause()]


async def test_the_phones_live_stream_has_no_deadline(start: Start) -> None:
    server = await start(header_timeout=SHORT, keepalive_timeout=SHORT, request_timeout=SHORT)
    phone = await pair(server)
    async with phone.client:
        events = phone.views()
        assert await next_view(events) == PhoneView()
        # A connection opened after the stream, cut for idling: the stream has been open
        # longer than every timeout by then.
        assert await cut(await connect(server)) == b""
        view = PhoneView(screen="workout", phase="LIFT")
        server.publish(view)
        assert await next_view(events) == view
        await events.aclose()


# --- how many ---------------------------------------------------------------------------


async def test_past_the_cap_for_one_address_the_oldest_idle_one_gives_way(
    start: Start,
) -> None:
    server = await start(header_timeout=60, per_address=4, total=16)
    conns = [await connect(server, "127.0.1.1") for _ in range(6)]
    await until(lambda: server.door.accepted == 6)
    for oldest in conns[:2]:
        assert await cut(oldest) == b""
    assert server.door.from_address("127.0.1.1") == 4
    assert server.door.displaced == 2
    # Other addresses have their own places.
    other = await connect(server, "127.0.1.2")
    await until(lambda: server.door.from_address("127.0.1.2") == 1)
    assert server.door.open_connections == 5
    for conn in [*conns[2:], other]:
        conn[1].close()


async def test_past_the_cap_in_all_the_oldest_idle_one_gives_way(start: Start) -> None:
    server = await start(header_timeout=60, per_address=2, total=6)
    conns = [await connect(server, f"127.0.1.{1 + n // 2}") for n in range(8)]
    await until(lambda: server.door.accepted == 8)
    for oldest in conns[:2]:
        assert await cut(oldest) == b""
    assert server.door.open_connections == 6
    for conn in conns[2:]:
        conn[1].close()


async def test_the_phones_connection_gives_way_last(start: Start) -> None:
    server = await start(header_timeout=60, keepalive_timeout=60, per_address=3, total=3)
    phone = await connect(server, "127.0.0.2")
    path = server.pairing_url().removeprefix(server.origin)
    paired = await answered(phone, request(server, "GET", path))
    assert paired.startswith(b"HTTP/1.1 303")
    found = re.search(rb"(?i)set-cookie: " + COOKIE.encode() + rb"=([^;]+);", paired)
    assert found is not None
    cookie = found.group(1).decode()
    others = [await connect(server, f"127.0.1.{n}") for n in range(1, 4)]
    assert await cut(others[0]) == b"", "the oldest stranger gave way, not the phone"
    await until(lambda: server.door.accepted == 4)
    page = await answered(phone, request(server, "GET", "/", f"Cookie: {COOKIE}={cookie}"))
    assert page.startswith(b"HTTP/1.1 200")
    for conn in [phone, *others[1:]]:
        conn[1].close()


async def test_with_no_place_to_give_a_newcomer_is_turned_away(start: Start) -> None:
    """Places taken by live streams are not given up: a newcomer is closed instead."""
    server = await start(per_address=2, total=2)
    phone = await pair(server)
    async with phone.client:
        first, second = phone.views(), phone.views()
        await next_view(first)
        await next_view(second)
        assert await cut(await connect(server, "127.0.1.1")) == b""
        assert server.door.turned_away == 1
        view = PhoneView(screen="workout", phase="LIFT")
        server.publish(view)
        assert await next_view(first) == view and await next_view(second) == view
        await first.aclose()
        await second.aclose()


async def test_stopping_closes_every_connection(start: Start) -> None:
    server = await start(header_timeout=60)
    conns = [await connect(server) for _ in range(3)]
    await until(lambda: server.door.open_connections == 3)
    await server.stop()
    for conn in conns:
        assert await cut(conn) == b""


async def test_an_address_whose_connections_keep_being_cut_is_turned_away_at_once(
    start: Start,
) -> None:
    """Each connection cut before it asked anything counts against its address; past the
    burst its next ones are closed on arrival and push nobody out."""
    clock = FakeClock()
    server = await start(clock, header_timeout=60, per_address=1, total=8)
    door = server.door
    pushed = []
    for count in range(1, BURST + 2):  # each one pushes out the one before
        pushed.append(await connect(server, "127.0.1.1"))
        await until(partial(lambda wanted: door.accepted == wanted, count))
    assert door.displaced == BURST
    bystander = await connect(server, "127.0.1.2")
    await until(lambda: door.from_address("127.0.1.2") == 1)
    assert await cut(await connect(server, "127.0.1.1")) == b""
    assert door.turned_away >= 1 and door.from_address("127.0.1.2") == 1
    clock.advance(1.0)  # the bucket refills: one more is let in
    late = await connect(server, "127.0.1.1")
    await until(lambda: door.from_address("127.0.1.1") == 1)
    for conn in (*pushed, bystander, late):
        conn[1].close()


async def test_out_of_files_the_door_waits_and_goes_on(
    start: Start, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """When the system has no file to give, accepting fails; the remote keeps listening."""
    server = await start()
    loop = asyncio.get_running_loop()
    real = loop.sock_accept
    failures = [OSError(errno.EMFILE, "Too many open files")]

    async def sock_accept(sock: socket.socket) -> tuple[socket.socket, object]:
        if failures:
            raise failures.pop()
        return await real(sock)

    monkeypatch.setattr(loop, "sock_accept", sock_accept)
    first = await connect(server)  # the accept under way finds this one, then fails once
    assert (await answered(first, request(server, "GET", "/nowhere"))).startswith(b"HTTP/1.1 404")
    second = await connect(server)
    assert (await answered(second, request(server, "GET", "/nowhere"))).startswith(b"HTTP/1.1 404")
    assert failures == [] and "could not accept" in caplog.text
    for conn in (first, second):
        conn[1].close()
