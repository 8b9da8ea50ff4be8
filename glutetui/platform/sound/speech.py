"""Speech with priorities: which phrase is said, which waits and which gives way.

Announcements (the exercise and side, "Set N", "Last set", switch sides, rest
length, the effort check, done) are never cut off: one that arrives while another
is spoken waits its turn in a short queue. Chatter (rep counts and spoken form cues)
is what gives way: it is dropped while an announcement is spoken or waiting, a newer
count replaces an older one, and an announcement may cut a count short. The queue
moves on in a small daemon thread that waits for the speaking child to exit, so
nobody calling the speaker ever waits on a child.

Speech runs through whatever system command there is (espeak-ng, espeak, spd-say,
say, or PowerShell on Windows), the text passed as one argument; a missing command
is never an error, the speaker just stays quiet.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from glutetui.platform.sound.spawn import Child, Spawn, spawn_quietly

SPEECH_COMMANDS = ("espeak-ng", "espeak", "spd-say", "say")

# Announcements waiting behind the one being spoken. They are rare (a few a minute),
# so a longer queue only means a speech engine that has stopped keeping up; then the
# oldest waiting one, now out of date, is the one let go.
ANNOUNCEMENT_QUEUE = 8
# How long closing waits, all children together, before killing the ones still running.
CLOSE_GRACE = 0.5

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


def _clean(text: str) -> str:
    # A phrase is one argument; a leading dash could still read as an option.
    return " ".join(text.split()).lstrip("-").strip() or "."


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
