"""Inside one step: where lifts, holds, lowers, reps, cues and countdown beeps fall.

A step's timeline is fixed the moment it begins: the tempo places every lift/hold/
lower boundary at an offset from the step's start, cues rotate every
:data:`CUE_SECONDS`, and the last :data:`COUNTDOWN_FROM` seconds of a timed step
beep. The functions here compute those instants from a :class:`Progress` (where the
step has got to) and append what falls due to the caller's event list; moving from
one step to the next is the engine's business.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

import msgspec

from glutetui.engine.events import Countdown, CueShown, Event
from glutetui.engine.plan import Phase, PlannedBlock, Step, StepKind
from glutetui.records import LoggedSet
from glutetui.vocab import Band

# How long one form cue stays up before the next one rotates in.
CUE_SECONDS = 6.0
# Countdown events in the last seconds of a timed step (beeps before rest ends).
COUNTDOWN_FROM = 3


class Progress(msgspec.Struct):
    """Where the current step has got to; reset whenever a step begins."""

    start: float
    deadline: float | None
    wall_start: datetime
    boundary: int = 0  # lift/hold/lower boundaries passed in this work step
    reps: int = 0
    cues: int = 0  # cues shown in this step
    countdown: int = COUNTDOWN_FROM
    cue: str | None = None


class CueRotation(msgspec.Struct):
    """How far each block's rotating cues have got, so a new set carries on from there."""

    shown: dict[int, int] = msgspec.field(default_factory=dict)  # block -> cues shown so far


def tempo_parts(block: PlannedBlock) -> list[tuple[Phase, int]]:
    """The lift, hold and lower of one rep, leaving out any of zero seconds."""
    lift, hold, lower = block.tempo
    parts = [(Phase.LIFT, lift), (Phase.HOLD, hold), (Phase.LOWER, lower)]
    return [(phase, secs) for phase, secs in parts if secs > 0]


def boundary_offset(block: PlannedBlock, j: int) -> float:
    """Seconds from the start of a work step to the start of its j-th lift/hold/lower."""
    parts = tempo_parts(block)
    rep, part = divmod(j, len(parts))
    return rep * block.rep_seconds + sum(secs for _, secs in parts[:part])


def sub_phase(block: PlannedBlock, elapsed: float) -> tuple[Phase, float]:
    """The lift, hold or lower under way ``elapsed`` seconds into a set, and its time left."""
    parts = tempo_parts(block)
    offset = elapsed % block.rep_seconds if block.rep_seconds else 0.0
    for phase, secs in parts:
        if offset < secs:
            return phase, secs - offset
        offset -= secs
    return parts[-1][0], 0.0


def reps_at(block: PlannedBlock, elapsed: float) -> int:
    """Whole reps done ``elapsed`` seconds into a set, never past its target or cap."""
    if block.rep_seconds <= 0:
        return 0
    reps = int(elapsed // block.rep_seconds)
    # Floating point: at the exact deadline the last rep counts.
    if (reps + 1) * block.rep_seconds <= elapsed + 1e-9:
        reps += 1
    limit = block.reps if block.kind == "reps" else block.fatigue_cap
    return min(reps, limit or reps)


def set_result(
    step: Step,
    block: PlannedBlock,
    p: Progress,
    at: float,
    ended_at: datetime,
    partial: bool = False,
) -> LoggedSet:
    """What a work step amounted to when it ended (or was cut short) at ``at``."""
    elapsed = max(0.0, at - p.start)
    reps: int | None = None
    hold: float | None = None
    if block.kind == "hold":
        hold = min(elapsed, float(block.hold or 0)) if step.seconds is not None else elapsed
    else:
        reps = reps_at(block, elapsed)
    assert step.side is not None
    return LoggedSet(
        block=step.block,
        exercise_id=block.exercise_id,
        slot=block.slot or block.exercise_id,
        set_index=step.set,
        side=step.side,
        kind=block.kind,
        target_reps=block.reps if block.kind != "hold" else None,
        target_hold=block.hold if block.kind == "hold" else None,
        reps=reps,
        hold_seconds=round(hold, 1) if hold is not None else None,
        rep_seconds=block.rep_seconds,
        band=cast(Band, block.band),
        effort=None,
        pain=False,
        partial=partial,
        started_at=p.wall_start,
        ended_at=ended_at,
    )


def passed_over(result: LoggedSet, block: PlannedBlock) -> LoggedSet:
    """A set ended by Next before its time: skipped if nothing was done, partial if it
    stopped short of its target (a to-fatigue set ends by Next: only nothing is a skip)."""
    done = result.hold_seconds if result.kind == "hold" else result.reps
    if (done or 0) < 1:
        return msgspec.structs.replace(result, skipped=True)
    if block.kind == "hold" and (result.hold_seconds or 0) + 0.5 < (block.hold or 0):
        return msgspec.structs.replace(result, partial=True)
    if block.kind == "reps" and (result.reps or 0) < (block.reps or 0):
        return msgspec.structs.replace(result, partial=True)
    return result


def advance_cues(
    p: Progress,
    block: PlannedBlock,
    block_index: int,
    rotation: CueRotation,
    until: float,
    events: list[Event],
) -> None:
    """Show the cues due up to ``until``: the opening ones first, then the rotation."""
    opening = block.opening_cues
    rotating = block.cues
    shown = rotation.shown
    while True:
        due = p.start + p.cues * CUE_SECONDS
        if due > until or (p.deadline is not None and due >= p.deadline):
            return
        k = p.cues
        if k < len(opening):
            text, speak = opening[k], False
        elif rotating:
            n = shown.get(block_index, 0)
            # Only the first rotating cue of a set is spoken: one spoken cue per set.
            text, speak = rotating[n % len(rotating)], k == len(opening)
            shown[block_index] = n + 1
        elif opening:
            text, speak = opening[k % len(opening)], False
        else:
            return
        p.cues += 1
        p.cue = text
        events.append(CueShown(text, speak, due))


def advance_countdown(p: Progress, kind: StepKind, until: float, events: list[Event]) -> None:
    """Emit the countdown beeps due up to ``until`` in the last seconds before the deadline."""
    if p.deadline is None:
        return
    while p.countdown > 0:
        due = p.deadline - p.countdown
        if due > until or due >= p.deadline:
            break
        # A step shorter than the countdown skips the beeps that would fall before it began.
        if due >= p.start:
            events.append(Countdown(p.countdown, kind, due))
        p.countdown -= 1
