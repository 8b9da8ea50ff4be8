"""glutetui's durable store: SQLite through SQLAlchemy, with Alembic migrations.

Importing SQLAlchemy takes a noticeable moment, so this package loads its parts
only when they are first used: ``glutetui.store.records`` and
``glutetui.store.peek`` (the standard library's sqlite3 only) can be imported
without pulling SQLAlchemy in.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glutetui.store.database import open_database as open_database
    from glutetui.store.errors import StoreError as StoreError
    from glutetui.store.records import DoseChangeRecord as DoseChangeRecord
    from glutetui.store.records import DoseRecord as DoseRecord
    from glutetui.store.records import SelfTestRecord as SelfTestRecord
    from glutetui.store.records import SetRecord as SetRecord
    from glutetui.store.records import SuggestionRecord as SuggestionRecord
    from glutetui.store.records import UnfinishedWorkout as UnfinishedWorkout
    from glutetui.store.records import WorkoutRecord as WorkoutRecord
    from glutetui.store.records import WorkoutSummary as WorkoutSummary
    from glutetui.store.repository import DoseFields as DoseFields
    from glutetui.store.repository import SlotWorkout as SlotWorkout
    from glutetui.store.repository import Store as Store

_WHERE = {
    "StoreError": "glutetui.store.errors",
    "open_database": "glutetui.store.database",
    "DoseChangeRecord": "glutetui.store.records",
    "DoseRecord": "glutetui.store.records",
    "SelfTestRecord": "glutetui.store.records",
    "SetRecord": "glutetui.store.records",
    "SuggestionRecord": "glutetui.store.records",
    "UnfinishedWorkout": "glutetui.store.records",
    "WorkoutRecord": "glutetui.store.records",
    "WorkoutSummary": "glutetui.store.records",
    "DoseFields": "glutetui.store.repository",
    "SlotWorkout": "glutetui.store.repository",
    "Store": "glutetui.store.repository",
}

__all__ = [
    "DoseChangeRecord",
    "DoseFields",
    "DoseRecord",
    "SelfTestRecord",
    "SetRecord",
    "SlotWorkout",
    "Store",
    "StoreError",
    "SuggestionRecord",
    "UnfinishedWorkout",
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
