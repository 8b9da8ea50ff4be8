"""The words spoken for workout events, and how much each one matters.

Only here does an engine event become a phrase: the exercise and side when a set
begins, "Switch sides", the rest length, the effort question and the end are
announcements; rep counts and the one spoken form cue of a set are chatter.
"""

from __future__ import annotations

from glutetui.engine import (
    CueShown,
    Event,
    Phase,
    PhaseChanged,
    Plan,
    RepDone,
    SidesSwitched,
    StepKind,
    WorkoutFinished,
)
from glutetui.platform.sound.speech import Phrase, Priority

NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)


def number_words(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def speech_for(event: Event, plan: Plan) -> Phrase | None:
    """What to say for an event, if anything, and how much it matters."""
    text = _announcement(event, plan)
    if text is not None:
        return Phrase(text, Priority.ANNOUNCEMENT)
    if isinstance(event, RepDone):
        return Phrase(number_words(event.rep), Priority.CHATTER)
    if isinstance(event, CueShown) and event.speak:
        return Phrase(event.text, Priority.CHATTER)
    return None


def phrase_for(event: Event, plan: Plan) -> str | None:
    """Just the words of :func:`speech_for`."""
    phrase = speech_for(event, plan)
    return None if phrase is None else phrase.text


def _announcement(event: Event, plan: Plan) -> str | None:
    if isinstance(event, PhaseChanged) and event.new_step:
        step = event.step
        block = plan.blocks[step.block] if step.block >= 0 else None
        side = "" if step.side in (None, "both") else f", {step.side} side"
        if event.phase is Phase.GET_READY and block is not None:
            return f"Get ready: {block.name}{side}"
        if step.kind is StepKind.WORK and block is not None:
            if step.set == 0:
                return f"{block.name}{side}"
            if step.set == block.sets - 1:
                return f"Last set{side}"
            return f"Set {step.set + 1}{side}"
        if event.phase is Phase.REST and step.seconds is not None:
            return f"Rest, {round(step.seconds)} seconds"
        if event.phase is Phase.EFFORT:
            return "How did that feel? One to five."
        return None
    if isinstance(event, SidesSwitched):
        return f"Switch sides, {event.side} side next" if event.side != "both" else "Switch"
    if isinstance(event, WorkoutFinished):
        return "Workout finished. Well done." if not event.ended_early else "Workout ended."
    return None
