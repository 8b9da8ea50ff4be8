"""The :class:`Engine`: the state machine that walks a plan's steps against a clock.

Each timed step ends at a deadline fixed when the step began (``start + seconds``)
and the next step begins *at that deadline*, not at the moment the tick noticed it,
so a late tick never adds drift. Pausing shifts the current step's start and
deadline by exactly the paused time. Every command and tick returns the events it
caused, in order; what falls due inside a step is worked out in
:mod:`glutetui.engine.pacing`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from glutetui.engine.events import (
    EffortLapsed,
    Event,
    PhaseChanged,
    RepDone,
    SetFinished,
    SidesSwitched,
    Snapshot,
    WorkoutFinished,
)
from glutetui.engine.pacing import (
    COUNTDOWN_FROM,
    CUE_SECONDS,
    CueRotation,
    Progress,
    advance_countdown,
    advance_cues,
    boundary_offset,
    passed_over,
    set_result,
    sub_phase,
    tempo_parts,
)
from glutetui.engine.plan import Phase, Plan, PlannedBlock, Step, StepKind
from glutetui.engine.steps import build_steps, resume_index
from glutetui.platform.clock import Clock
from glutetui.records import LoggedSet


class Engine:
    """Runs a plan against a clock; commands and ticks return the events they caused."""

    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        finished: Iterable[tuple[int, int, str]] = (),
        rated: Iterable[int] = (),
        active_before: float = 0.0,
    ) -> None:
        if not plan.blocks:
            raise ValueError("a workout needs at least one block")
        self.plan = plan
        self.clock = clock
        self.steps = build_steps(plan)
        self.index = 0
        self.paused_at: float | None = None
        self.ended_early = False
        self._cues = CueRotation()
        self._started = False
        # Time trained: what an earlier run of this workout counted, plus the monotonic
        # time since this one started less every pause.
        self._active_before = active_before
        self._origin = 0.0
        self._paused_total = 0.0
        self._done_at: float | None = None  # when the workout ended: the count stops
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
        self._p = Progress(now, None, clock.now())

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

    def active_seconds(self) -> float:
        """Seconds trained: paused time (and, for a resumed workout, the time the app was
        not running) left out."""
        if not self._started:
            return self._active_before
        end = self._done_at if self._done_at is not None else self._now()
        return self._active_before + max(0.0, end - self._origin - self._paused_total)

    def _unpause(self) -> float:
        """End a pause (if any) and count it; returns how long it lasted."""
        if self.paused_at is None:
            return 0.0
        shift = max(0.0, self.clock.monotonic() - self.paused_at)
        self._paused_total += shift
        self.paused_at = None
        return shift

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
        return sub_phase(block, t - self._p.start)[0]

    def snapshot(self) -> Snapshot:
        now = self._now()
        step = self.step
        block = self.block
        elapsed = max(0.0, now - self._p.start) if self._started else 0.0
        remaining = None if self._p.deadline is None else max(0.0, self._p.deadline - now)
        phase_remaining = None
        phase = self.phase(now)
        if step.kind is StepKind.WORK and block is not None and block.kind != "hold":
            phase_remaining = sub_phase(block, elapsed)[1]
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
                candidates.append(p.start + boundary_offset(block, p.boundary + 1))
            candidates.append(p.start + (p.cues) * CUE_SECONDS)
        return max(now, min(candidates))

    # --- commands -----------------------------------------------------------------------

    def start(self) -> list[Event]:
        """Begin the first (or resumed) step now."""
        if self._started:
            return []
        self._started = True
        self._origin = self.clock.monotonic()
        events: list[Event] = []
        self._begin(self.index, self._origin, events)
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
        shift = self._unpause()
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
        self._finish(now, events, early=True)
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
        self._unpause()
        self._begin(self.index + 1, self.clock.monotonic(), events)
        return events

    def hold_effort(self) -> list[Event]:
        """Somebody pressed a key in the effort check: stop its countdown and wait for them."""
        events = self.tick()
        if self.step.kind is StepKind.EFFORT and self._p.deadline is not None:
            self._unpause()
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
        self._unpause()
        self._done_at = self.clock.monotonic() if self._done_at is None else self._done_at
        self.index = len(self.steps) - 1
        self._p = Progress(now, None, self._wall(now))
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
        self._p = Progress(at, deadline, self._wall(at))
        if self.paused_at is not None:
            self.paused_at = max(self.paused_at, at)
        if step.kind is StepKind.DONE:
            self._done_at = at
            events.append(PhaseChanged(Phase.DONE, step, at))
            events.append(WorkoutFinished(self.ended_early, at))
            return
        if step.kind is StepKind.SWITCH and step.side is not None:
            events.append(SidesSwitched(step.side, at))
        events.append(PhaseChanged(self.phase(at), step, at))
        if step.kind is StepKind.WORK:
            self._advance(at, events)

    def _finish(self, at: float, events: list[Event], early: bool = False) -> None:
        step = self.step
        if step.kind is StepKind.WORK:
            result = self._result(at)
            if early:
                result = passed_over(result, self.plan.blocks[step.block])
            events.append(SetFinished(result, at))
        elif step.kind is StepKind.EFFORT:
            events.append(EffortLapsed(step.block, at))

    def _result(self, at: float, partial: bool = False) -> LoggedSet:
        step = self.step
        block = self.plan.blocks[step.block]
        return set_result(step, block, self._p, at, self._wall(at), partial)

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
            advance_cues(p, block, step.block, self._cues, until, events)
        if counts_down:
            advance_countdown(p, step.kind, until, events)
        # Reps, cues and countdowns were gathered one kind at a time: merge them in time.
        events[first:] = sorted(events[first:], key=lambda e: e.at)

    def _advance_reps(self, block: PlannedBlock, until: float, events: list[Event]) -> None:
        p = self._p
        parts = tempo_parts(block)
        per_rep = len(parts)
        limit = block.reps if block.kind == "reps" else block.fatigue_cap
        while True:
            j = p.boundary + 1
            due = p.start + boundary_offset(block, j)
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


_STEP_PHASE = {
    StepKind.GET_READY: Phase.GET_READY,
    StepKind.SWITCH: Phase.SWITCH,
    StepKind.REST: Phase.REST,
    StepKind.EFFORT: Phase.EFFORT,
    StepKind.DONE: Phase.DONE,
}
