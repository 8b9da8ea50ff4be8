"""The workout's small line under the numbers, in words: the set, the dose, and how
long the part of the rep under way has left ("lowering: 1 s left").

Pure: it reads the engine's snapshot and nothing else.
"""

from __future__ import annotations

import math

from glutetui.engine import Phase, PlannedBlock, Snapshot, StepKind

# The part of a rep the line counts down, in words.
PART_WORDS = {Phase.LIFT: "lifting", Phase.HOLD: "holding", Phase.LOWER: "lowering"}
SEPARATOR = "  ·  "


def set_line(snap: Snapshot, block: PlannedBlock | None, width: int) -> str:
    """The line for this moment, shortened to fit ``width``: the tempo's key goes first,
    then the part's words, then the dose."""
    if block is None:
        return ""
    head = f"Set {snap.step.set + 1} of {block.sets}"
    if block.kind == "hold":
        doses = [f"hold {block.hold} s"]
    else:
        lift, hold, lower = block.tempo
        doses = [f"tempo {lift}-{hold}-{lower} (lift-hold-lower)", f"tempo {lift}-{hold}-{lower}"]
    parts = [""]
    if snap.phase_remaining is not None and snap.step.kind is StepKind.WORK:
        left = math.ceil(snap.phase_remaining - 1e-9)
        word = PART_WORDS.get(snap.phase, snap.phase.value.lower())
        parts = [f"{word}: {left} s left", f"{word} {left} s"]
    elif snap.step.kind is StepKind.REST:
        parts = ["+ / - changes the rest by 15 s", "+ / - 15 s"]
    choices = [(dose, part) for part in parts for dose in doses] + [("", parts[-1]), ("", "")]
    lines = [SEPARATOR.join(filter(None, (head, *choice))) for choice in choices]
    return next((line for line in lines if len(line) <= width), lines[-1])
