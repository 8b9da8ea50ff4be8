"""The catalogue's file schema: what an exercise or program file may say.

These msgspec structs are the TOML files as written, for the bundled
``data/exercises.toml`` and ``data/programs.toml`` and for the user's own files.
Unknown keys, wrong types and out-of-range numbers are rejected when a file is
converted into them; the limits below are where "absurd" begins. The records the
rest of the app uses are in :mod:`glutetui.catalog.model`.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from glutetui.figure.pose import Anchor, Lengths, Support, View, WallAt
from glutetui.vocab import Band, Kind

Posture = Literal["supine", "prone", "side-lying", "all-fours", "standing", "single-leg"]
BandAt = Literal["knees", "ankles", "feet", "thighs"]
Sides = Literal["both", "left", "right"]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Id = Annotated[str, msgspec.Meta(pattern=ID_PATTERN, max_length=60)]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=600)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
# Cues are shown huge on a screen read from across the room, and spoken: keep them short.
Cue = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
SetCount = Annotated[int, msgspec.Meta(ge=1, le=10)]
RepCount = Annotated[int, msgspec.Meta(ge=1, le=100)]
HoldSeconds = Annotated[int, msgspec.Meta(ge=1, le=600)]
TempoSeconds = Annotated[int, msgspec.Meta(ge=0, le=10)]
RestSeconds = Annotated[int, msgspec.Meta(ge=0, le=600)]
DaysPerWeek = Annotated[int, msgspec.Meta(ge=1, le=7)]
# A joint angle in degrees (see glutetui.figure.pose for what each one measures).
Angle = Annotated[float, msgspec.Meta(ge=-360.0, le=360.0)]
AnglePair = tuple[Angle, Angle]
# How far a thigh turns out of the picture, toward the viewer.
Turn = Annotated[float, msgspec.Meta(ge=0.0, le=90.0)]


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base for file records: unknown keys are errors."""


class DoseSpec(_Strict):
    """An exercise's starting dose as written in the catalogue."""

    sets: SetCount = 2
    reps: RepCount | None = None
    hold: HoldSeconds | None = None
    tempo: tuple[TempoSeconds, TempoSeconds, TempoSeconds] = (2, 1, 2)
    rest: RestSeconds = 30
    band: Band = "none"


class PoseSpec(_Strict):
    """A pose as written: any angle left out is the start pose's (for the end pose) or
    standing upright's (for the start pose). Pairs are [working leg's side, other]."""

    trunk: Angle | None = None
    neck: Angle | None = None
    pelvis: Angle | None = None
    hip: AnglePair | None = None
    knee: AnglePair | None = None
    ankle: AnglePair | None = None
    turn: tuple[Turn, Turn] | None = None
    shoulder: AnglePair | None = None
    elbow: AnglePair | None = None


class FigureSpec(_Strict):
    """How the moving figure shows an exercise: seen from where, from which pose to which."""

    view: View
    start: PoseSpec
    end: PoseSpec
    anchor: Anchor = "pelvis"
    lengths: Lengths = Lengths()
    step: Support | None = None
    wall: WallAt | None = None


class ExerciseSpec(_Strict):
    """One exercise as written in a TOML file (the id comes from the key or file stem)."""

    name: Name
    kind: Kind
    sided: bool
    posture: Posture
    family: Id
    level: Annotated[int, msgspec.Meta(ge=1, le=99)]
    summary: Text
    setup: Annotated[list[Text], msgspec.Meta(min_length=1, max_length=12)]
    movement: Text
    cues: Annotated[list[Cue], msgspec.Meta(min_length=2, max_length=12)]
    mistakes: Annotated[list[Text], msgspec.Meta(min_length=1, max_length=12)]
    dose: DoseSpec
    equipment: Annotated[list[Id], msgspec.Meta(max_length=8)] = []
    band: bool = False
    band_at: BandAt = "knees"
    easier: Id | None = None
    harder: Id | None = None
    figure: FigureSpec | None = None


class BlockSpec(_Strict):
    """One block of a program file; any key left out takes the exercise's default."""

    exercise: Id
    sets: SetCount | None = None
    reps: RepCount | None = None
    hold: HoldSeconds | None = None
    tempo: tuple[TempoSeconds, TempoSeconds, TempoSeconds] | None = None
    rest: RestSeconds | None = None
    sides: Sides = "both"
    band: Band | None = None


class ProgramSpec(_Strict):
    """One program file (the id comes from the key or file stem)."""

    name: Name
    block: Annotated[list[BlockSpec], msgspec.Meta(min_length=1, max_length=40)]
    description: Annotated[str, msgspec.Meta(max_length=600)] = ""
    days_per_week: DaysPerWeek = 3


class CommonCues(_Strict):
    """Cues that open sets of many exercises."""

    brace: Cue
    level_hips: Cue


class ExerciseFile(_Strict):
    """The bundled exercises file: the shared cues and every exercise by id."""

    cues: CommonCues
    exercise: dict[Id, ExerciseSpec]


class ProgramFile(_Strict):
    """The bundled programs file: every program by id."""

    program: dict[Id, ProgramSpec]
