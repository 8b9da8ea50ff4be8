"""From ORM rows to the shapes in :mod:`glutetui.records`, by msgspec, not by hand."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any, TypeVar

import msgspec

from glutetui.records import Dose, Shape

T = TypeVar("T")


def to(shape: type[T], row: object, *, strict: bool = True) -> T:
    """A row (ORM object or result row) as a shape, matched by attribute name.

    ``strict=False`` lets SQLite's raw 0/1 stand for booleans (Home's quick read)."""
    return msgspec.convert(row, shape, from_attributes=True, strict=strict)


def to_with(shape: type[T], row: object, *, strict: bool = True, **given: Any) -> T:
    """Like :func:`to`, with some fields given rather than read from the row (a value
    joined from another table, or columns the row spells differently)."""
    names: tuple[str, ...] = shape.__struct_fields__  # type: ignore[attr-defined]
    view = SimpleNamespace(**{n: given[n] if n in given else getattr(row, n) for n in names})
    return msgspec.convert(view, shape, from_attributes=True, strict=strict)


def values(record: Shape, shape: type[Shape] | None = None) -> dict[str, Any]:
    """A record's fields (those of ``shape``, a base of its type, if given) by attribute
    name, which is the column name: ready to become an ORM row's keyword arguments."""
    names = (shape or type(record)).__struct_fields__
    return {name: getattr(record, name) for name in names}


def prefixed(dose: Dose, prefix: str) -> dict[str, Any]:
    """A dose as a suggestion row's ``from_*`` or ``to_*`` columns."""
    return {
        f"{prefix}exercise": dose.exercise_id,
        f"{prefix}sets": dose.sets,
        f"{prefix}reps": dose.reps,
        f"{prefix}hold": dose.hold,
        f"{prefix}band": dose.band,
    }


def unprefixed(row: object, prefix: str) -> Dose:
    """A suggestion row's ``from_*`` or ``to_*`` columns as a dose."""
    return Dose(
        exercise_id=getattr(row, f"{prefix}exercise"),
        sets=getattr(row, f"{prefix}sets"),
        reps=getattr(row, f"{prefix}reps"),
        hold=getattr(row, f"{prefix}hold"),
        band=getattr(row, f"{prefix}band"),
    )


def new_uid() -> str:
    return uuid.uuid4().hex
