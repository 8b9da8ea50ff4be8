"""The guided workout as a pure state machine over an injected clock.

A :class:`Plan` (blocks with their doses) unrolls into a flat list of
:class:`Step`\\ s: get ready, work on one side, switch sides, rest, the effort check
and done. The :class:`Engine` walks that list. Each timed step ends at a deadline
fixed when the step began (``start + seconds``) and the next step begins *at that
deadline*, not at the moment the tick noticed it, so a late tick never adds drift:
the last phase of a long workout ends as close to its deadline as the first.
Pausing shifts the current step's start and deadline by exactly the paused time.

Every call returns the :data:`Event`\\ s that happened, in order and stamped with
the monotonic time they were due; the screen and the sound layer consume them.
Nothing here sleeps, reads the real clock or knows about a terminal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from glutetui.clock import Clock
from glutetui.vocab import Kind, Side

# How long one form cue stays up before the next one rotates in.
CUE_SECONDS = 6.0
# Countdown events in the last seconds of a timed step (beeps before rest ends).
COUNTDOWN_FROM = 3
# A to-fatigue set stops counting by itself at this multiple of its goal, so a
# forgotten set does not run for ever when nobody is near the keyboard.
TO_FATIGUE_CAP = 3
# Time allowed for an effort check that waits for a key, when estimating a program's length.
EFFORT_ESTIMATE_SECONDS = 10


class Phase(StrEnum):
    """What the person is doing now; the label the screen shows in big letters."""

    GET_READY = "GET READY"
    LIFT = "LIFT"
    HOLD = "HOLD"
    LOWER = "LOWER"
    REST = "REST"
    SWITCH = "SWITCH SIDES"
    EFFORT = "HOW DID IT FEEL?"
    DONE = "DONE"


class StepKind(StrEnum):
    GET_READY = "get-ready"
    WORK = "work"
    SWITCH = "switch"
    REST = "rest"
    EFFORT = "effort"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class PlannedBlock:
    """One exercise of a workout with the dose it will be done at."""

    exercise_id: str
    name: str
    kind: Kind
    sides: tuple[Side, ...]
    sets: int
    reps: int | None
    hold: int | None
    tempo: tuple[int, int, int]
    rest: int
    band: str = "none"
    band_at: str = "knees"
    cues: tuple[str, ...] = ()
    opening_cues: tuple[str, ...] = ()
    slot: str = ""  # the program block's exercise id, which the user's dose is kept under

    @property
    def rep_seconds(self) -> int:
        return sum(self.tempo)

    @property
    def work_seconds(self) -> float | None:
        """Length of one side of one set, or None when it runs until a key."""
        if self.kind == "hold":
            return float(self.hold or 0)
        if self.kind == "reps":
            return float((self.reps or 0) * self.rep_seconds)
        return None

    @property
    def fatigue_cap(self) -> int:
        return max(1, (self.reps or 10) * TO_FATIGUE_CAP)


@dataclass(frozen=True, slots=True)
class Plan:
    """A whole workout: its blocks and the fixed pauses around them."""

    program_id: str
    program_name: str
    blocks: tuple[PlannedBlock, ...]
    get_ready: int = 10
    switch: int = 5
    effort_wait: int = 20  # seconds the effort check counts down; 0 waits for a key


@dataclass(frozen=True, slots=True)
class Step:
    kind: StepKind
    block: int = -1
    set: int = 0
    side: Side | None = None
    seconds: float | None = None  # None: runs until the person acts

    @property
    def key(self) -> tuple[int, int, Side | None]:
        return (self.block, self.set, self.side)


@dataclass(frozen=True, slots=True)
class SetResult:
    """One finished set on one side, ready to be logged."""

    block: int
    exercise_id: str
    slot: str
    set_index: int
    side: Side
    kind: Kind
    target_reps: int | None
    target_hold: int | None
    reps: int | None
    hold_seconds: float | None
    band: str
    started_at: datetime
    ended_at: datetime
    partial: bool = False


# --- events ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhaseChanged:
    phase: Phase
    step: Step
    at: float
    new_step: bool = True  # False for lift/hold/lower changes inside a set


@dataclass(frozen=True, slots=True)
class RepDone:
    rep: int
    target: int | None
    at: float


@dataclass(frozen=True, slots=True)
class SidesSwitched:
    side: Side
    at: float


@dataclass(frozen=True, slots=True)
class CueShown:
    text: str
    speak: bool
    at: float


@dataclass(frozen=True, slots=True)
class Countdown:
    seconds_left: int
    step_kind: StepKind
    at: float


@dataclass(frozen=True, slots=True)
class SetFinished:
    result: SetResult
    at: float


@dataclass(frozen=True, slots=True)
class EffortLapsed:
    """Nobody answered the effort check in time: the exercise stays unrated."""

    block: int
    at: float


@dataclass(frozen=True, slots=True)
class WorkoutFinished:
    ended_early: bool
    at: float


Event = (
    PhaseChanged
    | RepDone
    | SidesSwitched
    | CueShown
    | Countdown
    | SetFinished
    | EffortLapsed
    | WorkoutFinished
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the workout screen draws, read at one instant."""

    step: Step
    block: PlannedBlock | None
    phase: Phase
    remaining: float | None  # seconds left in the step; None when it counts up
    elapsed: float
    phase_remaining: float | None  # seconds left in the current lift/hold/lower
    reps_done: int
    paused: bool
    cue: str | None
    step_index: int
    step_count: int


# --- building the steps ------------------------------------------------------------------


def build_steps(plan: Plan) -> list[Step]:
    """Unroll a plan: get ready → sets of [side A → switch → side B] with rests → effort."""
    steps: list[Step] = []
    for b, block in enumerate(plan.blocks):
        first_side = block.sides[0]
        if plan.get_ready > 0:
            steps.append(Step(StepKind.GET_READY, b, 0, first_side, float(plan.get_ready)))
        previous_side: Side | None = None
        for s in range(block.sets):
            for side in block.sides:
                if previous_side is not None and side != previous_side and plan.switch > 0:
                    steps.append(Step(StepKind.SWITCH, b, s, side, float(plan.switch)))
                steps.append(Step(StepKind.WORK, b, s, side, block.work_seconds))
                previous_side = side
            if s < block.sets - 1 and block.rest > 0:
                steps.append(Step(StepKind.REST, b, s, None, float(block.rest)))
                previous_side = None  # the rest covers turning back over
        wait = float(plan.effort_wait) if plan.effort_wait > 0 else None
        steps.append(Step(StepKind.EFFORT, b, block.sets - 1, None, wait))
    steps.append(Step(StepKind.DONE))
    return steps


def estimate_seconds(plan: Plan) -> float:
    """How long a plan takes if every set runs to its target and nothing is skipped."""
    total = 0.0
    for step in build_steps(plan):
        if step.kind is StepKind.EFFORT:
            total += step.seconds if step.seconds is not None else EFFORT_ESTIMATE_SECONDS
        elif step.seconds is not None:
            total += step.seconds
        elif step.kind is StepKind.WORK:
            block = plan.blocks[step.block]
            total += (block.reps or 0) * block.rep_seconds
    return total


def resume_index(
    steps: list[Step], finished: Iterable[tuple[int, int, str]], rated: Iterable[int]
) -> int:
    """The step to resume at: the first unfinished set, or an unanswered effort check.

    An effort check counts as unanswered only while nothing after it was done: one that
    lapsed and was followed by more sets is left for the summary to ask.
    """
    done = set(finished)
    rated_blocks = set(rated)
    asking: int | None = None
    for i, step in enumerate(steps):
        if step.kind is StepKind.WORK:
            if (step.block, step.set, step.side) not in done:
                return i if asking is None else asking
            asking = None
        elif step.kind is StepKind.EFFORT and step.block not in rated_blocks:
            asking = i
    return len(steps) - 1 if asking is None else asking


# --- the engine ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Progress:
    """Where the current step has got to; reset whenever a step begins."""

    start: float
    deadline: float | None
    wall_start: datetime
    boundary: int = 0  # lift/hold/lower boundaries passed in this work step
    reps: int = 0
    cues: int = 0  # cues shown in this step
    countdown: int = COUNTDOWN_FROM
    cue: str | None = None


@dataclass(slots=True)
class _CueState:
    rotation: dict[int, int] = field(default_factory=dict)  # block -> cues shown so far


class Engine:
    """Runs a plan against a clock; commands and ticks return the events they caused."""

    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        finished: Iterable[tuple[int, int, str]] = (),
        rated: Iterable[int] = (),
    ) -> None:
        if not plan.blocks:
            raise ValueError("a workout needs at least one block")
        self.plan = plan
        self.clock = clock
        self.steps = build_steps(plan)
        self.index = 0
        self.paused_at: float | None = None
        self.ended_early = False
        self._cues = _CueState()
        self._started = False
        finished = list(finished)
        rated = list(rated)
        if finished or rated:
            self.index = resume_index(self.steps, finished, rated)
            step = self.steps[self.index]
            if step.kind is StepKind.WORK and plan.get_ready > 0:
                # Coming back to an interrupted set: give the person time to get down again.
                ready = Step(
                    StepKind.GET_READY, step.block, step.set, step.side, float(plan.get_ready)
                )
                self.steps.insert(self.index, ready)
        now = clock.monotonic()
        self._p = _Progress(now, None, clock.now())

    # --- reading state ------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def block(self) -> PlannedBlock | None:
        step = self.step
        return self.plan.blocks[step.block] if step.block >= 0 else None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    @property
    def finished(self) -> bool:
        return self.step.kind is StepKind.DONE

    @property
    def deadline(self) -> float | None:
        return self._p.deadline

    @property
    def waiting(self) -> bool:
        """Nothing happens until the person acts: the end, or an effort check with no
        countdown (one that waits for a key, or one somebody answered a key in)."""
        kind = self.step.kind
        return kind is StepKind.DONE or (kind is StepKind.EFFORT and self._p.deadline is None)

    def _now(self) -> float:
        return self.paused_at if self.paused_at is not None else self.clock.monotonic()

    def phase(self, at: float | None = None) -> Phase:
        step = self.step
        if step.kind is not StepKind.WORK:
            return _STEP_PHASE[step.kind]
        block = self.plan.blocks[step.block]
        if block.kind == "hold":
            return Phase.HOLD
        t = self._now() if at is None else at
        return self._sub_phase(block, t - self._p.start)[0]

    def snapshot(self) -> Snapshot:
        now = self._now()
        step = self.step
        block = self.block
        elapsed = max(0.0, now - self._p.start) if self._started else 0.0
        remaining = None if self._p.deadline is None else max(0.0, self._p.deadline - now)
        phase_remaining = None
        phase = self.phase(now)
        if step.kind is StepKind.WORK and block is not None and block.kind != "hold":
            phase_remaining = self._sub_phase(block, elapsed)[1]
        return Snapshot(
            step=step,
            block=block,
            phase=phase,
            remaining=remaining,
            elapsed=elapsed,
            phase_remaining=phase_remaining,
            reps_done=self._p.reps,
            paused=self.paused,
            cue=self._p.cue,
            step_index=self.index,
            step_count=len(self.steps),
        )

    def upcoming(self) -> Step | None:
        """The next work step after the current one, or None at the end."""
        for step in self.steps[self.index + 1 :]:
            if step.kind is StepKind.WORK:
                return step
        return None

    def next_change(self) -> float | None:
        """When something on screen or in sound next changes; None while waiting or paused."""
        if self.paused or not self._started or self.waiting:
            return None
        now = self.clock.monotonic()
        p = self._p
        candidates: list[float] = []
        if p.deadline is not None:
            candidates.append(p.deadline)
            left = p.deadline - now
            # The clock face shows whole seconds rounded up: it changes just after each one.
            candidates.append(now + (left - math.ceil(left) + 1))
            cd = p.deadline - p.countdown
            if p.countdown > 0 and cd >= p.start and self._counts_down():
                candidates.append(cd)
        else:
            elapsed = now - p.start
            candidates.append(now + (math.floor(elapsed) + 1 - elapsed))
        step = self.step
        if step.kind is StepKind.WORK:
            block = self.plan.blocks[step.block]
            if block.kind != "hold":
                candidates.append(p.start + self._boundary_offset(block, p.boundary + 1))
            candidates.append(p.start + (p.cues) * CUE_SECONDS)
        return max(now, min(candidates))

    # --- commands -----------------------------------------------------------------------

    def start(self) -> list[Event]:
        """Begin the first (or resumed) step now."""
        if self._started:
            return []
        self._started = True
        events: list[Event] = []
        self._begin(self.index, self.clock.monotonic(), events)
        return events

    def tick(self) -> list[Event]:
        """Catch up with the clock: everything due up to now happens, in order."""
        events: list[Event] = []
        if not self._started or self.paused:
            return events
        now = self.clock.monotonic()
        while not self.waiting:
            p = self._p
            until = now if p.deadline is None else min(now, p.deadline)
            self._advance(until, events)
            if self.waiting or self._p is not p:
                continue  # a to-fatigue set reached its cap and moved on
            if p.deadline is None or now < p.deadline:
                break
            self._finish(p.deadline, events)
            self._begin(self.index + 1, p.deadline, events)
        return events

    def pause(self) -> list[Event]:
        events = self.tick()
        if self._started and not self.paused and not self.waiting:
            self.paused_at = self.clock.monotonic()
        return events

    def resume(self) -> list[Event]:
        if self.paused_at is None:
            return []
        shift = self.clock.monotonic() - self.paused_at
        self.paused_at = None
        self._p.start += shift
        if self._p.deadline is not None:
            self._p.deadline += shift
        return self.tick()

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.paused else self.pause()

    def next(self) -> list[Event]:
        """End the current phase now and go on (ends a to-fatigue set)."""
        events = self.tick()
        if not self._started or self.waiting:
            return events
        now = self._now()
        self._finish(now, events)
        self._begin(self.index + 1, now, events)
        return events

    def back(self) -> list[Event]:
        """Go back to the start of the previous phase (the effort check is not revisited)."""
        events = self.tick()
        if not self._started or self.finished:
            return events
        target = self.index - 1
        while target > 0 and self.steps[target].kind is StepKind.EFFORT:
            target -= 1
        target = max(target, 0)
        self._begin(target, self._now(), events)
        return events

    def adjust_rest(self, seconds: float) -> list[Event]:
        """Add or take away rest time (during rest or get-ready); never below zero left."""
        events = self.tick()
        if self.step.kind not in (StepKind.REST, StepKind.GET_READY) or self._p.deadline is None:
            return events
        now = self._now()
        self._p.deadline = max(now, self._p.deadline + seconds)
        # Countdown beeps still to come are those due strictly after now.
        left = self._p.deadline - now
        self._p.countdown = min(COUNTDOWN_FROM, max(0, math.ceil(left) - 1))
        return events + self.tick()

    def effort_done(self) -> list[Event]:
        """The effort check was answered: go on to the next block."""
        if self.step.kind is not StepKind.EFFORT:
            return []
        events: list[Event] = []
        self.paused_at = None
        self._begin(self.index + 1, self.clock.monotonic(), events)
        return events

    def hold_effort(self) -> list[Event]:
        """Somebody pressed a key in the effort check: stop its countdown and wait for them."""
        events = self.tick()
        if self.step.kind is StepKind.EFFORT and self._p.deadline is not None:
            self.paused_at = None
            self._p.deadline = None
        return events

    def stop(self) -> list[Event]:
        """End the workout early; a set in progress is kept as far as it got."""
        events = self.tick()
        if self.finished:
            return events
        now = self._now()
        if self.step.kind is StepKind.WORK and self._started:
            result = self._result(now, partial=True)
            if (result.reps or 0) > 0 or (result.hold_seconds or 0) >= 1:
                events.append(SetFinished(result, now))
        self.ended_early = True
        self.paused_at = None
        self.index = len(self.steps) - 1
        self._p = _Progress(now, None, self._wall(now))
        events.append(PhaseChanged(Phase.DONE, self.step, now))
        events.append(WorkoutFinished(True, now))
        return events

    # --- internals ----------------------------------------------------------------------

    def _counts_down(self) -> bool:
        step = self.step
        return step.kind is not StepKind.WORK or self.plan.blocks[step.block].kind == "hold"

    def _wall(self, t: float) -> datetime:
        return self.clock.now() - timedelta(seconds=self.clock.monotonic() - t)

    def _begin(self, index: int, at: float, events: list[Event]) -> None:
        self.index = index
        step = self.step
        deadline = at + step.seconds if step.seconds is not None else None
        self._p = _Progress(at, deadline, self._wall(at))
        if self.paused_at is not None:
            self.paused_at = max(self.paused_at, at)
        if step.kind is StepKind.DONE:
            events.append(PhaseChanged(Phase.DONE, step, at))
            events.append(WorkoutFinished(self.ended_early, at))
            return
        if step.kind is StepKind.SWITCH and step.side is not None:
            events.append(SidesSwitched(step.side, at))
        events.append(PhaseChanged(self.phase(at), step, at))
        if step.kind is StepKind.WORK:
            self._advance(at, events)

    def _finish(self, at: float, events: list[Event]) -> None:
        step = self.step
        if step.kind is StepKind.WORK:
            events.append(SetFinished(self._result(at), at))
        elif step.kind is StepKind.EFFORT:
            events.append(EffortLapsed(step.block, at))

    def _result(self, at: float, partial: bool = False) -> SetResult:
        step = self.step
        block = self.plan.blocks[step.block]
        elapsed = max(0.0, at - self._p.start)
        reps: int | None = None
        hold: float | None = None
        if block.kind == "hold":
            hold = min(elapsed, float(block.hold or 0)) if step.seconds is not None else elapsed
        else:
            reps = self._reps_at(block, elapsed)
        assert step.side is not None
        return SetResult(
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
            band=block.band,
            started_at=self._p.wall_start,
            ended_at=self._wall(at),
            partial=partial,
        )

    def _reps_at(self, block: PlannedBlock, elapsed: float) -> int:
        if block.rep_seconds <= 0:
            return 0
        reps = int(elapsed // block.rep_seconds)
        # Floating point: at the exact deadline the last rep counts.
        if (reps + 1) * block.rep_seconds <= elapsed + 1e-9:
            reps += 1
        limit = block.reps if block.kind == "reps" else block.fatigue_cap
        return min(reps, limit or reps)

    @staticmethod
    def _parts(block: PlannedBlock) -> list[tuple[Phase, int]]:
        lift, hold, lower = block.tempo
        parts = [(Phase.LIFT, lift), (Phase.HOLD, hold), (Phase.LOWER, lower)]
        return [(phase, secs) for phase, secs in parts if secs > 0]

    def _boundary_offset(self, block: PlannedBlock, j: int) -> float:
        """Seconds from the start of a work step to the start of its j-th lift/hold/lower."""
        parts = self._parts(block)
        rep, part = divmod(j, len(parts))
        return rep * block.rep_seconds + sum(secs for _, secs in parts[:part])

    def _sub_phase(self, block: PlannedBlock, elapsed: float) -> tuple[Phase, float]:
        parts = self._parts(block)
        offset = elapsed % block.rep_seconds if block.rep_seconds else 0.0
        for phase, secs in parts:
            if offset < secs:
                return phase, secs - offset
            offset -= secs
        return parts[-1][0], 0.0

    def _advance(self, until: float, events: list[Event]) -> None:
        """Emit what falls due inside the current step up to ``until`` (not its end)."""
        step = self.step
        p = self._p
        first = len(events)
        counts_down = True
        if step.kind is StepKind.WORK:
            block = self.plan.blocks[step.block]
            if block.kind != "hold":
                counts_down = False  # rep sets are paced by their reps, not a countdown
                self._advance_reps(block, until, events)
                if self._p is not p:
                    return
            self._advance_cues(block, until, events)
        if counts_down and p.deadline is not None and p.countdown > 0:
            while p.countdown > 0:
                due = p.deadline - p.countdown
                if due > until or due >= p.deadline:
                    break
                if due >= p.start:
                    events.append(Countdown(p.countdown, step.kind, due))
                p.countdown -= 1
        # Reps, cues and countdowns were gathered one kind at a time: merge them in time.
        events[first:] = sorted(events[first:], key=lambda e: e.at)

    def _advance_reps(self, block: PlannedBlock, until: float, events: list[Event]) -> None:
        p = self._p
        parts = self._parts(block)
        per_rep = len(parts)
        limit = block.reps if block.kind == "reps" else block.fatigue_cap
        while True:
            j = p.boundary + 1
            due = p.start + self._boundary_offset(block, j)
            if due > until:
                return
            p.boundary = j
            if j % per_rep == 0:
                p.reps = j // per_rep
                events.append(RepDone(p.reps, block.reps, due))
                if limit is not None and p.reps >= limit:
                    if block.kind == "to-fatigue":
                        # Nobody stopped it: end the set at the cap and carry on.
                        self._finish(due, events)
                        self._begin(self.index + 1, due, events)
                    return
            if p.deadline is not None and due >= p.deadline:
                return
            events.append(PhaseChanged(parts[j % per_rep][0], self.step, due, new_step=False))

    def _advance_cues(self, block: PlannedBlock, until: float, events: list[Event]) -> None:
        p = self._p
        opening = block.opening_cues
        rotating = block.cues
        rotation = self._cues.rotation
        while True:
            due = p.start + p.cues * CUE_SECONDS
            if due > until or (p.deadline is not None and due >= p.deadline):
                return
            k = p.cues
            if k < len(opening):
                text, speak = opening[k], False
            elif rotating:
                n = rotation.get(self.step.block, 0)
                text, speak = rotating[n % len(rotating)], k == len(opening)
                rotation[self.step.block] = n + 1
            elif opening:
                text, speak = opening[k % len(opening)], False
            else:
                return
            p.cues += 1
            p.cue = text
            events.append(CueShown(text, speak, due))


_STEP_PHASE = {
    StepKind.GET_READY: Phase.GET_READY,
    StepKind.SWITCH: Phase.SWITCH,
    StepKind.REST: Phase.REST,
    StepKind.EFFORT: Phase.EFFORT,
    StepKind.DONE: Phase.DONE,
}
