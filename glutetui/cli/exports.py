"""Commands that write or read files: export, import and the physiotherapist's report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

from glutetui.cli.common import UserError, load_catalogue, load_settings_quietly, open_store
from glutetui.platform.locations import Locations


def _export(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.cli.progress import progress_bar
    from glutetui.store import exchange

    store = open_store(locations)
    catalog = load_catalogue(locations, warn=False)
    try:
        with progress_bar("Exporting", "workouts") as advance:
            write = exchange.exporter(args.format, store, catalog.name_of, advance)
            if args.output is None:
                write(sys.stdout)
            else:
                _write_file(Path(args.output), args.force, write)
        if args.output is not None:
            print(f"Wrote {args.output}", file=sys.stderr)
    finally:
        store.close()
    return 0


def _write_file(path: Path, force: bool, writer: Callable[[IO[str]], None]) -> None:
    """Write through a temporary file; never replace an existing file unless asked."""
    from glutetui.platform.files import CannotWrite, write_file

    try:
        write_file(path, writer, replace=force)
    except CannotWrite as exc:
        raise UserError(str(exc)) from exc


def _import(args: argparse.Namespace, locations: Locations) -> int:
    """Read an export as a stream, into one transaction: flat memory, all or nothing."""
    from glutetui.cli.progress import progress_bar
    from glutetui.store import StoreError, exchange

    path = Path(args.file)
    try:
        file = path.open("rb")
    except OSError as exc:
        raise UserError(f"cannot read {path}: {(exc.strerror or str(exc)).lower()}") from exc
    with file:
        store = open_store(locations)
        try:
            with progress_bar(f"Importing {path.name}", "MB") as advance:
                counts = exchange.import_file(
                    store, file, lambda done, total: advance(done >> 20, total >> 20)
                )
        except StoreError as exc:
            raise UserError(f"{path}: {exc}") from exc
        except OSError as exc:
            raise UserError(f"cannot read {path}: {(exc.strerror or str(exc)).lower()}") from exc
        finally:
            store.close()
    print(str(counts).capitalize())
    return 0


def _report(args: argparse.Namespace, locations: Locations) -> int:
    from datetime import date

    from glutetui.cli.progress import progress_bar
    from glutetui.report import Period, ReportError, default_file_name
    from glutetui.report.make import write_report

    today = date.today()
    try:
        period = Period.from_text(args.since, args.until, today)
        path = Path(args.output or default_file_name(today))
        history = locations.database_url is not None or locations.database.exists()
        store = open_store(locations) if history else None
        try:
            with progress_bar("Making the report", "steps") as advance:
                written = write_report(
                    store,
                    load_catalogue(locations, False),
                    period,
                    path,
                    replace=args.force,
                    paper=args.paper,
                    name=args.name,
                    progress=advance,
                    plans=load_settings_quietly(locations).plan,
                )
            print(written)
        finally:
            if store is not None:
                store.close()
    except ReportError as exc:
        raise UserError(str(exc)) from exc
    return 0
