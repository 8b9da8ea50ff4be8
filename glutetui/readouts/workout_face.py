"""What the running workout shows at one instant, in words and numbers: the phase word,
the side, the main number and what it counts, the rep count. The workout screen draws
it in big type and the phone remote sends it to the phone, so the two always say the
same thing.

Pure: it reads the engine's snapshot and nothing else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from glutetui.engine import Engine, PlannedBlock, Snapshot, StepKind

# The screen's colour, by what the person is doing.
Tone = Literal["get-ready", "work", "rest", "switch", "effort", "done", "paused"]
SideWords = Literal["LEFT SIDE", "RIGHT SIDE", "BOTH LEGS"]

SIDE_WORDS: dict[str, SideWords] = {
    "left": "LEFT SIDE",
    "right": "RIGHT SIDE",
    "both": "BOTH LEGS",
}
# What the clock counts, by step: the word under the number never reads as a side.
CLOCK_WORDS = {
    StepKind.GET_READY: "to get ready",
    StepKind.SWITCH: "to switch sides",
    StepKind.REST: "of rest to go",
}
TONES: dict[StepKind, Tone] = {
    StepKind.GET_READY: "get-ready",
    StepKind.WORK: "work",
    StepKind.REST: "rest",
    StepKind.SWITCH: "switch",
    StepKind.EFFORT: "effort",
    StepKind.DONE: "done",
}


def clock_text(seconds: int) -> str:
    """A clock as the big type shows it: seconds under a minute, minutes:seconds above."""
    seconds = max(0, seconds)
    if seconds < 60:
        return str(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass(frozen=True, slots=True)
class Face:
    """The running workout's face: every word and number shown large."""

    phase: str  # "GET READY", "LIFT", "PAUSED", "HOW DID IT FEEL?", ...
    tone: Tone
    exercise: str  # "" before the first exercise and after the last
    side: SideWords | None
    time: str  # the main number ("45", "1:30"); "" when nothing is timed
    time_label: str  # what it counts: "seconds to go", "minutes of rest to go"
    reps: str  # the reps done; "" when the step does not count reps
    reps_label: str  # "reps of 10", "reps goal 25"
    paused: bool


def phase_word(snap: Snapshot) -> str:
    if snap.paused:
        return "PAUSED"
    return snap.phase.value  # the effort check's is its question


def tone(snap: Snapshot) -> Tone:
    return "paused" if snap.paused else TONES[snap.step.kind]


def seconds_left(snap: Snapshot) -> float | None:
    """What the clock counts down; None when it counts up (a set to fatigue). Before
    its first tick a step has not begun: all of it is still to go."""
    return snap.remaining if snap.remaining is not None else snap.step.seconds


def clock(snap: Snapshot, block: PlannedBlock | None) -> tuple[str, str]:
    """The main number and what it counts. A timed step counts down; an open-ended set
    (to fatigue, with no time limit) counts the seconds so far; the effort check counts
    the seconds until the workout goes on by itself (after a key, until the answer is kept)."""
    kind = snap.step.kind
    if kind is StepKind.DONE:
        return "", ""
    if kind is StepKind.EFFORT:
        if snap.remaining is None:
            return "", ""
        left = max(0, math.ceil(snap.remaining - 1e-9))
        unit = "second" if left == 1 else "seconds"
        if snap.confirming:
            return clock_text(left), f"{unit} until the answer is kept"
        return clock_text(left), f"{unit} until it goes on by itself"
    remaining = seconds_left(snap)
    if remaining is None:
        return clock_text(int(snap.elapsed)), "seconds so far: n when you are done"
    seconds = math.ceil(remaining - 1e-9)
    unit = "seconds" if seconds < 60 else "minutes"
    if kind is StepKind.WORK:
        what = "to hold" if block is not None and block.kind == "hold" else "to go"
    else:
        what = CLOCK_WORDS.get(kind, "to go")
    return clock_text(seconds), f"{unit} {what}"


def counts_reps(snap: Snapshot, block: PlannedBlock | None) -> bool:
    """Whether the step counts reps: a working set of a rep exercise."""
    return snap.step.kind is StepKind.WORK and block is not None and block.kind != "hold"


def reps(snap: Snapshot, block: PlannedBlock | None) -> tuple[str, str]:
    """The reps done and what they count against; empty outside a counted set."""
    if not counts_reps(snap, block) or block is None:
        return "", ""
    goal = "goal" if block.kind == "to-fatigue" else "of"
    return str(snap.reps_done), f"reps {goal} {block.reps}"


def face(engine: Engine) -> Face:
    """The workout's face now."""
    snap = engine.snapshot()
    block = snap.block
    time, time_label = clock(snap, block)
    count, count_label = reps(snap, block)
    return Face(
        phase=phase_word(snap),
        tone=tone(snap),
        exercise="" if block is None else block.name,
        side=None if block is None else SIDE_WORDS.get(snap.step.side or ""),
        time=time,
        time_label=time_label,
        reps=count,
        reps_label=count_label,
        paused=snap.paused,
    )
