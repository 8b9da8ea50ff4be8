"""The exercise library and the programs as the screens present them: filtering,
what each exercise looks like for this user, and copies of programs to edit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from glutetui.catalog import Catalog, Exercise, Program, file_sides

LEVELS = {
    "easy": (1, 3),
    "middle": (4, 7),
    "hard": (8, 99),
}


@dataclass(frozen=True, slots=True)
class Filters:
    text: str = ""
    family: str | None = None
    level: str | None = None  # a key of LEVELS
    equipment: str | None = None  # an equipment id, or "none" for none at all
    position: str | None = None  # "floor" or "standing"


def matches(exercise: Exercise, filters: Filters) -> bool:
    words = filters.text.casefold().split()
    haystack = " ".join((exercise.id, exercise.name, exercise.summary, exercise.family)).casefold()
    if any(word not in haystack for word in words):
        return False
    if filters.family and exercise.family != filters.family:
        return False
    if filters.level:
        low, high = LEVELS[filters.level]
        if not low <= exercise.level <= high:
            return False
    if filters.equipment == "none" and exercise.equipment:
        return False
    if filters.equipment not in (None, "none") and filters.equipment not in exercise.equipment:
        return False
    return not (filters.position and exercise.position != filters.position)


def filter_exercises(catalog: Catalog, filters: Filters) -> list[Exercise]:
    """The exercises that match, easiest first, then by name."""
    found = [e for e in catalog.exercises.values() if matches(e, filters)]
    return sorted(found, key=lambda e: (e.level, e.name))


def families(catalog: Catalog) -> list[str]:
    return sorted({e.family for e in catalog.exercises.values()})


def equipment(catalog: Catalog) -> list[str]:
    return sorted({item for e in catalog.exercises.values() for item in e.equipment})


# --- copies of programs ------------------------------------------------------------------


def copy_id(program_id: str, taken: Iterable[str], folder: Path) -> str:
    """A free id for a copy: my-<id>, then my-<id>-2, …"""
    used = set(taken)
    base = f"my-{program_id}" if not program_id.startswith("my-") else program_id
    candidate, n = base, 1
    while candidate in used or (folder / f"{candidate}.toml").exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def program_toml(program: Program, catalog: Catalog, name: str) -> str:
    """A program written out in full as a user file, every key explicit and explained."""
    import tomlkit

    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"Your copy of {program.name!r}: edit anything here."))
    doc.add(tomlkit.comment("Any block key you delete takes the exercise's default."))
    doc.add(tomlkit.comment("Exercise ids: run `glutetui exercises`."))
    doc.add(tomlkit.nl())
    doc["name"] = name
    doc["description"] = program.description
    doc["days_per_week"] = program.days_per_week
    blocks = tomlkit.aot()
    for block in program.blocks:
        exercise = catalog.exercises[block.exercise]
        table = tomlkit.table()
        table.add(tomlkit.comment(exercise.name))
        table["exercise"] = block.exercise
        table["sets"] = block.dose.sets
        if exercise.kind == "hold":
            table["hold"] = block.dose.hold
        else:
            table["reps"] = block.dose.reps
            table["tempo"] = list(block.dose.tempo)
        table["rest"] = block.dose.rest
        if exercise.sided:
            table["sides"] = file_sides(block.sides)
        if exercise.band:
            table["band"] = block.dose.band
        blocks.append(table)
    doc["block"] = blocks
    return tomlkit.dumps(doc)


def make_copy(program: Program, catalog: Catalog, folder: Path) -> Path:
    """Write a user copy of a program into the programs folder; returns its path."""
    from glutetui.platform.files import write_atomically

    new_id = copy_id(program.id, catalog.programs, folder)
    name = f"{program.name} (my copy)"
    text = program_toml(program, catalog, name)
    path = folder / f"{new_id}.toml"

    def write(out: IO[str]) -> None:
        out.write(text)

    write_atomically(path, write, replace=False, private=True)
    return path
