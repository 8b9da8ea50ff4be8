"""Training days laid out for the page: adherence per week (or month, or year) against
the program's target, and the calendar of the period.

A short period gets a calendar of months, one cell a day; a long one gets a strip
per year, one cell a week shaded by its training days, so ten years still fit on a
page. Everything here works on the per-day counts the database already summed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from glutetui.report.figures import Adherence, AdherenceRow
from glutetui.report.period import Period

WEEK_ROWS_UP_TO_DAYS = 26 * 7
MONTH_ROWS_UP_TO_DAYS = 731
MONTH_GRIDS_UP_TO_DAYS = 190


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _first_of_next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _stretches(period: Period, step: str) -> list[tuple[str, date, date]]:
    """(label, first, last) of each week, month or year the period touches, clipped to it."""
    out = []
    start = period.since
    if step == "week":
        start = monday(start)
    elif step == "month":
        start = start.replace(day=1)
    else:
        start = start.replace(month=1, day=1)
    while start <= period.until:
        if step == "week":
            after = start + timedelta(days=7)
            label = f"{start.day} {start:%b %Y}"
        elif step == "month":
            after = _first_of_next_month(start)
            label = f"{start:%B %Y}"
        else:
            after = start.replace(year=start.year + 1)
            label = str(start.year)
        first, last = max(start, period.since), min(after - timedelta(days=1), period.until)
        if step == "week" and (last - first).days < 6:
            label += f" (part: {(last - first).days + 1} days)"
        out.append((label, first, last))
        start = after
    return out


def adherence(
    period: Period, days: dict[date, int], target: int | None, program: str | None
) -> Adherence:
    """Training days in each stretch against the target, prorated for part stretches."""
    if period.days <= WEEK_ROWS_UP_TO_DAYS:
        step = "week"
    elif period.days <= MONTH_ROWS_UP_TO_DAYS:
        step = "month"
    else:
        step = "year"
    rows = []
    for label, first, last in _stretches(period, step):
        trained = sum(1 for d in days if first <= d <= last)
        weeks = ((last - first).days + 1) / 7
        rows.append(AdherenceRow(label, trained, weeks, None if target is None else target * weeks))
    return Adherence(
        target=target,
        target_program=program,
        training_days=len(days),
        weeks=period.days / 7,
        step=step,
        rows=tuple(rows),
    )


@dataclass(frozen=True, slots=True)
class DayCell:
    day: date | None  # None: padding before the first or after the last of the month
    workouts: int = 0
    inside: bool = False  # within the period
    pain: bool = False


@dataclass(frozen=True, slots=True)
class MonthGrid:
    label: str
    weeks: tuple[tuple[DayCell, ...], ...]  # Monday first


@dataclass(frozen=True, slots=True)
class WeekCell:
    monday: date
    days: int  # training days in the week (within the period)
    inside: bool

    @property
    def level(self) -> int:
        """0 to 4, for the shading: none, 1, 2–3, 4–5, 6–7 days."""
        return (0, 1, 2, 2, 3, 3, 4, 4)[min(self.days, 7)]


@dataclass(frozen=True, slots=True)
class YearStrip:
    year: int
    weeks: tuple[WeekCell, ...]


def use_month_grids(period: Period) -> bool:
    return period.days <= MONTH_GRIDS_UP_TO_DAYS


def month_grids(period: Period, counts: dict[date, int], pain: set[date]) -> list[MonthGrid]:
    grids = []
    first = period.since.replace(day=1)
    while first <= period.until:
        after = _first_of_next_month(first)
        cells: list[DayCell] = [DayCell(None)] * first.weekday()
        day = first
        while day < after:
            inside = period.since <= day <= period.until
            cells.append(DayCell(day, counts.get(day, 0), inside, day in pain))
            day += timedelta(days=1)
        cells += [DayCell(None)] * (-len(cells) % 7)
        weeks = tuple(tuple(cells[i : i + 7]) for i in range(0, len(cells), 7))
        grids.append(MonthGrid(f"{first:%B %Y}", weeks))
        first = after
    return grids


def year_strips(period: Period, counts: dict[date, int]) -> list[YearStrip]:
    per_week: dict[date, int] = {}
    for day in counts:
        per_week[monday(day)] = per_week.get(monday(day), 0) + 1
    strips = []
    for year in range(period.since.year, period.until.year + 1):
        start = monday(date(year, 1, 1))
        if start.year < year:
            start += timedelta(days=7)
        cells = []
        week = start
        while week.year == year:
            inside = week <= period.until and week + timedelta(days=6) >= period.since
            cells.append(WeekCell(week, per_week.get(week, 0), inside))
            week += timedelta(days=7)
        strips.append(YearStrip(year, tuple(cells)))
    return strips
