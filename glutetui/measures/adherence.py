"""Adherence: training days per week against the target of the program in use that week.

A training day is a local day with at least one logged set. Weeks run Monday to
Sunday. They are counted from the later of the period's start and the person's first
workout ever (not the first of the period, nor of one program), so a week with no
training inside the period — a lapse — counts 0, and the weeks before anyone started
never count as missed. A week is judged only when it lies wholly inside the period and
is over. Each judged week is held to the target of the program in use that week (its
``days_per_week``; see ``measures.in_use``), and counts at most that target. The
percentage is the days counted over the days planned: 8 of 12 is 67 %.

A weekly plan (planned weekdays per program) can later set each week's target: the
target is asked per week (``target`` may be a function of the week's Monday), so a
plan only has to answer that question.

History's Calendar, the report, ``glutetui progress`` and Home take it from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# A week's target: a fixed number of days, or one asked per week (by its Monday).
WeekTarget = int | None | Callable[[date], int | None]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class TrainingWeek:
    monday: date
    days: int  # training days that week
    target: int | None  # days planned that week (the program in use's target)
    judged: bool  # False: not over yet, or not wholly inside the period

    @property
    def met(self) -> bool | None:
        if not self.judged or not self.target:
            return None
        return self.days >= self.target

    @property
    def counted(self) -> int:
        """Training days that count towards the target (at most the target)."""
        return min(self.days, self.target or 0)


@dataclass(frozen=True, slots=True)
class Adherence:
    target: int | None  # days a week planned in the last week counted (None: no target)
    first: date | None  # the first day counted from (the later of the start, the first ever)
    weeks: tuple[TrainingWeek, ...]  # from the first week counted to the period's last

    @property
    def judged(self) -> tuple[TrainingWeek, ...]:
        return tuple(w for w in self.weeks if w.judged)

    @property
    def days_trained(self) -> int:
        return sum(w.days for w in self.weeks)

    @property
    def days_counted(self) -> int:
        """Training days of the judged weeks, each week at most its target."""
        return sum(w.counted for w in self.judged if w.target)

    @property
    def days_planned(self) -> int:
        """The judged weeks' targets, summed."""
        return sum(w.target or 0 for w in self.judged)

    @property
    def per_week(self) -> float | None:
        """Training days per judged week."""
        judged = self.judged
        return sum(w.days for w in judged) / len(judged) if judged else None

    @property
    def percent(self) -> float | None:
        """Days counted over days planned, over the judged weeks."""
        return percent_of(self.weeks)

    @property
    def weeks_met(self) -> tuple[int, int]:
        judged = [w for w in self.judged if w.target]
        return sum(1 for w in judged if w.met), len(judged)

    @property
    def targets(self) -> tuple[int, ...]:
        """The different targets of the judged weeks, in order of first use."""
        return tuple(dict.fromkeys(w.target for w in self.judged if w.target))

    def words(self, *, target: bool = True) -> str:
        """``67 % of 3 days a week: 8 of 12 days (3 of 4 weeks met)``; without the target
        where it was just said: ``67 % (3 of 4 weeks met)``."""
        percent = self.percent
        if percent is None:
            if self.first is None:
                return "no training yet"
            if not self.judged:
                return "too early to tell: no whole week yet"
            return "no target to measure against"
        met, weeks = self.weeks_met
        met_words = f"{met} of {weeks} {'week' if weeks == 1 else 'weeks'} met"
        if not target:
            return f"{percent:.0f} % ({met_words})"
        targets = self.targets
        if len(targets) == 1:
            days = "day" if targets[0] == 1 else "days"
            of = f"of {targets[0]} {days} a week"
        else:
            of = "of the weekly targets"
        return (
            f"{percent:.0f} % {of}: {self.days_counted} of {self.days_planned} "
            f"{'day' if self.days_planned == 1 else 'days'} ({met_words})"
        )


def percent_of(weeks: Iterable[TrainingWeek]) -> float | None:
    """Days counted over days planned for the judged weeks among ``weeks`` (for the
    whole period, or one week, month or year of it); None when none is judged with a
    target."""
    judged = [w for w in weeks if w.judged and w.target]
    planned = sum(w.target or 0 for w in judged)
    if not planned:
        return None
    return 100.0 * sum(w.counted for w in judged) / planned


def adherence(
    training_days: Iterable[date],
    target: WeekTarget,
    since: date,
    until: date,
    today: date,
    first_ever: date | None,
) -> Adherence:
    """Adherence over the days from ``since`` to ``until`` (both included), counted from
    the later of ``since`` and ``first_ever`` (the person's first workout; None: none
    yet). ``target`` is the days planned a week, or a function of a week's Monday giving
    that week's."""
    if first_ever is None or first_ever > until:
        return Adherence(_target_of(target, monday(until)), None, ())
    first = max(since, first_ever)
    per_week: dict[date, int] = {}
    for d in {d for d in training_days if first <= d <= until}:
        per_week[monday(d)] = per_week.get(monday(d), 0) + 1
    weeks = []
    week = monday(first)
    while week <= until:
        sunday = week + timedelta(days=6)
        judged = week >= since and sunday <= until and sunday < today
        weeks.append(TrainingWeek(week, per_week.get(week, 0), _target_of(target, week), judged))
        week += timedelta(days=7)
    last = weeks[-1].target if weeks else _target_of(target, monday(until))
    return Adherence(last, first, tuple(weeks))


def _target_of(target: WeekTarget, week: date) -> int | None:
    return target(week) if callable(target) else target
