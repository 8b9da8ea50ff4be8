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

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
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
from glutetui.store.sqlwords import SET_TABLE, band_rank_sql, tension_sql
from glutetui.vocab import SIDES

# At most this many workouts are summed by one statement (the bound parameters stay few).
CHUNK = 500


def _rules(c: Any) -> dict[str, ColumnElement[Any]]:
    """A set's standing, spelled over the columns ``c`` of wherever its row comes from
    (the sets table, or a set just written by the same statement)."""
    return {
        "evidence": c.skipped.is_(False),
        "whole": and_(c.skipped.is_(False), c.partial.is_(False)),
        "pain": cast(c.pain, Integer),
        # What a set achieved: seconds held, or reps; and what it asked.
        "done": case(
            (c.kind == "hold", func.coalesce(c.hold_seconds, 0.0)),
            else_=func.coalesce(c.reps, 0),
        ),
        "asked": case(
            (c.kind == "hold", func.coalesce(c.target_hold, 0)),
            else_=func.coalesce(c.target_reps, 0),
        ),
    }


def _side_sums(
    side: str, sets: FromClause, rule: dict[str, ColumnElement[Any]]
) -> dict[str, ColumnElement[Any]]:
    c = sets.c
    here = c.side == side
    evidence = and_(here, rule["evidence"])
    whole = and_(here, rule["whole"])
    return {
        "sets": func.count(case((evidence, c.id))),
        "done": func.coalesce(func.sum(case((evidence, rule["done"]))), 0.0),
        "asked": func.coalesce(func.sum(case((evidence, rule["asked"]))), 0.0),
        "pain": func.coalesce(func.max(case((evidence, rule["pain"]))), 0),
        "tension": func.coalesce(func.sum(case((evidence, tension_sql(sets)))), 0.0),
        "whole": func.count(case((whole, c.id))),
        "reps": func.coalesce(func.sum(case((whole, c.reps))), 0),
        "hold": func.coalesce(func.sum(case((whole, c.hold_seconds))), 0.0),
        "band": func.coalesce(func.max(case((whole, band_rank_sql(c.band)))), 0),
        "pain_sets": func.coalesce(func.sum(case((whole, rule["pain"]))), 0),
        "first": func.max(case((and_(whole, c.set_index == 0), func.coalesce(c.effort, 0)))),
    }


def summed(where: ColumnElement[bool], sets: FromClause = SET_TABLE) -> Any:
    """The summary rows of the sets ``where`` picks, as a SELECT in the table's columns.
    The sets are read from ``sets``: the sets table, or any rows in its columns."""
    c = sets.c
    rule = _rules(c)
    workouts = WorkoutRow.__table__.c
    columns: dict[str, Any] = {
        "workout_id": c.workout_id,
        "started_at": func.max(workouts.started_at),
        "program_id": func.max(workouts.program_id),
        "block": c.block,
        "slot": c.slot,
        "exercise_id": c.exercise_id,
        "effort": func.max(c.effort),
        "pain_any": func.coalesce(func.max(rule["pain"]), 0),
        "reps": func.coalesce(func.sum(case((rule["evidence"], c.reps))), 0),
        "hold": func.coalesce(func.sum(case((rule["evidence"], c.hold_seconds))), 0.0),
        "ended_at": func.max(c.ended_at),
        "first_end": func.min(case((rule["whole"], c.ended_at))),
        "last_end": func.max(case((rule["whole"], c.ended_at))),
    }
    for side in SIDES:
        for name, column in _side_sums(side, sets, rule).items():
            columns[side_column(side, name)] = column
    return (
        select(*(column.label(name) for name, column in columns.items()))
        .select_from(sets.join(WorkoutRow.__table__, workouts.id == c.workout_id))
        .where(where)
        .group_by(c.workout_id, c.block, c.slot, c.exercise_id)
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
    found = (_literal(gone, dialect), _literal(again, dialect))
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
_INDEX = ["workout_id", "block", "slot", "exercise_id"]


def _fold(dialect: str, sets: FromClause, where: ColumnElement[bool]) -> Any:
    """The upsert that folds the rows of ``sets`` that ``where`` picks (new sets, all of
    one block) into their block's summary row."""
    from sqlalchemy.dialects import postgresql, sqlite

    query = summed(where, sets)
    names = [c.name for c in query.selected_columns]
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
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

    return statement.on_conflict_do_update(
        index_elements=_INDEX, set_={name: folded(name) for name in names if name not in _KEPT}
    )


def _literal(statement: Any, dialect: Dialect) -> TextClause:
    """``statement`` as SQL text with every constant written in, so that running it again
    costs no building or cache lookup; its values are ``:name`` markers."""
    return text(str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})))


def _add_sql(dialect: Dialect) -> TextClause:
    """The statement that folds one new set into its block's summary, compiled once per
    dialect."""
    found = _ADD_SQL.get(dialect.name)
    if found is None:
        marker: ColumnElement[Any] = literal_column(":set_id")
        found = _literal(_fold(dialect.name, SET_TABLE, SET_TABLE.c.id == marker), dialect)
        _ADD_SQL[dialect.name] = found
    return found


def add_set(session: Session, set_id: int) -> None:
    """Fold a set just written (a new one, not one redone) into its block's summary: the
    same sums as summing the block again, at a cost that does not grow with the block."""
    session.execute(_add_sql(session.get_bind().dialect), {"set_id": set_id})


def with_fold(upsert: Any, new: str, dialect: Dialect, returned: Sequence[str]) -> TextClause:
    """PostgreSQL: a set's ``upsert`` (returning its row, and in ``new`` whether the row
    was inserted) and, when it was, its fold into its block's summary, as one statement:
    one trip to the server for both. It returns the ``returned`` columns of the upsert.

    A data-modifying WITH runs once whether or not it is read, and the fold reads the
    written row from the upsert's RETURNING (the table itself would not show it yet
    within the same statement)."""
    written = upsert.cte("written")
    fold = _fold("postgresql", written, written.c[new]).cte("folded")
    return _literal(select(*(written.c[name] for name in returned)).add_cte(fold), dialect)


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
