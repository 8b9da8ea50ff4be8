"""Plain records the store hands out: the UI and the CLI never see ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class WorkoutRecord:
    id: int
    uid: str
    program_id: str
    program_name: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    note: str = ""

    @property
    def duration_seconds(self) -> float | None:
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()


@dataclass(frozen=True, slots=True)
class SetRecord:
    id: int
    workout_id: int
    block: int
    set_index: int
    side: str
    exercise_id: str
    slot: str
    kind: str
    target_reps: int | None
    target_hold: int | None
    reps: int | None
    hold_seconds: float | None
    rep_seconds: int
    band: str
    effort: int | None
    pain: bool
    partial: bool
    started_at: datetime
    ended_at: datetime

    @property
    def met_target(self) -> bool:
        if self.kind == "hold":
            return (self.hold_seconds or 0) + 0.5 >= (self.target_hold or 0)
        return (self.reps or 0) >= (self.target_reps or 0)

    @property
    def tension_seconds(self) -> float:
        """Time under tension: reps times the tempo, or the seconds held."""
        if self.kind == "hold":
            return self.hold_seconds or 0.0
        return float((self.reps or 0) * self.rep_seconds)


@dataclass(frozen=True, slots=True)
class WorkoutSummary:
    """A workout with its totals, aggregated in SQL."""

    workout: WorkoutRecord
    sets: int
    reps: int
    hold_seconds: float
    effort: float | None
    pain: int
    unrated: int = 0  # exercises with sets but no effort answer


@dataclass(frozen=True, slots=True)
class Marks:
    """Bests for one exercise and side: reps in a set, seconds held, heaviest band."""

    reps: int | None
    hold: float | None
    band: str


@dataclass(frozen=True, slots=True)
class DoseRecord:
    slot: str
    exercise_id: str
    sets: int
    reps: int | None
    hold: int | None
    band: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class DoseChangeRecord:
    id: int
    uid: str
    slot: str
    exercise_id: str
    sets: int
    reps: int | None
    hold: int | None
    band: str
    reason: str
    suggestion_id: int | None
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class SuggestionRecord:
    id: int
    uid: str
    slot: str
    kind: str
    reason: str
    evidence: str
    from_exercise: str
    from_sets: int
    from_reps: int | None
    from_hold: int | None
    from_band: str
    to_exercise: str
    to_sets: int
    to_reps: int | None
    to_hold: int | None
    to_band: str
    status: str
    created_at: datetime
    decided_at: datetime | None


@dataclass(frozen=True, slots=True)
class SelfTestRecord:
    id: int
    uid: str
    taken_at: datetime
    side: str
    stage: str
    target_seconds: int
    hold_seconds: float
    level: bool


@dataclass(frozen=True, slots=True)
class UnfinishedWorkout:
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
