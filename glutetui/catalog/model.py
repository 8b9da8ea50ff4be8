"""The catalogue as the rest of the app sees it: exercises, programs and problems.

Plain frozen records built from the file schema, with every default filled in: a
program :class:`Block` carries the full :class:`Prescription` it starts at, and the
:class:`Catalog` answers the look-ups screens and commands need. A
:class:`CatalogProblem` says why a user file was left out.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, Literal

import msgspec

from glutetui.catalog.spec import BandAt, CommonCues, Posture
from glutetui.figure.pose import Figure
from glutetui.vocab import Band, Kind

# Which sides a program block works: each side in turn (a file says "both"), or one.
# ("both" in a logged set means something else: both legs at once.)
SideOrder = Literal["each", "left", "right"]


def file_sides(order: str) -> str:
    """A block's sides as a program file (and ``programs --json``) spells them."""
    return "both" if order == "each" else order


# One reading of the catalogue at a time in a process (a load, or the cache). The first
# time msgspec converts to a type it builds that type's description; two threads doing so
# at once for these types (two services loading together, in a test of two devices)
# crashed the interpreter.
DECODING = threading.RLock()

FLOOR_POSTURES: frozenset[str] = frozenset({"supine", "prone", "side-lying", "all-fours"})
# Postures where the pelvis is held level against gravity on one side: every set of
# these opens with the no-hip-drop cue as well as the bracing cue.
HIP_DROP_POSTURES: frozenset[str] = frozenset({"side-lying", "single-leg"})
STRETCH_FAMILY = "stretch"


class Prescription(msgspec.Struct, frozen=True):
    """How much of an exercise: sets, reps or hold seconds, tempo, rest and band."""

    sets: int
    reps: int | None
    hold: int | None
    tempo: tuple[int, int, int]
    rest: int
    band: Band = "none"


class Exercise(msgspec.Struct, frozen=True):
    id: str
    name: str
    kind: Kind
    sided: bool
    posture: Posture
    family: str
    level: int
    summary: str
    setup: tuple[str, ...]
    movement: str
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    dose: Prescription
    equipment: tuple[str, ...]
    band: bool
    band_at: BandAt
    easier: str | None
    harder: str | None
    source: str = "bundled"
    figure: Figure | None = None  # None: shown in words only (a user's own, say)

    @property
    def position(self) -> Literal["floor", "standing"]:
        return "floor" if self.posture in FLOOR_POSTURES else "standing"

    @property
    def stretch(self) -> bool:
        """A stretch is held for comfort, not strength: left out of left/right balance."""
        return self.family == STRETCH_FAMILY

    @property
    def hip_drop_cue(self) -> bool:
        """Whether sets open with the no-hip-drop cue (single-leg or side-lying work)."""
        return self.posture in HIP_DROP_POSTURES


class Block(msgspec.Struct, frozen=True):
    """A program block with every default filled in from its exercise."""

    exercise: str
    sides: SideOrder
    dose: Prescription
    overrides: frozenset[str] = frozenset()


class Program(msgspec.Struct, frozen=True):
    id: str
    name: str
    description: str
    days_per_week: int
    blocks: tuple[Block, ...]
    source: str = "bundled"


class CatalogProblem(msgspec.Struct, frozen=True):
    """Why one file (or one record of it) could not be used."""

    file: str
    key: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else self.file
        return f"{where}: {self.expected}"


class CatalogError(Exception):
    """The bundled catalogue itself is broken (a packaging bug, not a user mistake)."""


class Catalog(msgspec.Struct, frozen=True):
    cues: CommonCues
    exercises: Mapping[str, Exercise]
    programs: Mapping[str, Program]
    problems: tuple[CatalogProblem, ...] = ()

    def exercise(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def name_of(self, exercise_id: str) -> str:
        """An exercise's name as every screen, command and report shows it; an id no
        longer in the library (a deleted file of the user's) shows as itself."""
        exercise = self.exercises.get(exercise_id)
        return exercise.name if exercise is not None else exercise_id

    def program(self, program_id: str) -> Program:
        return self.programs[program_id]

    def find_program(self, wanted: str) -> Program | None:
        """A program by id, or by name ignoring case."""
        if wanted in self.programs:
            return self.programs[wanted]
        folded = wanted.casefold()
        for program in self.programs.values():
            if program.name.casefold() == folded:
                return program
        return None

    def family(self, family: str) -> list[Exercise]:
        """The exercises of one family, easiest first."""
        return sorted(
            (e for e in self.exercises.values() if e.family == family),
            key=lambda e: (e.level, e.id),
        )


def to_plain(value: Any) -> Any:
    """A JSON-ready view of catalogue records (dataclasses, tuples, mappings)."""
    return msgspec.to_builtins(value)
