"""The clock the workout engine runs on: what it needs of one, and the real one.

Everything that keeps time takes a :class:`Clock`, so tests can hand in one they move
by hand (``tests/clock.py``) instead of sleeping.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """A monotonic clock for deadlines and a wall clock for the log."""

    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The real clocks of the machine."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)
