"""Sounds and speech for a workout nobody is watching closely, never blocking the UI.

The :class:`SoundLayer` turns engine events into a bell (or a short generated sound
where a system player exists and the session is local), countdown beeps before a
rest ends, optional rep ticks, and optional spoken phrases through whatever speech
command the system has. Speech runs as a child process with no shell, the text
passed as one argument and every stream closed, and every child is ended when the
layer closes. A missing speech engine or player is never an error: the layer just
says less.

Speech has two priorities. Announcements are never cut off; chatter (rep counts and
spoken form cues) gives way when speech falls behind.

The package, by job:

- ``spawn``: starting child processes quietly, detached from the terminal;
- ``speech``: the speech commands and the :class:`Speaker` with its priorities and queue;
- ``player``: the system sound player and the generated tones;
- ``words``: the phrase spoken for each event, and how much it matters;
- ``layer``: the :class:`SoundLayer` tying them together as the settings allow.
"""

from __future__ import annotations

from glutetui.platform.sound.layer import SoundLayer
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
from glutetui.platform.sound.words import NUMBER_WORDS, number_words, phrase_for, speech_for

__all__ = [
    "ANNOUNCEMENT_QUEUE",
    "CLOSE_GRACE",
    "NUMBER_WORDS",
    "PLAYERS",
    "SOUNDS",
    "SPEECH_COMMANDS",
    "Child",
    "Phrase",
    "Player",
    "Priority",
    "SoundLayer",
    "Spawn",
    "Speaker",
    "SpeechCommand",
    "find_player",
    "find_speech_command",
    "number_words",
    "phrase_for",
    "spawn_quietly",
    "speech_for",
    "write_tone",
]
