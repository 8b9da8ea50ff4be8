"""Records for tests: a logged set, a dose, an engine result made ready to log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from glutetui.engine import PlannedBlock
from glutetui.records import Dose, LoggedSet
from glutetui.vocab import Band, BlockRef, Side

if TYPE_CHECKING:
    from pathlib import Path

    from glutetui.catalog import Program
    from glutetui.platform.clock import Clock
    from glutetui.services import Services
    from glutetui.store.lease import Lease
    from glutetui.store.repos import Unit
    from glutetui.workout.run import WorkoutRun
    from glutetui.workout.sounds import SoundLayer

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
# The floor routine's clamshell block: where store tests keep a dose.
CLAM = BlockRef("tv-floor", "clamshell")


def logged_set(
    block: int = 0,
    set_index: int = 0,
    side: Side = "left",
    reps: int | None = 10,
    hold: float | None = None,
    at: datetime = T0,
    exercise: str = "clamshell",
    rep_seconds: int = 0,
    band: Band = "none",
) -> LoggedSet:
    """One finished set of 30 s: reps against a target of 10, or a hold against 30 s."""
    is_hold = hold is not None
    return LoggedSet(
        block=block,
        set_index=set_index,
        side=side,
        exercise_id=exercise,
        slot=exercise,
        kind="hold" if is_hold else "reps",
        target_reps=None if is_hold else 10,
        target_hold=30 if is_hold else None,
        reps=None if is_hold else reps,
        hold_seconds=hold,
        rep_seconds=rep_seconds,
        band=band,
        effort=None,
        pain=False,
        partial=False,
        started_at=at,
        ended_at=at + timedelta(seconds=30),
    )


def dose(
    exercise: str, sets: int, reps: int | None, hold: int | None = None, band: Band = "none"
) -> Dose:
    return Dose(exercise_id=exercise, sets=sets, reps=reps, hold=hold, band=band)


def in_force(services: Services, program: str = "tiny", slot: str = "clamshell") -> Dose:
    """The dose a program block is done at now (its prescription, changed where earned)."""
    from glutetui.measures.doses import dose_in_force, prescription

    catalog = services.catalog
    prescribed = prescription(catalog.programs[program], slot, catalog)
    found = dose_in_force(BlockRef(program, slot), prescribed, services.dose_changes())
    assert found is not None, f"{program} has no {slot} block"
    return found


def changed(services: Services) -> dict[BlockRef, Dose]:
    """Every block whose dose was changed, at its latest change."""
    with services.store.read() as db:
        return {block: d.dose for block, d in db.doses.current().items()}


def planned_block(
    exercise_id: str = "clamshell",
    kind: str = "reps",
    sides: tuple[str, ...] = ("left", "right"),
    sets: int = 2,
    reps: int | None = 3,
    hold: int | None = None,
    tempo: tuple[int, int, int] = (1, 0, 1),
    rest: int = 5,
    *,
    name: str | None = None,
    cues: tuple[str, ...] = (),
    opening_cues: tuple[str, ...] = (),
) -> PlannedBlock:
    """A block of a plan as the engine gets it; named after its exercise unless told."""
    return PlannedBlock(
        exercise_id=exercise_id,
        name=name or exercise_id.replace("-", " ").title(),
        kind=kind,  # type: ignore[arg-type]
        sides=sides,  # type: ignore[arg-type]
        sets=sets,
        reps=reps if kind != "hold" else None,
        hold=hold if kind == "hold" else None,
        tempo=tempo,
        rest=rest,
        cues=cues,
        opening_cues=opening_cues,
    )


def start_run(
    services: Services,
    program: Program,
    sound: SoundLayer,
    weaker: Mapping[str, Side] | None = None,
    lease: Lease | None = None,
) -> WorkoutRun:
    """A workout of ``program`` opened at once, by the same handler the writer runs for
    a start (a test's shortcut past the intent path; the writer's queue is empty first)."""
    from glutetui.store.commands import OpenWorkout
    from glutetui.workout.run import WorkoutRun, open_workout

    services.writer.drain()
    handle = open_workout(
        lambda: services.catalog, lambda: services.settings, lambda db, p: dict(weaker or {})
    )
    command = OpenWorkout(
        program_id=program.id,
        device=lease.device if lease is not None else "",
        lease=lease.token if lease is not None else "",
        at=services.clock.now(),
    )
    with services.store.write() as db:
        opened = handle(db, command)
    assert not isinstance(opened, str), opened
    workout, plan = opened
    return WorkoutRun.opened(services.writer, services.clock, workout, plan, sound)


def suggest_clamshell_up(db: Unit, at: datetime) -> None:
    """A suggestion waiting for an answer: the floor routine's clamshell from 2 × 14 to
    2 × 16, after two easy workouts."""
    db.suggestions.add(
        CLAM,
        "progress",
        "two easy workouts",
        "e1",
        dose("clamshell", 2, 14),
        dose("clamshell", 2, 16),
        at,
    )


def home_with_history(home: Path, clock: Clock, days: int) -> Services:
    """Services over ``home`` with ``days`` of generated history up to the clock's now."""
    from benchmarks.generate import generate_history
    from glutetui.catalog import load_catalog
    from glutetui.platform.locations import Locations
    from glutetui.services import Services
    from glutetui.store import Store

    locations = Locations(home, home)
    store = Store.open(locations.database)
    generate_history(store, load_catalog(), days, end=clock.now())
    store.close()
    return Services(locations, clock)
