"""Test doubles shared by unit and UI tests: child processes, a recording sound layer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from glutetui.sound import Player, SoundLayer, Speaker, SpeechCommand


@dataclass
class FakeChild:
    """A child process that runs until told to stop."""

    argv: list[str]
    running: bool = True
    terminated: bool = False
    killed: bool = False
    stubborn: bool = False  # ignores terminate, needs kill

    def poll(self) -> int | None:
        return None if self.running else 0

    def terminate(self) -> None:
        self.terminated = True
        if not self.stubborn:
            self.running = False

    def kill(self) -> None:
        self.killed = True
        self.running = False

    def wait(self, timeout: float | None = None) -> int:
        if self.running:
            import subprocess

            raise subprocess.TimeoutExpired(self.argv, timeout or 0)
        return 0


@dataclass
class Spawner:
    """Records what would have been run."""

    children: list[FakeChild] = field(default_factory=list)
    fail: bool = False

    def __call__(self, argv: Sequence[str]) -> FakeChild:
        if self.fail:
            raise FileNotFoundError(argv[0])
        child = FakeChild(list(argv))
        self.children.append(child)
        return child

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
