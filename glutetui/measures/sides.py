"""The weaker side: named only where one is measurably weaker, with what shows it.

Evidence comes from three measures, each kept to what it measures:

- the limb symmetry index of to-fatigue sets (capacity), under the 90 % bar;
- the single-leg stance self-test at the end of the period: a hold under the bar
  against the other leg, or the hip dropping on one leg only;
- done-of-target where a prescription caps the sets: one side doing at least
  :data:`DONE_GAP` less of its target than the other.

A side is named when the evidence points to it and none points to the other; evidence
both ways is "mixed" and names neither. The report's page one and ``glutetui
progress`` take it from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from glutetui.measures.symmetry import BALANCED, Symmetry

# Done-of-target a side must trail the other by (as a share) to count as weaker.
DONE_GAP = 0.10


@dataclass(frozen=True, slots=True)
class SideEvidence:
    side: str  # "left" or "right": the side this shows weaker
    what: str  # in words: "Clamshell: done 84 % of target on the left, 100 % on the right"


@dataclass(frozen=True, slots=True)
class WeakerSide:
    side: str | None  # None: no side measurably weaker, or the evidence is mixed
    evidence: tuple[SideEvidence, ...]

    @property
    def mixed(self) -> bool:
        return self.side is None and bool(self.evidence)

    def words(self) -> str:
        if self.side is not None:
            return f"{self.side} side weaker"
        if self.evidence:
            return "mixed: some measures show the left weaker, some the right"
        return "no side measurably weaker"


def _pct(share: float) -> str:
    return f"{share * 100:.0f} %"


def capacity_evidence(name: str, symmetry: Symmetry | None) -> list[SideEvidence]:
    """To-fatigue sets: the index under the bar names the weaker side."""
    if symmetry is None or round(symmetry.index) >= BALANCED or symmetry.weaker is None:
        return []
    return [
        SideEvidence(
            symmetry.weaker,
            f"{name}: limb symmetry {round(symmetry.index)} % until the leg tires "
            f"(left {symmetry.left:.0f}, right {symmetry.right:.0f})",
        )
    ]


def done_evidence(name: str, left: float | None, right: float | None) -> list[SideEvidence]:
    """Capped sets: done-of-target (shares) a side trails the other by at least DONE_GAP."""
    if left is None or right is None or abs(left - right) < DONE_GAP - 1e-9:
        return []
    side = "left" if left < right else "right"
    return [
        SideEvidence(
            side,
            f"{name}: done {_pct(left)} of target on the left, {_pct(right)} on the right",
        )
    ]


def stance_evidence(
    left: tuple[float, bool] | None, right: tuple[float, bool] | None
) -> list[SideEvidence]:
    """The last self-test, each leg as (seconds held, hips level)."""
    if left is None or right is None:
        return []
    found = []
    (lh, ll), (rh, rl) = left, right
    strong = max(lh, rh)
    if strong > 0 and round(100 * min(lh, rh) / strong) < BALANCED:
        side = "left" if lh < rh else "right"
        found.append(
            SideEvidence(
                side,
                f"single-leg stance: held {lh:.0f} s on the left, {rh:.0f} s on the right",
            )
        )
    if ll != rl:
        side = "left" if not ll else "right"
        found.append(
            SideEvidence(side, f"single-leg stance: the hip dropped standing on the {side}")
        )
    return found


def weaker_side(evidence: Iterable[SideEvidence]) -> WeakerSide:
    found = tuple(evidence)
    sides = {e.side for e in found}
    return WeakerSide(sides.pop() if len(sides) == 1 else None, found)
