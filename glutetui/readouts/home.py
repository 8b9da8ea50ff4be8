"""What Home shows: today's program, the last workout, the streak, what is pending.

:func:`quick_home` reads it with the standard library before the store is open, for
Home's first frame; :func:`home_data` makes the same read (``store.peek``) in a unit
of work of the store. A Start without a program (Home's "s", the phone's Start) begins
:func:`suggest_program` over that read's recent programs.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import msgspec

from glutetui.catalog import Catalog, Program
from glutetui.measures.doses import changed_doses
from glutetui.measures.in_use import program_in_use
from glutetui.schedule.week import WeekDay, next_session, session_words, this_week, week_plan
from glutetui.schedule.zone import local_zone
from glutetui.workout.planning import program_minutes

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from glutetui.coaching.shown import ShownSuggestion
    from glutetui.platform.settings import Settings
    from glutetui.store import Store, UnfinishedWorkout, WorkoutSummary
    from glutetui.store.lease import Lease
    from glutetui.store.peek import HomeFigures

DEFAULT_PROGRAM = "tv-floor"
_UNREADABLE_PLAN = "cannot be resumed: its plan could not be read"
ROUTINE_WINDOW_DAYS = 28


class Streak(msgspec.Struct, frozen=True):
    """Runs of training days (a day with at least one logged set), and whether a
    workout was completed today: only a completed workout makes today "done"."""

    current: int
    longest: int
    done_today: bool


class HomeData(msgspec.Struct, frozen=True):
    """What Home shows, computed in one go off the UI thread."""

    suggested: Program
    suggested_minutes: float
    programs: tuple[tuple[Program, float], ...]
    last: WorkoutSummary | None
    streak: Streak
    unfinished: UnfinishedWorkout | None
    unfinished_at: str | None  # where it stopped, in words
    problems: tuple[str, ...]
    suggestions: tuple[ShownSuggestion, ...] = ()
    complete: bool = True  # False: read before the store was loaded (suggestions to come)
    resumable: bool = False  # an unfinished workout whose plan can be followed again
    # The device now running the unfinished workout (its lease is fresh): hands off.
    running_elsewhere: str | None = None
    # This week's plan, Monday to Sunday, and the next planned session in words
    # ("today 18:00 · Floor routine for the TV · 20 min"), as Home and the phone say it.
    week: tuple[WeekDay, ...] = ()
    next_planned: str | None = None


def quick_home(
    database: Path | None,
    catalog: Catalog,
    settings: Settings,
    lease: Callable[[], Lease],
    now: datetime,
    settings_problem: str | None = None,
) -> HomeData | None:
    """Home's figures before the store is open, for its first frame: the SQLite file
    (``database``; None on a database server) read-only with the standard library (no
    SQLAlchemy), the coach's review still to come. ``lease`` is this copy's, made only
    if an unfinished workout is found.

    None when the database needs the full store first (to be created, checked or
    migrated, or on a database server).
    """
    from glutetui.store.peek import home_figures
    from glutetui.store.schema import HEAD

    if database is None:
        return None  # a database server is reached through the store
    today, midnight, since = _window(now)
    figures = home_figures(database, HEAD, today, midnight, since, _week_start(today))
    if figures is None:
        return None
    return _home(figures, catalog, settings, lease, now, settings_problem, reviewed=False)


def home_data(
    store: Store,
    catalog: Catalog,
    settings: Settings,
    lease: Callable[[], Lease],
    now: datetime,
    settings_problem: str | None = None,
) -> HomeData:
    """Home's figures with the store open: the same read as :func:`quick_home`, in one
    session (the coach's review is the writer's: Home reads again when it makes
    something)."""
    today, midnight, since = _window(now)
    with store.read() as db:
        figures = db.home(today, midnight, since, _week_start(today))
    return _home(figures, catalog, settings, lease, now, settings_problem, reviewed=True)


def _window(now: datetime) -> tuple[date, datetime, datetime]:
    """Today, its local midnight, and the start of the window today's program is
    chosen from."""
    today = now.astimezone().date()
    midnight = datetime(today.year, today.month, today.day).astimezone()
    return today, midnight, now - timedelta(days=ROUTINE_WINDOW_DAYS)


def _week_start(today: date) -> datetime:
    """Monday's local midnight: the week plan's week starts there."""
    monday = today - timedelta(days=today.weekday())
    return datetime(monday.year, monday.month, monday.day).astimezone()


def _home(
    figures: HomeFigures,
    catalog: Catalog,
    settings: Settings,
    lease: Callable[[], Lease],
    at: datetime,
    settings_problem: str | None,
    *,
    reviewed: bool,
) -> HomeData:
    changes = figures.changes
    problems = [str(p) for p in catalog.problems]
    if settings_problem:
        problems.append(settings_problem)
    programs = tuple(
        (p, program_minutes(p, catalog, settings, changed_doses(p, changes)))
        for p in sorted(catalog.programs.values(), key=lambda p: (p.source != "bundled", p.name))
    )
    lengths = {p.id: minutes for p, minutes in programs}
    suggested = suggest_program(catalog, figures.recent_programs, at)
    unfinished = figures.unfinished
    stopped = describe_stop(unfinished, catalog) if unfinished else None
    elsewhere = None
    if unfinished is not None:
        # Loaded only for an unfinished workout: most starts have none to ask about.
        from glutetui.store.lease import live_elsewhere

        if live_elsewhere(unfinished.workout, lease(), at):
            elsewhere = unfinished.workout.device or "another device"
    now = at.astimezone(local_zone())
    plan = week_plan((p for p, _ in programs), settings.plan, suggested.id, lengths)
    done_days = {started.astimezone(now.tzinfo).date() for started in figures.completed_this_week}
    upcoming = next_session(plan, now, now.date() in done_days)
    return HomeData(
        suggested=suggested,
        suggested_minutes=lengths[suggested.id],
        programs=programs,
        last=figures.last,
        streak=Streak(figures.current_streak, figures.longest_streak, figures.done_today),
        unfinished=unfinished,
        unfinished_at=_UNREADABLE_PLAN if unfinished and stopped is None else stopped,
        problems=tuple(problems),
        suggestions=_shown(catalog, figures),
        complete=reviewed,
        resumable=stopped is not None and elsewhere is None,
        running_elsewhere=elsewhere,
        week=this_week(plan, now.date(), done_days),
        next_planned=session_words(upcoming, now) if upcoming is not None else None,
    )


def _shown(catalog: Catalog, figures: HomeFigures) -> tuple[ShownSuggestion, ...]:
    if not figures.pending:
        return ()  # the coach (and the rules under it) load only when there is one to show
    from glutetui.coaching.shown import shown

    return tuple(shown(catalog, figures.pending))


def suggest_program(
    catalog: Catalog, recent: Sequence[tuple[str, datetime]], at: datetime | None = None
) -> Program:
    """Today's program: the program in use at ``at`` (``glutetui.measures.in_use``, over
    the completed workouts ``recent``, those of programs in the catalogue), else the
    beginner one."""
    known = [(p, started) for p, started in recent if p in catalog.programs]
    moment = at or max((started for _, started in known), default=None)
    in_use = program_in_use(known, moment) if moment is not None else None
    if in_use is not None:
        return catalog.programs[in_use]
    if DEFAULT_PROGRAM in catalog.programs:
        return catalog.programs[DEFAULT_PROGRAM]
    return next(iter(catalog.programs.values()))


def describe_stop(unfinished: UnfinishedWorkout, catalog: Catalog) -> str | None:
    """Where an unfinished workout stopped, as Home says it after the workout's name
    and start: "stopped at Clamshell, set 2 of 2, left side". None when its plan
    cannot be read, so it cannot be resumed."""
    from glutetui.engine import Engine, StepKind
    from glutetui.engine.plan import plan_from_json

    try:
        plan = plan_from_json(unfinished.plan)
    except ValueError:
        return None

    class _Still:
        def monotonic(self) -> float:
            return 0.0

        def now(self) -> datetime:
            return unfinished.workout.started_at

    engine = Engine(
        plan, _Still(), finished=unfinished.finished_keys, rated=unfinished.rated_blocks
    )
    step = engine.step
    if step.kind is StepKind.GET_READY:
        step = engine.steps[engine.index + 1]
    block = plan.blocks[step.block] if step.block >= 0 else None
    if block is None:
        return "stopped after its last exercise"
    if step.kind is StepKind.EFFORT:
        return f"stopped at {block.name}, at the effort check"
    side = "" if step.side in (None, "both") else f", {step.side} side"
    return f"stopped at {block.name}, set {step.set + 1} of {block.sets}{side}"
