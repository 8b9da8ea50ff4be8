"""The other side of the remote's load check, in its own process: one paired phone
reading the live stream, and an attacker sending bad requests at a steady rate and
holding idle and slow connections open.

    python -m benchmarks.flood_client PAIRING_URL SECONDS RATE SOURCES [IDLE SLOW]

The phone pairs from 127.0.0.2 and counts the views it receives. The attacker sends
RATE requests a second for SECONDS, each one wrong in its own way (a guessed pairing
code, a guessed cookie, a cross-origin command, a 10 MB body announced, a path outside
the routes, another Host), spread over SOURCES loopback addresses (127.0.1.x), each
address a client of its own to the server's rate limit. Requests go out on deadlines,
whatever the replies, so a slow server cannot slow the attack down; the replies are
counted by status. Meanwhile it keeps IDLE connections open that send nothing and
SLOW ones that send a request head a byte a second, from the same addresses, opening
another each time the server closes one; it notes how long each lived, and samples
the app's open files (the app is this process's parent) every 10 ms. The process runs
at nice 10: a real attacker is another machine, not a rival for the laptop's cores.
Prints "ready" once the phone is live, then one line of JSON.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

WORKERS = 64
SLOW_HEAD = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"x" * 4096


def bad_requests(host: str) -> list[bytes]:
    """One of each kind of refusal, in the order they are sent."""
    lines = [
        f"GET /P/{'A' * 32} HTTP/1.1\r\nHost: {host}\r\n\r\n",
        f"GET / HTTP/1.1\r\nHost: {host}\r\nCookie: glutetui-remote=guess\r\n\r\n",
        f"GET /events HTTP/1.1\r\nHost: {host}\r\n\r\n",
        f"POST /intent HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\n"
        'Content-Type: application/json\r\nContent-Length: 16\r\n\r\n{"intent":"end"}',
        f"POST /intent HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        "Content-Length: 10485760\r\n\r\n",
        f"GET /../../etc/passwd HTTP/1.1\r\nHost: {host}\r\n\r\n",
        f"GET /admin HTTP/1.1\r\nHost: {host}\r\n\r\n",
        f"GET /P/{'B' * 32} HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    ]
    return [line.encode() for line in lines]


async def connect(port: int, source: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection to the server from ``source``; where the system has only 127.0.0.1
    (macOS), from there, and the whole flood is one client to the rate limit."""
    try:
        return await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    except OSError:
        return await asyncio.open_connection("127.0.0.1", port)


async def read_reply(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """The status of one reply, and whether the server closes the connection after it."""
    head = await reader.readuntil(b"\r\n\r\n")
    text = head.decode("latin-1").lower()
    status = int(text.split(None, 2)[1])
    length = 0
    for line in text.split("\r\n"):
        if line.startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    if length:
        await reader.readexactly(length)
    return status, "connection: close" in text


async def attacker(
    port: int, source: str, requests: list[bytes], starts: list[float], counts: Counter[str]
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    for n, start in enumerate(starts):
        delay = start - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            if writer is None or reader is None:
                reader, writer = await connect(port, source)
            writer.write(requests[n % len(requests)])
            status, closing = await asyncio.wait_for(read_reply(reader), 5)
            counts[str(status)] += 1
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
            counts["dropped"] += 1
            closing = True
        if closing and writer is not None:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def held(
    port: int, source: str, slow: bool, until: float, lives: list[float], refused: Counter[str]
) -> None:
    """One place in the attacker's pool, held until ``until``: a connection that sends
    nothing (or its head a byte a second), opened again each time the server closes it."""
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.wait_for(connect(port, source), 5)
        except (OSError, TimeoutError):
            refused["connect failed"] += 1
            await asyncio.sleep(0.1)
            continue
        began = time.monotonic()

        async def trickle(writer: asyncio.StreamWriter = writer) -> None:
            for byte in SLOW_HEAD:
                writer.write(bytes([byte]))
                await asyncio.sleep(1.0)

        sending = asyncio.create_task(trickle()) if slow else None
        try:
            async with asyncio.timeout(max(0.0, until - began)):
                while await reader.read(4096):
                    pass
            lives.append(time.monotonic() - began)  # closed by the server
        except (ConnectionResetError, BrokenPipeError):
            lives.append(time.monotonic() - began)
        except TimeoutError:
            refused["open when the run ended"] += 1  # opened too late for any limit
        finally:
            if sending is not None:
                sending.cancel()
            writer.close()


async def app_files(stop: asyncio.Event, peak: list[int]) -> None:
    """The most files the app (this process's parent) had open at once."""
    folder = Path(f"/proc/{os.getppid()}/fd")
    if not folder.is_dir():
        return
    while not stop.is_set():
        try:
            peak[0] = max(peak[0], len(os.listdir(folder)))
        except OSError:
            return
        await asyncio.sleep(0.01)


async def read_reply_body(reader: asyncio.StreamReader) -> tuple[str, bytes]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    length = re.search(r"(?i)content-length: (\d+)", head)
    body = await reader.readexactly(int(length.group(1))) if length else b""
    return head, body


async def phone(url: str, live: asyncio.Event, stop: asyncio.Event, seen: Counter[str]) -> None:
    parts = urlsplit(url)
    host, port = parts.netloc, parts.port or 80
    reader, writer = await connect(port, "127.0.0.2")
    writer.write(f"GET {parts.path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    head, _ = await read_reply_body(reader)
    cookie = next(
        line.split(":", 1)[1].split(";")[0].strip()
        for line in head.split("\r\n")
        if line.lower().startswith("set-cookie:")
    )
    # The page, for the anti-forgery value the live stream needs.
    writer.write(f"GET / HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\r\n".encode())
    _, page = await read_reply_body(reader)
    found = re.search(rb'<meta name="form-key" content="([A-Za-z0-9_-]+)">', page)
    assert found is not None, "the page carries its key"
    key = found.group(1).decode()
    writer.write(
        f"GET /events?key={key} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\r\n".encode()
    )
    await reader.readuntil(b"\r\n\r\n")
    while not stop.is_set():
        line = await reader.readline()
        if not line:
            break
        if line.startswith(b"event: "):
            seen[line[7:].strip().decode()] += 1
            live.set()
    writer.close()


async def main(
    url: str, seconds: float, rate: float, sources: int, idle: int = 0, slow: int = 0
) -> dict[str, object]:
    # A real attacker is another machine; here it shares the laptop's two cores, so it
    # yields them to the workout's process rather than competing as an equal.
    os.nice(10)
    parts = urlsplit(url)
    port = parts.port or 80
    live, stop = asyncio.Event(), asyncio.Event()
    seen: Counter[str] = Counter()
    watching = asyncio.create_task(phone(url, live, stop, seen))
    await asyncio.wait_for(live.wait(), 10)
    print("ready", flush=True)
    sys.stdin.readline()  # the server side says when to start, so both clocks line up
    requests = bad_requests(parts.netloc)
    counts: Counter[str] = Counter()
    total = int(rate * seconds)
    began = time.monotonic() + 0.05
    addresses = [f"127.0.1.{1 + n % 250}" for n in range(max(1, sources))]
    peak_files = [0]
    files_stop = asyncio.Event()
    watching_files = asyncio.create_task(app_files(files_stop, peak_files))
    idle_lives: list[float] = []
    slow_lives: list[float] = []
    holders = [
        asyncio.create_task(
            held(
                port,
                addresses[n % len(addresses)],
                n >= idle,
                began + seconds,
                slow_lives if n >= idle else idle_lives,
                counts,
            )
        )
        for n in range(idle + slow)
    ]
    workers = [
        attacker(
            port,
            addresses[w % len(addresses)],
            requests,
            [began + n / rate for n in range(w, total, WORKERS)],
            counts,
        )
        for w in range(min(WORKERS, total))
    ]
    await asyncio.gather(*workers)
    took = time.monotonic() - began
    # The phone stays the whole time, flood or not, so every condition sends it as much.
    await asyncio.sleep(max(0.0, began + seconds - time.monotonic()))
    await asyncio.gather(*holders)
    stop.set()
    files_stop.set()
    await watching_files
    watching.cancel()
    return {
        "sent": sum(counts.values()) - counts["connect failed"] - counts["open when the run ended"],
        "seconds": took,
        "statuses": dict(counts),
        "phone_events": dict(seen),
        "app_files_peak": peak_files[0],
        "idle_lives": idle_lives,
        "slow_lives": slow_lives,
    }


if __name__ == "__main__":
    held_open = [int(n) for n in sys.argv[5:7]]
    result = asyncio.run(
        main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), *held_open)
    )
    print(json.dumps(result), flush=True)
