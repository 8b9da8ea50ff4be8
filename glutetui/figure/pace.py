"""When the figure moves: in step with the engine's LIFT / HOLD / LOWER, or in a loop.

During a set the figure's place in its movement comes from the engine's snapshot
alone (its phase and the seconds left in it), so it can never run ahead of or behind
the word on screen, the rep count or the speech: a lift takes the figure from the
start pose to the end pose, a hold keeps the end pose, a lower brings it back. A held
exercise holds its end pose all through the set.

Before a set (and in the exercise library) the movement loops at the exercise's own
tempo, as a preview: a moment at the start pose, the lift, the hold, the lower.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from glutetui.engine.plan import Phase, StepKind

if TYPE_CHECKING:
    from glutetui.engine.events import Snapshot
    from glutetui.vocab import Kind

# The fastest the figure redraws: a frame at most every third of a second. Every redraw
# costs the terminal a repaint, and a figure a third of the screen tall changes pixels
# all through a lift (at the pixels' own rate, twenty frames a second at its middle):
# at six a second it cost 3.3x a bare clock's CPU, at four 2.7x (the target is 2x).
FRAME_SECONDS = 1 / 3
# The preview rests this long at the start pose between reps, so a loop reads as reps.
PREVIEW_REST = 0.8
# A held exercise's preview holds its end pose at least this long.
PREVIEW_HOLD = 3.0


def next_frame(wait: float | None) -> float | None:
    """When to redraw for a frame due in ``wait`` seconds: then, or after the shortest
    gap between redraws, whichever is later (a frame skipped is one the eye misses)."""
    return None if wait is None else max(wait, FRAME_SECONDS)


class Motion(NamedTuple):
    """Where the figure is in its movement and how it is going.

    ``at`` is the share of the movement's time done: 0 at the start pose, 1 at the end
    pose. ``rate`` is how fast ``at`` changes, per second: positive while lifting,
    negative while lowering, 0 when still.
    """

    at: float
    rate: float = 0.0

    @property
    def moving(self) -> bool:
        return self.rate != 0.0


START = Motion(0.0)
END = Motion(1.0)

# Seconds until the frame on show changes for a steady motion (a film's next_change).
ChangeIn = Callable[[Motion], "float | None"]


def in_set(snapshot: Snapshot) -> Motion | None:
    """The figure's motion during a work step, from the engine's snapshot; None outside
    work (the caller shows a preview or nothing)."""
    block = snapshot.block
    if snapshot.step.kind is not StepKind.WORK or block is None:
        return None
    if block.kind == "hold":
        return END
    lift, _, lower = block.tempo
    left = snapshot.phase_remaining or 0.0
    if snapshot.phase is Phase.LIFT and lift > 0:
        motion = Motion(_share(1.0 - left / lift), 1.0 / lift)
    elif snapshot.phase is Phase.LOWER and lower > 0:
        motion = Motion(_share(left / lower), -1.0 / lower)
    elif snapshot.phase is Phase.HOLD:
        motion = END
    else:
        motion = START
    return Motion(motion.at) if snapshot.paused else motion


def _share(value: float) -> float:
    return min(1.0, max(0.0, value))


class LoopPart(NamedTuple):
    """One stretch of a preview loop: its length, and where it goes from and to."""

    seconds: float
    start: float
    end: float

    def motion(self, into: float) -> Motion:
        if self.seconds <= 0 or self.start == self.end:
            return Motion(self.end if into >= self.seconds else self.start)
        rate = (self.end - self.start) / self.seconds
        return Motion(_share(self.start + rate * into), rate)


class Loop:
    """A preview of the movement, repeated for as long as it is on screen."""

    def __init__(self, tempo: tuple[int, int, int], kind: Kind = "reps") -> None:
        lift, hold, lower = (float(x) for x in tempo)
        if kind == "hold":
            # A hold's tempo does not pace a set: show getting into it and holding it.
            lift, hold, lower = max(lift, 1.5), max(hold, PREVIEW_HOLD), max(lower, 1.5)
        parts = [
            LoopPart(PREVIEW_REST, 0.0, 0.0),
            LoopPart(lift, 0.0, 1.0),
            LoopPart(hold, 1.0, 1.0),
            LoopPart(lower, 1.0, 0.0),
        ]
        self.parts = tuple(p for p in parts if p.seconds > 0)
        self.length = sum(p.seconds for p in self.parts)

    def _where(self, t: float) -> Iterator[tuple[LoopPart, float]]:
        """From the moment ``t`` on: each part with the time into it (then 0 for the rest)."""
        if self.length <= 0:
            return
        into = t % self.length
        index = 0
        while into >= self.parts[index].seconds:
            into -= self.parts[index].seconds
            index += 1
            if index == len(self.parts):  # rounding at the very end of a loop
                index, into = 0, 0.0
                break
        for k in range(len(self.parts) + 1):
            yield self.parts[(index + k) % len(self.parts)], into if k == 0 else 0.0

    def motion(self, t: float) -> Motion:
        """Where the preview is ``t`` seconds after it began."""
        for part, into in self._where(t):
            return part.motion(into)
        return START

    def next_change(self, t: float, change_in: ChangeIn) -> float | None:
        """Seconds from ``t`` until the frame changes, looking at most one loop ahead
        (the caller spaces its redraws by :data:`FRAME_SECONDS`)."""
        waited = 0.0
        for part, into in self._where(t):
            left = part.seconds - into
            found = change_in(part.motion(into))
            if found is not None and found < left:
                return waited + found
            waited += left
        return None
