"""The vocabulary's orders in SQL: a band's place in the load order, for the queries
that find the heaviest band. The order itself is ``glutetui.vocab.BANDS``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case

from glutetui.vocab import BANDS


def band_rank_sql(column: Any) -> ColumnElement[int]:
    """0 for none, then 1, 2, 3 up to the heaviest band (an unknown band counts as none)."""
    return case({band: rank for rank, band in enumerate(BANDS)}, value=column, else_=0)
