"""Everything the app needs loaded before it can do more than paint: settings,
catalogue and store, plus the figures Home shows.

All of this is plain Python. The app calls it in a worker thread after its first
frame: first the quick part (settings, catalogue and Home's figures read with the
standard library's sqlite3), then the store, because importing SQLAlchemy and
opening the database take a noticeable moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from glutetui.catalog import Catalog, Program, load_catalog
from glutetui.clock import Clock
from glutetui.locations import Locations
from glutetui.plan import CurrentDose, program_minutes
from glutetui.settings import Settings, load_settings

if TYPE_CHECKING:
    from glutetui.coach import ShownSuggestion
    from glutetui.store import Store, UnfinishedWorkout, WorkoutSummary
    from glutetui.store.peek import HomeFigures

DEFAULT_PROGRAM = "tv-floor"
ROUTINE_WINDOW_DAYS = 28


@dataclass
class Services:
    locations: Locations
    clock: Clock
    settings: Settings
    catalog: Catalog
    store: Store
    settings_problem: str | None = None

    def doses(self) -> dict[str, CurrentDose]:
        return {
            slot: CurrentDose(d.exercise_id, d.sets, d.reps, d.hold, d.band)
            for slot, d in self.store.doses().items()
        }

    def reload_catalog(self) -> Catalog:
        self.catalog = load_catalog(self.locations.exercises, self.locations.programs)
        return self.catalog

    def close(self) -> None:
        self.store.close()


@dataclass(frozen=True, slots=True)
class Basics:
    """What loads quickly, before the store: settings and the catalogue."""

    settings: Settings
    settings_problem: str | None
    catalog: Catalog


def load_basics(locations: Locations) -> Basics:
    """Settings and catalogue. Raises CatalogError if the bundled data is broken."""
    loaded = load_settings(locations.settings)
    catalog = load_catalog(locations.exercises, locations.programs)
    return Basics(loaded.settings, loaded.problem, catalog)


def load_services(locations: Locations, clock: Clock, basics: Basics | None = None) -> Services:
    """Settings, catalogue and the store. Raises StoreError or CatalogError."""
    from glutetui.store import Store

    basics = basics or load_basics(locations)
    locations.ensure()
    store = Store.open(locations.database)
    return Services(
        locations, clock, basics.settings, basics.catalog, store, basics.settings_problem
    )


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    longest: int
    trained_today: bool


@dataclass(frozen=True, slots=True)
class HomeData:
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


def quick_home(locations: Locations, clock: Clock, basics: Basics) -> HomeData | None:
    """Home's figures before the store is loaded (read-only, standard library only).

    None when the database needs the full store first (to be created, checked or
    migrated).
    """
    from glutetui.store.peek import home_figures
    from glutetui.store.schema import HEAD

    today = clock.now().astimezone().date()
    since = clock.now() - timedelta(days=ROUTINE_WINDOW_DAYS)
    figures = home_figures(locations.database, HEAD, today, since)
    if figures is None:
        return None
    problems = [str(p) for p in basics.catalog.problems]
    if basics.settings_problem:
        problems.append(basics.settings_problem)
    return _home(figures, basics.catalog, basics.settings, problems, suggestions=None)


def home_data(services: Services) -> HomeData:
    """Home's figures with the store loaded: progression reviewed first."""
    from glutetui import coach
    from glutetui.store.peek import HomeFigures, home_figures
    from glutetui.store.schema import HEAD

    coach.review(services)  # time passes: a long break is noticed before the next workout
    today = services.clock.now().astimezone().date()
    since = services.clock.now() - timedelta(days=ROUTINE_WINDOW_DAYS)
    figures = home_figures(services.locations.database, HEAD, today, since)
    if figures is None:  # the read-only path stepped aside: ask the store itself
        from glutetui.store import insights

        store = services.store
        current, longest = insights.streaks(store, today)
        midnight = datetime(today.year, today.month, today.day).astimezone()
        figures = HomeFigures(
            last=store.last_workout(),
            current_streak=current,
            longest_streak=longest,
            trained_today=bool(insights.training_day_counts(store, midnight)),
            recent_programs=tuple(store.recent_programs(since)),
            unfinished=store.unfinished_workout(),
            doses={
                slot: (d.exercise_id, d.sets, d.reps, d.hold, d.band)
                for slot, d in store.doses().items()
            },
            pending=tuple(store.suggestions("pending")),
        )
    problems = [str(p) for p in services.catalog.problems]
    if services.settings_problem:
        problems.append(services.settings_problem)
    shown = tuple(coach.shown(services, figures.pending))
    return _home(figures, services.catalog, services.settings, problems, shown)


def _home(
    figures: HomeFigures,
    catalog: Catalog,
    settings: Settings,
    problems: list[str],
    suggestions: tuple[ShownSuggestion, ...] | None,
) -> HomeData:
    doses = {slot: CurrentDose(*values) for slot, values in figures.doses.items()}
    programs = tuple(
        (p, program_minutes(p, catalog, settings, doses))
        for p in sorted(catalog.programs.values(), key=lambda p: (p.source != "bundled", p.name))
    )
    suggested = suggest_program(catalog, list(figures.recent_programs))
    unfinished = figures.unfinished
    return HomeData(
        suggested=suggested,
        suggested_minutes=program_minutes(suggested, catalog, settings, doses),
        programs=programs,
        last=figures.last,
        streak=Streak(figures.current_streak, figures.longest_streak, figures.trained_today),
        unfinished=unfinished,
        unfinished_at=describe_stop(unfinished, catalog) if unfinished else None,
        problems=tuple(problems),
        suggestions=suggestions if suggestions is not None else (),
        complete=suggestions is not None,
    )


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


def describe_stop(unfinished: UnfinishedWorkout, catalog: Catalog) -> str:
    """Where an unfinished workout stopped, as Home says it."""
    from glutetui.engine import Engine, StepKind
    from glutetui.plan import plan_from_json

    try:
        plan = plan_from_json(unfinished.plan)
    except ValueError:
        return "its plan could not be read"

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
        return "after its last exercise"
    if step.kind is StepKind.EFFORT:
        return f"{block.name}, at the effort check"
    side = "" if step.side in (None, "both") else f", {step.side} side"
    return f"{block.name}, set {step.set + 1} of {block.sets}{side}"
