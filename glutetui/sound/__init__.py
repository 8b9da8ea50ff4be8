"""Sounds and speech for a workout nobody is watching closely, never blocking the UI.

The :class:`SoundLayer` turns engine events into a bell (or a short generated sound
where a system player exists and the session is local), countdown beeps before a
rest ends, optional rep ticks, and optional spoken phrases through whatever speech
command the system has. Speech runs as a child process with no shell, the text
passed as one argument and every stream closed, and every child is ended when the
layer closes. A missing speech engine or player is never an error: the layer just
says less.

Speech has two priorities. Announcements (the exercise and side, "Set N", "Last
set", switch sides, rest length, the effort check, done) are never cut off: one
that arrives while another is spoken waits its turn in a short queue. Chatter (rep
counts and spoken form cues) is what gives way: it is dropped while an announcement
is spoken or waiting, a newer count replaces an older one, and an announcement may
cut a count short. The queue moves on in a small daemon thread that waits for the
speaking child to exit, so nobody calling the layer ever waits on a child.
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
import threading
import time
import wave
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
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

# Announcements waiting behind the one being spoken. They are rare (a few a minute),
# so a longer queue only means a speech engine that has stopped keeping up; then the
# oldest waiting one, now out of date, is the one let go.
ANNOUNCEMENT_QUEUE = 8
# How long closing waits, all children together, before killing the ones still running.
CLOSE_GRACE = 0.5

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


class Priority(StrEnum):
    """How much a phrase matters when speech falls behind."""

    ANNOUNCEMENT = "announcement"  # never cut off by chatter; waits its turn instead
    CHATTER = "chatter"  # rep counts and form cues: dropped rather than waited for


@dataclass(frozen=True)
class Phrase:
    """Something to say and how much it matters."""

    text: str
    priority: Priority


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
            # -w keeps the child alive while the daemon speaks, so the child's life is the
            # phrase's, as with the other commands.
            pct = max(-100, min(100, round((rate - 170) / 2)))
            return [self.path, "-w", "-r", str(pct), text]
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
    """Says phrases one at a time by priority, never making the caller wait.

    - An announcement is never cut off. Another announcement arriving meanwhile
      waits in a queue (at most ``ANNOUNCEMENT_QUEUE`` long) and is said after it.
    - Chatter arriving while an announcement is spoken, or while announcements are
      waiting, is dropped: it never queues.
    - Chatter arriving while chatter is spoken replaces it: the newer count is the
      one that matters.
    - An announcement arriving while chatter is spoken cuts the chatter short.

    A daemon thread, started the first time an announcement has to wait, waits for
    the speaking child to exit and starts the next one; ``close`` ends it.
    """

    command: SpeechCommand | None
    spawn: Spawn = spawn_quietly
    rate: int = 170
    current: Child | None = None
    current_priority: Priority | None = None
    children: list[Child] = field(default_factory=list)
    _script_dir: str | None = None
    _queue: deque[str] = field(
        default_factory=lambda: deque(maxlen=ANNOUNCEMENT_QUEUE), init=False, repr=False
    )
    _lock: threading.Condition = field(
        default_factory=threading.Condition, init=False, repr=False, compare=False
    )
    _worker: threading.Thread | None = field(default=None, init=False, repr=False)
    _stopping: threading.Event | None = field(default=None, init=False, repr=False)

    @property
    def available(self) -> bool:
        return self.command is not None

    @property
    def waiting(self) -> tuple[str, ...]:
        """The announcements queued behind the one being spoken, oldest first."""
        with self._lock:
            return tuple(self._queue)

    @property
    def worker_alive(self) -> bool:
        worker = self._worker
        return worker is not None and worker.is_alive()

    def say(self, text: str, priority: Priority = Priority.ANNOUNCEMENT) -> None:
        """Say a phrase now, later or not at all, as its priority decides; never blocks."""
        with self._lock:
            if self.command is None:
                return
            self._reap()
            self._move_on()
            speaking = self.current
            if priority is Priority.CHATTER:
                if self._queue or self.current_priority is Priority.ANNOUNCEMENT:
                    return  # an announcement is spoken or waiting: the count gives way
                if speaking is not None:
                    self._cut()  # a newer count replaces the old one
                self._start(text, priority)
            elif self.current_priority is Priority.ANNOUNCEMENT:
                self._queue.append(text)
                self._ensure_worker()
                self._lock.notify_all()
            else:
                if speaking is not None:
                    self._cut()  # chatter gives way to an announcement
                self._start(text, priority)

    def stop(self) -> None:
        """Cut off the phrase being spoken and forget the ones waiting (voice turned off)."""
        with self._lock:
            self._queue.clear()
            self._cut(always_cancel=True)
            self._lock.notify_all()

    def close(self) -> None:
        """Stop the worker and end every child still running (when the app exits)."""
        with self._lock:
            worker, stopping = self._worker, self._stopping
            self._worker = self._stopping = None
            if stopping is not None:
                stopping.set()
            self._queue.clear()
            self.current = self.current_priority = None
            children, self.children = self.children, []
            self._lock.notify_all()
        # Outside the lock: ending the children is what wakes a worker waiting on one.
        for child in children:
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + CLOSE_GRACE
        for child in children:
            try:
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        if worker is not None:
            worker.join(timeout=CLOSE_GRACE)
        if self._script_dir is not None:
            shutil.rmtree(self._script_dir, ignore_errors=True)
            self._script_dir = None
            if self.command is not None:
                self.command.script = None  # written again if speech is used again

    # --- with the lock held ---------------------------------------------------------

    def _start(self, text: str, priority: Priority) -> None:
        command = self.command
        assert command is not None
        if command.name == "powershell" and command.script is None:
            self._script_dir = tempfile.mkdtemp(prefix="glutetui-speech-")
            script = Path(self._script_dir) / "speak.ps1"
            script.write_text(_POWERSHELL_SCRIPT, encoding="utf-8")
            command.script = script
        try:
            child = self.spawn(command.argv(text, self.rate))
        except OSError:
            self.command = None  # it went away: stay quiet rather than fail
            self._queue.clear()
            return
        self.current, self.current_priority = child, priority
        self.children.append(child)

    def _cut(self, *, always_cancel: bool = False) -> None:
        current, speaking = self.current, False
        if current is not None and current.poll() is None:
            current.terminate()
            speaking = True
        self.current = self.current_priority = None
        if self.command is not None and (speaking or always_cancel):
            cancel = self.command.cancel_argv()
            if cancel is not None:
                with contextlib.suppress(OSError):
                    self.children.append(self.spawn(cancel))

    def _move_on(self) -> None:
        """Forget a phrase that has ended, and start the next announcement waiting."""
        if self.current is not None and self.current.poll() is not None:
            self.current = self.current_priority = None
        while self.current is None and self._queue and self.command is not None:
            self._start(self._queue.popleft(), Priority.ANNOUNCEMENT)

    def _ensure_worker(self) -> None:
        if self._worker is not None and self._worker.is_alive():
            return
        self._stopping = threading.Event()
        self._worker = threading.Thread(
            target=self._run, args=(self._stopping,), name="glutetui-speech", daemon=True
        )
        self._worker.start()

    def _reap(self) -> None:
        self.children = [c for c in self.children if c.poll() is None]

    # --- the worker thread ----------------------------------------------------------

    def _run(self, stopping: threading.Event) -> None:
        while True:
            with self._lock:
                while not stopping.is_set() and not (self._queue and self.current is not None):
                    self._lock.wait()
                if stopping.is_set():
                    return
                child = self.current
            assert child is not None
            # Never with the lock held: the caller's say() must not wait for this.
            with contextlib.suppress(subprocess.TimeoutExpired, OSError):
                child.wait()
            with self._lock:
                if stopping.is_set():
                    return
                self._move_on()
                self._reap()
                stuck = self.current is child
            if stuck and stopping.wait(0.05):
                return  # a child that returned from wait() while still running: go easy


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
