"""The block summaries always equal the sets they sum: after workouts written through the
writer's own handlers (sets logged and redone, skipped and stopped part-way, rated, their
amounts corrected, pain flagged then and later), after an import, and after the
migration that builds them for a home kept before they existed, on SQLite and on
PostgreSQL.

The expected rows are worked out here in plain Python from the sets, rule by rule, as
the readers of sets count them: a skipped set is no evidence; a whole set is neither
skipped nor stopped part-way.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, Table, create_engine, select

from glutetui.intents import FlagPainLater, RateLater
from glutetui.records import LoggedSet, SetRecord
from glutetui.store import Store, exchange
from glutetui.store.commands import (
    HANDLERS,
    AnswerLater,
    Command,
    Correction,
    FinishWorkout,
    LogSet,
    RateExercise,
)
from glutetui.store.migrate import migrate
from glutetui.store.models import BLOCK_SUMS, SetRow, WorkoutRow
from glutetui.vocab import BANDS, SIDES
from tests.fixtures.make_schema_fixture import fixture_path
from tests.postgres import PostgresDatabase

T0 = datetime(2026, 5, 4, 17, 30, tzinfo=UTC)
SLOTS = ("clamshell", "side-plank", "glute-bridge")
Key = tuple[int, int, str, str]


# --- what the summaries must say, from the sets -------------------------------------------


def expected(
    workouts: Iterable[tuple[int, datetime, str, list[SetRecord]]],
) -> dict[Key, dict[str, Any]]:
    """The summary rows of these workouts' sets, each figure by its rule."""
    found: dict[Key, dict[str, Any]] = {}
    for workout_id, started, program, sets in workouts:
        groups: dict[Key, list[SetRecord]] = {}
        for s in sets:
            groups.setdefault((workout_id, s.block, s.slot, s.exercise_id), []).append(s)
        for key, group in groups.items():
            evidence = [s for s in group if not s.skipped]
            whole = [s for s in evidence if not s.partial]
            efforts = [s.effort for s in group if s.effort is not None]
            row: dict[str, Any] = {
                "started_at": started,
                "program_id": program,
                "effort": max(efforts) if efforts else None,
                "pain_any": int(any(s.pain for s in group)),
                "reps": sum(s.reps or 0 for s in evidence),
                "hold": sum(s.hold_seconds or 0.0 for s in evidence),
                "ended_at": max(s.ended_at for s in group),
                "first_end": min((s.ended_at for s in whole), default=None),
                "last_end": max((s.ended_at for s in whole), default=None),
            }
            for side in SIDES:
                done = [s for s in evidence if s.side == side]
                full = [s for s in whole if s.side == side]
                firsts = [s.effort or 0 for s in full if s.set_index == 0]
                row |= {
                    f"{side}_sets": len(done),
                    f"{side}_done": sum(
                        (s.hold_seconds or 0.0) if s.kind == "hold" else (s.reps or 0) for s in done
                    ),
                    f"{side}_asked": sum(
                        (s.target_hold or 0) if s.kind == "hold" else (s.target_reps or 0)
                        for s in done
                    ),
                    f"{side}_pain": int(any(s.pain for s in done)),
                    f"{side}_tension": sum(
                        (s.reps or 0) * s.rep_seconds + (s.hold_seconds or 0.0) for s in done
                    ),
                    f"{side}_whole": len(full),
                    f"{side}_reps": sum(s.reps or 0 for s in full),
                    f"{side}_hold": sum(s.hold_seconds or 0.0 for s in full),
                    f"{side}_band": max((BANDS.index(s.band) for s in full), default=0),
                    f"{side}_pain_sets": sum(1 for s in full if s.pain),
                    f"{side}_first": max(firsts) if firsts else None,
                }
            found[key] = row
    return found


def kept(store: Store) -> dict[Key, dict[str, Any]]:
    """The summary rows the store holds."""
    with store.reading() as session:
        rows = session.execute(select(BLOCK_SUMS)).mappings().all()
    return {
        (r["workout_id"], r["block"], r["slot"], r["exercise_id"]): {
            k: v
            for k, v in r.items()
            if k not in ("id", "workout_id", "block", "slot", "exercise_id")
        }
        for r in rows
    }


def from_sets(store: Store) -> dict[Key, dict[str, Any]]:
    """What the summaries must be, from every set the store holds."""
    with store.read() as db:
        workouts = [
            (w.id, w.started_at, w.program_id, db.workouts.sets_of(w.id))
            for w in (line.workout for line in db.workouts.page(limit=100_000))
        ]
    return expected(workouts)


def assert_sums_equal_sets(store: Store) -> None:
    want, have = from_sets(store), kept(store)
    assert set(have) == set(want), "a block summed that has no sets, or one left out"
    for key, row in want.items():
        assert have[key] == pytest.approx(row), f"the summary of {key} differs from its sets"


# --- workouts through the writer's handlers -------------------------------------------------


@dataclass(frozen=True)
class SetPlan:
    block: int
    set_index: int
    side: str
    kind: str
    amount: int
    band: str
    partial: bool
    skipped: bool
    pain: bool


@dataclass(frozen=True)
class Answer:
    """An effort check's answer, or an answer given later (``later``)."""

    block: int
    effort: int | None
    pain_sides: tuple[str, ...]
    correct: int | None  # a new amount for the block's first set
    later: bool
    flag_side: str


set_plans = st.builds(
    SetPlan,
    block=st.integers(0, 2),
    set_index=st.integers(0, 2),
    side=st.sampled_from(SIDES),
    kind=st.sampled_from(["reps", "hold", "to-fatigue"]),
    amount=st.integers(0, 40),
    band=st.sampled_from(BANDS),
    partial=st.booleans(),
    skipped=st.booleans(),
    pain=st.booleans(),
)
answers = st.builds(
    Answer,
    block=st.integers(0, 2),
    effort=st.one_of(st.none(), st.integers(1, 5)),
    pain_sides=st.lists(st.sampled_from(SIDES), max_size=2, unique=True).map(tuple),
    correct=st.one_of(st.none(), st.integers(0, 30)),
    later=st.booleans(),
    flag_side=st.sampled_from(SIDES),
)
workout_plans = st.lists(
    st.tuples(
        st.lists(set_plans, min_size=1, max_size=10),
        st.lists(answers, max_size=3),
        st.sampled_from(["completed", "ended-early", "partial"]),
    ),
    min_size=1,
    max_size=4,
)


def logged(plan: SetPlan, at: datetime) -> LoggedSet:
    held = plan.kind == "hold"
    done = 0 if plan.skipped else plan.amount
    slot = SLOTS[plan.block]
    return LoggedSet(
        block=plan.block,
        set_index=plan.set_index,
        side=plan.side,  # type: ignore[arg-type]
        exercise_id=slot,
        slot=slot,
        kind=plan.kind,  # type: ignore[arg-type]
        target_reps=None if held else 12,
        target_hold=30 if held else None,
        reps=None if held else done,
        hold_seconds=(0.0 if plan.skipped else done + 0.5) if held else None,
        rep_seconds=3,
        band=plan.band,  # type: ignore[arg-type]
        effort=None,
        pain=plan.pain and not plan.skipped,
        partial=plan.partial,
        skipped=plan.skipped,
        started_at=at,
        ended_at=at + timedelta(seconds=40),
    )


def handle(store: Store, command: Command) -> Any:
    with store.write() as db:
        return HANDLERS[type(command)](db, command)


def write_workouts(store: Store, plans: list[tuple[list[SetPlan], list[Answer], str]]) -> None:
    at = T0
    for sets, answers_given, status in plans:
        with store.write() as db:
            workout = db.workouts.start("tv-floor", "Floor routine", "", at)
        clock = at
        for plan in sets:  # a set logged again (same block, index and side) redoes it
            clock += timedelta(minutes=1)
            handle(store, LogSet(workout_uid=workout.uid, logged=logged(plan, clock)))
        for answer in answers_given:
            if not answer.later:
                fixed = () if answer.correct is None else (
                    Correction(set_index=0, side="left", amount=float(answer.correct)),
                )  # fmt: skip
                handle(
                    store,
                    RateExercise(
                        workout_uid=workout.uid,
                        block=answer.block,
                        effort=answer.effort,
                        pain=bool(answer.pain_sides),
                        pain_sides=answer.pain_sides,  # type: ignore[arg-type]
                        corrections=fixed,
                    ),
                )
        handle(store, FinishWorkout(workout_uid=workout.uid, status=status, at=clock))  # type: ignore[arg-type]
        for answer in answers_given:
            if answer.later:  # after the workout: a rating, then pain on a side
                effort = answer.effort or 3
                handle(
                    store,
                    AnswerLater(
                        answer=RateLater(workout=workout.id, block=answer.block, effort=effort)
                    ),
                )
                handle(
                    store,
                    AnswerLater(
                        answer=FlagPainLater(
                            workout=workout.id,
                            block=answer.block,
                            side=answer.flag_side,  # type: ignore[arg-type]
                        )
                    ),
                )
        at += timedelta(hours=20)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=workout_plans)
def test_the_sums_equal_the_sets_after_any_workouts(tmp_path: Path, plans: Any) -> None:
    store = Store.open(tmp_path / f"home-{id(plans)}.db")
    try:
        write_workouts(store, plans)
        assert_sums_equal_sets(store)
    finally:
        store.close()


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=workout_plans)
def test_the_sums_equal_the_sets_after_any_workouts_on_postgresql(
    empty_postgres: PostgresDatabase, plans: Any
) -> None:
    """On PostgreSQL a set's upsert and its fold are one statement (``sums.with_fold``):
    the same property, over one database that gathers every example's workouts."""
    store = Store.open(empty_postgres.url)
    try:
        write_workouts(store, plans)
        assert_sums_equal_sets(store)
    finally:
        store.close()


SKIPS_AND_PARTS = [
    (
        [
            SetPlan(0, 0, "left", "reps", 10, "light", False, False, False),
            SetPlan(0, 0, "right", "reps", 0, "none", False, True, False),  # skipped
            SetPlan(0, 1, "left", "reps", 6, "medium", True, False, True),  # part-way
            SetPlan(0, 1, "right", "reps", 8, "none", False, False, False),
            SetPlan(1, 0, "both", "hold", 20, "none", False, True, False),  # all skipped
            SetPlan(2, 0, "both", "hold", 25, "heavy", True, False, False),  # part only
            SetPlan(0, 1, "right", "reps", 11, "none", False, False, False),  # redone
        ],
        [
            Answer(0, 4, ("right",), 9, later=False, flag_side="left"),
            Answer(0, 2, (), None, later=True, flag_side="both"),  # rated again later
            Answer(1, 5, ("both",), None, later=False, flag_side="both"),  # skipped: nothing
        ],
        "ended-early",
    )
]


def test_skips_parts_ratings_and_later_answers_are_summed_as_the_sets_say(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "glutetui.db")
    try:
        write_workouts(store, SKIPS_AND_PARTS)
        assert_sums_equal_sets(store)
        have = kept(store)
        skipped_block = next(v for k, v in have.items() if k[1] == 1)
        assert skipped_block["both_sets"] == 0 and skipped_block["effort"] is None
        first = next(v for k, v in have.items() if k[1] == 0)
        assert (first["left_sets"], first["left_whole"], first["right_sets"]) == (2, 1, 1)
        assert first["effort"] == 2, "the rating given later is the one summed"
    finally:
        store.close()


def test_an_import_brings_its_sums(tmp_path: Path) -> None:
    source, target = Store.open(tmp_path / "a.db"), Store.open(tmp_path / "b.db")
    try:
        write_workouts(source, SKIPS_AND_PARTS * 2)
        out = io.StringIO()
        exchange.export_json(source, out)
        with target.write() as db:
            found = exchange.import_into(
                db, exchange.read_stream(io.BytesIO(out.getvalue().encode()))
            )
        assert found.workouts == 2
        assert_sums_equal_sets(target)
        assert len(kept(target)) == len(kept(source)) == 6
    finally:
        source.close()
        target.close()


# --- the migration, on a home kept before the summaries ------------------------------------


SKIP_SOME = "UPDATE set_logs SET skipped = 1, reps = 0, hold_seconds = 0 WHERE id % 7 = 0"
PART_SOME = "UPDATE set_logs SET partial = 1 WHERE id % 5 = 0"


def test_the_migration_sums_an_existing_home(tmp_path: Path) -> None:
    db = tmp_path / "glutetui.db"
    shutil.copyfile(fixture_path("0005"), db)
    with sqlite3.connect(db) as raw:  # some sets passed over, some stopped part-way
        raw.execute(SKIP_SOME)
        raw.execute(PART_SOME)
    store = Store.open(db)  # upgrades
    try:
        assert len(kept(store)) > 100
        assert_sums_equal_sets(store)
    finally:
        store.close()


def test_the_migration_sums_an_existing_home_on_postgresql(
    empty_postgres: PostgresDatabase, tmp_path: Path
) -> None:
    """The SQLite fixture's workouts and sets, copied into a PostgreSQL database at
    revision 0005, are summed by the upgrade as on SQLite."""
    engine = create_engine(empty_postgres.url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        migrate(connection, "0005")
        tables = MetaData()
        copy = tmp_path / "0005.db"
        shutil.copyfile(fixture_path("0005"), copy)
        with sqlite3.connect(copy) as source:
            source.row_factory = sqlite3.Row
            source.execute(SKIP_SOME)
            source.execute(PART_SOME)
            for name in ("workouts", "set_logs"):
                table = Table(name, tables, autoload_with=connection)
                rows = [_typed(table, dict(r)) for r in source.execute(f"SELECT * FROM {name}")]
                connection.execute(table.insert(), rows)
        for name in ("workouts", "set_logs"):
            connection.exec_driver_sql(
                f"SELECT setval('{name}_id_seq', (SELECT max(id) FROM {name}))"
            )
    engine.dispose()

    store = Store.open(empty_postgres.url)  # upgrades to the newest schema
    try:
        assert len(kept(store)) > 100
        assert_sums_equal_sets(store)
        # And kept as sets are written there too.
        write_workouts(store, SKIPS_AND_PARTS)
        assert_sums_equal_sets(store)
    finally:
        store.close()


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A row read from SQLite, in the types the PostgreSQL columns take."""
    out = {}
    for column in table.columns:
        value = row.get(column.name)
        kind = column.type.python_type if value is not None else None
        if kind is datetime and isinstance(value, str):
            value = datetime.fromisoformat(value)
        elif kind is bool:
            value = bool(value)
        out[column.name] = value
    return out


def test_the_summary_table_is_what_the_sets_table_sums_and_nothing_else() -> None:
    """Every figure the summaries hold has its rule above (a column added to the table
    without one fails here)."""
    ruled = set(expected([(1, T0, "p", [_one_set()])])[(1, 0, "clamshell", "clamshell")])
    columns = {c.name for c in BLOCK_SUMS.columns} - {
        "id",
        "workout_id",
        "block",
        "slot",
        "exercise_id",
    }
    assert ruled == columns
    assert {c.name for c in SetRow.__table__.columns} >= {"skipped", "partial", "pain"}
    assert WorkoutRow.__tablename__ == "workouts"


def _one_set() -> SetRecord:
    one = logged(SKIPS_AND_PARTS[0][0][0], T0)
    fields = {f: getattr(one, f) for f in LoggedSet.__struct_fields__}
    return SetRecord(id=1, workout_id=1, **fields)


def test_the_report_steps_of_a_block_across_midnight_come_from_its_sets(tmp_path: Path) -> None:
    """A block whose sets end on two local days is charted on each day it was done, as
    every set ended: the summaries hold one row for it, so its sets are read."""
    store = Store.open(tmp_path / "glutetui.db")
    local_midnight = datetime.combine(T0.astimezone().date(), datetime.min.time()).astimezone()
    start = local_midnight + timedelta(days=1, minutes=-2)
    try:
        with store.write() as db:
            workout = db.workouts.start("tv-floor", "Floor routine", "", start)
        for n, side in enumerate(("left", "right", "left", "right")):
            plan = SetPlan(0, n // 2, side, "reps", 10 + n, "light", False, False, False)
            at = start + timedelta(minutes=n)  # two sets before midnight, two after
            handle(store, LogSet(workout_uid=workout.uid, logged=logged(plan, at)))
        with store.read() as db:
            steps = db.queries.report(start - timedelta(days=1), start + timedelta(days=1), "day")
            found = {(s.at, s.side): (s.sets, s.reps) for s in steps.set_steps()}
        day = start.astimezone().date()
        after = day + timedelta(days=1)
        assert found == {
            (day, "left"): (1, 10.0),
            (day, "right"): (1, 11.0),
            (after, "left"): (1, 12.0),
            (after, "right"): (1, 13.0),
        }
    finally:
        store.close()


# --- a set redone on PostgreSQL: the upsert says whether it was new --------------------------


def test_a_set_redone_on_postgresql_is_summed_once(empty_postgres: PostgresDatabase) -> None:
    """On PostgreSQL the upsert itself tells a new set from one redone (no question
    first): a new set folds into its block's summary, a redone one sums the block
    again, so the block counts it once with the amount done the second time."""
    store = Store.open(empty_postgres.url)
    try:
        with store.write() as db:
            workout = db.workouts.start("tv-floor", "Floor", "{}", T0).id

        def logged(n: int, reps: int) -> LoggedSet:
            at = T0 + timedelta(minutes=n)
            return LoggedSet(
                block=0,
                set_index=n,
                side="left",
                exercise_id="clamshell",
                slot="clamshell",
                kind="reps",
                target_reps=12,
                target_hold=None,
                reps=reps,
                hold_seconds=None,
                rep_seconds=3,
                band="none",
                effort=None,
                pain=False,
                partial=False,
                started_at=at,
                ended_at=at + timedelta(seconds=40),
            )

        for n, reps in ((0, 10), (1, 11), (1, 7)):  # the second set redone
            with store.write() as db:
                db.workouts.log_set(workout, logged(n, reps))
        with store.write() as db:
            db.workouts.rate_block(workout, 0, 4, True)
            redone = db.workouts.log_set(workout, logged(0, 12))
        # The record a redo returns is the row as kept: the rating and pain flag stay.
        assert (redone.reps, redone.effort, redone.pain) == (12, 4, True)
        with store.read() as db:
            assert db.session.get(SetRow, redone.id) is not None
        assert_sums_equal_sets(store)
        (row,) = kept(store).values()
        assert (row["left_sets"], row["left_done"]) == (2, 19)
    finally:
        store.close()
