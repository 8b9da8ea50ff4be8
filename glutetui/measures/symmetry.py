"""Left against right: the limb symmetry index, one definition for every surface.

The index is the weaker side's total over the stronger side's, times 100, over a
window of :data:`WINDOW` workouts of an exercise done on both sides (reps, or seconds
held, summed per side). Clinicians look for :data:`BALANCED` or more. A side more than
20 % behind (an index under :data:`TRAILING`) over a full window is named, and the
progression rules start workouts with it.

It measures capacity only where the work is not capped: to-fatigue sets (done until
the leg tires) and the single-leg stance self-test's holds (:func:`measures_capacity`).
Where a prescription caps both sides (10 reps asked, 10 done) the index would measure
the shortfall from the prescription, not the sides: there surfaces show done-of-target
per side instead. Nothing done on either side is "not measured", never balanced.
Stretches are held for comfort, not strength, and are left out by every caller.

One set of words for its bands (:func:`band_words`), on every surface. History's
Balance tab, the report, ``glutetui progress`` and the progression rules all compute
it here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from glutetui.records import LoggedSet

WINDOW = 3  # workouts done on both sides
BALANCED = 90  # an index of at least this reads as balanced
TRAILING = 80  # under this, over a full window, the weaker side is named and goes first
NOT_MEASURED = "not measured"

Weaker = Literal["left", "right"]


@dataclass(frozen=True, slots=True)
class Symmetry:
    """Left and right over a window of workouts (reps, or seconds held)."""

    left: float
    right: float
    workouts: int  # how many workouts the totals come from (at most WINDOW)

    @property
    def index(self) -> float:
        """Weaker ÷ stronger × 100 (:func:`symmetry_index` gives no figure at all when
        neither side did anything)."""
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

    @property
    def band(self) -> str:
        """The index's band in words: ``balanced``, ``left a little behind``,
        ``left trails``."""
        return band_words(self.index, self.weaker)

    def words(self) -> str:
        """``94 % (balanced)``, ``85 % (right a little behind)``, ``72 % (left trails)``."""
        return f"{round(self.index)} % ({self.band})"


def band_words(index: float | None, weaker: Weaker | None) -> str:
    """The one set of words for the index's bands: at least :data:`BALANCED` is
    balanced (the clinical bar), under :data:`TRAILING` the weaker side trails, in
    between it is a little behind; no index is "not measured"."""
    if index is None:
        return NOT_MEASURED
    if round(index) >= BALANCED or weaker is None:
        return "balanced"
    if index < TRAILING:
        return f"{weaker} trails"
    return f"{weaker} a little behind"


def measures_capacity(kind: str | None) -> bool:
    """Whether sets of this kind measure what a side can do (not what it was asked):
    to-fatigue sets only. The self-test's holds are measured by ``stance_symmetry``."""
    return kind == "to-fatigue"


def stance_symmetry(left: float | None, right: float | None) -> Symmetry | None:
    """The index of one single-leg stance self-test: the seconds each leg held."""
    if left is None or right is None:
        return None
    return symmetry_index([{"left": left, "right": right}], window=1)


def symmetry_index(
    per_workout: Sequence[Mapping[str, float]], window: int = WINDOW
) -> Symmetry | None:
    """The index over the first ``window`` workouts (newest first) done on both sides.

    Each workout is given as its total per side (``{"left": 24, "right": 20}``); ones
    done on one side only, or on both legs at once, are left out. None when no workout
    had both sides, or neither side did anything (not measured).
    """
    used = [w for w in per_workout if "left" in w and "right" in w][:window]
    if not used or max(sum(w["left"] for w in used), sum(w["right"] for w in used)) <= 0:
        return None  # nothing done on either side: not measured
    return Symmetry(
        left=sum(w["left"] for w in used),
        right=sum(w["right"] for w in used),
        workouts=len(used),
    )


def side_amounts(sets: Iterable[LoggedSet]) -> dict[str, tuple[float, float]]:
    """Per side, what a workout's sets did and what they asked (reps, or seconds held),
    skipped sets left out: the one reading of sets both measures of left against right
    start from."""
    found: dict[str, tuple[float, float]] = {}
    for s in sets:
        if s.skipped:
            continue
        held = s.kind == "hold"
        done = (s.hold_seconds or 0.0) if held else float(s.reps or 0)
        asked = float((s.target_hold if held else s.target_reps) or 0)
        was = found.get(s.side, (0.0, 0.0))
        found[s.side] = (was[0] + done, was[1] + asked)
    return found
