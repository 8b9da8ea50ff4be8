"""The live stream of views to the phone, as Server-Sent Events.

The workout never waits for the phone: :meth:`Feed.publish` encodes the view once and
leaves it in each open stream's single slot, replacing whatever that stream had not
sent yet, and returns. Each stream's writer takes from its slot when it can, so a slow
phone skips views it could not keep up with and always gets the latest one next.
When nothing has been sent for :data:`HEARTBEAT_SECONDS` a heartbeat goes out, so the
page can tell a stalled stream from a quiet one.

Plain asyncio, no web framework: the server's handler writes what :meth:`Listener.take`
returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from glutetui.remote.view import PhoneView, encode

# The page counts the stream as stalled after missing about three heartbeats.
HEARTBEAT_SECONDS = 4.0
# Open streams at most (one phone, a page reloaded or reconnecting); a new one beyond
# this ends the oldest, whose connection is likely dead already.
MAX_STREAMS = 2

# What EventSource waits before reconnecting by itself after a dropped stream.
OPENING = b"retry: 2000\n\n"
HEARTBEAT = b"event: beat\ndata: \n\n"
# Sent when the laptop unpairs the phone (or another phone pairs): the page stops
# reconnecting and asks for a new code.
FAREWELL = b"event: bye\ndata: \n\n"
# What take() returns once a stream is over.
END = b""


def view_frame(view: PhoneView) -> bytes:
    return b"event: view\ndata: " + encode(view) + b"\n\n"


class Listener:
    """One open stream: the newest frame it has not sent yet, and whether it is over."""

    def __init__(self) -> None:
        self._pending: bytes | None = None
        self._wake = asyncio.Event()
        self.ended = False

    def offer(self, frame: bytes) -> None:
        """Replace whatever was waiting with ``frame``; never blocks."""
        if not self.ended:
            self._pending = frame
            self._wake.set()

    def end(self, farewell: bytes | None = None) -> None:
        """Close the stream, after sending ``farewell`` when given."""
        if not self.ended:
            self.ended = True
            self._pending = farewell
            self._wake.set()

    async def take(self, timeout: float | None = None) -> bytes:
        """The next frame to send: the latest view, a heartbeat after ``timeout``
        seconds of nothing (:data:`HEARTBEAT_SECONDS`, read when called), or
        :data:`END` once the stream is over."""
        if self._pending is None and not self.ended:
            try:
                async with asyncio.timeout(HEARTBEAT_SECONDS if timeout is None else timeout):
                    await self._wake.wait()
            except TimeoutError:
                return HEARTBEAT
        self._wake.clear()
        frame, self._pending = self._pending, None
        return END if frame is None else frame


class Feed:
    """The latest view and the streams that show it."""

    def __init__(
        self,
        *,
        max_streams: int = MAX_STREAMS,
        on_change: Callable[[bool], None] | None = None,
    ) -> None:
        self._max = max_streams
        self._on_change = on_change
        self._frame: bytes | None = None
        self._listeners: list[Listener] = []

    @property
    def open_streams(self) -> int:
        return len(self._listeners)

    def publish(self, view: PhoneView) -> None:
        """Make ``view`` the current state and offer it to every stream."""
        frame = view_frame(view)
        if frame == self._frame:
            return  # the app may publish every tick; the phone hears only of changes
        self._frame = frame
        for listener in self._listeners:
            listener.offer(frame)

    def open(self) -> Listener:
        """A new stream, which starts with the current view."""
        listener = Listener()
        # Before the app has published anything the page still hears that it is live.
        listener.offer(self._frame or view_frame(PhoneView()))
        self._listeners.append(listener)
        while len(self._listeners) > self._max:
            self._listeners.pop(0).end()
        if len(self._listeners) == 1:
            self._changed(True)
        return listener

    def close(self, listener: Listener) -> None:
        """The stream is gone (its writer finished or its connection dropped)."""
        listener.end()
        if listener in self._listeners:
            self._listeners.remove(listener)
            if not self._listeners:
                self._changed(False)

    def end_all(self, farewell: bytes | None = None) -> None:
        """End every stream, each after ``farewell`` when given."""
        listeners, self._listeners = self._listeners, []
        for listener in listeners:
            listener.end(farewell)
        if listeners:
            self._changed(False)

    def _changed(self, connected: bool) -> None:
        if self._on_change is not None:
            self._on_change(connected)
