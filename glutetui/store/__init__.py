"""glutetui's durable store: SQLAlchemy 2 over SQLite, with Alembic migrations.

Importing SQLAlchemy takes a noticeable moment, so this package loads its parts
only when they are first used: ``glutetui.records`` (the shapes, msgspec
only) and ``glutetui.store.peek`` (the standard library's sqlite3) can be imported
without pulling SQLAlchemy in.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glutetui.records import Dose as Dose
    from glutetui.records import DoseChangeRecord as DoseChangeRecord
    from glutetui.records import DoseRecord as DoseRecord
    from glutetui.records import LoggedSet as LoggedSet
    from glutetui.records import Marks as Marks
    from glutetui.records import SelfTestRecord as SelfTestRecord
    from glutetui.records import SetRecord as SetRecord
    from glutetui.records import SlotWorkout as SlotWorkout
    from glutetui.records import SuggestionRecord as SuggestionRecord
    from glutetui.records import UnfinishedWorkout as UnfinishedWorkout
    from glutetui.records import WorkoutRecord as WorkoutRecord
    from glutetui.records import WorkoutSummary as WorkoutSummary
    from glutetui.store.database import open_database as open_database
    from glutetui.store.errors import StoreError as StoreError
    from glutetui.store.repos import Unit as Unit
    from glutetui.store.store import Store as Store

_WHERE = {
    "open_database": "glutetui.store.database",
    "StoreError": "glutetui.store.errors",
    "Dose": "glutetui.records",
    "DoseChangeRecord": "glutetui.records",
    "DoseRecord": "glutetui.records",
    "LoggedSet": "glutetui.records",
    "Marks": "glutetui.records",
    "SelfTestRecord": "glutetui.records",
    "SetRecord": "glutetui.records",
    "SlotWorkout": "glutetui.records",
    "SuggestionRecord": "glutetui.records",
    "UnfinishedWorkout": "glutetui.records",
    "WorkoutRecord": "glutetui.records",
    "WorkoutSummary": "glutetui.records",
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
