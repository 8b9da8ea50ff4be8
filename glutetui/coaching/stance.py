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
    def label(self) -> str:
        return stage_words(self.eyes, self.target)


def stage_words(eyes: str, target: int) -> str:
    """A stage as people read it: ``30 s, eyes open`` (the files keep ``eyes-open``)."""
    return f"{target} s, {eyes.replace('-', ' ')}"


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
    """What the latest result means for next time, in one line."""
    if not history:
        return "Your first test sets the starting point; later ones show up beside it in the chart."
    latest = history[-1]
    if latest.passed:
        index = STAGES.index(latest.stage) if latest.stage in STAGES else len(STAGES) - 1
        if index + 1 < len(STAGES):
            return (
                f"Both sides held {latest.stage.label} with level hips: "
                f"next time, try {STAGES[index + 1].label}."
            )
        return "Both sides held the hardest stage with level hips. Keep it up."
    weak = [r.side for r in latest.results if not r.level]
    short = [r.side for r in latest.results if r.held + 0.5 < latest.stage.target]
    parts = []
    if weak:
        parts.append(f"the hip dropped on the {' and '.join(weak)} side")
    if short:
        sides = " and ".join(short) + (" sides" if len(short) > 1 else " side")
        parts.append(f"the {sides} did not reach {latest.stage.target} s")
    return f"Last time {' and '.join(parts)}: stay at {latest.stage.label} and keep training."


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
