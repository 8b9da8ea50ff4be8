"""Every write to the history, as a plain record, and the one handler of each type.

A write is a command: a frozen msgspec record that says what to write and nothing
else (no closure, no session). The one writer (``glutetui.store.writer``) takes
commands in order and runs each one's handler, looked up by the command's type in a
table (:data:`HANDLERS`, plus the few the layers above add: opening a workout needs the
catalogue and the coach's review needs the rules). So a finished set travels as one
shape from the engine to its row: the engine's :class:`~glutetui.records.LoggedSet`,
inside a :class:`LogSet`, upserted.

Every command can be encoded, so what the writer could not write before the app
ended is kept in a file and written on the next start (``glutetui.store.unsaved``);
those a next start must not replay (opening a workout nobody runs any more) say so
with ``kept = False``. A workout's own writes name it by ``uid``, which every
database the history moves to keeps, and carry the lease of the copy of the app
running it: once another device has taken the workout over, they write nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

import msgspec

from glutetui.intents import FlagPainLater, PainToday, RateLater
from glutetui.records import Count, Effort, LoggedSet, Moment, Seconds, Uid
from glutetui.store.lease import Lease, free_before
from glutetui.vocab import Side, StanceSide, WorkoutStatus

if TYPE_CHECKING:
    from glutetui.records import (
        SelfTestRecord,
        SetRecord,
        SuggestionRecord,
        UnfinishedWorkout,
    )
    from glutetui.store.repos import Unit


class Command(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, tag_field="type"
):
    """One write to the history."""

    kept: ClassVar[bool] = True  # kept across a restart when it could not be written
    # Made again anyway (a heartbeat, the coach's review): nothing is lost without it.
    redone: ClassVar[bool] = False
    what: ClassVar[str] = "a change"  # for a problem message: "the set could not …"

    def keeps(self) -> bool:
        """Whether a next start may write this one, if this run could not."""
        return self.kept


class WorkoutWrite(Command, frozen=True, kw_only=True):
    """A write of one workout's life, made only while ``lease`` holds the workout
    ("" writes regardless: a file kept from before leases, or a workout run without
    one)."""

    workout_uid: Uid
    lease: str = ""


# The answer a write gets when the workout is another device's now: nothing written.
LOST = "lost"


class LogSet(WorkoutWrite, frozen=True, kw_only=True, tag="set"):
    """A finished set, with the workout's time trained when it ended."""

    what: ClassVar[str] = "the set"
    logged: LoggedSet
    active_seconds: Seconds | None = None


class Correction(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An amount corrected in the effort check: reps, or seconds held."""

    set_index: Count
    side: Side
    amount: Seconds


class RateExercise(WorkoutWrite, frozen=True, kw_only=True, tag="rating"):
    """The effort check's answer for one exercise of a workout."""

    what: ClassVar[str] = "the rating"
    block: Count
    effort: Effort | None  # None: answered without a rating (the exercise stays unrated)
    pain: bool  # pain on any side (files kept before the sides were have only this)
    corrections: tuple[Correction, ...] = ()
    pain_sides: tuple[Side, ...] | None = None  # the sides with pain

    @classmethod
    def answer(
        cls,
        workout_uid: str,
        lease: str,
        block: int,
        effort: int | None,
        pain: frozenset[str] | set[str],
        corrections: Mapping[tuple[int, str], float],
    ) -> RateExercise:
        """The record of an effort check's answer: the sides with pain, corrections keyed
        (set, side)."""
        fixed = tuple(
            Correction(set_index, cast(Side, side), float(amount))
            for (set_index, side), amount in corrections.items()
        )
        sides = tuple(cast(Side, s) for s in sorted(pain))
        return cls(
            workout_uid=workout_uid,
            lease=lease,
            block=block,
            effort=effort,
            pain=bool(sides),
            corrections=fixed,
            pain_sides=sides,
        )


class FinishWorkout(WorkoutWrite, frozen=True, kw_only=True, tag="end"):
    """The end of a workout: how it ended, and when."""

    what: ClassVar[str] = "the end of the workout"
    status: WorkoutStatus
    at: Moment
    active_seconds: Seconds | None = None


class AnswerLater(Command, frozen=True, kw_only=True, tag="later"):
    """An answer given after the workout: a rating, pain on a side, pain today. A
    workout run by this copy is named by its uid too, so the answer can be kept across
    a restart; one opened in History is named by its id in this database only."""

    what: ClassVar[str] = "your answer"
    workout_uid: Uid | None = None
    lease: str = ""
    answer: RateLater | FlagPainLater | PainToday

    def keeps(self) -> bool:
        return self.workout_uid is not None


# --- writes a next start does not replay: they answer a moment that has gone -----------------


class OpenWorkout(Command, frozen=True, kw_only=True, tag="open"):
    """Start a workout of a program at the person's doses, held by this copy's lease
    (its handler, which builds the plan, is the workout's: ``glutetui.workout.run``)."""

    kept: ClassVar[bool] = False
    what: ClassVar[str] = "the start of the workout"
    program_id: str
    device: str
    lease: str
    at: datetime


class Heartbeat(Command, frozen=True, kw_only=True, tag="heartbeat"):
    """The running workout's lease, renewed."""

    kept: ClassVar[bool] = False
    redone: ClassVar[bool] = True
    what: ClassVar[str] = "the heartbeat"
    workout_id: int
    lease: str
    at: datetime


class TakeOver(Command, frozen=True, kw_only=True, tag="take-over"):
    """Take up an unfinished workout here, if no other device is running it."""

    kept: ClassVar[bool] = False
    what: ClassVar[str] = "taking up the unfinished workout"
    workout_id: int
    device: str
    lease: str
    at: datetime


class CloseAsPartial(Command, frozen=True, kw_only=True, tag="close"):
    """Close an unfinished workout as partial, keeping its sets (not while another
    device runs it)."""

    kept: ClassVar[bool] = False
    what: ClassVar[str] = "closing the unfinished workout"
    workout_id: int
    device: str
    lease: str
    at: datetime


class DecideSuggestion(Command, frozen=True, kw_only=True, tag="decide"):
    """Accept a suggestion (its block's dose changes) or dismiss it."""

    kept: ClassVar[bool] = False
    what: ClassVar[str] = "your answer"
    suggestion_id: int
    accept: bool
    at: datetime


class SaveSelfTest(Command, frozen=True, kw_only=True, tag="self-test"):
    """One side of a single-leg stance self-test."""

    kept: ClassVar[bool] = False
    what: ClassVar[str] = "the self-test"
    side: StanceSide
    stage: str
    target: int
    held: float
    level: bool
    at: datetime


class Review(Command, frozen=True, kw_only=True, tag="review"):
    """Ask the progression rules about program blocks (None: every block ever done) and
    keep what they suggest: after the writes it weighs, never from a reader (its
    handler is the coach's: ``glutetui.coaching.coach.reviewing``)."""

    kept: ClassVar[bool] = False
    redone: ClassVar[bool] = True
    what: ClassVar[str] = "the coach's review"
    blocks: tuple[tuple[str, str], ...] | None = None  # (program, slot) of each block
    workout_id: int | None = None  # or: the blocks this workout used
    at: datetime


class ImportFile(Command, frozen=True, kw_only=True, tag="import"):
    """Read an export into the history, all of it or nothing."""

    kept: ClassVar[bool] = False
    what: ClassVar[str] = "the import"
    path: str


# The writes of a workout's life: those a file keeps across a restart.
Kept = LogSet | RateExercise | FinishWorkout | AnswerLater


# --- the handlers ---------------------------------------------------------------------------

Handler = Callable[["Unit", Any], Any]


def _claim(
    db: Unit, write: WorkoutWrite | AnswerLater, active_seconds: float | None = None
) -> int | None:
    """The workout's local id, if ``write.lease`` still holds it (with its time trained
    brought up to date in the same statement); None when another device has it."""
    assert write.workout_uid is not None
    return db.workouts.claim(write.workout_uid, write.lease, active_seconds)


def log_set(db: Unit, write: LogSet) -> SetRecord | str:
    workout_id = _claim(db, write, write.active_seconds)
    return LOST if workout_id is None else db.workouts.log_set(workout_id, write.logged)


def rate_exercise(db: Unit, write: RateExercise) -> int | str:
    workout_id = _claim(db, write)
    if workout_id is None:
        return LOST
    fixed: dict[tuple[int, str], float] = {
        (c.set_index, c.side): c.amount for c in write.corrections
    }
    pain = write.pain if write.pain_sides is None else write.pain_sides
    db.workouts.rate_block(workout_id, write.block, write.effort, pain, fixed)
    return write.block


def finish_workout(db: Unit, write: FinishWorkout) -> int | str:
    workout_id = _claim(db, write)
    if workout_id is None:
        return LOST
    db.workouts.finish(workout_id, write.status, write.at, write.active_seconds)
    return workout_id


def answer_later(db: Unit, write: AnswerLater) -> int | str:
    workout_id = write.answer.workout if write.workout_uid is None else _claim(db, write)
    if workout_id is None:
        return LOST
    answer = write.answer
    if isinstance(answer, RateLater):
        db.workouts.rate_block(workout_id, answer.block, answer.effort, None)
    elif isinstance(answer, FlagPainLater):
        db.workouts.toggle_pain(workout_id, answer.block, answer.side)
    else:
        db.workouts.set_pain_today(workout_id, answer.score, answer.note)
    return workout_id


def take_over(db: Unit, write: TakeOver) -> UnfinishedWorkout | str | None:
    """The unfinished workout, now held here; None when it is no longer unfinished,
    ``"elsewhere"`` when another device runs it."""
    unfinished = db.workouts.unfinished()
    if unfinished is None or unfinished.workout.id != write.workout_id:
        return None
    cutoff = free_before(unfinished.workout, Lease(write.device, write.lease), write.at)
    if cutoff is None or not db.workouts.take_over(
        write.workout_id, write.device, write.lease, write.at, cutoff
    ):
        return "elsewhere"
    return unfinished


def close_as_partial(db: Unit, write: CloseAsPartial) -> bool:
    workout = db.workouts.get(write.workout_id)
    mine = Lease(write.device, write.lease)
    cutoff = None if workout is None else free_before(workout, mine, write.at)
    if cutoff is None:
        return False
    return db.workouts.close_as_partial(write.workout_id, cutoff, write.lease)


def heartbeat(db: Unit, write: Heartbeat) -> bool:
    return db.workouts.heartbeat(write.workout_id, write.lease, write.at)


def decide_suggestion(db: Unit, write: DecideSuggestion) -> SuggestionRecord:
    if write.accept:
        return db.suggestions.accept(write.suggestion_id, write.at)
    return db.suggestions.dismiss(write.suggestion_id, write.at)


def save_self_test(db: Unit, write: SaveSelfTest) -> SelfTestRecord:
    return db.self_tests.add(
        write.side, write.stage, write.target, write.held, write.level, write.at
    )


def import_file(
    db: Unit, write: ImportFile, progress: Callable[[int, int], None] | None = None
) -> tuple[bool, str]:
    """Read an export into the history as a stream (memory flat in the file's size),
    all of it or nothing; what was imported, in words (True), or why nothing was
    (False). ``progress(done, total)`` is told how far it is, in bytes."""
    from pathlib import Path

    from glutetui.store.exchange import ImportCounts, import_or_refuse

    path = Path(write.path).expanduser()
    try:
        with path.open("rb") as stream:
            found = import_or_refuse(db, stream, progress)
    except OSError as exc:
        return False, f"Cannot read {path}: {exc.strerror or exc}"
    if isinstance(found, ImportCounts):
        return True, str(found).capitalize()
    return False, f"{path.name}: {found}"


HANDLERS: dict[type[Command], Handler] = {
    LogSet: log_set,
    RateExercise: rate_exercise,
    FinishWorkout: finish_workout,
    AnswerLater: answer_later,
    Heartbeat: heartbeat,
    TakeOver: take_over,
    CloseAsPartial: close_as_partial,
    DecideSuggestion: decide_suggestion,
    SaveSelfTest: save_self_test,
    ImportFile: import_file,
}
