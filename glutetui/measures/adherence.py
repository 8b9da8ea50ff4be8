"""Adherence: training days per week against the program's target.

A training day is a local day with at least one logged set. Weeks run Monday to
Sunday. They are counted from the week of the first workout (or the period's first
whole week, when the person trained before it began), so the weeks before anyone
started never count as missed; the current week is not judged until it is over. The
percentage is the days trained in the judged weeks, each week counting at most its
target, over the target times those weeks: 100 % means every week met its target.

History's Calendar, the report, ``glutetui progress`` and Home take it from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class TrainingWeek:
    monday: date
    days: int  # training days that week
    target: int | None
    judged: bool  # False: not over yet, or not wholly inside the period

    @property
    def met(self) -> bool | None:
        if not self.judged or self.target is None:
            return None
        return self.days >= self.target


@dataclass(frozen=True, slots=True)
class Adherence:
    target: int | None  # days a week
    first: date | None  # the first training day counted from
    weeks: tuple[TrainingWeek, ...]  # from the first week counted to the period's last

    @property
    def judged(self) -> tuple[TrainingWeek, ...]:
        return tuple(w for w in self.weeks if w.judged)

    @property
    def days_trained(self) -> int:
        return sum(w.days for w in self.weeks)

    @property
    def per_week(self) -> float | None:
        """Training days per judged week."""
        judged = self.judged
        return sum(w.days for w in judged) / len(judged) if judged else None

    @property
    def percent(self) -> float | None:
        """Of the target, over the judged weeks (a week counts at most its target)."""
        return percent_of(self.weeks, self.target)

    @property
    def weeks_met(self) -> tuple[int, int]:
        judged = self.judged
        return sum(1 for w in judged if w.met), len(judged)

    def words(self, *, target: bool = True) -> str:
        """``83 % of 3 days a week (5 of 6 weeks met)``; without the target where it was
        just said: ``83 % (5 of 6 weeks met)``."""
        percent = self.percent
        if percent is None:
            if self.first is None:
                return "no training yet"
            return "too early to tell: no whole week yet"
        met, weeks = self.weeks_met
        days = "day" if self.target == 1 else "days"
        of = f" of {self.target} {days} a week" if target else ""
        return f"{percent:.0f} %{of} ({met} of {weeks} {'week' if weeks == 1 else 'weeks'} met)"


def percent_of(weeks: Iterable[TrainingWeek], target: int | None) -> float | None:
    """Training days as a percentage of the target over the judged weeks among ``weeks``
    (each week counts at most its target): for the whole period, or one week, month or
    year of it. None when no week is judged or there is no target."""
    judged = [w for w in weeks if w.judged]
    if not judged or not target:
        return None
    return 100.0 * sum(min(w.days, target) for w in judged) / (target * len(judged))


def adherence(
    training_days: Iterable[date],
    target: int | None,
    since: date,
    until: date,
    today: date,
) -> Adherence:
    """Adherence over the days from ``since`` to ``until`` (both included)."""
    days = sorted({d for d in training_days if since <= d <= until})
    if not days:
        return Adherence(target, None, ())
    # From the first workout's week; a week only partly inside the period is shown but
    # not judged.
    start = monday(days[0])
    per_week: dict[date, int] = {}
    for d in days:
        per_week[monday(d)] = per_week.get(monday(d), 0) + 1
    weeks = []
    week = start
    while week <= until:
        sunday = week + timedelta(days=6)
        judged = week >= since and sunday <= until and sunday < today
        weeks.append(TrainingWeek(week, per_week.get(week, 0), target, judged))
        week += timedelta(days=7)
    return Adherence(target, days[0], tuple(weeks))
