"""Time under tension: reps times their tempo plus seconds held, every logged set
counted, per side and per step of time (a week, a month …), empty steps included.

The store sums the seconds in SQL (``insights.tension``, with the one formula in
``store/sqlwords.py``); History's Tension tab and the report lay them out through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class TensionRow:
    at: date  # the step's first day (a Monday for weeks)
    weeks: float  # weeks of the period the step covers: seconds per week = total / weeks
    left: float
    right: float
    both: float

    @property
    def total(self) -> float:
        return self.left + self.right + self.both


def tension_rows(
    found: Iterable[tuple[date, str, float]], steps: Sequence[tuple[date, float]]
) -> list[TensionRow]:
    """One row per step (its first day and the weeks it covers), oldest first, from the
    seconds found per step and side; a step with nothing found is an empty row."""
    per: dict[date, dict[str, float]] = {}
    for at, side, seconds in found:
        sides = per.setdefault(at, {})
        sides[side] = sides.get(side, 0.0) + seconds
    rows = []
    for at, weeks in steps:
        sides = per.get(at, {})
        rows.append(
            TensionRow(
                at, weeks, sides.get("left", 0.0), sides.get("right", 0.0), sides.get("both", 0.0)
            )
        )
    return rows
