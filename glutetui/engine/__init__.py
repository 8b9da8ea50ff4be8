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

The package, by job:

- ``plan``: what a workout is made of (plan, blocks, steps, phases);
- ``events``: what the engine hands out (events, set results, snapshots);
- ``steps``: unrolling a plan, estimating its length, finding where to resume;
- ``pacing``: where reps, cues and countdown beeps fall inside one step;
- ``machine``: the engine itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glutetui.engine.events import (
        Countdown,
        CueShown,
        EffortKept,
        EffortLapsed,
        Event,
        PhaseChanged,
        RepDone,
        SetFinished,
        SidesSwitched,
        Snapshot,
        WorkoutFinished,
    )
    from glutetui.engine.machine import CONFIRM_SECONDS, Engine
    from glutetui.engine.pacing import COUNTDOWN_FROM, CUE_SECONDS
    from glutetui.engine.plan import TO_FATIGUE_CAP, Phase, Plan, PlannedBlock, Step, StepKind
    from glutetui.engine.steps import (
        EFFORT_ESTIMATE_SECONDS,
        build_steps,
        estimate_seconds,
        resume_index,
    )

__all__ = [
    "CONFIRM_SECONDS",
    "COUNTDOWN_FROM",
    "CUE_SECONDS",
    "EFFORT_ESTIMATE_SECONDS",
    "TO_FATIGUE_CAP",
    "Countdown",
    "CueShown",
    "EffortKept",
    "EffortLapsed",
    "Engine",
    "Event",
    "Phase",
    "PhaseChanged",
    "Plan",
    "PlannedBlock",
    "RepDone",
    "SetFinished",
    "SidesSwitched",
    "Snapshot",
    "Step",
    "StepKind",
    "WorkoutFinished",
    "build_steps",
    "estimate_seconds",
    "resume_index",
]

# Where each name lives. The package loads a module only when one of its names is first
# asked for: a program's length (plan and steps) is worked out on the way to Home's
# first frame, which needs neither the engine itself nor its events.
_HOMES = {
    "events": (
        "Countdown",
        "CueShown",
        "EffortKept",
        "EffortLapsed",
        "Event",
        "PhaseChanged",
        "RepDone",
        "SetFinished",
        "SidesSwitched",
        "Snapshot",
        "WorkoutFinished",
    ),
    "machine": ("CONFIRM_SECONDS", "Engine"),
    "pacing": ("COUNTDOWN_FROM", "CUE_SECONDS"),
    "plan": ("TO_FATIGUE_CAP", "Phase", "Plan", "PlannedBlock", "Step", "StepKind"),
    "steps": ("EFFORT_ESTIMATE_SECONDS", "build_steps", "estimate_seconds", "resume_index"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"glutetui.engine.{module}"), name)
    globals()[name] = value
    return value
