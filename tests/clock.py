"""A clock for tests: it only moves when a test moves it.

The engine, the workout run and the screens take a clock object, so tests drive
time by hand instead of sleeping or patching ``time.monotonic``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """A clock that only moves when told to; both readings move together."""

    def __init__(self, start: float = 1000.0, wall: datetime | None = None) -> None:
        self._t = start
        self._start = start
        self._wall = wall or datetime(2026, 1, 5, 18, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self._t

    def now(self) -> datetime:
        return self._wall + timedelta(seconds=self._t - self._start)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        self._t += seconds

    def set(self, t: float) -> None:
        if t < self._t:
            raise ValueError("a clock cannot go backwards")
        self._t = t
