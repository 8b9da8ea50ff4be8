"""First against last: what a program block's sets held, on each side, in the period's
first two weeks and in its last two, as a share of what those sets asked.

The two windows are the period's own edges, :data:`WEEKS` weeks each, so they never
share a day: a period shorter than twice that is "too short to compare", and says so.
Each side is measured against its own target, set by set (the target a set was logged
with), so a dose raised from 10 to 12 reps does not read as a decline, and a dose that
is met reads 100 % at both ends. Skipped sets are no evidence and never reach here.

The report's first page and ``glutetui progress`` take it from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

WEEKS = 2
TOO_SHORT = "too short to compare"
NOT_BOTH = "not done in both windows"


@dataclass(frozen=True, slots=True)
class SideWindow:
    """One side's sets in one window: how many, and what they did and asked, summed."""

    sets: int
    done: float  # reps, or seconds held
    target: float  # what the same sets asked

    @property
    def per_set(self) -> float:
        return self.done / self.sets if self.sets else 0.0

    @property
    def target_per_set(self) -> float:
        return self.target / self.sets if self.sets else 0.0

    @property
    def share(self) -> float | None:
        """Done as a share of the target (1.0: all of it); None without a target."""
        return self.done / self.target if self.target > 0 else None


@dataclass(frozen=True, slots=True)
class FirstLast:
    first_window: tuple[datetime, datetime]  # [from, to)
    last_window: tuple[datetime, datetime]
    first: dict[str, SideWindow] = field(default_factory=dict)  # per side
    last: dict[str, SideWindow] = field(default_factory=dict)
    too_short: bool = False  # the period cannot hold two windows that do not overlap

    @property
    def sides(self) -> tuple[str, ...]:
        """The sides measured in both windows, in order."""
        return tuple(s for s in ("left", "right", "both") if s in self.first and s in self.last)

    @property
    def compared(self) -> bool:
        return not self.too_short and bool(self.sides)

    @property
    def status(self) -> str:
        if self.too_short:
            return TOO_SHORT
        return "compared" if self.sides else NOT_BOTH

    def side_words(self, side: str, unit: str) -> str:
        """``75 % → 90 % of target (7.5 of 10 → 10.8 of 12 reps)``."""
        a, b = self.first[side], self.last[side]
        return (
            f"{_share(a.share)} → {_share(b.share)} of target "
            f"({a.per_set:.1f} of {_amount(a.target_per_set)} → "
            f"{b.per_set:.1f} of {_amount(b.target_per_set)} {unit})"
        )

    def short_words(self, side: str) -> str:
        """``75 % → 92 %``: the shares alone, as page one's table shows them."""
        return f"{_share(self.first[side].share)} → {_share(self.last[side].share)}"

    def words(self, unit: str) -> str:
        """Every side compared, or why there is no comparison."""
        if not self.compared:
            return self.status
        return "; ".join(
            (f"{side} " if side != "both" else "") + self.side_words(side, unit)
            for side in self.sides
        )


def _amount(value: float) -> str:
    """A target per set: whole where it is (12), else one decimal (12.5)."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def _share(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f} %"


def windows(
    start: datetime, end: datetime, weeks: int = WEEKS
) -> tuple[tuple[datetime, datetime], tuple[datetime, datetime], bool]:
    """The first and last windows of a period [start, end), and whether it is too short
    to hold both without overlap."""
    span = timedelta(weeks=weeks)
    return (start, start + span), (end - span, end), end - start < 2 * span


def first_and_last(
    done: Iterable[tuple[datetime, str, int, float, float]],
    start: datetime,
    end: datetime,
    weeks: int = WEEKS,
) -> FirstLast:
    """From (the workout's start, side, sets, done over them, target over them) rows of
    one block in the period [start, end)."""
    first_window, last_window, too_short = windows(start, end, weeks)
    if too_short:
        return FirstLast(first_window, last_window, too_short=True)
    found: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
    for at, side, sets, amount, target in done:
        if sets <= 0:
            continue
        for kept, (since, until) in zip(found, (first_window, last_window), strict=True):
            if since <= at < until:
                totals = kept.setdefault(side, [0, 0.0, 0.0])
                totals[0] += sets
                totals[1] += amount
                totals[2] += target
    first, last = (
        {side: SideWindow(int(n), done_, asked) for side, (n, done_, asked) in kept.items()}
        for kept in found
    )
    return FirstLast(first_window, last_window, first, last)
