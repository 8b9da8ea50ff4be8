"""Everything the app needs loaded before it can do more than paint: settings,
catalogue and store, plus the figures Home shows.

All of this is plain Python; the app calls :func:`load_services` in a worker
thread after its first frame, because importing SQLAlchemy and opening the
database take a noticeable moment.
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


def load_services(locations: Locations, clock: Clock) -> Services:
    """Load settings, catalogue and store. Raises StoreError or CatalogError."""
    from glutetui.store import Store

    locations.ensure()
    loaded = load_settings(locations.settings)
    catalog = load_catalog(locations.exercises, locations.programs)
    store = Store.open(locations.database)
    return Services(locations, clock, loaded.settings, catalog, store, loaded.problem)


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


def home_data(services: Services) -> HomeData:
    from glutetui import coach

    catalog, store, settings = services.catalog, services.store, services.settings
    coach.review(services)  # time passes: a long break is noticed before the next workout
    from glutetui.store import insights

    today = services.clock.now().astimezone().date()
    midnight = datetime(today.year, today.month, today.day).astimezone()
    current, longest = insights.streaks(store, today)
    trained_today = bool(insights.training_day_counts(store, midnight))
    doses = services.doses()
    programs = tuple(
        (p, program_minutes(p, catalog, settings, doses))
        for p in sorted(catalog.programs.values(), key=lambda p: (p.source != "bundled", p.name))
    )
    since = services.clock.now() - timedelta(days=ROUTINE_WINDOW_DAYS)
    suggested = suggest_program(catalog, store.recent_programs(since))
    unfinished = store.unfinished_workout()
    problems = [str(p) for p in catalog.problems]
    if services.settings_problem:
        problems.append(services.settings_problem)
    return HomeData(
        suggested=suggested,
        suggested_minutes=program_minutes(suggested, catalog, settings, doses),
        programs=programs,
        last=store.last_workout(),
        streak=Streak(current, longest, trained_today),
        unfinished=unfinished,
        unfinished_at=describe_stop(unfinished, catalog) if unfinished else None,
        problems=tuple(problems),
        suggestions=tuple(coach.shown(services, coach.pending(services))),
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
