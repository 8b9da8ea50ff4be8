"""Words and formulas in SQL, each spelled once: a band's place in the load order (the
order itself is ``glutetui.vocab.BANDS``), and a set's time under tension (as
``glutetui.measures.tension`` reckons it in Python)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import ColumnElement, Table, case, func

from glutetui.store.models import SetRow
from glutetui.vocab import BANDS

SET_TABLE = cast(Table, SetRow.__table__)


def band_rank_sql(column: Any) -> ColumnElement[int]:
    """0 for none, then 1, 2, 3 up to the heaviest band (an unknown band counts as none)."""
    return case({band: rank for rank, band in enumerate(BANDS)}, value=column, else_=0)


def tension_sql(sets: Any = None) -> ColumnElement[Any]:
    """A set's seconds under tension: its reps times the tempo, plus the seconds held.
    ``sets`` is where the set's columns come from (the sets table unless named)."""
    c = SET_TABLE.c if sets is None else sets.c
    return func.coalesce(c.reps, 0) * c.rep_seconds + func.coalesce(c.hold_seconds, 0)
