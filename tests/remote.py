"""Helpers for the phone remote's tests: a server on loopback with a sink that records
every intent, a phone (an HTTP client holding the cookie) and a raw request."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field

import aiohttp
import msgspec

from glutetui.intents import PhoneIntent
from glutetui.remote.server import FORM_HEADER, FORM_QUERY, RemoteServer
from glutetui.remote.view import PhoneView


@dataclass
class Sink:
    """What the app would get: every intent, in order."""

    intents: list[PhoneIntent] = field(default_factory=list)

    def __call__(self, intent: PhoneIntent) -> None:
        self.intents.append(intent)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


async def raw(server: RemoteServer, request: bytes, timeout: float = 5) -> Reply:
    """Send ``request`` byte for byte (no client tidies its path) and read the reply."""
    port = int(server.address.rsplit(":", 1)[1].strip("/"))
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        body = await asyncio.wait_for(reader.readexactly(length), timeout) if length else b""
        return Reply(status, headers, body)
    finally:
        writer.close()


def request(
    server: RemoteServer, method: str, path: str, *headers: str, body: bytes = b""
) -> bytes:
    host = server.address.removeprefix("http://").rstrip("/")
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", *headers]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class Phone:
    """A paired phone: its cookie, the page's anti-forgery value, and its client."""

    def __init__(self, server: RemoteServer, client: aiohttp.ClientSession, form_key: str):
        self.server = server
        self.client = client
        self.form_key = form_key

    @property
    def cookie(self) -> str:
        for cookie in self.client.cookie_jar:
            return cookie.value
        raise AssertionError("no cookie")

    async def tap(self, intent: dict[str, object], **headers: str) -> int:
        sent = {
            "Content-Type": "application/json",
            FORM_HEADER: self.form_key,
            "Origin": self.server.origin,
            **headers,
        }
        body = msgspec.json.encode(intent)
        async with self.client.post(self.server.address + "intent", data=body, headers=sent) as r:
            return r.status

    async def views(self) -> AsyncGenerator[tuple[str, bytes]]:
        """The live stream's events as (name, data), heartbeats included."""
        url = f"{self.server.address}events?{FORM_QUERY}={self.form_key}"
        async with self.client.get(url) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "text/event-stream"
            name, data = "message", b""
            async for raw_line in response.content:
                line = raw_line.rstrip(b"\n")
                if line.startswith(b"event: "):
                    name = line.removeprefix(b"event: ").decode()
                elif line.startswith(b"data: "):
                    data = line.removeprefix(b"data: ")
                elif not line and name != "message":
                    yield name, data
                    name, data = "message", b""


def new_client() -> aiohttp.ClientSession:
    # The jar keeps cookies for bare IP addresses too (the remote has no host name).
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def pair(server: RemoteServer, client: aiohttp.ClientSession | None = None) -> Phone:
    """Scan a fresh code: follow the pairing URL to the page and read its form key."""
    client = client or new_client()
    async with client.get(server.pairing_url()) as response:
        assert response.status == 200, response.status
        page = await response.text()
    match = re.search(r'<meta name="form-key" content="([A-Za-z0-9_-]+)">', page)
    assert match is not None
    return Phone(server, client, match.group(1))


async def next_view(events: AsyncGenerator[tuple[str, bytes]]) -> PhoneView:
    """The next view on a stream, skipping heartbeats."""
    async for name, data in events:
        if name == "view":
            return msgspec.json.decode(data, type=PhoneView)
        assert name == "beat", name
    raise AssertionError("the stream ended")


ADDRESS_ON_SCREEN = re.compile(r"http://\S+/P/")
CODE_ON_SCREEN = re.compile(r"[A-Z2-7]{32}")


def address_on_screen(screen: str) -> str | None:
    """The pairing address a terminal shows: the server's part, and the pairing code on
    the next line (the corner breaks it there), starting in the same column."""
    lines = screen.splitlines()
    for n, line in enumerate(lines[:-1]):
        found = ADDRESS_ON_SCREEN.search(line)
        if found is None:
            continue
        code = CODE_ON_SCREEN.match(lines[n + 1], found.start())
        if code is not None:
            return found.group() + code.group()
    return None
