"""What the summary shows after a workout: time trained, what was done per exercise
and side, the records beaten, the ratings still missing and the suggestions made.

Plain Python over the store; the summary screen and Home's "rate the last workout"
read it from a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutetui.coaching import coach
from glutetui.coaching.coach import ShownSuggestion
from glutetui.measures.marks import Beaten, beaten
from glutetui.records import LoggedSet, WorkoutRecord

if TYPE_CHECKING:
    from glutetui.catalog import Catalog
    from glutetui.services import Services
    from glutetui.workout.run import WorkoutRun
from glutetui.vocab import band_rank


@dataclass(frozen=True, slots=True)
class SideDone:
    side: str
    values: tuple[float, ...]  # reps per set, or seconds held per set

    @property
    def total(self) -> float:
        return sum(self.values)


@dataclass(frozen=True, slots=True)
class ExerciseDone:
    block: int
    exercise_id: str
    name: str
    kind: str
    target: int | None
    sides: tuple[SideDone, ...]
    band: str
    effort: int | None
    pain: bool


@dataclass(frozen=True, slots=True)
class RecordBeaten:
    name: str
    mark: Beaten


@dataclass(frozen=True, slots=True)
class SummaryFigures:
    workout: WorkoutRecord
    exercises: tuple[ExerciseDone, ...]
    records: tuple[RecordBeaten, ...]
    suggestions: tuple[ShownSuggestion, ...] = ()
    # Writes still waiting for the database (it cannot be reached): the figures are the
    # workout's own, records and suggestions come once they are written.
    unsaved: int = 0

    @property
    def ended_early(self) -> bool:
        return self.workout.status == "ended-early"

    @property
    def active_seconds(self) -> float | None:
        """Time trained (pauses left out); None for a workout logged before it was kept."""
        return self.workout.active_seconds

    @property
    def unrated(self) -> tuple[ExerciseDone, ...]:
        """Exercises whose effort check lapsed (or was never reached): the summary asks."""
        return tuple(e for e in self.exercises if e.effort is None)


# How long the summary waits for the workout's last writes before showing what the
# workout itself knows: a database that is away must not keep the person waiting.
WRITES_WAIT = 2.0


def summary_figures(
    services: Services, workout_id: int, run: WorkoutRun | None = None
) -> SummaryFigures:
    """The summary of one workout, read once its last writes are in. For the workout
    just run (``run``), when the database cannot be reached the summary is made at once
    from what the workout knows, saying how many writes are kept."""
    catalog = services.catalog
    writer = services.writer
    just_run = run is not None and run.workout.id == workout_id
    if run is not None and just_run and (writer.failing or not writer.drain(timeout=WRITES_WAIT)):
        sets = [s for _, s in sorted(run.logged.items())]
        exercises = _exercises(sets, catalog)
        return SummaryFigures(run.workout, exercises, (), (), unsaved=max(1, writer.pending))
    writer.drain()  # the workout's last sets and answers are in first
    with services.store.read() as db:
        workout = db.workouts.get(workout_id)
        if workout is None:
            raise ValueError(f"no workout {workout_id}")
        stored = db.workouts.sets_of(workout_id)
        done = sorted({s.exercise_id for s in stored})
        mine = db.workouts.marks(done, only_workout=workout_id)
        before = db.workouts.marks(done, exclude_workout=workout_id)
    records = tuple(
        RecordBeaten(catalog.name_of(mark.exercise_id), mark) for mark in beaten(mine, before)
    )
    return SummaryFigures(
        workout=workout,
        exercises=_exercises(stored, catalog),
        records=records,
        suggestions=tuple(coach.shown(services, coach.for_workout(services, workout_id))),
    )


def _exercises(sets: Sequence[LoggedSet], catalog: Catalog) -> tuple[ExerciseDone, ...]:
    """What was done per exercise and side, in the workout's order."""
    by_block: dict[int, list[LoggedSet]] = {}
    for s in sets:
        by_block.setdefault(s.block, []).append(s)
    exercises = []
    for block, block_sets in sorted(by_block.items()):
        first = block_sets[0]
        sides: dict[str, list[float]] = {}
        for s in sorted(block_sets, key=lambda s: s.set_index):
            value = s.hold_seconds if s.kind == "hold" else s.reps
            sides.setdefault(s.side, []).append(float(value or 0))
        exercises.append(
            ExerciseDone(
                block=block,
                exercise_id=first.exercise_id,
                name=catalog.name_of(first.exercise_id),
                kind=first.kind,
                target=first.target_hold if first.kind == "hold" else first.target_reps,
                sides=tuple(SideDone(side, tuple(v)) for side, v in sorted(sides.items())),
                band=max((s.band for s in block_sets), key=band_rank),
                effort=first.effort,
                pain=any(s.pain for s in block_sets),
            )
        )
    return tuple(exercises)
