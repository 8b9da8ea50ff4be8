"""Local days, weeks and months of stored UTC times, as SQL for SQLite and PostgreSQL.

The store keeps naive UTC times; a report counts the user's own days (a workout at
00:30 local time belongs to that day, not the one before in UTC). Neither database
shares a function for this, so the expression is chosen per dialect:

* SQLite's ``date(t, 'localtime', …)`` uses the process's time zone, daylight
  saving included, exactly as Python's ``astimezone()`` does;
* PostgreSQL reads ``t`` as UTC and converts it with ``AT TIME ZONE`` to the zone
  this process runs in, named (``Europe/Paris``) when the system says which, else as
  today's fixed offset; weeks and months come from ``date_trunc`` (weeks start on
  Monday there, as they do here).

Every expression is typed ``Date``, so rows come back as ``datetime.date`` on both.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import (
    ColumnElement,
    Date,
    Interval,
    SQLColumnExpression,
    String,
    cast,
    func,
    literal,
    type_coerce,
)

from glutetui.report.period import ReportError, SqlBucket


def local_bucket(
    column: SQLColumnExpression[Any], bucket: SqlBucket, dialect: str
) -> ColumnElement[Any]:
    """The local day, the Monday of its week, or the first of its month or year."""
    if dialect == "sqlite":
        shift = {
            "day": (),
            "week": ("-6 days", "weekday 1"),
            "month": ("start of month",),
            "year": ("start of year",),
        }
        return type_coerce(func.date(column, "localtime", *shift[bucket]), Date)
    if dialect == "postgresql":
        local = func.timezone(_postgres_zone(), func.timezone("UTC", column))
        if bucket == "day":
            return cast(local, Date)
        return cast(func.date_trunc(bucket, local), Date)
    raise ReportError(f"reports work on SQLite and PostgreSQL, not on {dialect}")


def _postgres_zone() -> ColumnElement[Any]:
    name = local_zone_name()
    if name is not None:
        return literal(name, String)
    # No zone name to be found: today's offset (ISO sign, east of UTC positive).
    offset = datetime.now().astimezone().utcoffset() or timedelta()
    return literal(offset, Interval)


def local_zone_name() -> str | None:
    """The IANA name of this process's time zone (``TZ``, else /etc/localtime), if any."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if not name or name.startswith("/"):
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return None
