"""The ``glutetui`` command: the app itself, and subcommands that print and exit.

Subcommands never import Textual; only opening the app does. A user's mistake (an
unknown program, a bad file, a database that cannot be opened) is one line on stderr
and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from glutetui import __version__
from glutetui.locations import Locations, resolve
from glutetui.store.errors import StoreError

PROG = "glutetui"


class UserError(Exception):
    """A mistake the user can fix; printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block: the usage is one --help away.
        self.exit(2, f"{PROG}: {message} (see {PROG} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="A hands-free terminal coach for the gluteus medius. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="keep every file in DIR (default: $GLUTETUI_HOME, else the platform's folders)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="keep the history in the database at URL, e.g. "
        "postgresql://user:password@host:port/dbname (default: $GLUTETUI_DB, "
        "else glutetui.db in the home folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    start = sub.add_parser("start", help="open the guided workout for PROGRAM directly")
    start.add_argument("program", nargs="?", help="program id or name (default: today's)")

    history = sub.add_parser("history", help="workouts, newest first, with their sets")
    history.add_argument("--json", action="store_true", help="print JSON")
    history.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N")

    suggest = sub.add_parser("suggest", help="the pending progression suggestions with reasons")
    suggest.add_argument("--json", action="store_true", help="print JSON")

    for name, text in (("exercises", "the exercise library"), ("programs", "the programs")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--json", action="store_true", help="print JSON")

    export = sub.add_parser("export", help="all data as JSON, CSV or Strong's CSV")
    export.add_argument("--format", choices=["json", "csv", "strong-csv"], default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    imp = sub.add_parser("import", help="read a JSON export back, skipping what is already here")
    imp.add_argument("file", metavar="FILE")

    report = sub.add_parser("report", help="a report for your physiotherapist: one HTML file")
    report.add_argument("-o", "--output", metavar="FILE", help="default: glutetui-report-DATE.html")
    report.add_argument("--since", metavar="DATE", help="first day, YYYY-MM-DD (default: 6 weeks)")
    report.add_argument("--until", metavar="DATE", help="last day, YYYY-MM-DD (default: today)")
    report.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected a number of at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        locations = resolve(args.home, db=args.db)
        command: Callable[[argparse.Namespace, Locations], int] = COMMANDS.get(
            args.command or "", _open_app
        )
        return command(args, locations)
    except (UserError, StoreError) as exc:
        # StoreError: the database went busy, full or read-only in the middle of a command.
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `glutetui history | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


# --- commands ---------------------------------------------------------------------------


def _open_app(args: argparse.Namespace, locations: Locations, program: str | None = None) -> int:
    from glutetui.app import GlutetuiApp

    app = GlutetuiApp(locations=locations, start_program=program)
    app.run()
    return app.return_code or 0


def _start(args: argparse.Namespace, locations: Locations) -> int:
    if args.program is not None:
        catalog = _catalog(locations, warn=True)
        program = catalog.find_program(args.program)
        if program is None:
            known = ", ".join(sorted(catalog.programs))
            raise UserError(f"no program called {args.program!r}; known: {known}")
        return _open_app(args, locations, program.id)
    return _open_app(args, locations, "")


def _exercises(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.catalog import to_plain

    catalog = _catalog(locations, warn=True)
    exercises = sorted(catalog.exercises.values(), key=lambda e: (e.family, e.level, e.id))
    if args.json:
        rows = []
        for e in exercises:
            row = to_plain(e)
            row["position"] = e.position
            rows.append(row)
        _print_json(rows)
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
    from glutetui.catalog import to_plain
    from glutetui.plan import program_minutes

    catalog = _catalog(locations, warn=True)
    settings = _settings(locations)
    rows = []
    for program in catalog.programs.values():
        minutes = program_minutes(program, catalog, settings)
        if args.json:
            row = to_plain(program)
            row["minutes"] = round(minutes, 1)
            rows.append(row)
        else:
            print(
                f"{program.id}  ({minutes:.0f} min, {program.days_per_week}x/week)  {program.name}"
            )
            for block in program.blocks:
                d = block.dose
                amount = f"{d.reps} reps" if d.reps else f"{d.hold} s"
                sides = "" if block.sides == "both" else f", {block.sides} only"
                band = "" if d.band == "none" else f", {d.band} band"
                print(f"    {block.exercise}: {d.sets} x {amount}, rest {d.rest} s{sides}{band}")
    if args.json:
        _print_json(rows)
    return 0


def _history(args: argparse.Namespace, locations: Locations) -> int:
    if not locations.database.exists():
        _print_json([]) if args.json else print("No workouts yet.")
        return 0
    catalog = _catalog(locations, warn=False)
    store = _store(locations)
    try:
        rows = []
        for summary in store.history(limit=args.limit):
            w = summary.workout
            sets = store.sets_of(w.id)
            rows.append(
                {
                    "uid": w.uid,
                    "program_id": w.program_id,
                    "program": w.program_name,
                    "started_at": w.started_at.isoformat(),
                    "ended_at": w.ended_at.isoformat() if w.ended_at else None,
                    "status": w.status,
                    "duration_seconds": w.duration_seconds,
                    "total_reps": summary.reps,
                    "total_hold_seconds": round(summary.hold_seconds, 1),
                    "average_effort": summary.effort,
                    "pain_flags": summary.pain,
                    "sets": [
                        {
                            "exercise": s.exercise_id,
                            "exercise_name": _name(catalog, s.exercise_id),
                            "block": s.block + 1,
                            "set": s.set_index + 1,
                            "side": s.side,
                            "kind": s.kind,
                            "target_reps": s.target_reps,
                            "reps": s.reps,
                            "target_hold": s.target_hold,
                            "hold_seconds": s.hold_seconds,
                            "band": s.band,
                            "effort": s.effort,
                            "pain": s.pain,
                            "partial": s.partial,
                        }
                        for s in sets
                    ],
                }
            )
    finally:
        store.close()
    if args.json:
        _print_json(rows)
        return 0
    if not rows:
        print("No workouts yet.")
    for row in rows:
        _print_workout(row)
    return 0


def _print_workout(row: dict[str, Any]) -> None:
    from datetime import datetime

    started = datetime.fromisoformat(row["started_at"]).astimezone()
    seconds = row["duration_seconds"]
    minutes = "still open" if seconds is None else f"{seconds / 60:.0f} min"
    effort = f", effort {row['average_effort']:.1f}" if row["average_effort"] else ""
    status = "" if row["status"] == "completed" else f" [{row['status']}]"
    print(f"{started:%a %Y-%m-%d %H:%M}  {row['program']}  {minutes}{effort}{status}")
    for s in row["sets"]:
        side = "" if s["side"] == "both" else f" {s['side']}"
        if s["kind"] == "hold":
            done = f"{s['hold_seconds'] or 0:.0f}/{s['target_hold']} s"
        else:
            done = f"{s['reps']}/{s['target_reps']} reps"
        extra = (" pain" if s["pain"] else "") + (" (partial)" if s["partial"] else "")
        band = "" if s["band"] == "none" else f" {s['band']} band"
        print(f"    {s['exercise_name']} set {s['set']}{side}: {done}{band}{extra}")


def _export(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.store import exchange

    store = _store(locations)
    catalog = _catalog(locations, warn=False)

    def name_of(exercise_id: str) -> str:
        return _name(catalog, exercise_id)

    write = exchange.exporter(args.format, store, name_of)
    try:
        if args.output is None:
            write(sys.stdout)
        else:
            _write_file(Path(args.output), args.force, write)
            print(f"Wrote {args.output}", file=sys.stderr)
    finally:
        store.close()
    return 0


def _write_file(path: Path, force: bool, writer: Callable[[IO[str]], None]) -> None:
    """Write through a temporary file; never replace an existing file unless asked."""
    from glutetui.files import write_atomically

    try:
        write_atomically(path, writer, replace=force, private=True)
    except FileExistsError:
        raise UserError(f"{path} already exists; add --force to overwrite it") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder") from None
    except OSError as exc:
        raise UserError(f"cannot write {path}: {(exc.strerror or str(exc)).lower()}") from exc


def _import(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.store import StoreError, exchange

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {(exc.strerror or str(exc)).lower()}") from exc
    store = _store(locations)
    try:
        counts = exchange.import_json(store, data)
    except StoreError as exc:
        raise UserError(f"{path}: {exc}") from exc
    finally:
        store.close()
    print(str(counts).capitalize())
    return 0


def _report(args: argparse.Namespace, locations: Locations) -> int:
    from datetime import date

    from glutetui.report import Period, ReportError, default_file_name
    from glutetui.report.make import write_report

    today = date.today()
    try:
        period = Period.from_text(args.since, args.until, today)
        path = Path(args.output or default_file_name(today))
        history = locations.database_url is not None or locations.database.exists()
        store = _store(locations) if history else None
        try:
            print(write_report(store, _catalog(locations, False), period, path, replace=args.force))
        finally:
            if store is not None:
                store.close()
    except ReportError as exc:
        raise UserError(str(exc)) from exc
    return 0


def _suggest(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui import coach
    from glutetui.clock import SystemClock
    from glutetui.services import Services
    from glutetui.settings import load_settings

    if not locations.database.exists():
        _print_json([]) if args.json else print("No suggestions: no workouts yet.")
        return 0
    catalog = _catalog(locations, warn=False)
    store = _store(locations)
    services = Services(
        locations, SystemClock(), load_settings(locations.settings).settings, catalog, store
    )
    try:
        coach.review(services)
        pending = coach.shown(services, coach.pending(services))
    finally:
        store.close()
    if args.json:
        _print_json(
            [
                {
                    "id": s.record.id,
                    "exercise": s.record.slot,
                    "exercise_name": s.exercise,
                    "kind": s.record.kind,
                    "label": s.label,
                    "reason": s.record.reason,
                    "before": _dose_json(s.record, "from"),
                    "after": _dose_json(s.record, "to"),
                    "created_at": s.record.created_at.isoformat(),
                }
                for s in pending
            ]
        )
        return 0
    if not pending:
        print("No suggestions: keep the doses as they are.")
    for s in pending:
        print(f"{s.label} · {s.exercise}: {s.record.reason}")
    return 0


def _dose_json(record: Any, prefix: str) -> dict[str, Any]:
    return {
        "exercise": getattr(record, f"{prefix}_exercise"),
        "sets": getattr(record, f"{prefix}_sets"),
        "reps": getattr(record, f"{prefix}_reps"),
        "hold": getattr(record, f"{prefix}_hold"),
        "band": getattr(record, f"{prefix}_band"),
    }


COMMANDS: dict[str, Callable[[argparse.Namespace, Locations], int]] = {
    "start": _start,
    "suggest": _suggest,
    "history": _history,
    "exercises": _exercises,
    "programs": _programs,
    "export": _export,
    "import": _import,
    "report": _report,
}


# --- shared -------------------------------------------------------------------------------


def _catalog(locations: Locations, warn: bool) -> Any:
    from glutetui.catalog import CatalogError, load_catalog

    try:
        catalog = load_catalog(locations.exercises, locations.programs)
    except CatalogError as exc:
        raise UserError(str(exc)) from exc
    if warn:
        for problem in catalog.problems:
            print(f"{PROG}: skipped {problem}", file=sys.stderr)
    return catalog


def _settings(locations: Locations) -> Any:
    from glutetui.settings import load_settings

    loaded = load_settings(locations.settings)
    if loaded.problem:
        print(f"{PROG}: {loaded.problem}", file=sys.stderr)
    return loaded.settings


def _store(locations: Locations) -> Any:
    from glutetui.store import Store, StoreError

    try:
        return Store.open(locations.database)
    except StoreError as exc:
        raise UserError(str(exc)) from exc


def _name(catalog: Any, exercise_id: str) -> str:
    exercise = catalog.exercises.get(exercise_id)
    return exercise.name if exercise is not None else exercise_id


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
