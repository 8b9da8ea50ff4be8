"""Short generated sounds through a system player, where the session is local.

The chime, beep and tick are sine tones written once into a temporary folder as WAV
files and played by whatever player the system has (PipeWire, PulseAudio, ALSA or
macOS), never waiting for them. Without a player the sound layer rings the
terminal bell instead.
"""

from __future__ import annotations

import math
import os
import shutil
import struct
import tempfile
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from glutetui.platform.sound.spawn import Child, Spawn, spawn_quietly

PLAYERS = ("pw-play", "paplay", "aplay", "afplay")


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
