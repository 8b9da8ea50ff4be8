"""Sounds and speech for a workout nobody is watching closely, never blocking the UI.

The :class:`SoundLayer` turns engine events into a bell (or a short generated sound
where a system player exists and the session is local), countdown beeps before a
rest ends, optional rep ticks, and optional spoken phrases through whatever speech
command the system has. Speech runs as a child process with no shell, the text
passed as one argument and every stream closed; a newer phrase cuts the previous
one off, and every child is ended when the layer closes. A missing speech engine
or player is never an error: the layer just says less.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from glutetui.engine import (
    Countdown,
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

Spawn = Callable[[Sequence[str]], "Child"]

SPEECH_COMMANDS = ("espeak-ng", "espeak", "spd-say", "say")
PLAYERS = ("pw-play", "paplay", "aplay", "afplay")

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

# A PowerShell script that speaks its -Text parameter: the text stays a parameter,
# never part of a command line that is parsed as code.
_POWERSHELL_SCRIPT = """param([string]$Text, [int]$Rate = 0)
Add-Type -AssemblyName System.Speech
$voice = New-Object System.Speech.Synthesis.SpeechSynthesizer
$voice.Rate = $Rate
$voice.Speak($Text)
"""


class Child(Protocol):
    """The part of a running process the sound layer needs (Popen fits)."""

    def poll(self) -> int | None: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...

    def wait(self, timeout: float | None = None) -> int: ...


def spawn_quietly(argv: Sequence[str]) -> Child:
    """Start a child with no shell, nothing to read or write, detached from the terminal."""
    return subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
        start_new_session=True,
        shell=False,
    )


@dataclass
class SpeechCommand:
    """How to make one system speech program say a phrase at a given rate."""

    name: str
    path: str
    script: Path | None = None

    def argv(self, text: str, rate: int) -> list[str]:
        text = _clean(text)
        if self.name in ("espeak-ng", "espeak"):
            return [self.path, "-s", str(rate), text]
        if self.name == "spd-say":
            # spd-say takes a rate from -100 to 100 around a normal pace of about 170 wpm.
            pct = max(-100, min(100, round((rate - 170) / 2)))
            return [self.path, "-r", str(pct), text]
        if self.name == "say":
            return [self.path, "-r", str(rate), text]
        # Windows PowerShell: rate -10..10 around about 170 words per minute.
        pct = max(-10, min(10, round((rate - 170) / 20)))
        assert self.script is not None
        return [
            self.path,
            "-NoProfile",
            "-NonInteractive",
            "-ExecutionPolicy",
            "Bypass",
            "-File",
            str(self.script),
            "-Text",
            text,
            "-Rate",
            str(pct),
        ]

    def cancel_argv(self) -> list[str] | None:
        """spd-say hands speech to a daemon, so stopping its child does not stop it."""
        return [self.path, "-C"] if self.name == "spd-say" else None


def find_speech_command(
    which: Callable[[str], str | None] = shutil.which, platform: str = sys.platform
) -> SpeechCommand | None:
    """The first speech program found on this system, or None."""
    for name in SPEECH_COMMANDS:
        path = which(name)
        if path:
            return SpeechCommand(name, path)
    if platform == "win32":
        path = which("powershell") or which("pwsh")
        if path:
            return SpeechCommand("powershell", path)
    return None


def find_player(
    which: Callable[[str], str | None] = shutil.which, environ: dict[str, str] | None = None
) -> str | None:
    """A system sound player, unless the session is remote (its sound would play elsewhere)."""
    env = os.environ if environ is None else environ
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return None
    for name in PLAYERS:
        path = which(name)
        if path:
            return path
    return None


def _clean(text: str) -> str:
    # A phrase is one argument; a leading dash could still read as an option.
    return " ".join(text.split()).lstrip("-").strip() or "."


def number_words(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


@dataclass
class Speaker:
    """Says one phrase at a time; a new phrase cuts the old one off."""

    command: SpeechCommand | None
    spawn: Spawn = spawn_quietly
    rate: int = 170
    current: Child | None = None
    children: list[Child] = field(default_factory=list)
    _script_dir: str | None = None

    @property
    def available(self) -> bool:
        return self.command is not None

    def say(self, text: str) -> None:
        if self.command is None:
            return
        self.stop()
        if self.command.name == "powershell" and self.command.script is None:
            self._script_dir = tempfile.mkdtemp(prefix="glutetui-speech-")
            script = Path(self._script_dir) / "speak.ps1"
            script.write_text(_POWERSHELL_SCRIPT, encoding="utf-8")
            self.command.script = script
        try:
            child = self.spawn(self.command.argv(text, self.rate))
        except OSError:
            self.command = None  # it went away: stay quiet rather than fail
            return
        self.current = child
        self.children.append(child)
        self._reap()

    def stop(self) -> None:
        """Cut off the phrase being spoken, if any."""
        if self.current is not None and self.current.poll() is None:
            self.current.terminate()
        self.current = None
        if self.command is not None:
            cancel = self.command.cancel_argv()
            if cancel is not None:
                with contextlib.suppress(OSError):
                    self.children.append(self.spawn(cancel))

    def close(self) -> None:
        """End every child still running (when the app exits)."""
        for child in self.children:
            if child.poll() is None:
                child.terminate()
        for child in self.children:
            try:
                child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                child.kill()
        self.children.clear()
        self.current = None
        if self._script_dir is not None:
            shutil.rmtree(self._script_dir, ignore_errors=True)

    def _reap(self) -> None:
        self.children = [c for c in self.children if c.poll() is None]


@dataclass
class Player:
    """Plays short generated sounds through a system player, never waiting for them."""

    path: str
    spawn: Spawn = spawn_quietly
    folder: Path | None = None
    children: list[Child] = field(default_factory=list)

    def play(self, sound: str) -> None:
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="glutetui-sounds-"))
            for name, (freq, ms) in SOUNDS.items():
                write_tone(self.folder / f"{name}.wav", freq, ms)
        try:
            self.children.append(self.spawn([self.path, str(self.folder / f"{sound}.wav")]))
        except OSError:
            return
        self.children = [c for c in self.children if c.poll() is None]

    def close(self) -> None:
        for child in self.children:
            if child.poll() is None:
                child.terminate()
        self.children.clear()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


# name -> (frequency in Hz, length in ms)
SOUNDS = {"chime": (880, 220), "beep": (1320, 90), "tick": (2000, 25)}


def write_tone(path: Path, frequency: int, milliseconds: int, rate: int = 22050) -> None:
    """A short sine tone with soft edges, as a 16-bit mono WAV file."""
    count = rate * milliseconds // 1000
    fade = max(1, count // 10)
    frames = bytearray()
    for i in range(count):
        envelope = min(1.0, i / fade, (count - i) / fade)
        value = int(12000 * envelope * math.sin(2 * math.pi * frequency * i / rate))
        frames += struct.pack("<h", value)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


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

    def say(self, text: str) -> None:
        if self.speech:
            self.speaker.say(text)

    def handle(self, events: Iterable[Event], plan: Plan) -> None:
        for event in events:
            self._sound(event)
            if self.speech:
                phrase = phrase_for(event, plan)
                if phrase:
                    self.speaker.say(phrase)

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


def phrase_for(event: Event, plan: Plan) -> str | None:
    """What to say for an event, if anything."""
    if isinstance(event, PhaseChanged) and event.new_step:
        step = event.step
        block = plan.blocks[step.block] if step.block >= 0 else None
        side = "" if step.side in (None, "both") else f", {step.side} side"
        if event.phase is Phase.GET_READY and block is not None:
            return f"Get ready: {block.name}{side}"
        if step.kind is StepKind.WORK and block is not None:
            if step.set == 0:
                return f"{block.name}{side}"
            return f"Set {step.set + 1}{side}"
        if event.phase is Phase.REST and step.seconds is not None:
            return f"Rest, {round(step.seconds)} seconds"
        if event.phase is Phase.EFFORT:
            return "How did that feel? One to five."
        return None
    if isinstance(event, SidesSwitched):
        return f"Switch sides, {event.side} side next" if event.side != "both" else "Switch"
    if isinstance(event, RepDone):
        return number_words(event.rep)
    if isinstance(event, CueShown) and event.speak:
        return event.text
    if isinstance(event, WorkoutFinished):
        return "Workout finished. Well done." if not event.ended_early else "Workout ended."
    return None
