"""Where the keep-awake stands, and what a way of keeping the screen awake looks like.

:class:`AwakeState` is the snapshot the UI shows and tests read. A backend is any
callable that takes a :class:`Hold` or raises :class:`NoFacility` with a short
reason; :mod:`glutetui.platform.awake.wakepy_backend` and
:mod:`glutetui.platform.awake.systemd_backend` are the two the app uses.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

#: The longest reason kept for display.
REASON_LIMIT = 200


class Status(enum.Enum):
    """Where the keep-awake stands, as far as the worker has got."""

    DISABLED = "disabled"  # the keep_awake setting is off: nothing is ever asked
    OFF = "off"  # not held: never asked, or released
    HELD = "held"  # the screen is kept awake by `AwakeState.method`
    UNAVAILABLE = "unavailable"  # asked, but nothing here can keep it awake


@dataclass(frozen=True)
class AwakeState:
    """A snapshot for display and tests: the status, the method holding the screen
    (``"org.freedesktop.ScreenSaver"``, ``"caffeinate"``, ``"systemd-inhibit"``, ...)
    and, when the hold could not be taken, a short reason."""

    status: Status
    method: str | None = None
    reason: str | None = None

    @property
    def held(self) -> bool:
        return self.status is Status.HELD


class NoFacility(Exception):
    """Raised by a backend that cannot keep the screen awake here; the message says why."""


class Hold(Protocol):
    """A hold a backend has taken, named after the method that took it."""

    @property
    def method(self) -> str: ...

    def release(self) -> None: ...


#: A way to keep the screen awake: returns the hold, or raises (``NoFacility`` with a
#: reason, or anything else) when it cannot. Runs on the worker thread only.
Backend = Callable[[], Hold]


def short_reason(text: str) -> str:
    """One line of at most ``REASON_LIMIT`` characters, for a status line."""
    text = " ".join(text.split())
    return text if len(text) <= REASON_LIMIT else text[: REASON_LIMIT - 1] + "…"
