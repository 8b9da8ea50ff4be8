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
from glutetui.coaching.shown import ShownSuggestion
from glutetui.measures.marks import Beaten, beaten
from glutetui.records import LoggedSet, SuggestionRecord, WorkoutRecord

if TYPE_CHECKING:
    from glutetui.catalog import Catalog
    from glutetui.store import Store, Unit
    from glutetui.workout.run import WorkoutRun
from glutetui.vocab import band_rank


@dataclass(frozen=True, slots=True)
class SideDone:
    side: str
    values: tuple[float | None, ...]  # reps per set, or seconds held per set; None: skipped

    @property
    def total(self) -> float:
        return sum(v for v in self.values if v is not None)

    @property
    def done(self) -> int:
        """Sets done (not skipped) on this side."""
        return sum(1 for v in self.values if v is not None)


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

    @property
    def skipped(self) -> bool:
        """Every set of it was passed over: nothing was done, nothing to rate."""
        return all(side.done == 0 for side in self.sides)


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
        """Exercises whose effort check lapsed (or was never reached): the summary asks.
        One whose every set was skipped has nothing to rate."""
        return tuple(e for e in self.exercises if e.effort is None and not e.skipped)

    @property
    def sets_done(self) -> int:
        return sum(side.done for e in self.exercises for side in e.sides)

    @property
    def sets_skipped(self) -> int:
        return sum(len(side.values) - side.done for e in self.exercises for side in e.sides)

    @property
    def nothing_done(self) -> bool:
        """Every set logged was skipped (or none was): the person did not train.

        The workout's status stays as it ended (a workout run to its end is
        "completed"); the summary says plainly that nothing was done."""
        return self.sets_done == 0


# How long the summary waits for the workout's last writes before showing what the
# workout itself knows: a database that is away must not keep the person waiting.
WRITES_WAIT = 2.0


def summary_figures(
    store: Store,
    catalog: Catalog,
    workout_id: int,
    run: WorkoutRun | None = None,
    shown: Sequence[int] = (),
) -> SummaryFigures:
    """The summary of one workout, as the history holds it. For the workout just run
    (``run``) it is read once the workout's end and the coach's review of it are written
    (``run.settled``: an event, never a wait for the whole writer); when the database
    cannot be reached the summary is made at once from what the workout knows, saying
    how many writes are kept. The suggestions ``shown`` before stay, answered or not:
    one just accepted reads as accepted, not as "nothing to suggest"."""
    if run is not None and run.workout.id == workout_id:
        writer = run.writer
        if writer.failing or not run.settled.wait(timeout=WRITES_WAIT):
            sets = [s for _, s in sorted(run.logged.items())]
            exercises = _exercises(sets, catalog)
            kept, _ = writer.unsaved()  # the writes a next start makes if this run cannot
            return SummaryFigures(run.workout, exercises, (), (), unsaved=max(1, len(kept)))
    with store.read() as db:
        workout = db.workouts.get(workout_id)
        if workout is None:
            raise ValueError(f"no workout {workout_id}")
        stored = db.workouts.sets_of(workout_id)
        done = sorted({s.exercise_id for s in stored})
        mine = db.workouts.marks(done, only_workout=workout_id)
        before = db.workouts.marks(done, exclude_workout=workout_id)
        suggestions = _suggestions(db, workout_id, shown)
    records = tuple(
        RecordBeaten(catalog.name_of(mark.exercise_id), mark) for mark in beaten(mine, before)
    )
    return SummaryFigures(
        workout=workout,
        exercises=_exercises(stored, catalog),
        records=records,
        suggestions=tuple(coach.shown(catalog, suggestions)),
    )


def _suggestions(db: Unit, workout_id: int, shown: Sequence[int]) -> list[SuggestionRecord]:
    """What concerns the workout now, after the ones shown before (in their order)."""
    now = coach.for_workout(db, workout_id)
    if not shown:
        return now
    fresh = {r.id for r in now}
    place = {sid: i for i, sid in enumerate(shown)}
    before = [r for r in db.suggestions.listed() if r.id in place and r.id not in fresh]
    merged = [*before, *now]
    return sorted(merged, key=lambda r: place.get(r.id, len(place)))


def _exercises(sets: Sequence[LoggedSet], catalog: Catalog) -> tuple[ExerciseDone, ...]:
    """What was done per exercise and side, in the workout's order."""
    by_block: dict[int, list[LoggedSet]] = {}
    for s in sets:
        by_block.setdefault(s.block, []).append(s)
    exercises = []
    for block, block_sets in sorted(by_block.items()):
        first = block_sets[0]
        done = [s for s in block_sets if not s.skipped]
        sides: dict[str, list[float | None]] = {}
        for s in sorted(block_sets, key=lambda s: s.set_index):
            value = s.hold_seconds if s.kind == "hold" else s.reps
            sides.setdefault(s.side, []).append(None if s.skipped else float(value or 0))
        exercises.append(
            ExerciseDone(
                block=block,
                exercise_id=first.exercise_id,
                name=catalog.name_of(first.exercise_id),
                kind=first.kind,
                target=first.target_hold if first.kind == "hold" else first.target_reps,
                sides=tuple(SideDone(side, tuple(v)) for side, v in sorted(sides.items())),
                band=max((s.band for s in done), key=band_rank, default="none"),
                effort=next((s.effort for s in done if s.effort is not None), None),
                pain=any(s.pain for s in done),
            )
        )
    return tuple(exercises)
