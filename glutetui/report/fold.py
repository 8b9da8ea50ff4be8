"""Folding the database's per-step rows into what the report shows, in Python.

The rows are few (one per step of the period, exercise and side, see ``data``), so
this work does not grow with the history: points per side, ratings per exercise,
and the step of the time under tension chart.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Literal

from glutetui.report.data import Point
from glutetui.report.period import Bucket, Period
from glutetui.store.queries.report import SetStep
from glutetui.vocab import BANDS


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


LogStepWord = Literal["workout", "week", "month", "year"]
# The log lists every workout of a short period; longer ones are summed per step, so
# ten years take a dozen rows, not thousands.
LIST_UP_TO_DAYS = 62
WEEKS_UP_TO_DAYS = 26 * 7
MONTHS_UP_TO_DAYS = 731


def log_step(period: Period) -> LogStepWord:
    """What one row of the report's workout log covers."""
    if period.days <= LIST_UP_TO_DAYS:
        return "workout"
    if period.days <= WEEKS_UP_TO_DAYS:
        return "week"
    return "month" if period.days <= MONTHS_UP_TO_DAYS else "year"


def step_label(at: date, step: str) -> str:
    """A week (by its Monday), a month or a year, as a row of the page names it."""
    if step == "week":
        return f"{at.day} {at:%b %Y}"
    if step == "month":
        return f"{at:%B %Y}"
    return str(at.year)
