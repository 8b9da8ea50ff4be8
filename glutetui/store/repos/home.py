"""Home's read (:mod:`glutetui.store.peek`) inside a unit of work: the same SQL on the
session's own connection."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from glutetui.store.peek import Rows, SqliteRows, namespace


def rows_of(session: Session) -> Rows:
    """Home's queries run in ``session``: on SQLite through the very connection under it
    (the same driver as the read before the store is open), on a server through it."""
    if session.get_bind().dialect.name == "sqlite":
        raw = session.connection().connection.driver_connection
        return SqliteRows(raw)  # type: ignore[arg-type]
    return _ServerRows(session)


class _ServerRows:
    """Home's read on a database server, through the session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def rows(self, sql: str, params: Mapping[str, Any]) -> list[SimpleNamespace]:
        bound = {
            k: v.astimezone(UTC).replace(tzinfo=None) if isinstance(v, datetime) else v
            for k, v in params.items()
        }
        result = self.session.execute(text(sql), bound)
        names = list(result.keys())
        return [namespace(names, tuple(values)) for values in result]

    def streaks(self, today: date) -> tuple[int, int]:
        from glutetui.store.queries.insights import streaks

        return streaks(self.session, today)
