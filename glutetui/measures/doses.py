"""The dose in force for a program block at a moment.

A block starts at the dose its program prescribes; each accepted suggestion (or a
step back after pain) records a change for that block alone. The dose in force at a
moment is the block's latest change up to then, else the prescription. Home's lengths,
Programs, the library's "your dose", a new workout's plan, ``glutetui programs``,
``glutetui progress`` and the report all take it from here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Literal

import msgspec

from glutetui.catalog import Catalog, Exercise, Program
from glutetui.measures.words import dose_words
from glutetui.records import Dose, DoseChangeRecord
from glutetui.vocab import BlockRef, band_rank


def prescription(program: Program, slot: str, catalog: Catalog) -> Dose | None:
    """The dose a program prescribes for its block of one exercise (the first such
    block), or None when the program has no such block."""
    block = next((b for b in program.blocks if b.exercise == slot), None)
    if block is None:
        return None
    exercise = catalog.exercises.get(slot)
    held = exercise is not None and exercise.kind == "hold"
    return Dose(
        exercise_id=slot,
        sets=block.dose.sets,
        reps=None if held else block.dose.reps,
        hold=block.dose.hold if held else None,
        band=block.dose.band,
    )


def starting_dose(exercise: Exercise) -> Dose:
    """An exercise's own starting dose (its library default)."""
    held = exercise.kind == "hold"
    return Dose(
        exercise_id=exercise.id,
        sets=exercise.dose.sets,
        reps=None if held else exercise.dose.reps,
        hold=exercise.dose.hold if held else None,
        band=exercise.dose.band,
    )


def latest_change(
    block: BlockRef, changes: Iterable[DoseChangeRecord], at: datetime | None = None
) -> DoseChangeRecord | None:
    """The block's last dose change up to ``at`` (any time when None)."""
    found = None
    for change in changes:
        if change.block != block or (at is not None and change.changed_at > at):
            continue
        if found is None or (change.changed_at, change.uid) >= (found.changed_at, found.uid):
            found = change
    return found


def dose_in_force(
    block: BlockRef,
    prescribed: Dose | None,
    changes: Iterable[DoseChangeRecord],
    at: datetime | None = None,
) -> Dose | None:
    """The dose a block is done at, at a moment: its latest change, else its prescription."""
    change = latest_change(block, changes, at)
    return prescribed if change is None else change.dose


class DoseHistory:
    """Many look-ups of the dose in force, for a long list of moments: each block's
    changes sorted once, then found by bisection (the same answer as
    :func:`dose_in_force`, which a test holds it to)."""

    def __init__(self, changes: Iterable[DoseChangeRecord]) -> None:
        self._by_block: dict[BlockRef, list[DoseChangeRecord]] = {}
        for change in changes:
            self._by_block.setdefault(change.block, []).append(change)
        for kept in self._by_block.values():
            kept.sort(key=lambda c: (c.changed_at, c.uid))
        self._times = {b: [c.changed_at for c in kept] for b, kept in self._by_block.items()}

    def latest(self, block: BlockRef, moment: datetime) -> DoseChangeRecord | None:
        """The block's last change up to ``moment`` (as :func:`latest_change`)."""
        kept = self._by_block.get(block)
        if not kept:
            return None
        index = bisect_right(self._times[block], moment)
        return None if index == 0 else kept[index - 1]

    def at(self, block: BlockRef, prescribed: Dose | None, moment: datetime) -> Dose | None:
        """The dose in force (as :func:`dose_in_force`)."""
        change = self.latest(block, moment)
        return prescribed if change is None else change.dose

    def steps(
        self, block: BlockRef, prescribed: Dose | None, start: datetime, end: datetime
    ) -> list[DoseStep]:
        """The dose in force over time from ``start`` to ``end`` (excluded): the one in
        force at the start, then each change up to the end, oldest first. A chart draws
        the prescribed target from these as a step line."""
        found = [DoseStep(start, self.at(block, prescribed, start), None)]
        kept = self._by_block.get(block, [])
        for change in kept[bisect_right(self._times.get(block, []), start) :]:
            if change.changed_at >= end:
                break
            if found[-1].since == change.changed_at and found[-1].reason is not None:
                found.pop()  # two changes at one moment: the later one is in force
            found.append(DoseStep(change.changed_at, change.dose, change.reason))
        return found


class DoseStep(msgspec.Struct, frozen=True):
    """From ``since`` on, ``dose`` was in force (None: not known); ``reason`` says why it
    changed then (None: the dose already in force when the stretch began)."""

    since: datetime
    dose: Dose | None
    reason: str | None


def changed_doses(
    program: Program, changes: Sequence[DoseChangeRecord], at: datetime | None = None
) -> dict[str, Dose]:
    """The doses of a program's blocks that were changed (by slot); a block left out runs
    as the program prescribes it."""
    found: dict[str, Dose] = {}
    for block in program.blocks:
        ref = BlockRef(program.id, block.exercise)
        dose = dose_in_force(ref, None, changes, at)
        if dose is not None:
            found[block.exercise] = dose
    return found


def dose_lines(
    exercise: Exercise, catalog: Catalog, changes: Sequence[DoseChangeRecord]
) -> list[str]:
    """The exercise's dose in force in each program that has a block of it, as the
    library shows it: ``Floor routine: 2 × 10 reps each side (your dose)``."""
    lines = []
    for program in sorted(catalog.programs.values(), key=lambda p: p.name):
        prescribed = prescription(program, exercise.id, catalog)
        if prescribed is None:
            continue
        block = BlockRef(program.id, exercise.id)
        dose = dose_in_force(block, prescribed, changes)
        if dose is None:
            continue
        mine = " (your dose)" if dose != prescribed else ""
        named = dose.exercise_id != exercise.id  # moved on to a harder or easier variant
        lines.append(f"{program.name}: {dose_words(dose, catalog, named=named)}{mine}")
    return lines


Direction = Literal["up", "down", "same"]
ARROWS: dict[Direction, str] = {"up": "↑", "down": "↓", "same": "→"}


def dose_direction(before: Dose | None, after: Dose, catalog: Catalog) -> Direction:
    """Whether a change asks for more or less: a harder exercise (higher on its ladder)
    is up; on the same exercise a heavier band is up, then more sets × reps (or sets ×
    seconds). A change with nothing known before it is "same"."""
    if before is None:
        return "same"
    if before.exercise_id != after.exercise_id:
        old, new = (
            catalog.exercises.get(before.exercise_id),
            catalog.exercises.get(after.exercise_id),
        )
        if old is None or new is None or old.level == new.level:
            return "same"
        return "up" if new.level > old.level else "down"
    old_load = (band_rank(before.band), before.sets * before.amount)
    new_load = (band_rank(after.band), after.sets * after.amount)
    if new_load == old_load:
        return "same"
    return "up" if new_load > old_load else "down"
