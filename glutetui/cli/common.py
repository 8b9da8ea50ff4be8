"""What the subcommands share: the one-line error, and opening the catalogue and store."""

from __future__ import annotations

import sys
from typing import Any

from glutetui.platform.locations import Locations

PROG = "glutetui"


class UserError(Exception):
    """A mistake the user can fix; printed as one line."""


def load_catalogue(locations: Locations, warn: bool) -> Any:
    from glutetui.catalog import CatalogError, load_catalog

    try:
        catalog = load_catalog(locations.exercises, locations.programs)
    except CatalogError as exc:
        raise UserError(str(exc)) from exc
    if warn:
        for problem in catalog.problems:
            print(f"{PROG}: skipped {problem}", file=sys.stderr)
    return catalog


def load_settings_quietly(locations: Locations) -> Any:
    from glutetui.platform.settings import load_settings

    loaded = load_settings(locations.settings)
    if loaded.problem:
        print(f"{PROG}: {loaded.problem}", file=sys.stderr)
    return loaded.settings


def open_store(locations: Locations) -> Any:
    from glutetui.store import Store, StoreError

    try:
        store = Store.open(locations.database_target)
    except StoreError as exc:
        raise UserError(str(exc)) from exc
    # Writes an earlier run could not make (its server was gone) are made first, so
    # every command sees them.
    from glutetui.store.unsaved import replay_kept

    problem = replay_kept(store, locations.data)
    if problem:
        print(f"{PROG}: {problem}", file=sys.stderr)
    return store


def print_json(value: Any) -> None:
    import json  # not on the way to the app's first frame

    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def dose_changes(locations: Locations) -> list[Any]:
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


def dose_json(dose: Any) -> dict[str, Any]:
    """A dose as the export spells it (``exercise`` for its exercise id)."""
    import msgspec

    spelled: dict[str, Any] = msgspec.to_builtins(dose)
    return spelled
