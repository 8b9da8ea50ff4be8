"""The first two weeks against the last two: what a program block's sets held, on
average, when it was first done in a period and when it was last done.

Each window is two weeks long and counted from the block's own first and last workouts
in the period (not the period's edges), so an exercise taken up halfway through is
still compared with its own start. A block done for less than four weeks has windows
that share days; the figure says so. Reps per set, or seconds held per set, over every
whole set on every side.

The report's first page and ``glutetui progress`` take it from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

WEEKS = 2


@dataclass(frozen=True, slots=True)
class FirstLast:
    first: float  # mean per set over the first two weeks
    last: float  # mean per set over the last two weeks
    first_sets: int
    last_sets: int
    overlap: bool  # done over less than four weeks: the windows share days

    @property
    def change(self) -> float:
        return self.last - self.first

    def words(self, unit: str) -> str:
        """``8.5 → 11.0 reps``: one decimal, as the page and the command line show it."""
        return f"{self.first:.1f} → {self.last:.1f} {unit}"


def first_and_last(
    done: Iterable[tuple[datetime, int, float]], weeks: int = WEEKS
) -> FirstLast | None:
    """From (the workout's start, whole sets, reps or seconds over them) rows; None
    without sets. The windows run two weeks from the first start and up to the last."""
    rows = [(day, sets, amount) for day, sets, amount in done if sets > 0]
    if not rows:
        return None
    first_day = min(at for at, _, _ in rows)
    last_day = max(at for at, _, _ in rows)
    window = timedelta(days=7 * weeks)
    early = [(sets, amount) for at, sets, amount in rows if at < first_day + window]
    late = [(sets, amount) for at, sets, amount in rows if at > last_day - window]
    return FirstLast(
        first=_per_set(early),
        last=_per_set(late),
        first_sets=sum(s for s, _ in early),
        last_sets=sum(s for s, _ in late),
        overlap=last_day - first_day < 2 * window,
    )


def _per_set(rows: list[tuple[int, float]]) -> float:
    sets = sum(s for s, _ in rows)
    return sum(a for _, a in rows) / sets if sets else 0.0
