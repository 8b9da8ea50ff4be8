"""Folding the database's per-step rows into what the report shows, in Python.

The rows are few (one per step of the period, exercise and side, see ``data``), so
this work does not grow with the history: points per side, ratings per exercise,
and the step of the time under tension chart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from glutetui.report.figures import Point
from glutetui.report.period import Bucket, Period
from glutetui.vocab import BANDS

# The database packs six counts of ratings into one number, ten bits each (see data.py).
RATING_BITS = 10
RATING_MASK = (1 << RATING_BITS) - 1


@dataclass(slots=True)
class SetStep:
    """One row of the sets query: a step of the period, a slot, an exercise and a side."""

    at: date
    program: str
    slot: str
    exercise: str
    side: str
    sets: int
    reps: float
    hold: float
    band: str
    pain: int
    # First sets by rating (0: unrated, then 1 to 5): one per exercise done and side.
    firsts: tuple[int, ...]

    @classmethod
    def of(cls, row: Any) -> SetStep:
        at, program, slot, exercise, side, sets, reps, hold, band, pain, ratings = row
        packed = int(ratings or 0)
        return cls(
            at,
            program,
            slot,
            exercise,
            side,
            int(sets),
            float(reps or 0),
            float(hold or 0),
            BANDS[int(band or 0)],
            int(pain or 0),
            tuple((packed >> (RATING_BITS * r)) & RATING_MASK for r in range(6)),
        )


def points_of(rows: list[SetStep], held: bool) -> tuple[Point, ...]:
    """One point per step and side, the slot's exercises taken together."""
    merged: dict[tuple[date, str], list[SetStep]] = defaultdict(list)
    for row in rows:
        merged[(row.at, row.side)].append(row)
    points = []
    for (at, side), group in sorted(merged.items()):
        sets = sum(r.sets for r in group)
        amount = sum(r.hold if held else r.reps for r in group)
        ratings = [sum(r.firsts[n] for r in group) for n in range(1, 6)]
        rated = sum(ratings)
        points.append(
            Point(
                at=at,
                side=side,
                sets=sets,
                amount=amount / sets if sets else 0.0,
                band=max((r.band for r in group), key=BANDS.index),
                effort=sum(n * r for n, r in enumerate(ratings, 1)) / rated if rated else None,
                pain_sets=sum(r.pain for r in group),
            )
        )
    return tuple(points)


def efforts_of(rows: list[SetStep]) -> dict[int | None, int]:
    """Workouts per rating for one slot. In each step, a sided exercise's first sets are
    counted on the side done more often (left and right are one exercise), plus the
    two-legged ones."""
    per: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0] * 6)
    for row in rows:
        counts = per[(row.at, row.side)]
        for rating, n in enumerate(row.firsts):
            counts[rating] += n
    found: dict[int | None, int] = {}
    for at in {at for at, _ in per}:
        left, right, both = (per.get((at, side), [0] * 6) for side in ("left", "right", "both"))
        for rating in range(6):
            n = max(left[rating], right[rating]) + both[rating]
            if n:
                key = rating or None
                found[key] = found.get(key, 0) + n
    return found


def tension_step(period: Period) -> Bucket:
    """Weeks for periods charted by day or week, else the chart's own step."""
    return "week" if period.bucket == "day" else period.bucket
