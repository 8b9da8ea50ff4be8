"""Left against right: the limb symmetry index, one definition for every surface.

The index is the weaker side's total over the stronger side's, times 100, over a
window of the last :data:`WINDOW` workouts of an exercise done on both sides (reps,
or seconds held, summed per side). Clinicians look for :data:`BALANCED` or more. A
side more than 20 % behind (an index under :data:`TRAILING`) over a full window is
named, and the progression rules start workouts with it. Stretches are held for
comfort, not strength, and are left out by every caller (``Exercise.stretch``).

History's Balance tab, the report, ``glutetui progress`` and the progression rules
all compute it here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

WINDOW = 3  # workouts done on both sides
BALANCED = 90  # an index of at least this reads as balanced
TRAILING = 80  # under this, over a full window, the weaker side is named and goes first

Weaker = Literal["left", "right"]


@dataclass(frozen=True, slots=True)
class Symmetry:
    """Left and right over a window of workouts (reps, or seconds held)."""

    left: float
    right: float
    workouts: int  # how many workouts the totals come from (at most WINDOW)

    @property
    def index(self) -> float:
        """Weaker ÷ stronger × 100 (100 when neither side did anything)."""
        strong = max(self.left, self.right)
        return 100.0 if strong <= 0 else 100.0 * min(self.left, self.right) / strong

    @property
    def weaker(self) -> Weaker | None:
        if self.left == self.right:
            return None
        return "left" if self.left < self.right else "right"

    @property
    def balanced(self) -> bool:
        return round(self.index) >= BALANCED

    @property
    def trailing(self) -> Weaker | None:
        """The side named as trailing: more than 20 % behind over a full window."""
        if self.workouts < WINDOW or self.index >= TRAILING:
            return None
        return self.weaker

    def words(self) -> str:
        """``94 % (balanced)``, ``85 %, right a little behind``, ``72 %, left trails``."""
        index = f"{round(self.index)} %"
        if self.balanced:
            return f"{index} (balanced)"
        if self.trailing is not None:
            return f"{index}, {self.trailing} trails"
        return f"{index}, {self.weaker} a little behind"


def symmetry_index(
    per_workout: Sequence[Mapping[str, float]], window: int = WINDOW
) -> Symmetry | None:
    """The index over the first ``window`` workouts (newest first) done on both sides.

    Each workout is given as its total per side (``{"left": 24, "right": 20}``); ones
    done on one side only, or on both legs at once, are skipped. None when no workout
    had both sides.
    """
    used = [w for w in per_workout if "left" in w and "right" in w][:window]
    if not used:
        return None
    return Symmetry(
        left=sum(w["left"] for w in used),
        right=sum(w["right"] for w in used),
        workouts=len(used),
    )
