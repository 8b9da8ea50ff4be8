"""Test doubles shared by unit and UI tests: child processes, a recording sound layer."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from glutetui.platform.sound import Player, Speaker, SpeechCommand
from glutetui.workout.sounds import SoundLayer


@dataclass
class FakeChild:
    """A child process that runs until told to stop (terminate, kill or finish).

    A timed wait on a running fake gives up at once, as if the time had gone by; an
    untimed wait blocks until the child ends, as a real one would.
    """

    argv: list[str]
    running: bool = True
    terminated: bool = False
    killed: bool = False
    stubborn: bool = False  # ignores terminate, needs kill
    _ended: threading.Event = field(
        default_factory=threading.Event, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not self.running:
            self._ended.set()

    def poll(self) -> int | None:
        return None if self.running else 0

    def finish(self) -> None:
        """The phrase was said to the end: the child exits by itself."""
        self.running = False
        self._ended.set()

    def terminate(self) -> None:
        self.terminated = True
        if not self.stubborn:
            self.finish()

    def kill(self) -> None:
        self.killed = True
        self.finish()

    def wait(self, timeout: float | None = None) -> int:
        if timeout is None:
            while self.running:  # also notices `running` set to False by hand
                self._ended.wait(0.05)
        elif self.running:
            raise subprocess.TimeoutExpired(self.argv, timeout)
        return 0


@dataclass
class Spawner:
    """Records what would have been run."""

    children: list[FakeChild] = field(default_factory=list)
    fail: bool = False
    finish_at_once: bool = False  # every child has ended by the time anyone looks
    _spawned: threading.Condition = field(
        default_factory=threading.Condition, init=False, repr=False, compare=False
    )

    def __call__(self, argv: Sequence[str]) -> FakeChild:
        if self.fail:
            raise FileNotFoundError(argv[0])
        child = FakeChild(list(argv), running=not self.finish_at_once)
        with self._spawned:
            self.children.append(child)
            self._spawned.notify_all()
        return child

    def wait_for(self, count: int, timeout: float = 30.0) -> bool:
        """Wait (for another thread) until at least `count` children were started."""
        with self._spawned:
            return self._spawned.wait_for(lambda: len(self.children) >= count, timeout)

    @property
    def argvs(self) -> list[list[str]]:
        return [c.argv for c in self.children]

    def spoken(self) -> list[str]:
        """The phrases passed to the speech command (its last argument)."""
        return [argv[-1] for argv in self.argvs if argv[0].endswith("espeak-ng")]


@dataclass
class Recorder:
    """A sound layer whose bell and speech are recorded instead of heard."""

    bells: int = 0
    spawner: Spawner = field(default_factory=Spawner)

    def bell(self) -> None:
        self.bells += 1

    def layer(
        self, sounds: bool = True, speech: bool = False, rep_ticks: bool = False
    ) -> SoundLayer:
        speaker = Speaker(
            SpeechCommand("espeak-ng", "/usr/bin/espeak-ng"), spawn=self.spawner, rate=170
        )
        return SoundLayer(
            self.bell, speaker, None, sounds=sounds, speech=speech, rep_ticks=rep_ticks
        )


def quiet_player(spawner: Spawner) -> Player:
    return Player("/usr/bin/paplay", spawn=spawner)
