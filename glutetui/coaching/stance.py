"""The single-leg stance self-test: stand on one leg in front of a mirror, hold it,
and note whether the hips stayed level.

A run is a small state machine over the same injected clock as the workout: a
get-ready countdown, then a hold per side that ends when the person presses a key
(they lost their balance) or at the stage's target, then a yes/no on level hips.
Stages go from 30 s with eyes open to longer holds, then eyes closed; the next one
is suggested once both sides held the target with level hips.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from glutetui.platform.clock import Clock
from glutetui.vocab import STANCE_SIDES, StanceSide

if TYPE_CHECKING:
    from glutetui.store import SelfTestRecord


@dataclass(frozen=True, slots=True)
class Stage:
    eyes: str  # "eyes-open" or "eyes-closed"
    target: int  # seconds

    @property
    def eyes_words(self) -> str:
        return eyes_text(self.eyes)

    @property
    def label(self) -> str:
        return stage_words(self.eyes, self.target)


def eyes_text(eyes: str) -> str:
    """``eyes open`` (the files keep ``eyes-open``)."""
    return eyes.replace("-", " ")


def stage_words(eyes: str, target: int) -> str:
    """A stage as people read it: ``30 s, eyes open``."""
    return f"{target} s, {eyes_text(eyes)}"


STAGES = (
    Stage("eyes-open", 30),
    Stage("eyes-open", 45),
    Stage("eyes-open", 60),
    Stage("eyes-closed", 30),
    Stage("eyes-closed", 45),
    Stage("eyes-closed", 60),
)
SIDES = STANCE_SIDES
READY_SECONDS = 5


class StancePhase(StrEnum):
    READY = "GET READY"
    HOLD = "HOLD"
    ASK = "LEVEL?"
    DONE = "DONE"


@dataclass(frozen=True, slots=True)
class SideResult:
    side: StanceSide
    held: float
    level: bool


@dataclass(frozen=True, slots=True)
class PastTest:
    """One earlier test as the stage rules read it (from the store's rows)."""

    stage: Stage
    results: tuple[SideResult, ...]

    @property
    def passed(self) -> bool:
        sides = {r.side: r for r in self.results}
        return all(
            s in sides and sides[s].level and sides[s].held + 0.5 >= self.stage.target
            for s in SIDES
        )


def past_tests(records: Iterable[SelfTestRecord]) -> list[PastTest]:
    """Group stored rows (one per side) into tests, oldest first."""
    grouped: dict[tuple[datetime, str, int], list[SideResult]] = {}
    for r in records:
        grouped.setdefault((r.taken_at, r.stage, r.target_seconds), []).append(
            SideResult(r.side, r.hold_seconds, r.level)
        )
    return [
        PastTest(Stage(stage, target), tuple(results))
        for (_, stage, target), results in sorted(grouped.items(), key=lambda item: item[0][0])
    ]


def current_stage(history: Sequence[PastTest]) -> Stage:
    """The stage to test at: one past the highest stage passed, if any."""
    best = -1
    for test in history:
        if test.passed and test.stage in STAGES:
            best = max(best, STAGES.index(test.stage))
    return STAGES[min(best + 1, len(STAGES) - 1)]


def advice(history: Sequence[PastTest]) -> str:
    """What the latest result means for next time, in a few short sentences."""
    if not history:
        return "Your first test sets the starting point; later ones show up beside it in the chart."
    latest = history[-1]
    if latest.passed:
        index = STAGES.index(latest.stage) if latest.stage in STAGES else len(STAGES) - 1
        if index + 1 < len(STAGES):
            stage = latest.stage
            return (
                f"Both sides held {stage.target} s with level hips, {stage.eyes_words}: "
                f"next time, try {STAGES[index + 1].label}."
            )
        return "Both sides held the hardest stage with level hips. Keep it up."
    return f"{verdict(latest)} Stay at this stage ({latest.stage.label}) and keep training."


def verdict(test: PastTest) -> str:
    """What one test showed: the seconds held on each side, then what fell short
    (``Last test: left 24 s, right 30 s. The left side fell short of 30 s.``)."""
    by_side = {r.side: r for r in test.results}
    target = test.stage.target
    tested = [side for side in SIDES if side in by_side]
    untested = [side for side in SIDES if side not in by_side]
    held = ", ".join(f"{side} {by_side[side].held:.0f} s" for side in tested)
    if untested:
        held = "; ".join(
            filter(
                None,
                (
                    held,
                    f"the {_sides(untested)} {'were' if len(untested) > 1 else 'was'} not tested",
                ),
            )
        )
    short = [side for side in tested if by_side[side].held + 0.5 < target]
    dropped = [side for side in tested if not by_side[side].level]
    if short and len(short) == len(SIDES):
        reach = f"neither side reached {target} s"
    elif short:
        reach = f"the {_sides(short)} fell short of {target} s"
    elif tested and dropped:
        reach = f"{'both sides' if len(tested) > 1 else f'the {tested[0]} side'} reached {target} s"
    else:
        reach = ""
    drop = f"the hip dropped on {_both_or(dropped)}" if dropped else ""
    # "fell short of 30 s, and the hip dropped"; "reached 30 s, but the hip dropped".
    joined = f"{reach}, {'and' if short else 'but'} {drop}"
    found = joined if reach and drop else reach or drop
    sentences = [f"Last test: {held}."]
    if found:
        sentences.append(found[0].upper() + found[1:] + ".")
    return " ".join(sentences)


def _sides(sides: Sequence[str]) -> str:
    """``left side``, ``left and right sides``."""
    return " and ".join(sides) + (" sides" if len(sides) > 1 else " side")


def _both_or(sides: Sequence[str]) -> str:
    return "both sides" if len(sides) == len(SIDES) else f"the {_sides(sides)}"


# Steps for the chart's axis of seconds held: whole seconds, few enough to read.
AXIS_STEPS = (1, 2, 5, 10, 15, 30, 60, 120)


def seconds_axis(tests: Sequence[PastTest], most: int = 6) -> list[int]:
    """Ticks for the seconds held, test by test: from 0 to at least the longest hold
    and the stages' targets, in a whole number of seconds each (never "6.58")."""
    held = [r.held for t in tests for r in t.results]
    top = max([1.0, *held, *(t.stage.target for t in tests)])
    step = next((s for s in AXIS_STEPS if math.ceil(top / s) <= most - 1), AXIS_STEPS[-1])
    return list(range(0, step * math.ceil(top / step) + 1, step))


@dataclass
class SelfTestRun:
    """One test: both sides, one after the other."""

    clock: Clock
    stage: Stage
    ready_seconds: int = READY_SECONDS
    side_index: int = 0
    phase: StancePhase = StancePhase.READY
    started: float = 0.0
    results: list[SideResult] = field(default_factory=list)
    _held: float = 0.0

    @property
    def side(self) -> StanceSide:
        return SIDES[min(self.side_index, len(SIDES) - 1)]

    def start(self) -> None:
        self.phase = StancePhase.READY
        self.started = self.clock.monotonic()

    def tick(self) -> None:
        """Move on when the countdown or the target time has passed."""
        now = self.clock.monotonic()
        if self.phase is StancePhase.READY and now >= self.started + self.ready_seconds:
            self.phase = StancePhase.HOLD
            self.started = self.started + self.ready_seconds
        if self.phase is StancePhase.HOLD and now >= self.started + self.stage.target:
            self._end_hold(float(self.stage.target))

    def lost_balance(self) -> None:
        """The person put the foot down: the hold ends now."""
        self.tick()
        if self.phase is StancePhase.HOLD:
            self._end_hold(self.clock.monotonic() - self.started)
        elif self.phase is StancePhase.READY:
            # Skip the rest of the countdown.
            self.phase = StancePhase.HOLD
            self.started = self.clock.monotonic()

    def _end_hold(self, held: float) -> None:
        self._held = round(min(held, float(self.stage.target)), 1)
        self.phase = StancePhase.ASK

    def answer(self, level: bool) -> SideResult | None:
        """Did the hips stay level? Returns the finished side, to be logged."""
        if self.phase is not StancePhase.ASK:
            return None
        result = SideResult(self.side, self._held, level)
        self.results.append(result)
        self.side_index += 1
        if self.side_index >= len(SIDES):
            self.phase = StancePhase.DONE
        else:
            self.phase = StancePhase.READY
            self.started = self.clock.monotonic()
        return result

    @property
    def remaining(self) -> float | None:
        """Seconds left in the countdown or the hold."""
        now = self.clock.monotonic()
        if self.phase is StancePhase.READY:
            return max(0.0, self.started + self.ready_seconds - now)
        if self.phase is StancePhase.HOLD:
            return max(0.0, self.started + self.stage.target - now)
        return None

    @property
    def elapsed(self) -> float:
        if self.phase is StancePhase.HOLD:
            return max(0.0, self.clock.monotonic() - self.started)
        return self._held

    def next_change(self) -> float | None:
        """When the display next changes (the next whole second, or a phase end)."""
        left = self.remaining
        if left is None:
            return None
        return self.clock.monotonic() + (left - math.ceil(left) + 1 if left > 0 else 0.0)
