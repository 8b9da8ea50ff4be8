"""What the engine hands out: the events a command or tick caused, and snapshots.

Every event is stamped with the monotonic time it was due, not the time a tick
noticed it, so the screen and the sound layer can tell what happened in which order
even when a tick comes late. A :class:`SetFinished` carries the :class:`LoggedSet`
the store logs; a :class:`Snapshot` is what the workout screen draws.
"""

from __future__ import annotations

import msgspec

from glutetui.engine.plan import Phase, PlannedBlock, Step, StepKind
from glutetui.records import LoggedSet
from glutetui.vocab import Side


class PhaseChanged(msgspec.Struct, frozen=True):
    phase: Phase
    step: Step
    at: float
    new_step: bool = True  # False for lift/hold/lower changes inside a set


class RepDone(msgspec.Struct, frozen=True):
    rep: int
    target: int | None
    at: float


class SidesSwitched(msgspec.Struct, frozen=True):
    side: Side
    at: float


class CueShown(msgspec.Struct, frozen=True):
    text: str
    speak: bool
    at: float


class Countdown(msgspec.Struct, frozen=True):
    seconds_left: int
    step_kind: StepKind
    at: float


class SetFinished(msgspec.Struct, frozen=True):
    result: LoggedSet
    at: float


class EffortLapsed(msgspec.Struct, frozen=True):
    """Nobody answered the effort check in time: the exercise stays unrated."""

    block: int
    at: float


class WorkoutFinished(msgspec.Struct, frozen=True):
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


class Snapshot(msgspec.Struct, frozen=True):
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
