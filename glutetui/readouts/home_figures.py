"""What Home shows: today's program, the last workout, the streak, what is pending.

:func:`quick_home` reads it with the standard library before the store is open
(Home's first data frame); :func:`home_data` reads it again with the store, after
the progression review, in one session.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import msgspec

from glutetui.catalog import Catalog, Program
from glutetui.measures.doses import changed_doses
from glutetui.schedule.week import WeekDay, next_session, session_words, this_week, week_plan
from glutetui.schedule.zone import local_zone
from glutetui.store.lease import live_elsewhere
from glutetui.workout.planning import program_minutes

if TYPE_CHECKING:
    from glutetui.coaching.coach import ShownSuggestion
    from glutetui.services import Services
    from glutetui.store import UnfinishedWorkout, WorkoutSummary
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


def quick_home(services: Services) -> HomeData | None:
    """Home's figures before the store is open (read-only, standard library only).

    None when the database needs the full store first (to be created, checked or
    migrated).
    """
    from glutetui.store.peek import home_figures
    from glutetui.store.schema import HEAD

    if services.locations.database_url is not None:
        return None  # the quick read is for the SQLite file only
    today = services.clock.now().astimezone().date()
    since = services.clock.now() - timedelta(days=ROUTINE_WINDOW_DAYS)
    midnight = datetime(today.year, today.month, today.day).astimezone()
    figures = home_figures(
        services.locations.database, HEAD, today, midnight, since, _week_start(today)
    )
    if figures is None:
        return None
    return _home(figures, services, suggestions=None)


def home_data(services: Services) -> HomeData:
    """Home's figures with the store open: progression reviewed first, then everything
    Home shows read in one session."""
    from glutetui.coaching import coach
    from glutetui.store.peek import HomeFigures

    coach.review(services)  # time passes: a long break is noticed before the next workout
    today = services.clock.now().astimezone().date()
    since = services.clock.now() - timedelta(days=ROUTINE_WINDOW_DAYS)
    midnight = datetime(today.year, today.month, today.day).astimezone()
    with services.store.read() as db:
        current, longest = db.queries.streaks(today)
        figures = HomeFigures(
            last=db.workouts.last(),
            current_streak=current,
            longest_streak=longest,
            done_today=db.workouts.done_since(midnight),
            recent_programs=tuple(db.workouts.recent_programs(since)),
            unfinished=db.workouts.unfinished(),
            changes=tuple(db.doses.changes()),
            pending=tuple(db.suggestions.listed("pending")),
            completed_this_week=tuple(db.workouts.completed_starts(_week_start(today))),
        )
    return _home(figures, services, tuple(coach.shown(services, figures.pending)))


def _week_start(today: date) -> datetime:
    """Monday's local midnight: the week plan's week starts there."""
    monday = today - timedelta(days=today.weekday())
    return datetime(monday.year, monday.month, monday.day).astimezone()


def _home(
    figures: HomeFigures,
    services: Services,
    suggestions: tuple[ShownSuggestion, ...] | None,
) -> HomeData:
    settings, catalog, changes = services.settings, services.catalog, figures.changes
    problems = [str(p) for p in catalog.problems]
    if services.settings_problem:
        problems.append(services.settings_problem)
    programs = tuple(
        (p, program_minutes(p, catalog, settings, changed_doses(p, changes)))
        for p in sorted(catalog.programs.values(), key=lambda p: (p.source != "bundled", p.name))
    )
    lengths = {p.id: minutes for p, minutes in programs}
    suggested = suggest_program(catalog, list(figures.recent_programs))
    unfinished = figures.unfinished
    stopped = describe_stop(unfinished, catalog) if unfinished else None
    elsewhere = None
    if unfinished is not None and live_elsewhere(
        unfinished.workout, services.lease, services.clock.now()
    ):
        elsewhere = unfinished.workout.device or "another device"
    now = services.clock.now().astimezone(local_zone())
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
        suggestions=suggestions if suggestions is not None else (),
        complete=suggestions is not None,
        resumable=stopped is not None and elsewhere is None,
        running_elsewhere=elsewhere,
        week=this_week(plan, now.date(), done_days),
        next_planned=session_words(upcoming, now) if upcoming is not None else None,
    )


def todays_program(services: Services) -> Program:
    """Today's program, read from the history (what Home's "s" and the phone start)."""
    since = services.clock.now() - timedelta(days=ROUTINE_WINDOW_DAYS)
    with services.store.read() as db:
        recent = db.workouts.recent_programs(since)
    return suggest_program(services.catalog, recent)


def suggest_program(catalog: Catalog, recent: list[str]) -> Program:
    """Today's program: the one done most in the last four weeks, else the beginner one."""
    counts: dict[str, int] = {}
    for program_id in recent:
        if program_id in catalog.programs:
            counts[program_id] = counts.get(program_id, 0) + 1
    if counts:
        best = max(counts.items(), key=lambda item: (item[1], -recent.index(item[0])))
        return catalog.programs[best[0]]
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
