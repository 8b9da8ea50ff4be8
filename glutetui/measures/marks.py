"""Best marks per exercise and side (the most reps in a set, the longest hold, the
heaviest band), and the ones a workout beat.

The store sums them in SQL (``Workouts.marks``); History's Records tab shows them and
the summary names what a workout beat, both through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from glutetui.records import Marks
from glutetui.vocab import band_rank

# A hold must beat the old best by a whole second to count: a tenth is the clock's noise.
HOLD_MARGIN = 1.0


@dataclass(frozen=True, slots=True)
class Beaten:
    exercise_id: str
    side: str
    what: str  # "reps", "hold" or "band"
    value: str
    previous: str


def beaten(
    now: Mapping[tuple[str, str], Marks], before: Mapping[tuple[str, str], Marks]
) -> list[Beaten]:
    """This workout's marks that beat every earlier workout's (a first time is no record)."""
    found: list[Beaten] = []
    for (exercise_id, side), mine in now.items():
        old = before.get((exercise_id, side))
        if old is None:
            continue
        if mine.reps is not None and old.reps is not None and mine.reps > old.reps:
            found.append(Beaten(exercise_id, side, "reps", f"{mine.reps} reps", f"{old.reps} reps"))
        if mine.hold is not None and old.hold is not None and mine.hold >= old.hold + HOLD_MARGIN:
            found.append(
                Beaten(exercise_id, side, "hold", f"{mine.hold:.0f} s", f"{old.hold:.0f} s")
            )
        if band_rank(mine.band) > band_rank(old.band):
            found.append(Beaten(exercise_id, side, "band", f"{mine.band} band", f"{old.band} band"))
    return found
