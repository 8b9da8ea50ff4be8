"""What glutetui keeps, each concept declared once as a msgspec shape.

A logged set, a workout, a dose, a dose change, a suggestion and a self-test are
each one ``Struct`` here. Everything else is derived from them:

* the store reads rows into them with ``msgspec.convert(row, T, from_attributes=True)``
  (no hand-written row mappers) and writes ORM rows from their fields;
* the JSON export *is* these shapes (``exchange``), and the import validates with
  them, so whatever the store can hold can be exported and read back;
* the CLI's JSON is ``msgspec.to_builtins`` of them; the CSV columns are checked
  against them by a test;
* the export's JSON schema is generated from them (``docs/export-schema.json``).

Field names are the database's column names; where the export has always used a
shorter key (``exercise`` for ``exercise_id``) the field is renamed on the wire
only. Importing this module never imports SQLAlchemy (Home's quick read uses it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from glutetui.vocab import (
    Band,
    BlockRef,
    Kind,
    Side,
    StanceSide,
    SuggestionStatus,
    WorkoutStatus,
)

# --- the units every shape is made of ---------------------------------------------------

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
Uid = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{32}$")]
Name = Annotated[str, msgspec.Meta(max_length=200)]
Count = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
Seconds = Annotated[float, msgspec.Meta(ge=0, le=100_000)]
Effort = Annotated[int, msgspec.Meta(ge=1, le=5)]
# Every moment is an aware time (stored as UTC): a naive one is refused, not guessed.
Moment = Annotated[datetime, msgspec.Meta(tz=True)]
Stage = Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
Word = Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
PainScore = Annotated[int, msgspec.Meta(ge=0, le=10)]
Note = Annotated[str, msgspec.Meta(max_length=500)]


class Shape(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A record as stored and exported: immutable, and strict about unknown keys."""


# --- doses ---------------------------------------------------------------------------------


class Dose(Shape, frozen=True, kw_only=True):
    """How much of which exercise: sets of reps (or of seconds held) with a band."""

    exercise_id: Id = msgspec.field(name="exercise")
    sets: Count
    reps: Count | None
    hold: Count | None
    band: Band

    @property
    def amount(self) -> int:
        """Reps per set, or seconds held per set."""
        return (self.hold if self.hold is not None else self.reps) or 0

    @property
    def dose(self) -> Dose:
        """The dose alone, without what a record keeps around it."""
        return Dose(
            exercise_id=self.exercise_id,
            sets=self.sets,
            reps=self.reps,
            hold=self.hold,
            band=self.band,
        )


class DoseRecord(Dose, frozen=True, kw_only=True):
    """A program block's dose as last changed (the export lists these; the store derives
    them from the dose changes)."""

    program_id: Annotated[str, msgspec.Meta(max_length=80)] = msgspec.field(
        default="", name="program"
    )
    slot: Id
    updated_at: Moment

    @property
    def block(self) -> BlockRef:
        return BlockRef(self.program_id, self.slot)


class DoseChangeRecord(Dose, frozen=True, kw_only=True):
    """When a block's dose changed, to what, and why (with the suggestion it answered)."""

    uid: Uid
    # An empty program: a change kept from before doses were kept per program, whose
    # program could not be told (it applies to none).
    program_id: Annotated[str, msgspec.Meta(max_length=80)] = msgspec.field(
        default="", name="program"
    )
    slot: Id
    reason: str
    suggestion_uid: Uid | None
    changed_at: Moment

    @property
    def block(self) -> BlockRef:
        return BlockRef(self.program_id, self.slot)


# --- workouts and their sets ---------------------------------------------------------------


class LoggedSet(Shape, frozen=True, kw_only=True):
    """One set on one side, as it ended: what was asked and what was done."""

    block: Count
    set_index: Count
    side: Side
    exercise_id: Id = msgspec.field(name="exercise")
    slot: Id
    kind: Kind
    target_reps: Count | None
    target_hold: Count | None
    reps: Count | None
    hold_seconds: Seconds | None
    rep_seconds: Count
    band: Band
    effort: Effort | None
    pain: bool
    partial: bool
    started_at: Moment
    ended_at: Moment
    # False: a pain flag from before pain was kept per side (the side is not known).
    pain_side_known: bool = True
    # Passed over (Next before it was done): kept to show the plan, but no evidence for
    # progression, symmetry, records or done-of-target.
    skipped: bool = False


class SetRecord(LoggedSet, frozen=True, kw_only=True):
    """A logged set with its place in this database."""

    id: int
    workout_id: int


class Workout(Shape, frozen=True, kw_only=True):
    uid: Uid
    program_id: Id
    program_name: Name
    started_at: Moment
    ended_at: Moment | None
    status: WorkoutStatus
    # Time trained: paused time and time the app was not running are not counted.
    # None for workouts logged before glutetui kept it.
    active_seconds: Seconds | None = None
    # Pain today on the 0-10 numeric rating scale, and a note, given on the summary.
    pain_score: PainScore | None = None
    pain_note: Note = ""
    # Where it is (or was) run: the device, and the lease of the copy of the app running
    # it, renewed while it runs (glutetui.store.lease).
    device: Annotated[str, msgspec.Meta(max_length=100)] = ""
    lease: Annotated[str, msgspec.Meta(max_length=32)] = ""
    heartbeat_at: Moment | None = None
    note: str


class WorkoutRecord(Workout, frozen=True, kw_only=True):
    id: int

    @property
    def span_seconds(self) -> float | None:
        """From start to end on the wall clock, pauses and all (shown only labelled)."""
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()


# --- suggestions and self-tests ------------------------------------------------------------


class Suggestion(Shape, frozen=True, kw_only=True):
    """A progression suggestion: from which dose to which, why, and what became of it."""

    uid: Uid
    # The program block it is about, and whose dose accepting it changes (empty in an
    # export from before doses were kept per program: the import finds it).
    program_id: Annotated[str, msgspec.Meta(max_length=80)] = msgspec.field(
        default="", name="program"
    )
    slot: Id
    # What glutetui makes is a SuggestionKind; a stored one is read as any short word,
    # so a history written by an older version (or a newer one) still opens and exports.
    kind: Word
    reason: str
    evidence: Name
    before: Dose
    after: Dose
    status: SuggestionStatus
    created_at: Moment
    decided_at: Moment | None


class SuggestionRecord(Suggestion, frozen=True, kw_only=True):
    id: int

    @property
    def block(self) -> BlockRef:
        return BlockRef(self.program_id, self.slot)


class SelfTest(Shape, frozen=True, kw_only=True):
    """One side of a single-leg stance self-test."""

    uid: Uid
    taken_at: Moment
    side: StanceSide
    stage: Stage
    target_seconds: Count
    hold_seconds: Seconds
    level: bool


class SelfTestRecord(SelfTest, frozen=True, kw_only=True):
    id: int


# --- what the screens read, put together from the shapes above -----------------------------


class WorkoutSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A workout with its totals, aggregated in SQL."""

    workout: WorkoutRecord
    sets: int
    reps: int
    hold_seconds: float
    effort: float | None
    pain: int
    unrated: int = 0  # exercises with sets but no effort answer


class Marks(msgspec.Struct, frozen=True):
    """Bests for one exercise and side: reps in a set, seconds held, heaviest band."""

    reps: int | None
    hold: float | None
    band: str


class UnfinishedWorkout(msgspec.Struct, frozen=True):
    """A workout left open by a crash or a closed terminal, with what was done."""

    workout: WorkoutRecord
    plan: str
    sets: tuple[SetRecord, ...]

    @property
    def finished_keys(self) -> list[tuple[int, int, str]]:
        return [(s.block, s.set_index, s.side) for s in self.sets if not s.partial]

    @property
    def rated_blocks(self) -> list[int]:
        return sorted({s.block for s in self.sets if s.effort is not None})


class SlotWorkout(msgspec.Struct, frozen=True):
    """One workout's sets under one program block, with the plan it ran."""

    workout: WorkoutRecord
    plan: str
    sets: tuple[SetRecord, ...]
