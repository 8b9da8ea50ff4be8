"""Idle and slow connections to the remote, from a process of their own (so the remote's
process counts only its own files).

    python -m tests.e2e.remote_attack PORT IDLE SLOW SOURCES [BOUND]

Opens IDLE connections that send nothing and SLOW ones that send a request head one
byte a second, spread over SOURCES loopback addresses (127.0.1.x; 127.0.0.1 where the
system has no others), all to 127.0.0.1:PORT, at most CONNECT_AT_ONCE at a time.
Prints "opened" once every connection has been tried, then waits (at most BOUND
seconds) until the server has closed each one, and prints one line of JSON: how many
were opened, how many the server closed, and how long each lived, from open to closed.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

CONNECT_AT_ONCE = 50
SLOW_HEAD = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"x" * 4096


async def connect(port: int, source: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    try:
        return await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    except OSError:
        return await asyncio.open_connection("127.0.0.1", port)


async def held(
    port: int, source: str, slow: bool, gate: asyncio.Semaphore, tried: list[int]
) -> float | None:
    """How long the connection lived until the server closed it (None: never opened)."""
    async with gate:
        try:
            reader, writer = await asyncio.wait_for(connect(port, source), 10)
        except (OSError, TimeoutError):
            return None
        finally:
            tried.append(1)
    began = time.monotonic()

    async def trickle() -> None:
        for byte in SLOW_HEAD:
            writer.write(bytes([byte]))
            await asyncio.sleep(1.0)

    sending = asyncio.create_task(trickle()) if slow else None
    try:
        while await reader.read(4096):
            pass
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        if sending is not None:
            sending.cancel()
        writer.close()
    return time.monotonic() - began


async def main(port: int, idle: int, slow: int, sources: int, bound: float) -> dict[str, object]:
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)
    tried: list[int] = []
    total = idle + slow
    # The slow ones spread among the idle ones.
    kinds = [n * slow // total != (n + 1) * slow // total for n in range(total)]
    tasks = [
        asyncio.create_task(held(port, f"127.0.1.{1 + n % sources}", is_slow, gate, tried))
        for n, is_slow in enumerate(kinds)
    ]
    while len(tried) < total:
        await asyncio.sleep(0.005)
    print("opened", flush=True)
    await asyncio.wait(tasks, timeout=bound)
    lives: list[float | None] = []
    still_open = 0
    for task in tasks:
        if task.done():
            lives.append(task.result())
        else:
            task.cancel()
            lives.append(None)
            still_open += 1
    closed = [life for life in lives if life is not None]
    return {
        "connections": total,
        "opened": len(closed) + still_open,
        "closed_by_server": len(closed),
        "still_open": still_open,
        "idle_lives": [
            life for life, s in zip(lives, kinds, strict=True) if life is not None and not s
        ],
        "slow_lives": [
            life for life, s in zip(lives, kinds, strict=True) if life is not None and s
        ],
    }


if __name__ == "__main__":
    args = sys.argv[1:]
    bound = float(args[4]) if len(args) > 4 else 60.0
    result = asyncio.run(main(int(args[0]), int(args[1]), int(args[2]), int(args[3]), bound))
    print(json.dumps(result), flush=True)
