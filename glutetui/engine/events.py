"""What the engine hands out: the events a command or tick caused, and snapshots.

Every event is stamped with the monotonic time it was due, not the time a tick
noticed it, so the screen and the sound layer can tell what happened in which order
even when a tick comes late. A :class:`SetFinished` carries the :class:`SetResult`
the store logs; a :class:`Snapshot` is what the workout screen draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from glutetui.engine.plan import Phase, PlannedBlock, Step, StepKind
from glutetui.vocab import Kind, Side


@dataclass(frozen=True, slots=True)
class SetResult:
    """One finished set on one side, ready to be logged."""

    block: int
    exercise_id: str
    slot: str
    set_index: int
    side: Side
    kind: Kind
    target_reps: int | None
    target_hold: int | None
    reps: int | None
    hold_seconds: float | None
    band: str
    started_at: datetime
    ended_at: datetime
    partial: bool = False


@dataclass(frozen=True, slots=True)
class PhaseChanged:
    phase: Phase
    step: Step
    at: float
    new_step: bool = True  # False for lift/hold/lower changes inside a set


@dataclass(frozen=True, slots=True)
class RepDone:
    rep: int
    target: int | None
    at: float


@dataclass(frozen=True, slots=True)
class SidesSwitched:
    side: Side
    at: float


@dataclass(frozen=True, slots=True)
class CueShown:
    text: str
    speak: bool
    at: float


@dataclass(frozen=True, slots=True)
class Countdown:
    seconds_left: int
    step_kind: StepKind
    at: float


@dataclass(frozen=True, slots=True)
class SetFinished:
    result: SetResult
    at: float


@dataclass(frozen=True, slots=True)
class EffortLapsed:
    """Nobody answered the effort check in time: the exercise stays unrated."""

    block: int
    at: float


@dataclass(frozen=True, slots=True)
class WorkoutFinished:
    ended_early: bool
    at: float


Event = (
    PhaseChanged
    | RepDone
    | SidesSwitched
    | CueShown
    | Countdown
    | SetFinished
    | EffortLapsed
    | WorkoutFinished
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the workout screen draws, read at one instant."""

    step: Step
    block: PlannedBlock | None
    phase: Phase
    remaining: float | None  # seconds left in the step; None when it counts up
    elapsed: float
    phase_remaining: float | None  # seconds left in the current lift/hold/lower
    reps_done: int
    paused: bool
    cue: str | None
    step_index: int
    step_count: int
