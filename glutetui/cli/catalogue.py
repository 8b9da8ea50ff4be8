"""Commands over the catalogue: start (the app at a program), exercises, programs."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from glutetui.cli.common import (
    PROG,
    UserError,
    dose_changes,
    dose_json,
    load_catalogue,
    load_settings_quietly,
    print_json,
)
from glutetui.platform.locations import Locations

if TYPE_CHECKING:
    import argparse


def _open_app(args: argparse.Namespace, locations: Locations, program: str | None = None) -> int:
    from glutetui.platform import startup

    startup.safe_path()  # before Textual: nothing imported from the starting folder
    # No collections while starting, and the output thread quick to write each frame
    # out; the app sets both back once Home shows its data (see platform/startup.py).
    startup.begin()
    # Home's figures are read by a helper process on the other core while this one loads
    # Textual (with one core, here, as before); `start` opens on the workout instead, and
    # needs none before its frame.
    from glutetui.platform.spawned import another_core, spawn

    early = None
    if program is None and another_core():
        from glutetui.cli.home_face import argv

        helper = argv(locations)
        early = spawn(helper) if helper is not None else None
    from glutetui.app import GlutetuiApp

    app = GlutetuiApp(
        locations=locations,
        start_program=program,
        remote=getattr(args, "remote", False),
        early_face=early,
    )
    app.run()
    for note in app.services.closing_notes:  # writes kept for the next start, or lost
        print(f"{PROG}: {note}", file=sys.stderr)
    return app.return_code or 0


def _start(args: argparse.Namespace, locations: Locations) -> int:
    if args.program is not None:
        catalog = load_catalogue(locations, warn=True)
        program = catalog.find_program(args.program)
        if program is None:
            known = ", ".join(sorted(catalog.programs))
            raise UserError(f"no program called {args.program!r}; known: {known}")
        return _open_app(args, locations, program.id)
    return _open_app(args, locations, "")


def _exercises(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.catalog import to_plain
    from glutetui.vocab import plural

    catalog = load_catalogue(locations, warn=True)
    exercises = sorted(catalog.exercises.values(), key=lambda e: (e.family, e.level, e.id))
    if args.json:
        rows = []
        for e in exercises:
            row = to_plain(e)
            row["position"] = e.position
            rows.append(row)
        print_json(rows)
        return 0
    width = max(len(e.id) for e in exercises)
    for e in exercises:
        dose = (
            f"{e.dose.sets}x{e.dose.reps} {plural(e.dose.reps, 'rep')}"
            if e.dose.reps
            else f"{e.dose.sets}x{e.dose.hold}s"
        )
        sided = "each side" if e.sided else "both legs"
        print(f"{e.id:<{width}}  L{e.level:<2} {e.family:<18} {dose:<12} {sided:<9}  {e.name}")
    return 0


def _programs(args: argparse.Namespace, locations: Locations) -> int:
    """The programs, each block at the dose in force (the history's changes applied)."""
    from glutetui.catalog import file_sides, to_plain
    from glutetui.measures.doses import changed_doses, dose_in_force, prescription
    from glutetui.measures.words import dose_words, minutes_text
    from glutetui.vocab import BlockRef
    from glutetui.workout.planning import program_minutes

    catalog = load_catalogue(locations, warn=True)
    settings = load_settings_quietly(locations)
    changes = dose_changes(locations)
    rows = []
    for program in catalog.programs.values():
        doses = changed_doses(program, changes)
        minutes = program_minutes(program, catalog, settings, doses)
        blocks = []
        for block in program.blocks:
            prescribed = prescription(program, block.exercise, catalog)
            dose = dose_in_force(BlockRef(program.id, block.exercise), prescribed, changes)
            blocks.append((block, dose, block.exercise in doses))
        if args.json:
            row = to_plain(program)
            row["minutes"] = round(minutes, 1)
            for spelled, (_, dose, changed) in zip(row["blocks"], blocks, strict=True):
                spelled["in_force"] = {**dose_json(dose), "changed": changed}
                # In the program file's words, as before: "both" is each side in turn
                # for a one-sided exercise, and the default for a two-legged one.
                spelled["sides"] = file_sides(spelled["sides"])
            rows.append(row)
            continue
        length = f"{minutes_text(minutes)}, {program.days_per_week}x/week"
        print(f"{program.id}  ({length})  {program.name}")
        for block, dose, changed in blocks:
            assert dose is not None  # every block of a program has its prescription
            sides = "" if block.sides == "each" else f", {block.sides} only"
            mine = " (your dose)" if changed else ""
            print(
                f"    {block.exercise}: {dose_words(dose, catalog, named=False)}, "
                f"rest {block.dose.rest} s{sides}{mine}"
            )
    if args.json:
        print_json(rows)
    return 0
