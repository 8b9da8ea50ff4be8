"""Commands that write or read files: export, import and the physiotherapist's report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

from glutetui.cli.common import UserError, load_catalogue, open_store
from glutetui.platform.locations import Locations


def _export(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.store import exchange

    store = open_store(locations)
    catalog = load_catalogue(locations, warn=False)

    write = exchange.exporter(args.format, store, catalog.name_of)
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
    from glutetui.platform.files import CannotWrite, write_file

    try:
        write_file(path, writer, replace=force)
    except CannotWrite as exc:
        raise UserError(str(exc)) from exc


def _import(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.store import StoreError, exchange

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {(exc.strerror or str(exc)).lower()}") from exc
    store = open_store(locations)
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
        store = open_store(locations) if history else None
        try:
            print(
                write_report(
                    store,
                    load_catalogue(locations, False),
                    period,
                    path,
                    replace=args.force,
                    paper=args.paper,
                    name=args.name,
                )
            )
        finally:
            if store is not None:
                store.close()
    except ReportError as exc:
        raise UserError(str(exc)) from exc
    return 0
