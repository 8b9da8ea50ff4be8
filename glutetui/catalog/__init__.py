"""The exercise library and the programs: typed records, loading and validation.

The bundled catalogue lives in ``data/exercises.toml`` and ``data/programs.toml``.
The user's own files (``HOME/exercises/*.toml`` and ``HOME/programs/*.toml``, one
record per file, the id being the file stem) are merged over it: a user record with
a bundled id replaces the bundled one.

A broken user file never stops the rest from loading: it becomes a
:class:`CatalogProblem` naming the file, the key and what was expected, and the
catalogue carries on without that record.

The package, by job:

- ``spec``: the file schema, what an exercise or program file may say;
- ``model``: the records the rest of the app uses, and the :class:`Catalog`;
- ``load``: reading the bundled files, merging the user's and checking them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glutetui.catalog.load import bundled_data_dir, load_catalog
from glutetui.catalog.model import (
    FLOOR_POSTURES,
    HIP_DROP_POSTURES,
    Block,
    Catalog,
    CatalogError,
    CatalogProblem,
    Exercise,
    Prescription,
    Program,
    SideOrder,
    file_sides,
    to_plain,
)
from glutetui.catalog.spec import (
    ID_PATTERN,
    BandAt,
    BlockSpec,
    CommonCues,
    Cue,
    DaysPerWeek,
    DoseSpec,
    ExerciseSpec,
    HoldSeconds,
    Id,
    Name,
    Posture,
    ProgramSpec,
    RepCount,
    RestSeconds,
    SetCount,
    Sides,
    TempoSeconds,
    Text,
)

__all__ = [
    "FLOOR_POSTURES",
    "HIP_DROP_POSTURES",
    "ID_PATTERN",
    "BandAt",
    "Block",
    "BlockSpec",
    "Catalog",
    "CatalogError",
    "CatalogProblem",
    "CommonCues",
    "Cue",
    "DaysPerWeek",
    "DoseSpec",
    "Exercise",
    "ExerciseSpec",
    "HoldSeconds",
    "Id",
    "Name",
    "Posture",
    "Prescription",
    "Program",
    "ProgramSpec",
    "RepCount",
    "RestSeconds",
    "SetCount",
    "SideOrder",
    "Sides",
    "TempoSeconds",
    "Text",
    "bundled_data_dir",
    "file_sides",
    "load_catalog",
    "to_plain",
]


def __getattr__(name: str) -> Any:
    """Loading (tomllib, the bundled files) is imported only when first used: a start
    whose catalogue comes from the cache never needs it."""
    if name in ("bundled_data_dir", "load_catalog"):
        from glutetui.catalog import load

        return getattr(load, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
