"""Turning a program into a workout plan: the user's doses, settings and side order.

A plan is frozen when the workout starts and stored with it, so a workout resumed
after a crash runs exactly as it began, whatever changed in the catalogue since.
"""

from __future__ import annotations

from collections.abc import Mapping

from glutetui.catalog import Catalog, Exercise, Program, SideOrder
from glutetui.engine.plan import Plan, PlannedBlock
from glutetui.engine.steps import estimate_seconds
from glutetui.platform.settings import Settings
from glutetui.records import Dose
from glutetui.vocab import Side


def build_plan(
    program: Program,
    catalog: Catalog,
    settings: Settings,
    doses: Mapping[str, Dose] | None = None,
    weaker: Mapping[str, Side] | None = None,
) -> Plan:
    """The plan for a program: each block at the user's current dose where there is one.

    ``weaker`` names the weaker side per slot; with ``weaker_side_first`` on, that side
    goes first.
    """
    doses = doses or {}
    weaker = weaker or {}
    blocks = []
    for block in program.blocks:
        slot = block.exercise
        dose = doses.get(slot)
        exercise = catalog.exercises[slot]
        sets, reps, hold = block.dose.sets, block.dose.reps, block.dose.hold
        band: str = block.dose.band
        tempo, rest = block.dose.tempo, block.dose.rest
        if settings.default_rest is not None and "rest" not in block.overrides:
            rest = settings.default_rest
        if dose is not None and dose.exercise_id in catalog.exercises:
            variant = catalog.exercises[dose.exercise_id]
            if variant.id != exercise.id:
                # A harder (or easier) variant brings its own pace and rest.
                tempo = variant.dose.tempo
                if "rest" not in block.overrides and settings.default_rest is None:
                    rest = variant.dose.rest
            exercise = variant
            sets, reps, hold, band = dose.sets, dose.reps, dose.hold, dose.band
            if exercise.kind == "hold":
                reps, hold = None, hold or exercise.dose.hold
            else:
                reps, hold = reps or exercise.dose.reps, None
            if not exercise.band:
                band = "none"
        blocks.append(
            PlannedBlock(
                exercise_id=exercise.id,
                name=exercise.name,
                kind=exercise.kind,
                sides=_sides(exercise, block.sides, weaker.get(slot), settings),
                sets=sets,
                reps=reps,
                hold=hold,
                tempo=tempo,
                rest=rest,
                band=band,
                band_at=exercise.band_at,
                cues=exercise.cues,
                opening_cues=opening_cues(exercise, catalog),
                slot=slot,
            )
        )
    return Plan(
        program_id=program.id,
        program_name=program.name,
        blocks=tuple(blocks),
        get_ready=settings.get_ready,
        switch=settings.switch_pause,
        effort_wait=settings.effort_wait,
    )


def opening_cues(exercise: Exercise, catalog: Catalog) -> tuple[str, ...]:
    """Bracing opens every set; single-leg and side-lying sets add the level-hips cue."""
    if exercise.hip_drop_cue:
        return (catalog.cues.brace, catalog.cues.level_hips)
    return (catalog.cues.brace,)


def _sides(
    exercise: Exercise, sides: SideOrder, weaker: Side | None, settings: Settings
) -> tuple[Side, ...]:
    if not exercise.sided:
        return ("both",)
    if sides == "left":
        return ("left",)
    if sides == "right":
        return ("right",)
    if weaker == "right" and settings.weaker_side_first:
        return ("right", "left")
    return ("left", "right")


def program_minutes(
    program: Program,
    catalog: Catalog,
    settings: Settings | None = None,
    doses: Mapping[str, Dose] | None = None,
) -> float:
    """A program's length in minutes, at the user's doses where given."""
    plan = build_plan(program, catalog, settings or Settings(), doses)
    return estimate_seconds(plan) / 60
