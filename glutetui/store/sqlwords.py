"""Words and formulas in SQL, each spelled once: a band's place in the load order (the
order itself is ``glutetui.vocab.BANDS``), and a set's time under tension (as
``glutetui.measures.tension`` reckons it in Python)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func

from glutetui.store.models import SetRow
from glutetui.vocab import BANDS


def band_rank_sql(column: Any) -> ColumnElement[int]:
    """0 for none, then 1, 2, 3 up to the heaviest band (an unknown band counts as none)."""
    return case({band: rank for rank, band in enumerate(BANDS)}, value=column, else_=0)


def tension_sql() -> ColumnElement[Any]:
    """A set's seconds under tension: its reps times the tempo, plus the seconds held."""
    return func.coalesce(SetRow.reps, 0) * SetRow.rep_seconds + func.coalesce(
        SetRow.hold_seconds, 0
    )
