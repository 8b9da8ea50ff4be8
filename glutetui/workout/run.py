"""A workout being done: the engine, the store and the sounds working together.

The workout screen only draws what a :class:`WorkoutRun` says and passes key
presses on. Every set that ends is handed at once to the app's one
:class:`~glutetui.store.writer.Writer`, with the effort answers and the end of the
workout, in order: the screen's clock never waits for the disk. If a write fails
(a full disk, a database locked for too long, a server gone) the writer keeps it and
tries again, and reports the problem instead of losing it. Each write goes with a
record of itself (``glutetui.store.unsaved``), named by the workout's uid, so what is
still unwritten when the app ends is kept in a file and written on the next start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from glutetui.catalog import Program
from glutetui.coaching import coach
from glutetui.coaching.coach import ShownSuggestion
from glutetui.engine import (
    Engine,
    Event,
    PlannedBlock,
    SetFinished,
    SetResult,
    StepKind,
    WorkoutFinished,
)
from glutetui.platform.sound import SoundLayer
from glutetui.services import Services
from glutetui.store.records import (
    LoggedSet,
    Marks,
    SetRecord,
    UnfinishedWorkout,
    WorkoutRecord,
)
from glutetui.store.rows import to_with
from glutetui.store.unsaved import UnsavedEnd, UnsavedRating, UnsavedSet
from glutetui.vocab import Side, WorkoutStatus, band_rank
from glutetui.workout.planning import build_plan, plan_from_json, plan_to_json


@dataclass(frozen=True, slots=True)
class EffortAnswer:
    """What the effort check returns: a 1-5 rating, pain, and corrected amounts."""

    effort: int
    pain: bool = False
    corrections: Mapping[tuple[int, str], float] = field(default_factory=dict)


@dataclass
class WorkoutRun:
    services: Services
    engine: Engine
    workout: WorkoutRecord
    sound: SoundLayer
    # Every set done so far, by (block, set, side): known at once, written by the writer.
    logged: dict[tuple[int, int, str], LoggedSet] = field(default_factory=dict)
    finished: bool = False

    # --- making one -------------------------------------------------------------------

    @classmethod
    def new(
        cls,
        services: Services,
        program: Program,
        sound: SoundLayer,
        weaker: Mapping[str, Side] | None = None,
    ) -> WorkoutRun:
        """Start a workout of a program at the user's doses.

        A workout left unfinished before is closed as partial first: there is one
        workout in progress at a time.
        """
        services.writer.drain()  # the last workout's answers are in before this one starts
        with services.store.write() as db:
            stale = db.workouts.unfinished()
            if stale is not None:
                db.workouts.close_as_partial(stale.workout.id)
            plan = build_plan(
                program, services.catalog, services.settings, db.doses.current(), weaker
            )
            workout = db.workouts.start(
                program.id, program.name, plan_to_json(plan), services.clock.now()
            )
        return cls(services, Engine(plan, services.clock), workout, sound)

    @classmethod
    def resume(
        cls, services: Services, unfinished: UnfinishedWorkout, sound: SoundLayer
    ) -> WorkoutRun:
        """Carry on an unfinished workout at the exact set and side where it stopped."""
        plan = plan_from_json(unfinished.plan)
        engine = Engine(
            plan,
            services.clock,
            finished=unfinished.finished_keys,
            rated=unfinished.rated_blocks,
        )
        session = cls(services, engine, unfinished.workout, sound)
        session.logged = {(s.block, s.set_index, s.side): s for s in unfinished.sets}
        return session

    # --- driving it ---------------------------------------------------------------------

    def start(self) -> list[Event]:
        return self._process(self.engine.start())

    def tick(self) -> list[Event]:
        return self._process(self.engine.tick())

    def toggle_pause(self) -> list[Event]:
        return self._process(self.engine.toggle_pause())

    def pause(self) -> list[Event]:
        return self._process(self.engine.pause())

    def resume_timer(self) -> list[Event]:
        return self._process(self.engine.resume())

    def next(self) -> list[Event]:
        return self._process(self.engine.next())

    def back(self) -> list[Event]:
        return self._process(self.engine.back())

    def adjust_rest(self, seconds: float) -> list[Event]:
        return self._process(self.engine.adjust_rest(seconds))

    def stop(self) -> list[Event]:
        return self._process(self.engine.stop())

    @property
    def waiting_for_effort(self) -> bool:
        return self.engine.step.kind is StepKind.EFFORT

    def effort_block(self) -> tuple[PlannedBlock, list[LoggedSet]]:
        """The exercise the effort check is about and its sets, in order."""
        block_index = self.engine.step.block
        block = self.engine.plan.blocks[block_index]
        sets = sorted(
            (s for k, s in self.logged.items() if k[0] == block_index),
            key=lambda s: (s.set_index, block.sides.index(s.side) if s.side in block.sides else 0),
        )
        return block, sets

    def hold_effort(self) -> list[Event]:
        """Someone is there: the effort check stops counting down and waits for them."""
        return self._process(self.engine.hold_effort())

    def submit_effort(self, answer: EffortAnswer) -> list[Event]:
        """Put the rating on the exercise's sets and go on to the next exercise."""
        self.rate_block(self.engine.step.block, answer)
        return self._process(self.engine.effort_done())

    def rate_block(self, block: int, answer: EffortAnswer) -> None:
        """Put a rating on one exercise's sets (written after the sets before it)."""
        workout_id = self.workout.id
        record = UnsavedRating.answer(
            self.workout.uid, block, answer.effort, answer.pain, answer.corrections
        )
        self.services.writer.submit(
            lambda db: record.write(db, workout_id),
            lambda _: self.rated(block),
            what="the rating",
            record=record,
        )

    # --- what the writer reports back (on its thread; the crash harness listens) ---------

    def saved(self, record: SetRecord) -> None:
        """A set is committed."""

    def rated(self, block: int) -> None:
        """An effort answer is committed."""

    # --- internals ----------------------------------------------------------------------

    def _process(self, events: list[Event]) -> list[Event]:
        for event in events:
            if isinstance(event, SetFinished):
                self._log(event.result)
            elif isinstance(event, WorkoutFinished):
                self._finish(event)
        self.sound.handle(events, self.engine.plan)
        return events

    def _log(self, result: SetResult) -> None:
        rep_seconds = self.engine.plan.blocks[result.block].rep_seconds
        logged = to_with(LoggedSet, result, rep_seconds=rep_seconds, effort=None, pain=False)
        self.logged[(result.block, result.set_index, result.side)] = logged
        workout_id = self.workout.id
        record = UnsavedSet(workout_uid=self.workout.uid, logged=logged)
        self.services.writer.submit(
            lambda db: record.write(db, workout_id), self.saved, what="the set", record=record
        )

    def _finish(self, event: WorkoutFinished) -> None:
        if self.finished:
            return
        self.finished = True
        status: WorkoutStatus = "ended-early" if event.ended_early else "completed"
        workout_id = self.workout.id
        record = UnsavedEnd(
            workout_uid=self.workout.uid, status=status, at=self.services.clock.now()
        )
        self.services.writer.submit(
            lambda db: record.write(db, workout_id), what="the end of the workout", record=record
        )


# --- the summary ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SideReport:
    side: str
    values: tuple[float, ...]  # reps per set, or seconds held per set

    @property
    def total(self) -> float:
        return sum(self.values)


@dataclass(frozen=True, slots=True)
class ExerciseReport:
    block: int
    exercise_id: str
    name: str
    kind: str
    target: int | None
    sides: tuple[SideReport, ...]
    band: str
    effort: int | None
    pain: bool


@dataclass(frozen=True, slots=True)
class RecordBeaten:
    name: str
    side: str
    what: str  # "reps", "hold" or "band"
    value: str
    previous: str


@dataclass(frozen=True, slots=True)
class Report:
    workout: WorkoutRecord
    duration_seconds: float
    exercises: tuple[ExerciseReport, ...]
    records: tuple[RecordBeaten, ...]
    ended_early: bool
    suggestions: tuple[ShownSuggestion, ...] = ()

    @property
    def unrated(self) -> tuple[ExerciseReport, ...]:
        """Exercises whose effort check lapsed (or was never reached): the summary asks."""
        return tuple(e for e in self.exercises if e.effort is None)


def build_report(services: Services, workout_id: int) -> Report:
    """What the summary shows: time, per-exercise per-side totals, records beaten."""
    catalog = services.catalog
    services.writer.drain()  # the workout's last sets and answers are in first
    with services.store.read() as db:
        workout = db.workouts.get(workout_id)
        if workout is None:
            raise ValueError(f"no workout {workout_id}")
        sets = db.workouts.sets_of(workout_id)
        before = db.workouts.best_marks(sorted({s.exercise_id for s in sets}), workout_id)
    end = workout.ended_at or (sets[-1].ended_at if sets else services.clock.now())
    by_block: dict[int, list[SetRecord]] = {}
    for s in sets:
        by_block.setdefault(s.block, []).append(s)
    exercises = []
    for block, block_sets in sorted(by_block.items()):
        first = block_sets[0]
        sides: dict[str, list[float]] = {}
        for s in sorted(block_sets, key=lambda s: s.set_index):
            value = s.hold_seconds if s.kind == "hold" else s.reps
            sides.setdefault(s.side, []).append(float(value or 0))
        exercise = catalog.exercises.get(first.exercise_id)
        exercises.append(
            ExerciseReport(
                block=block,
                exercise_id=first.exercise_id,
                name=exercise.name if exercise else first.exercise_id,
                kind=first.kind,
                target=first.target_hold if first.kind == "hold" else first.target_reps,
                sides=tuple(SideReport(side, tuple(v)) for side, v in sorted(sides.items())),
                band=max((s.band for s in block_sets), key=band_rank),
                effort=first.effort,
                pain=any(s.pain for s in block_sets),
            )
        )
    return Report(
        workout=workout,
        duration_seconds=max(0.0, (end - workout.started_at).total_seconds()),
        exercises=tuple(exercises),
        records=tuple(records_beaten(services, sets, before)),
        ended_early=workout.status == "ended-early",
        suggestions=tuple(coach.shown(services, coach.for_workout(services, workout_id))),
    )


def records_beaten(
    services: Services, sets: list[SetRecord], before: Mapping[tuple[str, str], Marks]
) -> list[RecordBeaten]:
    """Bests of this workout that beat every earlier workout (a first time is no record)."""
    if not sets:
        return []
    mine: dict[tuple[str, str], list[SetRecord]] = {}
    for s in sets:
        mine.setdefault((s.exercise_id, s.side), []).append(s)
    beaten: list[RecordBeaten] = []
    for (exercise_id, side), group in mine.items():
        old = before.get((exercise_id, side))
        if old is None:
            continue
        exercise = services.catalog.exercises.get(exercise_id)
        name = exercise.name if exercise else exercise_id
        reps = max((s.reps for s in group if s.reps is not None), default=None)
        hold = max((s.hold_seconds for s in group if s.hold_seconds is not None), default=None)
        band = max((s.band for s in group), key=band_rank)
        if reps is not None and old.reps is not None and reps > old.reps:
            beaten.append(RecordBeaten(name, side, "reps", f"{reps} reps", f"{old.reps} reps"))
        if hold is not None and old.hold is not None and hold >= old.hold + 1:
            beaten.append(RecordBeaten(name, side, "hold", f"{hold:.0f} s", f"{old.hold:.0f} s"))
        if band_rank(band) > band_rank(old.band):
            beaten.append(RecordBeaten(name, side, "band", f"{band} band", f"{old.band} band"))
    return beaten
