"""What a guided workout is made of: the plan handed to the engine and its steps.

A :class:`Plan` holds the blocks (one exercise each, at the dose it will be done at)
and the fixed pauses around them. The engine unrolls it into :class:`Step`\\ s, each
of one :class:`StepKind`; :class:`Phase` is the word the screen shows for where the
person is. Building a plan from the catalogue and the user's doses is
``glutetui.workout.planning``'s job, not this module's.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec

from glutetui.vocab import Kind, Side

# A to-fatigue set stops counting by itself at this multiple of its goal, so a
# forgotten set does not run for ever when nobody is near the keyboard.
TO_FATIGUE_CAP = 3


class Phase(StrEnum):
    """What the person is doing now; the label the screen shows in big letters."""

    GET_READY = "GET READY"
    LIFT = "LIFT"
    HOLD = "HOLD"
    LOWER = "LOWER"
    REST = "REST"
    SWITCH = "SWITCH SIDES"
    EFFORT = "HOW DID IT FEEL?"
    DONE = "DONE"


class StepKind(StrEnum):
    GET_READY = "get-ready"
    WORK = "work"
    SWITCH = "switch"
    REST = "rest"
    EFFORT = "effort"
    DONE = "done"


class PlannedBlock(msgspec.Struct, frozen=True):
    """One exercise of a workout with the dose it will be done at."""

    exercise_id: str
    name: str
    kind: Kind
    sides: tuple[Side, ...]
    sets: int
    reps: int | None
    hold: int | None
    tempo: tuple[int, int, int]
    rest: int
    band: str = "none"
    band_at: str = "knees"
    cues: tuple[str, ...] = ()
    opening_cues: tuple[str, ...] = ()
    slot: str = ""  # the program block's exercise id, which the user's dose is kept under

    @property
    def rep_seconds(self) -> int:
        return sum(self.tempo)

    @property
    def work_seconds(self) -> float | None:
        """Length of one side of one set, or None when it runs until a key."""
        if self.kind == "hold":
            return float(self.hold or 0)
        if self.kind == "reps":
            return float((self.reps or 0) * self.rep_seconds)
        return None

    @property
    def fatigue_cap(self) -> int:
        return max(1, (self.reps or 10) * TO_FATIGUE_CAP)


class Plan(msgspec.Struct, frozen=True):
    """A whole workout: its blocks and the fixed pauses around them."""

    program_id: str
    program_name: str
    blocks: tuple[PlannedBlock, ...]
    get_ready: int = 10
    switch: int = 5
    effort_wait: int = 20  # seconds the effort check counts down; 0 waits for a key


class Step(msgspec.Struct, frozen=True):
    kind: StepKind
    block: int = -1
    set: int = 0
    side: Side | None = None
    seconds: float | None = None  # None: runs until the person acts

    @property
    def key(self) -> tuple[int, int, Side | None]:
        return (self.block, self.set, self.side)


def plan_to_json(plan: Plan) -> str:
    return msgspec.json.encode(plan).decode()


def plan_from_json(text: str) -> Plan:
    """Read a stored plan back; raises ValueError when it cannot be used."""
    try:
        plan = msgspec.json.decode(text, type=Plan)
    except msgspec.DecodeError as exc:
        raise ValueError(f"the stored workout plan is unreadable: {exc}") from exc
    if not plan.blocks:
        raise ValueError("the stored workout plan has no blocks")
    return plan
