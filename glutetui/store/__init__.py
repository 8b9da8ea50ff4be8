"""glutetui's durable store: SQLite through SQLAlchemy, with Alembic migrations.

Import cost matters here (SQLAlchemy takes a while to load), so the app imports
this package in a worker after its first frame, never at start-up.
"""

from __future__ import annotations

from glutetui.store.database import StoreError, open_database
from glutetui.store.records import (
    DoseChangeRecord,
    DoseRecord,
    SelfTestRecord,
    SetRecord,
    SuggestionRecord,
    WorkoutRecord,
    WorkoutSummary,
)
from glutetui.store.repository import DoseFields, SlotWorkout, Store, UnfinishedWorkout

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
