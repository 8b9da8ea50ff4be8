"""glutetui's durable store: SQLAlchemy 2 over SQLite, with Alembic migrations.

Importing SQLAlchemy takes a noticeable moment, so this package loads its parts
only when they are first used: ``glutetui.store.records`` (the shapes, msgspec
only) and ``glutetui.store.peek`` (the standard library's sqlite3) can be imported
without pulling SQLAlchemy in.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glutetui.store.database import open_database as open_database
    from glutetui.store.errors import StoreError as StoreError
    from glutetui.store.records import Dose as Dose
    from glutetui.store.records import DoseChangeRecord as DoseChangeRecord
    from glutetui.store.records import DoseRecord as DoseRecord
    from glutetui.store.records import LoggedSet as LoggedSet
    from glutetui.store.records import Marks as Marks
    from glutetui.store.records import SelfTestRecord as SelfTestRecord
    from glutetui.store.records import SetRecord as SetRecord
    from glutetui.store.records import SlotWorkout as SlotWorkout
    from glutetui.store.records import SuggestionRecord as SuggestionRecord
    from glutetui.store.records import UnfinishedWorkout as UnfinishedWorkout
    from glutetui.store.records import WorkoutRecord as WorkoutRecord
    from glutetui.store.records import WorkoutSummary as WorkoutSummary
    from glutetui.store.repos import Unit as Unit
    from glutetui.store.store import Store as Store

_WHERE = {
    "open_database": "glutetui.store.database",
    "StoreError": "glutetui.store.errors",
    "Dose": "glutetui.store.records",
    "DoseChangeRecord": "glutetui.store.records",
    "DoseRecord": "glutetui.store.records",
    "LoggedSet": "glutetui.store.records",
    "Marks": "glutetui.store.records",
    "SelfTestRecord": "glutetui.store.records",
    "SetRecord": "glutetui.store.records",
    "SlotWorkout": "glutetui.store.records",
    "SuggestionRecord": "glutetui.store.records",
    "UnfinishedWorkout": "glutetui.store.records",
    "WorkoutRecord": "glutetui.store.records",
    "WorkoutSummary": "glutetui.store.records",
    "Unit": "glutetui.store.repos",
    "Store": "glutetui.store.store",
}

__all__ = [
    "Dose",
    "DoseChangeRecord",
    "DoseRecord",
    "LoggedSet",
    "Marks",
    "SelfTestRecord",
    "SetRecord",
    "SlotWorkout",
    "Store",
    "StoreError",
    "SuggestionRecord",
    "UnfinishedWorkout",
    "Unit",
    "WorkoutRecord",
    "WorkoutSummary",
    "open_database",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
