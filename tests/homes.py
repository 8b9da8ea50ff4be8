"""Prepared homes: a history that takes seconds to write is written once per test
process and copied into each test's own home.

The copy is SQLite's online backup of the finished file, so each test gets a database
exactly as the building left it (its own file, nothing shared after the copy). A
prepared home is named by everything that shapes it; two names never share a file.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable, Hashable
from contextlib import closing
from pathlib import Path

from glutetui.store import Store

_made: dict[Hashable, Path] = {}
_folders: list[tempfile.TemporaryDirectory[str]] = []  # one, made when first needed


def prepared(name: Hashable, fill: Callable[[Store], object], into: Path) -> Path:
    """``into`` (a database file) as ``fill`` leaves a new store, written once per process
    for each ``name`` and copied after that. Returns ``into``."""
    source = _made.get(name)
    if source is None:
        if not _folders:
            _folders.append(tempfile.TemporaryDirectory(prefix="glutetui-homes-"))
        source = Path(_folders[0].name) / f"{len(_made)}.db"
        store = Store.open(source)
        try:
            fill(store)
        finally:
            store.close()
        _made[name] = source
    into.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(into)) as copy:
        origin.backup(copy)
    return into
