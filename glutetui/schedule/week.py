"""The week plan, pure: days and a time per program, the sessions they give, and how
this week stands.

A program's plan is its ``[plan.ID]`` table in ``settings.toml`` when it has one (no
days: not planned), else the default spread from its ``days_per_week`` when it is the
program in use. :func:`planned_weekdays` is the one answer to "which weekdays is this
program planned for"; adherence can judge a week against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo

import msgspec

from glutetui.catalog import Program
from glutetui.measures.words import minutes_text
from glutetui.platform.settings import WEEKDAY_KEYS, PlanEntry
from glutetui.schedule.days import DAY_SHORT, DayState

DEFAULT_TIME = time(18, 0)
# The default days for n days a week (0 is Monday): spread so that rest days fall
# between sessions where the week allows it.
DEFAULT_SPREAD: dict[int, tuple[int, ...]] = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 3, 4),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}


def default_weekdays(days_per_week: int) -> tuple[int, ...]:
    return DEFAULT_SPREAD[min(max(days_per_week, 1), 7)]


def planned_weekdays(program: Program, plans: Mapping[str, PlanEntry]) -> tuple[int, ...]:
    """The weekdays (0 is Monday) ``program`` is planned for: its table's days, else the
    default spread from its days per week."""
    entry = plans.get(program.id)
    if entry is None:
        return default_weekdays(program.days_per_week)
    return tuple(sorted(WEEKDAY_KEYS.index(d) for d in entry.days))


def planned_time(program: Program, plans: Mapping[str, PlanEntry]) -> time:
    entry = plans.get(program.id)
    if entry is None:
        return DEFAULT_TIME
    hour, minute = entry.time.split(":")
    return time(int(hour), int(minute))


class ProgramWeek(msgspec.Struct, frozen=True):
    """One planned program: its days, time and length."""

    program: str  # the program's id
    name: str
    weekdays: tuple[int, ...]  # 0 is Monday
    at: time
    minutes: float
    chosen: bool  # True: set in settings; False: the default spread for the program in use

    @property
    def days_text(self) -> str:
        return ", ".join(DAY_SHORT[d] for d in self.weekdays)


class Session(msgspec.Struct, frozen=True):
    """One planned session."""

    program: str
    name: str
    start: datetime  # aware, in the person's zone
    minutes: float


def week_plan(
    programs: Iterable[Program],
    plans: Mapping[str, PlanEntry],
    in_use: str | None,
    minutes: Mapping[str, float],
) -> tuple[ProgramWeek, ...]:
    """Every planned program, in the order given (programs with no days left out)."""
    out = []
    for program in programs:
        if program.id not in plans and program.id != in_use:
            continue
        days = planned_weekdays(program, plans)
        if not days:
            continue
        out.append(
            ProgramWeek(
                program=program.id,
                name=program.name,
                weekdays=days,
                at=planned_time(program, plans),
                minutes=minutes.get(program.id, 0.0),
                chosen=program.id in plans,
            )
        )
    return tuple(out)


def local_start(day: date, at: time, zone: tzinfo) -> datetime:
    """The moment ``at`` on ``day`` in ``zone``; a time skipped by a clock change is
    read as the one after it (fold 0, as zoneinfo does)."""
    return datetime.combine(day, at, tzinfo=zone)


def sessions(plan: Iterable[ProgramWeek], first: date, days: int, zone: tzinfo) -> list[Session]:
    """The planned sessions on the ``days`` days from ``first``, in time order."""
    out = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        for week in plan:
            if day.weekday() in week.weekdays:
                start = local_start(day, week.at, zone)
                out.append(Session(week.program, week.name, start, week.minutes))
    out.sort(key=lambda s: (s.start, s.name))
    return out


def next_session(
    plan: Iterable[ProgramWeek], now: datetime, done_today: bool = False
) -> Session | None:
    """The first planned session starting at or after ``now`` (within a week); with
    today's workout done, the first from tomorrow."""
    zone = now.tzinfo
    assert zone is not None
    upcoming = [
        s
        for s in sessions(plan, now.date(), 9, zone)
        if s.start >= now and not (done_today and s.start.date() == now.date())
    ]
    return upcoming[0] if upcoming else None


def due_today(plan: Iterable[ProgramWeek], now: datetime) -> list[Session]:
    """The sessions planned for today at or before ``now``."""
    zone = now.tzinfo
    assert zone is not None
    return [s for s in sessions(plan, now.date(), 1, zone) if s.start <= now]


class WeekDay(msgspec.Struct, frozen=True):
    """One day of this week (Monday to Sunday) as Home shows it."""

    day: date
    state: DayState
    planned: tuple[str, ...]  # names of the programs planned that day


def this_week(
    plan: Iterable[ProgramWeek], today: date, done_days: Iterable[date]
) -> tuple[WeekDay, ...]:
    """Monday to Sunday of ``today``'s week: each day done (a workout completed, planned
    or not), today, to come, missed, or free."""
    done = set(done_days)
    weeks = tuple(plan)
    monday = today - timedelta(days=today.weekday())
    out = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        planned = tuple(w.name for w in weeks if day.weekday() in w.weekdays)
        if day in done:
            state = DayState.DONE
        elif not planned:
            state = DayState.FREE
        elif day == today:
            state = DayState.TODAY
        elif day > today:
            state = DayState.TO_COME
        else:
            state = DayState.MISSED
        out.append(WeekDay(day, state, planned))
    return tuple(out)


def session_words(session: Session, now: datetime | None = None) -> str:
    """ "Thu 07:30 · Floor routine for the TV · 20 min" ("today 07:30" on its day)."""
    start = session.start
    when = f"{DAY_SHORT[start.weekday()]} {start:%H:%M}"
    if now is not None and start.date() == now.date():
        when = f"today {start:%H:%M}"
    elif now is not None and start.date() == now.date() + timedelta(days=1):
        when = f"tomorrow {start:%H:%M}"
    return f"{when} · {session.name} · {minutes_text(session.minutes)}"


def weekly_target(program: Program, plans: Mapping[str, PlanEntry]) -> int | None:
    """The days a week ``program`` is held to: the days the person planned for it when
    they planned it, else its own days per week (what adherence's "met" is judged
    against)."""
    entry = plans.get(program.id)
    if entry is not None:
        return len(entry.days) or None
    return program.days_per_week
