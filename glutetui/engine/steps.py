"""Unrolling a plan into steps, how long it will take, and where to resume it.

The same unrolled list serves the running engine, the length shown beside a program,
and the resume after a crash, so the three can never disagree about what a workout
contains.
"""

from __future__ import annotations

from collections.abc import Iterable

from glutetui.engine.plan import Plan, Step, StepKind
from glutetui.vocab import Side

# Time allowed for an effort check that waits for a key, when estimating a program's length.
EFFORT_ESTIMATE_SECONDS = 10


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
