"""Commands that read the catalogue and the history: start, exercises, programs, history,
suggest."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from glutetui.cli.common import (
    PROG,
    UserError,
    load_catalogue,
    load_settings_quietly,
    open_store,
    print_json,
)
from glutetui.platform.locations import Locations


def _open_app(args: argparse.Namespace, locations: Locations, program: str | None = None) -> int:
    import gc

    # No collections while starting: they cost a fifth of the start-up's work and find
    # nothing to free. The app turns them back on once Home shows its data.
    gc.disable()
    from glutetui.app import GlutetuiApp

    app = GlutetuiApp(
        locations=locations, start_program=program, remote=getattr(args, "remote", False)
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
            f"{e.dose.sets}x{e.dose.reps} reps" if e.dose.reps else f"{e.dose.sets}x{e.dose.hold}s"
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
    changes = _dose_changes(locations)
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
                spelled["in_force"] = {**_dose_json(dose), "changed": changed}
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


def _dose_changes(locations: Locations) -> list[Any]:
    """Every dose change in the history (none without a database yet)."""
    if locations.database_url is None and not locations.database.exists():
        return []
    store = open_store(locations)
    try:
        with store.read() as db:
            changes: list[Any] = db.doses.changes()
            return changes
    finally:
        store.close()


def _progress(args: argparse.Namespace, locations: Locations) -> int:
    """Each program block's progress over a period, and adherence: the figures History
    and the report show."""
    from datetime import datetime

    from glutetui.readouts.progress_figures import progress_figures
    from glutetui.report.period import Period, ReportError

    today = datetime.now().astimezone().date()
    try:
        period = Period.from_text(args.since, args.until, today)
    except ReportError as exc:
        raise UserError(str(exc)) from exc
    catalog = load_catalogue(locations, warn=False)
    if locations.database_url is None and not locations.database.exists():
        figures = None
    else:
        store = open_store(locations)
        try:
            with store.read() as db:
                figures = progress_figures(db, catalog, period.since, period.until, today)
        finally:
            store.close()
    from glutetui.cli.render import progress_json, progress_lines

    if args.json:
        print_json(progress_json(figures, period.since, period.until))
    else:
        for line in progress_lines(figures, period.since, period.until):
            print(line)
    return 0


def _history(args: argparse.Namespace, locations: Locations) -> int:
    if locations.database_url is None and not locations.database.exists():
        print_json([]) if args.json else print("No workouts yet.")
        return 0
    catalog = load_catalogue(locations, warn=False)
    store = open_store(locations)
    try:
        with store.read() as db:
            rows = [
                _workout_json(summary, db.workouts.sets_of(summary.workout.id), catalog)
                for summary in db.workouts.page(limit=args.limit)
            ]
    finally:
        store.close()
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("No workouts yet.")
    for row in rows:
        _print_workout(row)
    return 0


def _workout_json(summary: Any, sets: list[Any], catalog: Any) -> dict[str, Any]:
    """A workout and its sets as the export spells them, with totals and names added."""
    import msgspec

    from glutetui.records import LoggedSet, Workout
    from glutetui.store.rows import to

    return {
        **msgspec.to_builtins(to(Workout, summary.workout)),
        "span_seconds": summary.workout.span_seconds,
        "total_reps": summary.reps,
        "total_hold_seconds": round(summary.hold_seconds, 1),
        "average_effort": summary.effort,
        "pain_flags": summary.pain,
        "pain": _pain_json(sets, catalog),
        "sets": [
            {
                **msgspec.to_builtins(to(LoggedSet, s)),
                "exercise_name": catalog.name_of(s.exercise_id),
            }
            for s in sets
        ],
    }


def _pain_json(sets: list[Any], catalog: Any) -> list[dict[str, Any]]:
    """Pain flagged per exercise of a workout, with the sides it was felt on (an old flag
    whose side was not recorded says so, rather than naming every side)."""
    from glutetui.measures.words import pain_sides_words

    flagged: dict[int, list[Any]] = {}
    for s in sets:
        if s.pain:
            flagged.setdefault(s.block, []).append(s)
    found = []
    for block, hurt in sorted(flagged.items()):
        known = all(s.pain_side_known for s in hurt)
        sides = list(dict.fromkeys(s.side for s in hurt)) if known else []
        found.append(
            {
                "block": block,
                "exercise": hurt[0].exercise_id,
                "exercise_name": catalog.name_of(hurt[0].exercise_id),
                "sides": sides,
                "side_known": known,
                "words": pain_sides_words(sides, known),
            }
        )
    return found


def _print_workout(row: dict[str, Any]) -> None:
    from datetime import datetime

    from glutetui.measures.words import pain_score_words, time_trained_words
    from glutetui.vocab import STATUS_WORDS

    started = datetime.fromisoformat(row["started_at"]).astimezone()
    if row["status"] == "in-progress":
        minutes = "still open"
    else:
        minutes = time_trained_words(row["active_seconds"], row["span_seconds"]) + " trained"
    effort = f", effort {row['average_effort']:.1f}" if row["average_effort"] else ""
    status = "" if row["status"] == "completed" else f" [{STATUS_WORDS[row['status']]}]"
    print(f"{started:%a %Y-%m-%d %H:%M}  {row['program_name']}  {minutes}{effort}{status}")
    if row["pain_score"] is not None or row["pain_note"]:
        print(f"    pain today: {pain_score_words(row['pain_score'], row['pain_note'])}")
    for s in row["sets"]:
        side = "" if s["side"] == "both" else f" {s['side']}"
        if s["kind"] == "hold":
            done = f"{s['hold_seconds'] or 0:.0f}/{s['target_hold']} s"
        else:
            done = f"{s['reps']}/{s['target_reps']} reps"
        pain = " pain" if s["pain_side_known"] else " pain (side not recorded)"
        extra = (pain if s["pain"] else "") + (" (partial)" if s["partial"] else "")
        band = "" if s["band"] == "none" else f" {s['band']} band"
        print(f"    {s['exercise_name']} set {s['set_index'] + 1}{side}: {done}{band}{extra}")


def _suggest(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.coaching import coach
    from glutetui.platform.clock import SystemClock
    from glutetui.services import Services

    if locations.database_url is None and not locations.database.exists():
        print_json([]) if args.json else print("No suggestions: no workouts yet.")
        return 0
    catalog = load_catalogue(locations, warn=False)
    store = open_store(locations)
    services = Services(locations, SystemClock(), catalog=catalog, store=store)
    try:
        coach.review(services)
        pending = coach.shown(services, coach.pending(services))
    finally:
        store.close()
    if args.json:
        print_json(
            [
                {
                    "id": s.record.id,
                    "program": s.record.program_id,
                    "program_name": s.program,
                    "exercise": s.record.slot,
                    "exercise_name": s.exercise,
                    "kind": s.record.kind,
                    "label": s.label,
                    "reason": s.record.reason,
                    "before": _dose_json(s.record.before),
                    "after": _dose_json(s.record.after),
                    "created_at": s.record.created_at.isoformat(),
                }
                for s in pending
            ]
        )
        return 0
    if not pending:
        print("No suggestions: keep the doses as they are.")
    for s in pending:
        print(f"{s.label} · {s.exercise} ({s.program}): {s.record.reason}")
    return 0


def _dose_json(dose: Any) -> dict[str, Any]:
    """A dose as the export spells it (``exercise`` for its exercise id)."""
    import msgspec

    spelled: dict[str, Any] = msgspec.to_builtins(dose)
    return spelled
