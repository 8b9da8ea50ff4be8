"""Commands that read the history: history, suggest, progress (plain text, or JSON with
``--json``); long histories are written as they are read."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

from glutetui.cli.common import (
    UserError,
    dose_json,
    load_catalogue,
    load_settings_quietly,
    open_store,
    print_json,
)
from glutetui.platform.locations import Locations
from glutetui.vocab import plural


def _progress(args: argparse.Namespace, locations: Locations) -> int:
    """Each program block's progress over a period, and adherence: the figures History
    and the report show."""
    from datetime import datetime

    from glutetui.readouts.progress import progress_figures
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
                plans = load_settings_quietly(locations).plan
                figures = progress_figures(db, catalog, period.since, period.until, today, plans)
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
    """The workouts newest first, written as they are read: a page of workouts at a
    time from the store, each printed (or encoded) and let go, so ten years take the
    memory of a month."""
    if locations.database_url is None and not locations.database.exists():
        print_json([]) if args.json else print("No workouts yet.")
        return 0
    from glutetui.cli.progress import progress_bar

    catalog = load_catalogue(locations, warn=False)
    store = open_store(locations)
    out = sys.stdout
    try:
        with store.read() as db, progress_bar("Reading the history", "workouts") as advance:
            total = min(args.limit, db.workouts.count())
            rows = (
                _workout_json(summary, sets, catalog)
                for summary, sets in db.workouts.stream(args.limit)
            )
            if args.json:
                _write_json_list(rows, out, total, advance)
            else:
                written = 0
                for written, row in enumerate(rows, 1):
                    _print_workout(row)
                    advance(written, total)
                if not written:
                    print("No workouts yet.")
    finally:
        store.close()
    return 0


def _write_json_list(
    rows: Iterator[dict[str, Any]], out: IO[str], total: int, advance: Callable[[int, int], None]
) -> None:
    """A JSON list written one element at a time, indented as ``print_json`` does."""
    import msgspec

    encoder = msgspec.json.Encoder()
    out.write("[")
    done = 0
    for done, row in enumerate(rows, 1):
        element = msgspec.json.format(encoder.encode(row), indent=2).replace(b"\n", b"\n  ")
        out.write(("," if done > 1 else "") + "\n  " + element.decode())
        advance(done, total)
    out.write("\n]\n" if done else "]\n")


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
        # The mean of its exercises' ratings; pain flags count exercises flagged.
        "average_effort": summary.effort,
        "pain_flags": summary.pain,
        "skipped_sets": sum(1 for s in sets if s.skipped),
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
        minutes = time_trained_words(row["active_seconds"], row["span_seconds"])
        minutes = "time trained not recorded" if minutes == "not recorded" else f"{minutes} trained"
    effort = f", effort {row['average_effort']:.1f}" if row["average_effort"] else ""
    status = "" if row["status"] == "completed" else f" [{STATUS_WORDS[row['status']]}]"
    flags = row["pain_flags"]
    hurt = f", pain flagged on {flags} exercise{'s' * (flags != 1)}" if flags else ""
    print(f"{started:%a %Y-%m-%d %H:%M}  {row['program_name']}  {minutes}{effort}{hurt}{status}")
    if row["pain_score"] is not None or row["pain_note"]:
        print(f"    pain today: {pain_score_words(row['pain_score'], row['pain_note'])}")
    for s in row["sets"]:
        side = "" if s["side"] == "both" else f" {s['side']}"
        if s["skipped"]:
            done = (
                f"skipped (target {s['target_hold']} s)"
                if s["kind"] == "hold"
                else (f"skipped (target {s['target_reps']} reps)")
            )
        elif s["kind"] == "hold":
            done = f"{s['hold_seconds'] or 0:.0f}/{s['target_hold']} s"
        else:
            done = f"{s['reps']}/{s['target_reps']} {plural(s['target_reps'] or 0, 'rep')}"
        pain = " pain" if s["pain_side_known"] else " pain (side not recorded)"
        extra = (pain if s["pain"] else "") + (" (partial)" if s["partial"] else "")
        band = "" if s["band"] == "none" else f" {s['band']} band"
        print(f"    {s['exercise_name']} set {s['set_index'] + 1}{side}: {done}{band}{extra}")


def _suggest(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.coaching import coach
    from glutetui.platform.clock import SystemClock
    from glutetui.services import Services
    from glutetui.store.commands import Review

    if locations.database_url is None and not locations.database.exists():
        print_json([]) if args.json else print("No suggestions: no workouts yet.")
        return 0
    catalog = load_catalogue(locations, warn=False)
    store = open_store(locations)
    services = Services(locations, SystemClock(), catalog=catalog, store=store)
    try:
        # The coach looks at the log first (a long break is noticed), as Home does.
        services.writer.submit(Review(at=services.clock.now()))
        services.writer.drain()
        with store.read() as db:
            pending = coach.shown(catalog, db.suggestions.listed("pending"))
    finally:
        services.close()
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
                    "before": dose_json(s.record.before),
                    "after": dose_json(s.record.after),
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
