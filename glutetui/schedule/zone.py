"""The person's time zone by its IANA name (a calendar file names its zone).

``TZ`` when it names a zone, else what ``/etc/localtime`` links to (Linux, macOS),
else ``/etc/timezone`` (Debian); else UTC, which a calendar reads correctly but
without the person's clock changes.
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _zone(name: str) -> ZoneInfo | None:
    name = name.strip().removeprefix(":")
    if not name or name.startswith("/") or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def local_zone(environ: dict[str, str] | None = None, root: Path = Path("/")) -> ZoneInfo:
    env = os.environ if environ is None else environ
    tz = env.get("TZ")
    if tz:
        found = _zone(tz)
        if found is not None:
            return found
    link = root / "etc" / "localtime"
    try:
        target = str(link.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        found = _zone(target.split("zoneinfo/", 1)[1])
        if found is not None:
            return found
    try:
        found = _zone((root / "etc" / "timezone").read_text(encoding="utf-8"))
    except OSError:
        found = None
    return found if found is not None else ZoneInfo("UTC")
