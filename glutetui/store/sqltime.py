"""The user's own days, weeks and months of stored times, in SQL for SQLite and PostgreSQL.

The store keeps naive UTC times; History counts the person's local days (a workout
at 00:30 belongs to that day, not to the one before in UTC). The two databases
share no function for this, so each expression is chosen per dialect here, and
nowhere else:

* SQLite's ``datetime(t, 'localtime')`` uses this process's time zone, daylight
  saving included, exactly as Python's ``astimezone()`` does;
* PostgreSQL reads ``t`` as UTC and turns it into wall time with ``timezone(zone,
  …)``, the zone passed with the query: its IANA name when the system says which
  (``Europe/Paris``: each row gets the offset of its own date), else today's
  offset. The server's own zone never matters (its sessions run in UTC).

Days, weeks (named by their Monday) and months come back as ``datetime.date`` and
local moments as naive ``datetime`` on both, so callers never parse text.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Integer,
    Interval,
    SQLColumnExpression,
    String,
    cast,
    func,
    literal,
    type_coerce,
)
from sqlalchemy.orm import Session

Bucket = Literal["day", "week", "month", "year"]

# SQLite's date modifiers for each bucket; "weekday 1" moves forward to a Monday, so
# going back six days first lands on the Monday on or before the day.
_SQLITE_SHIFT: dict[Bucket, tuple[str, ...]] = {
    "day": (),
    "week": ("-6 days", "weekday 1"),
    "month": ("start of month",),
    "year": ("start of year",),
}
# Day numbers for PostgreSQL count from here; any fixed day would do.
_EPOCH = date(2000, 1, 1)


def dialect_of(session: Session) -> str:
    """The dialect a session talks: ``sqlite`` or ``postgresql``."""
    return session.get_bind().dialect.name


def local_moment(column: SQLColumnExpression[Any], dialect: str) -> ColumnElement[datetime]:
    """A stored UTC time as the local wall time (naive), to the second on SQLite."""
    if dialect == "sqlite":
        return type_coerce(func.datetime(column, "localtime"), DateTime)
    _known(dialect)
    return type_coerce(_pg_local(column), DateTime)


def local_bucket(
    column: SQLColumnExpression[Any], bucket: Bucket, dialect: str
) -> ColumnElement[date]:
    """The local day of a stored UTC time, the Monday of its week, or the first day of
    its month or year."""
    if dialect == "sqlite":
        shifted = func.date(column, "localtime", *_SQLITE_SHIFT[bucket])
        return type_coerce(shifted, Date)
    _known(dialect)
    local = _pg_local(column)
    if bucket == "day":
        return cast(local, Date)
    # date_trunc's weeks start on Monday, as they do here.
    return cast(func.date_trunc(bucket, local), Date)


def day_number(day: SQLColumnExpression[date], dialect: str) -> ColumnElement[Any]:
    """A number per day that grows by one from each day to the next (for runs of days)."""
    if dialect == "sqlite":
        return func.julianday(day)
    _known(dialect)
    return type_coerce(day - literal(_EPOCH, Date), Integer)


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


# --- inside ---------------------------------------------------------------------------


def _pg_local(column: SQLColumnExpression[Any]) -> ColumnElement[Any]:
    # timezone('UTC', t) reads the naive column as UTC; timezone(zone, …) gives the
    # wall time there.
    return func.timezone(_pg_zone(), func.timezone("UTC", column))


def _pg_zone() -> ColumnElement[Any]:
    name = local_zone_name()
    if name is not None:
        return literal(name, String)
    # No zone name to be found: today's offset (an interval is east of UTC positive).
    offset = datetime.now().astimezone().utcoffset() or timedelta()
    return literal(offset, Interval)


def _known(dialect: str) -> None:
    if dialect != "postgresql":
        raise ValueError(f"glutetui's history works on SQLite and PostgreSQL, not {dialect}")
