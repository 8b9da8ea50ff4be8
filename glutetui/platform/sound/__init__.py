"""The machine's sound: a player for short tones and a speaker, never blocking the UI.

What a workout's events sound like — a bell or a short generated sound at a phase
change, countdown beeps, rep ticks and spoken phrases — is the workout's
(``glutetui.workout.sounds`` and ``glutetui.workout.phrases``); this package only
plays and speaks, through whatever player and speech command the system has. Speech
runs as a child process with no shell, the text passed as one argument and every
stream closed, and every child is ended when the layer closes. A missing speech
engine or player is never an error: the workout just says less.

Speech has two priorities. Announcements are never cut off; chatter (rep counts and
spoken form cues) gives way when speech falls behind.

The package, by job:

- ``spawn``: starting child processes quietly, detached from the terminal;
- ``speech``: the speech commands and the :class:`Speaker` with its priorities and queue;
- ``player``: the system sound player and the generated tones.
"""

from __future__ import annotations

from glutetui.platform.sound.player import PLAYERS, SOUNDS, Player, find_player, write_tone
from glutetui.platform.sound.spawn import Child, Spawn, spawn_quietly
from glutetui.platform.sound.speech import (
    ANNOUNCEMENT_QUEUE,
    CLOSE_GRACE,
    SPEECH_COMMANDS,
    Phrase,
    Priority,
    Speaker,
    SpeechCommand,
    find_speech_command,
)

__all__ = [
    "ANNOUNCEMENT_QUEUE",
    "CLOSE_GRACE",
    "PLAYERS",
    "SOUNDS",
    "SPEECH_COMMANDS",
    "Child",
    "Phrase",
    "Player",
    "Priority",
    "Spawn",
    "Speaker",
    "SpeechCommand",
    "find_player",
    "find_speech_command",
    "spawn_quietly",
    "write_tone",
]
