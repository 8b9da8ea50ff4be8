"""The sound layer: workout events in, bells, beeps, ticks and phrases out.

It ties the pieces together as the settings allow: a chime (or the terminal bell)
when a step begins, beeps before a rest or get-ready ends, optional rep ticks, and
the phrases of :mod:`glutetui.workout.phrases` through the :class:`Speaker`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from glutetui.engine import Countdown, Event, PhaseChanged, Plan, RepDone, StepKind
from glutetui.platform.sound.player import Player
from glutetui.platform.sound.speech import Priority, Speaker
from glutetui.workout.phrases import speech_for


class SoundLayer:
    """Turns workout events into sounds and phrases, as the settings allow."""

    def __init__(
        self,
        bell: Callable[[], None],
        speaker: Speaker | None = None,
        player: Player | None = None,
        *,
        sounds: bool = True,
        speech: bool = False,
        rep_ticks: bool = False,
    ) -> None:
        self.bell = bell
        self.speaker = speaker or Speaker(None)
        self.player = player
        self.sounds = sounds
        self.speech = speech
        self.rep_ticks = rep_ticks

    @classmethod
    def silent(cls) -> SoundLayer:
        """No bell, no beeps, no voice: for a script that runs a workout."""
        return cls(lambda: None, sounds=False, speech=False)

    @property
    def speech_available(self) -> bool:
        return self.speaker.available

    def toggle_sounds(self) -> bool:
        self.sounds = not self.sounds
        return self.sounds

    def toggle_speech(self) -> bool:
        self.speech = not self.speech
        if not self.speech:
            self.speaker.stop()
        return self.speech

    def close(self) -> None:
        self.speaker.close()
        if self.player is not None:
            self.player.close()

    def say(self, text: str, priority: Priority = Priority.ANNOUNCEMENT) -> None:
        if self.speech:
            self.speaker.say(text, priority)

    def handle(self, events: Iterable[Event], plan: Plan) -> None:
        for event in events:
            self._sound(event)
            if self.speech:
                phrase = speech_for(event, plan)
                if phrase is not None:
                    self.speaker.say(phrase.text, phrase.priority)

    def _sound(self, event: Event) -> None:
        if not self.sounds:
            return
        if isinstance(event, PhaseChanged) and event.new_step:
            self._play("chime")
        elif isinstance(event, Countdown) and event.step_kind in (
            StepKind.REST,
            StepKind.GET_READY,
        ):
            self._play("beep")
        elif isinstance(event, RepDone) and self.rep_ticks:
            self._play("tick")

    def _play(self, sound: str) -> None:
        if self.player is not None:
            self.player.play(sound)
        else:
            self.bell()
