"""The block summaries (``models.BLOCK_SUMS``): per workout, block and exercise, what its
sets add up to on each side, kept by every write of sets in the same transaction.

A write of sets (a set logged, a rating or correction, a pain flag, an import) ends with
:func:`refresh` for the workouts and blocks it touched: their summary rows are deleted
and summed again from their sets by one ``INSERT … SELECT``, so a summary never
disagrees with its sets. The readers (the report, History's panels, ``progress``) sum
these rows instead of every set. Skipped sets count exactly as the readers of sets
count them: as no evidence, in no total but the rating and the pain flag the log shows
(a skipped set takes neither, see ``repos.workout_log``).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    TextClause,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from glutetui.store.models import BLOCK_SUMS, SetRow, WorkoutRow, side_column
from glutetui.store.sqlwords import band_rank_sql, tension_sql
from glutetui.vocab import SIDES

# At most this many workouts are summed by one statement (the bound parameters stay few).
CHUNK = 500

EVIDENCE = SetRow.skipped.is_(False)
WHOLE = and_(SetRow.skipped.is_(False), SetRow.partial.is_(False))
_PAIN = cast(SetRow.pain, Integer)
# What a set achieved: seconds held, or reps; and what it asked.
_DONE = case(
    (SetRow.kind == "hold", func.coalesce(SetRow.hold_seconds, 0.0)),
    else_=func.coalesce(SetRow.reps, 0),
)
_ASKED = case(
    (SetRow.kind == "hold", func.coalesce(SetRow.target_hold, 0)),
    else_=func.coalesce(SetRow.target_reps, 0),
)


def _side_sums(side: str) -> dict[str, ColumnElement[Any]]:
    here = SetRow.side == side
    evidence = and_(here, EVIDENCE)
    whole = and_(here, WHOLE)
    return {
        "sets": func.count(case((evidence, SetRow.id))),
        "done": func.coalesce(func.sum(case((evidence, _DONE))), 0.0),
        "asked": func.coalesce(func.sum(case((evidence, _ASKED))), 0.0),
        "pain": func.coalesce(func.max(case((evidence, _PAIN))), 0),
        "tension": func.coalesce(func.sum(case((evidence, tension_sql()))), 0.0),
        "whole": func.count(case((whole, SetRow.id))),
        "reps": func.coalesce(func.sum(case((whole, SetRow.reps))), 0),
        "hold": func.coalesce(func.sum(case((whole, SetRow.hold_seconds))), 0.0),
        "band": func.coalesce(func.max(case((whole, band_rank_sql(SetRow.band)))), 0),
        "pain_sets": func.coalesce(func.sum(case((whole, _PAIN))), 0),
        "first": func.max(
            case((and_(whole, SetRow.set_index == 0), func.coalesce(SetRow.effort, 0)))
        ),
    }


def summed(where: ColumnElement[bool]) -> Any:
    """The summary rows of the sets ``where`` picks, as a SELECT in the table's columns."""
    columns: dict[str, Any] = {
        "workout_id": SetRow.workout_id,
        "started_at": func.max(WorkoutRow.started_at),
        "program_id": func.max(WorkoutRow.program_id),
        "block": SetRow.block,
        "slot": SetRow.slot,
        "exercise_id": SetRow.exercise_id,
        "effort": func.max(SetRow.effort),
        "pain_any": func.coalesce(func.max(_PAIN), 0),
        "reps": func.coalesce(func.sum(case((EVIDENCE, SetRow.reps))), 0),
        "hold": func.coalesce(func.sum(case((EVIDENCE, SetRow.hold_seconds))), 0.0),
        "ended_at": func.max(SetRow.ended_at),
        "first_end": func.min(case((WHOLE, SetRow.ended_at))),
        "last_end": func.max(case((WHOLE, SetRow.ended_at))),
    }
    for side in SIDES:
        for name, column in _side_sums(side).items():
            columns[side_column(side, name)] = column
    return (
        select(*(column.label(name) for name, column in columns.items()))
        .join(WorkoutRow, WorkoutRow.id == SetRow.workout_id)
        .where(where)
        .group_by(SetRow.workout_id, SetRow.block, SetRow.slot, SetRow.exercise_id)
    )


_BLOCK_SQL: dict[str, tuple[TextClause, TextClause]] = {}


def _block_sql(dialect: Dialect) -> tuple[TextClause, TextClause]:
    """The two statements that sum one block of one workout again, compiled once per
    dialect: a set is logged every minute or so, and building this SELECT afresh cost
    more than the disk."""
    found = _BLOCK_SQL.get(dialect.name)
    if found is not None:
        return found
    # The two values as named markers for text(); every constant written into the SQL.
    workout: ColumnElement[Any] = literal_column(":workout_id")
    block: ColumnElement[Any] = literal_column(":block")
    gone = delete(BLOCK_SUMS).where(BLOCK_SUMS.c.workout_id == workout, BLOCK_SUMS.c.block == block)
    query = summed(and_(SetRow.workout_id == workout, SetRow.block == block))
    again = insert(BLOCK_SUMS).from_select([c.name for c in query.selected_columns], query)
    literal = {"literal_binds": True}
    found = (
        text(str(gone.compile(dialect=dialect, compile_kwargs=literal))),
        text(str(again.compile(dialect=dialect, compile_kwargs=literal))),
    )
    _BLOCK_SQL[dialect.name] = found
    return found


# How a new set's own row folds into its block's: counts and sums add up, the highest
# and the latest keep the greater, the first whole set's end the earlier.
_LOWEST = ("first_end",)
_HIGHEST = (
    "effort",
    "pain_any",
    "ended_at",
    "last_end",
    *(side_column(side, name) for side in SIDES for name in ("pain", "band", "first")),
)
_KEPT = ("workout_id", "started_at", "program_id", "block", "slot", "exercise_id")
_ADD_SQL: dict[str, TextClause] = {}


def _add_sql(dialect: Dialect) -> TextClause:
    """The statement that folds one new set into its block's summary, compiled once per
    dialect."""
    found = _ADD_SQL.get(dialect.name)
    if found is not None:
        return found
    from sqlalchemy.dialects import postgresql, sqlite

    marker: ColumnElement[Any] = literal_column(":set_id")
    query = summed(SetRow.id == marker)
    names = [c.name for c in query.selected_columns]
    insert_ = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
    statement = insert_(BLOCK_SUMS).from_select(names, query)
    had, new = BLOCK_SUMS.c, statement.excluded

    def folded(name: str) -> Any:
        if name in _LOWEST or name in _HIGHEST:
            pick = new[name] < had[name] if name in _LOWEST else new[name] > had[name]
            return case(
                (had[name].is_(None), new[name]),
                (and_(new[name].is_not(None), pick), new[name]),
                else_=had[name],
            )
        return had[name] + new[name]

    statement = statement.on_conflict_do_update(
        index_elements=["workout_id", "block", "slot", "exercise_id"],
        set_={name: folded(name) for name in names if name not in _KEPT},
    )
    found = text(str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})))
    _ADD_SQL[dialect.name] = found
    return found


def add_set(session: Session, set_id: int) -> None:
    """Fold a set just written (a new one, not one redone) into its block's summary: the
    same sums as summing the block again, at a cost that does not grow with the block."""
    session.execute(_add_sql(session.get_bind().dialect), {"set_id": set_id})


def refresh(session: Session, workout_ids: Collection[int], block: int | None = None) -> None:
    """Sum the named workouts' sets again (only one block of them, when named), in the
    caller's transaction. Pending ORM changes to their sets are written first."""
    session.flush()
    ids = sorted(set(workout_ids))
    if block is not None and len(ids) == 1:  # a set logged, rated or flagged
        params = {"workout_id": ids[0], "block": block}
        for statement in _block_sql(session.get_bind().dialect):
            session.execute(statement, params)
        return
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        gone = delete(BLOCK_SUMS).where(BLOCK_SUMS.c.workout_id.in_(chunk))
        where: ColumnElement[bool] = SetRow.workout_id.in_(chunk)
        if block is not None:
            gone = gone.where(BLOCK_SUMS.c.block == block)
            where = and_(where, SetRow.block == block)
        session.execute(gone)
        query = summed(where)
        session.execute(
            insert(BLOCK_SUMS).from_select([c.name for c in query.selected_columns], query)
        )


def refresh_all(session: Session) -> None:
    """Every workout's summary summed again from its sets."""
    session.flush()
    session.execute(delete(BLOCK_SUMS))
    query = summed(SetRow.id.is_not(None))
    session.execute(insert(BLOCK_SUMS).from_select([c.name for c in query.selected_columns], query))
