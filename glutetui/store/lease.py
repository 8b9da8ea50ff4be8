"""A workout belongs to the device that runs it.

Several devices may share one history (a PostgreSQL server). A running workout holds a
lease: the device's name, a token of the copy of the app that runs it, and a heartbeat
renewed every :data:`HEARTBEAT_SECONDS` while it runs. Another device shows such a
workout as running there and leaves it alone; only once the heartbeat is older than
:data:`LEASE_SECONDS` (the app was killed, the laptop closed) may it be resumed or
closed elsewhere. Starting a workout closes only lapsed ones, never another device's
live one.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from pathlib import Path

import msgspec

from glutetui.records import WorkoutRecord

# The leases of copies of the app running in this process (one, but for tests).
_HELD_HERE: set[str] = set()

LEASE_SECONDS = 90  # a heartbeat older than this: the workout is no longer run anywhere
HEARTBEAT_SECONDS = 20  # how often a running workout renews its lease


class Lease(msgspec.Struct, frozen=True):
    """This copy of the app: the device's name and a token no other copy has."""

    device: str
    token: str

    @classmethod
    def here(cls, device: str | None = None) -> Lease:
        """This copy, on this machine, named by its host name unless ``device`` is given
        (two copies on one machine standing for two devices, in tests)."""
        # The process id leads the token, so a copy on the same device can tell a holder
        # that has died (a crash, a closed terminal) without waiting for the lease. The
        # random part straight from the system (what ``secrets`` would draw, without
        # loading hashlib and OpenSSL on the way to Home's first figures).
        token = f"{os.getpid():x}.{os.urandom(12).hex()}"[:32]
        _HELD_HERE.add(token)
        name = socket.gethostname() if device is None else device
        return cls(name[:100] or "this device", token)

    def release(self) -> None:
        """This copy of the app has ended: what it ran is free at once on this device."""
        _HELD_HERE.discard(self.token)


def lapsed_before(now: datetime) -> datetime:
    """Heartbeats before this moment no longer hold a lease."""
    return now - timedelta(seconds=LEASE_SECONDS)


def live_elsewhere(workout: WorkoutRecord, mine: Lease, now: datetime) -> bool:
    """Whether another copy of the app (on this or another device) runs the workout now."""
    if workout.status != "in-progress" or not workout.lease or workout.lease == mine.token:
        return False
    if workout.device == mine.device and not _running(workout.lease):
        return False  # its copy on this device has ended: no need to wait for the lease
    return workout.heartbeat_at is not None and workout.heartbeat_at >= lapsed_before(now)


def free_before(workout: WorkoutRecord, mine: Lease, now: datetime) -> datetime | None:
    """The heartbeat cutoff under which the store may hand the workout over: None while
    another copy runs it; any heartbeat at all when its holder on this device has ended."""
    if live_elsewhere(workout, mine, now):
        return None
    if workout.device == mine.device and not _running(workout.lease):
        return now + timedelta(days=1)
    return lapsed_before(now)


def _running(token: str) -> bool:
    """Whether the process a token names is still running here."""
    try:
        pid = int(token.split(".", 1)[0], 16)
    except ValueError:
        return True  # a token of another form: trust the heartbeat alone
    if pid == os.getpid():
        return token in _HELD_HERE
    if os.name == "nt":
        return True  # Windows has no harmless signal to ask with: trust the heartbeat
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process killed but not yet reaped by its parent still answers signal 0."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False  # no /proc (macOS): the signal's answer stands
    return stat.rsplit(")", 1)[-1].split()[:1] == ["Z"]
