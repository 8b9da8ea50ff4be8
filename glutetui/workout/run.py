"""A workout being done: the engine, the writer and the sounds working together.

The workout screen only draws what a :class:`WorkoutRun` says and passes key
presses on. Every set that ends is handed at once to the app's one
:class:`~glutetui.store.writer.Writer` as a command (``glutetui.store.commands``:
the engine's :class:`~glutetui.records.LoggedSet` inside a ``LogSet``), with the
effort answers and the end of the workout, in order: the screen's clock never waits
for the disk. If a write fails (a full disk, a database locked for too long, a server
gone) the writer keeps it and tries again, and reports the problem instead of losing
it; what is still unwritten when the app ends is kept in a file and written on the
next start.

The run owns what follows the workout: its watchers (the screen, the phone) and the
sound rules (``glutetui.workout.sounds``) are told what every command and tick caused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from glutetui.catalog import Catalog
from glutetui.engine import (
    Engine,
    Event,
    Plan,
    PlannedBlock,
    SetFinished,
    StepKind,
    WorkoutFinished,
)
from glutetui.engine.plan import plan_from_json, plan_to_json
from glutetui.measures.doses import changed_doses
from glutetui.platform.clock import Clock
from glutetui.records import (
    LoggedSet,
    SetRecord,
    UnfinishedWorkout,
    WorkoutRecord,
)
from glutetui.store.commands import LOST, FinishWorkout, LogSet, OpenWorkout, RateExercise
from glutetui.store.lease import Lease, free_before, lapsed_before
from glutetui.store.writer import Writer
from glutetui.vocab import Side, WorkoutStatus
from glutetui.workout.effort import EffortAnswer, EffortCheck
from glutetui.workout.planning import build_plan
from glutetui.workout.sounds import SoundLayer

if TYPE_CHECKING:
    from glutetui.platform.settings import Settings
    from glutetui.store.repos import Unit

__all__ = ["EffortAnswer", "WorkoutRun"]


@dataclass
class WorkoutRun:
    writer: Writer
    clock: Clock
    engine: Engine
    workout: WorkoutRecord
    sound: SoundLayer
    # Every set done so far, by (block, set, side): known at once, written by the writer.
    logged: dict[tuple[int, int, str], LoggedSet] = field(default_factory=dict)
    finished: bool = False
    # Who shows the workout: each is told what every command and tick caused, whoever
    # gave the command (a key, the phone, the screen's own clock).
    watchers: list[Callable[[list[Event]], None]] = field(default_factory=list)
    _check: EffortCheck | None = None
    # The lease this copy holds on the workout ("" when it was opened without one). A
    # write finds it gone when another device took the workout over while this copy was
    # asleep (a closed lid): then nothing more is written, and ``on_lost`` is told.
    lease: str = ""
    lost: bool = False
    on_lost: Callable[[], None] = lambda: None

    # --- making one -------------------------------------------------------------------

    @classmethod
    def opened(
        cls, writer: Writer, clock: Clock, workout: WorkoutRecord, plan: Plan, sound: SoundLayer
    ) -> WorkoutRun:
        """The run of a workout an :class:`OpenWorkout` command has just written."""
        return cls(writer, clock, Engine(plan, clock), workout, sound, lease=workout.lease)

    @classmethod
    def resume(
        cls,
        writer: Writer,
        clock: Clock,
        unfinished: UnfinishedWorkout,
        sound: SoundLayer,
        lease: str | None = None,
    ) -> WorkoutRun:
        """Carry on an unfinished workout at the exact set and side where it stopped;
        ``lease`` is the one just taken for it (by default, the one it holds)."""
        plan = plan_from_json(unfinished.plan)
        engine = Engine(
            plan,
            clock,
            finished=unfinished.finished_keys,
            rated=unfinished.rated_blocks,
            # The time it ran before: the time the app was not running is not counted.
            active_before=unfinished.workout.active_seconds or 0.0,
        )
        held = unfinished.workout.lease if lease is None else lease
        session = cls(writer, clock, engine, unfinished.workout, sound, lease=held)
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

    def changed(self) -> None:
        """Tell the watchers to show the state again (a setting of the run changed)."""
        self._process([])

    def watch(self, watcher: Callable[[list[Event]], None]) -> None:
        self.watchers.append(watcher)

    def unwatch(self, watcher: Callable[[list[Event]], None]) -> None:
        if watcher in self.watchers:
            self.watchers.remove(watcher)

    # --- the effort check, as it is answered ------------------------------------------

    @property
    def check(self) -> EffortCheck | None:
        """The answer being given in the effort check under way (None outside one)."""
        if not self.waiting_for_effort:
            return None
        block = self.engine.step.block
        if self._check is None or self._check.block != block:
            self._check = EffortCheck(block, self.effort_block()[1])
        return self._check

    def rate(self, effort: int) -> list[Event]:
        return self._answering(lambda check: check.rate(effort))

    def flag_pain(self, side: str) -> list[Event]:
        return self._answering(lambda check: check.flag_pain(side))

    def correct(self, index: int, amount: float) -> list[Event]:
        return self._answering(lambda check: check.correct(index, amount))

    def confirm(self) -> list[Event]:
        """Take the answer as given (unrated when no digit was given) and go on."""
        check = self.check
        if check is None:
            return []
        return self.submit_effort(check.answer())

    def _answering(self, change: Callable[[EffortCheck], None]) -> list[Event]:
        check = self.check
        if check is None:
            return []
        change(check)
        # Someone is there to answer: the countdown stops and waits for them.
        return self._process(self.engine.hold_effort())

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
        done = {s.side for k, s in self.logged.items() if k[0] == block}
        command = RateExercise.answer(
            self.workout.uid,
            self.lease,
            block,
            answer.effort,
            answer.pain_sides(done),
            answer.corrections,
        )
        self._write(command, self.rated)

    # --- what the writer reports back (on its thread; the crash harness listens) ---------

    def saved(self, record: SetRecord) -> None:
        """A set is committed."""

    def rated(self, block: int) -> None:
        """An effort answer is committed (``block``: the exercise it rated)."""

    # --- internals ----------------------------------------------------------------------

    def _process(self, events: list[Event]) -> list[Event]:
        for event in events:
            if isinstance(event, SetFinished):
                self._log(event.result)
            elif isinstance(event, WorkoutFinished):
                self._finish(event)
        if not self.waiting_for_effort:
            self._check = None
        self.sound.handle(events, self.engine.plan)
        for watcher in list(self.watchers):
            watcher(events)
        return events

    def _log(self, logged: LoggedSet) -> None:
        self.logged[(logged.block, logged.set_index, logged.side)] = logged
        command = LogSet(
            workout_uid=self.workout.uid,
            lease=self.lease,
            logged=logged,
            active_seconds=round(self.engine.active_seconds(), 1),
        )
        self._write(command, self.saved)

    def _finish(self, event: WorkoutFinished) -> None:
        if self.finished:
            return
        self.finished = True
        status: WorkoutStatus = "ended-early" if event.ended_early else "completed"
        command = FinishWorkout(
            workout_uid=self.workout.uid,
            lease=self.lease,
            status=status,
            at=self.clock.now(),
            active_seconds=round(self.engine.active_seconds(), 1),
        )
        self._write(command, lambda _: None)

    def _write(
        self, command: LogSet | RateExercise | FinishWorkout, done: Callable[[Any], None]
    ) -> None:
        """Queue one write of the workout's life (written only while this copy holds the
        workout: its handler finds the lease gone when another device took it over)."""
        if not self.lost:
            self.writer.submit(command, lambda answer: self._written(answer, done))

    def _written(self, answer: Any, done: Callable[[Any], None]) -> None:
        if answer == LOST:
            self.lose()
        else:
            done(answer)

    def lose(self) -> None:
        """Another device holds the workout now: write nothing more, and say so once."""
        if not self.lost:
            self.lost = True
            self.on_lost()


def open_workout(
    catalog: Callable[[], Catalog],
    settings: Callable[[], Settings],
    weaker: Callable[[Unit, Any], Mapping[str, Side]],
) -> Callable[[Unit, OpenWorkout], tuple[WorkoutRecord, Plan] | str]:
    """The handler of :class:`OpenWorkout`: write a new workout of a program at the
    person's doses (its weaker sides first), holding this copy's lease.

    Workouts left unfinished that no copy of the app holds any more are closed as
    partial first; one another device is running now is left alone. Answers the
    workout and its plan, or a line saying why it could not start."""

    def handle(db: Unit, command: OpenWorkout) -> tuple[WorkoutRecord, Plan] | str:
        program = catalog().programs.get(command.program_id)
        if program is None:
            return f"No program called {command.program_id!r}."
        now, mine = command.at, command.lease
        lease = Lease(command.device, mine)
        stale = db.workouts.unfinished()
        if stale is not None and mine:
            # Its holder on this device has ended (a crash): no need to wait for the lease.
            cutoff = free_before(stale.workout, lease, now)
            if cutoff is not None:
                db.workouts.close_as_partial(stale.workout.id, cutoff, mine)
        db.workouts.close_lapsed(lapsed_before(now), mine)
        doses = changed_doses(program, db.doses.changes())
        plan = build_plan(program, catalog(), settings(), doses, weaker(db, program))
        workout = db.workouts.start(
            program.id, program.name, plan_to_json(plan), now, device=command.device, lease=mine
        )
        return workout, plan

    return handle
