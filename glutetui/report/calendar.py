"""Training days laid out for the page: adherence per week (or month, or year) against
the program's target, and the calendar of the period.

A short period gets a calendar of months, one cell a day; a long one gets a strip
per year, one cell a week shaded by its training days, so ten years still fit on a
page. Everything here works on the per-day counts the database already summed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from glutetui.measures.adherence import Adherence as Measured
from glutetui.measures.adherence import TrainingWeek, percent_of
from glutetui.report.data import AdherenceRow, AdherenceTable
from glutetui.report.period import Period

WEEK_ROWS_UP_TO_DAYS = 26 * 7
MONTH_ROWS_UP_TO_DAYS = 731
MONTH_GRIDS_UP_TO_DAYS = 190


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _first_of_next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _stretch_of(week: date, step: str) -> tuple[date, str]:
    """The week, month or year a week (named by its Monday) is counted in, and its label."""
    if step == "week":
        return week, f"{week.day} {week:%b}"
    if step == "month":
        return week.replace(day=1), f"{week:%B %Y}"
    return week.replace(month=1, day=1), str(week.year)


def adherence(period: Period, counted: Measured, program: str | None) -> AdherenceTable:
    """Adherence as the report lays it out: the weeks of ``glutetui.measures`` gathered
    into weeks, months or years by the period's length. Only whole weeks are judged
    (those inside the period, from the first workout, and over)."""
    if period.days <= WEEK_ROWS_UP_TO_DAYS:
        step = "week"
    elif period.days <= MONTH_ROWS_UP_TO_DAYS:
        step = "month"
    else:
        step = "year"
    stretches: dict[date, list[TrainingWeek]] = {}
    labels: dict[date, str] = {}
    for week in counted.weeks:
        key, label = _stretch_of(week.monday, step)
        stretches.setdefault(key, []).append(week)
        labels[key] = label
    rows = []
    for key, weeks in sorted(stretches.items()):
        judged = [w for w in weeks if w.judged]
        # Each judged week against the target of the program in use that week.
        planned = sum(w.target or 0 for w in judged)
        label = labels[key] + ("" if judged else " (not judged)")
        rows.append(
            AdherenceRow(
                label,
                sum(w.days for w in weeks),
                len(judged),
                planned or None,
                percent_of(weeks),
            )
        )
    return AdherenceTable(counted, program, step, tuple(rows))


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
