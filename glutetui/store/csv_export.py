"""The export as tables: one CSV row per logged set, and the Strong app's CSV.

The plain CSV's columns are the logged set's shape (``records.LoggedSet``) after
four that place it: the local date, the workout's uid, the program and the
exercise's name. A field added to the shape is a column here without more code.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import IO, Any, Protocol

import msgspec

from glutetui.records import LoggedSet


class ExportedWorkout(Protocol):
    """What a row needs of an exported workout (``exchange.WorkoutExport`` fits)."""

    @property
    def uid(self) -> str: ...
    @property
    def program_name(self) -> str: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def ended_at(self) -> datetime | None: ...
    @property
    def note(self) -> str: ...
    @property
    def sets(self) -> Sequence[LoggedSet]: ...


# Where each row belongs, then the set itself under its export names.
PLACE = ["date", "workout_uid", "program", "exercise_name"]
SET_COLUMNS = [f.encode_name for f in msgspec.structs.fields(LoggedSet)]
CSV_HEADER = [*PLACE, *SET_COLUMNS]

STRONG_HEADER = [
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
]
# Effort 1-5 onto the 6-10 RPE scale Strong uses: "far too easy" is RPE 6,
# "could not finish" RPE 10.
EFFORT_TO_RPE = {1: 6, 2: 7, 3: 8, 4: 9, 5: 10}


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def export_csv(
    workouts: Iterable[ExportedWorkout], out: IO[str], name_of: Callable[[str], str]
) -> None:
    """One row per logged set."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for w in workouts:
        day = _local(w.started_at).date().isoformat()
        for s in w.sets:
            cells = msgspec.to_builtins(s)
            place = [day, w.uid, w.program_name, name_of(s.exercise_id)]
            writer.writerow([*place, *(_cell(cells[c]) for c in SET_COLUMNS)])


def export_strong_csv(
    workouts: Iterable[ExportedWorkout], out: IO[str], name_of: Callable[[str], str]
) -> None:
    """Strong's CSV columns, so trackers that import Strong's export can read it."""
    writer = csv.writer(out)
    writer.writerow(STRONG_HEADER)
    for w in workouts:
        end = w.ended_at or (w.sets[-1].ended_at if w.sets else w.started_at)
        minutes = max(0, round((end - w.started_at).total_seconds() / 60))
        duration = f"{minutes // 60}h {minutes % 60}m" if minutes >= 60 else f"{minutes}m"
        order: dict[str, int] = {}
        for s in w.sets:
            if s.skipped:
                continue  # passed over: not a set Strong could count
            name = name_of(s.exercise_id)
            if s.side != "both":
                name = f"{name} ({s.side})"
            order[name] = order.get(name, 0) + 1
            notes = [f"{s.side} side" if s.side != "both" else "both legs"]
            if s.band != "none":
                notes.append(f"band: {s.band}")
            if s.pain:
                notes.append("pain flagged")
            writer.writerow(
                [
                    _local(w.started_at).strftime("%Y-%m-%d %H:%M:%S"),
                    w.program_name,
                    duration,
                    name,
                    order[name],
                    0,
                    s.reps if s.reps is not None else 0,
                    0,
                    round(s.hold_seconds) if s.hold_seconds is not None else 0,
                    "; ".join(notes),
                    w.note,
                    EFFORT_TO_RPE.get(s.effort, "") if s.effort is not None else "",
                ]
            )
