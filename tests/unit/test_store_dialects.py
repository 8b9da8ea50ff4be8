"""The store's repositories and History's figures on SQLite and on a real PostgreSQL server.

Every test here runs once per dialect (the ``database_target`` fixture): what a
person sees must not depend on where the history is kept. The last tests hold the
two side by side: the same history, in a time zone with daylight saving, gives the
same figures on both.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
from sqlalchemy import event, func, select

from benchmarks.generate import generate_history
from glutetui.catalog import load_catalog
from glutetui.store import Store, StoreError, exchange
from glutetui.store.models import WorkoutRow
from glutetui.store.queries import insights
from glutetui.vocab import BlockRef
from tests.factories import CLAM, T0, dose, logged_set
from tests.postgres import PostgresDatabase

# Noon UTC on a Friday: the same local day in UTC and in New York.
NOON = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(database_target: Path | str) -> Iterator[Store]:
    s = Store.open(database_target)
    yield s
    s.close()


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time five hours behind UTC in winter and four in summer (from 8 March 2026)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def workout_on(store: Store, at: datetime, sides: dict[str, int] | None = None) -> int:
    """A finished workout of clamshells at a moment: one set per side."""
    with store.write() as db:
        w = db.workouts.start("tv-floor", "TV floor", "{}", at)
        for side, reps in (sides or {"left": 10, "right": 12}).items():
            db.workouts.log_set(w.id, logged_set(0, 0, side, reps, at=at, rep_seconds=4))  # type: ignore[arg-type]
        db.workouts.finish(w.id, "completed", at + timedelta(minutes=10))
    return w.id


# --- workouts and their sets ------------------------------------------------------------


def test_sets_are_logged_redone_rated_and_read_back(store: Store) -> None:
    with store.write() as db:
        w = db.workouts.start("tiny", "Tiny", '{"blocks": []}', T0)
        db.workouts.log_set(w.id, logged_set(0, 0, "left", 8))
        db.workouts.log_set(w.id, logged_set(0, 0, "right", 9))
    with store.write() as db:
        db.workouts.rate_block(w.id, 0, effort=4, pain=True, corrections={(0, "left"): 7})
    with store.write() as db:  # a redone set replaces its row, keeping the answer given
        redone = db.workouts.log_set(w.id, logged_set(0, 0, "right", 11))
    with store.read() as db:
        sets = db.workouts.sets_of(w.id)
    assert [(s.side, s.reps, s.effort, s.pain) for s in sets] == [
        ("left", 7, 4, True),
        ("right", 11, 4, True),
    ]
    assert redone.id == sets[1].id and sets[0].started_at == T0


def test_an_unfinished_workout_is_found_then_closed_at_its_last_set(store: Store) -> None:
    with store.write() as db:
        w = db.workouts.start("tiny", "Tiny", "{}", T0)
        db.workouts.log_set(w.id, logged_set(0, 0, "left"))
    with store.read() as db:
        unfinished = db.workouts.unfinished()
    assert unfinished is not None and unfinished.workout.uid == w.uid
    assert unfinished.finished_keys == [(0, 0, "left")] and unfinished.plan == "{}"
    with store.write() as db:
        db.workouts.close_as_partial(w.id)
    with store.read() as db:
        closed = db.workouts.get(w.id)
        assert db.workouts.unfinished() is None
    assert closed is not None and closed.status == "partial"
    assert closed.ended_at == T0 + timedelta(seconds=30)


def test_the_history_page_is_newest_first_with_totals(store: Store) -> None:
    first = workout_on(store, T0)
    second = workout_on(store, T0 + timedelta(days=1), {"left": 5})
    with store.write() as db:
        db.workouts.rate_block(first, 0, effort=3, pain=True)
        db.workouts.start("tiny", "Tiny", "{}", T0 + timedelta(days=2))  # nothing logged yet
    with store.read() as db:
        page = db.workouts.page(limit=10)
        assert db.workouts.count() == 3 and len(db.workouts.page(limit=1, offset=2)) == 1
        last = db.workouts.last()
    assert [p.sets for p in page] == [0, 1, 2]
    assert (page[1].workout.id, page[1].reps, page[1].effort, page[1].unrated) == (
        second,
        5,
        None,
        1,
    )
    # Pain flags count exercises of a workout (one, flagged on both sides), not sets.
    assert (page[2].reps, page[2].effort, page[2].pain, page[2].unrated) == (22, 3.0, 1, 0)
    assert isinstance(page[2].effort, float) and isinstance(page[2].hold_seconds, float)
    assert page[2].workout.span_seconds == 600
    assert last is not None and last.workout.id == page[0].workout.id


def test_what_the_coach_reads_of_the_log(store: Store) -> None:
    old = workout_on(store, T0, {"left": 14, "right": 9})
    with store.write() as db:
        later = T0 + timedelta(days=1)
        w = db.workouts.start("side", "Side", "{}", later)
        db.workouts.log_set(w.id, logged_set(0, 0, "left", 10, at=later, band="light"))
        db.workouts.log_set(
            w.id, logged_set(1, 0, "left", hold=40.0, at=later, exercise="side-plank")
        )
    side_clam, side_plank = BlockRef("side", "clamshell"), BlockRef("side", "side-plank")
    with store.read() as db:
        marks = db.workouts.marks(["clamshell", "side-plank"], exclude_workout=w.id)
        assert db.workouts.blocks() == [side_clam, side_plank, CLAM]
        # Completed workouts only (the program in use is chosen from them): "side" runs.
        assert db.workouts.recent_programs(T0 - timedelta(days=1)) == [("tv-floor", T0)]
        histories = db.workouts.block_histories([CLAM, side_clam, side_plank], workouts=5)
    assert (marks["clamshell", "left"].reps, marks["clamshell", "left"].band) == (14, "none")
    assert ("side-plank", "left") not in marks  # only in the workout left out
    assert [h.workout.id for h in histories[CLAM]] == [old]  # each program block apart
    assert [h.workout.id for h in histories[side_clam]] == [w.id]
    assert [len(h.sets) for h in histories[CLAM]] == [2]
    assert [h.sets[0].hold_seconds for h in histories[side_plank]] == [40.0]


# --- doses, suggestions, self-tests -------------------------------------------------------


def test_doses_change_with_their_reasons(store: Store) -> None:
    with store.write() as db:
        db.doses.change(CLAM, dose("clamshell", 2, 12), "by hand", T0)
        db.doses.change(CLAM, dose("clamshell", 3, 12, band="light"), "more", NOON)
    with store.read() as db:
        current = db.doses.current()
        changes = db.doses.changes([CLAM])
    assert current[CLAM].dose == dose("clamshell", 3, 12, band="light")
    assert current[CLAM].updated_at == NOON
    assert [(c.sets, c.reason, c.suggestion_uid) for c in changes] == [
        (2, "by hand", None),
        (3, "more", None),
    ]


def test_suggestions_are_kept_answered_and_set_aside(store: Store) -> None:
    before, after = dose("clamshell", 2, 12), dose("clamshell", 2, 14)
    with store.write() as db:
        first = db.suggestions.add(CLAM, "progress", "easy", "e1", before, after, T0)
        second = db.suggestions.add(CLAM, "progress", "easier", "e2", before, after, NOON)
        note = db.suggestions.add(
            BlockRef("tv-floor", "fire-hydrant"),
            "asymmetry",
            "left trails",
            "e3",
            before,
            before,
            NOON,
        )
    with store.write() as db:
        accepted = db.suggestions.accept(second.id, NOON)
        dismissed = db.suggestions.dismiss(note.id, NOON)
        again = db.suggestions.dismiss(second.id, NOON)  # answered once, it stays answered
    with store.read() as db:
        statuses = {s.uid: s.status for s in db.suggestions.listed()}
        assert db.suggestions.known(["e1", "e2", "e9"]) == {"e1", "e2"}
        assert db.suggestions.listed("pending") == []
        changes = db.doses.changes()
        current = db.doses.current()
    assert statuses == {first.uid: "expired", second.uid: "accepted", note.uid: "dismissed"}
    assert (accepted.status, dismissed.status, again.status) == (
        "accepted",
        "dismissed",
        "accepted",
    )
    assert current[CLAM].reps == 14 and BlockRef("tv-floor", "fire-hydrant") not in current
    assert [c.suggestion_uid for c in changes] == [second.uid]
    with pytest.raises(StoreError), store.write() as db:
        db.suggestions.accept(10_000, NOON)


def test_a_step_back_after_pain_applies_at_once(store: Store) -> None:
    with store.write() as db:
        made = db.suggestions.add(
            CLAM,
            "pain",
            "pain flagged",
            "p1",
            dose("clamshell", 2, 14),
            dose("clamshell", 2, 12),
            T0,
            apply=True,
        )
    with store.read() as db:
        assert db.suggestions.listed()[0].status == "accepted" == made.status
        assert db.doses.current()[CLAM].reps == 12


def test_self_tests_are_kept_in_order(store: Store) -> None:
    with store.write() as db:
        db.self_tests.add("right", "eyes-open", 30, 21.25, False, NOON)
        db.self_tests.add("left", "eyes-closed", 30, 30.0, True, T0)
    with store.read() as db:
        found = db.self_tests.listed()
    assert [(t.side, t.stage, t.hold_seconds, t.level) for t in found] == [
        ("left", "eyes-closed", 30.0, True),
        ("right", "eyes-open", 21.25, False),
    ]


# --- History's figures --------------------------------------------------------------------


def test_history_figures_on_local_days(store: Store) -> None:
    today = NOON.date()
    for n in (0, 1, 2, 5, 6, 7, 8, 9, 20, 40):
        workout_on(store, NOON - timedelta(days=n), {"left": 8 + n % 3, "right": 10})
    with store.write() as db:
        w = db.workouts.start("side", "Side", "{}", NOON)
        db.workouts.log_set(w.id, logged_set(0, 0, "left", hold=30.0, exercise="side-plank"))
    since = NOON - timedelta(days=60)
    with store.reading() as session:
        assert insights.streaks(session, today) == (3, 5)
        assert insights.streaks(session, today + timedelta(days=2)) == (0, 5)
        assert insights.logged_exercises(session) == ["clamshell", "side-plank"]
        days = insights.training_day_counts(session, NOON - timedelta(days=10))
        monthly = insights.trend(session, "clamshell", since, "month")
        weekly = insights.trend(session, "clamshell", since, "week")
        daily = insights.trend(session, "clamshell", NOON - timedelta(days=1), "day")
        per_workout = insights.trend(session, "clamshell", NOON - timedelta(hours=1), "workout")
        tension = insights.tension(session, NOON - timedelta(days=3), None, "week")
    with store.read() as db:
        records = [
            (ex, side, m.reps, m.hold) for (ex, side), m in sorted(db.workouts.marks().items())
        ]
    assert [(d.day, d.workouts) for d in days][-2:] == [(today - timedelta(days=1), 1), (today, 2)]
    assert [p.period.date() for p in monthly] == [date(2026, 2, 1)] * 2 + [date(2026, 3, 1)] * 2
    assert all(p.period.weekday() == 0 for p in weekly)
    assert [(p.period, p.side, p.reps, p.sets) for p in daily] == [
        (datetime(2026, 3, 19), "left", 9.0, 1),
        (datetime(2026, 3, 19), "right", 10.0, 1),
        (datetime(2026, 3, 20), "left", 8.0, 1),
        (datetime(2026, 3, 20), "right", 10.0, 1),
    ]
    assert [(p.period, p.side) for p in per_workout] == [
        (datetime(2026, 3, 20, 12, 0, 30), "left"),
        (datetime(2026, 3, 20, 12, 0, 30), "right"),
    ]
    assert all(isinstance(p.reps, float) for p in monthly + weekly)
    # Since Tuesday: three clamshell workouts (8 + 9 + 10 reps left, 10 a time right, at
    # 4 s a rep) and a 30 s hold on the left.
    by_side = {(t.at, t.side): t.seconds for t in tension}
    assert by_side == {(date(2026, 3, 16), "left"): 4 * 27 + 30, (date(2026, 3, 16), "right"): 120}
    assert records == [
        ("clamshell", "left", 10, None),
        ("clamshell", "right", 10, None),
        ("side-plank", "left", None, 30.0),
    ]


@pytest.mark.usefixtures("new_york")
def test_a_late_evening_counts_on_the_local_day(store: Store) -> None:
    """02:30 UTC on the 20th is 22:30 on the 19th in New York: one day, not two."""
    workout_on(store, datetime(2026, 3, 19, 16, 0, tzinfo=UTC))
    workout_on(store, datetime(2026, 3, 20, 2, 30, tzinfo=UTC))
    workout_on(store, datetime(2026, 3, 2, 4, 0, tzinfo=UTC))  # Sunday 1st, 23:00 local
    with store.reading() as session:
        days = insights.training_day_counts(session, datetime(2026, 3, 1, tzinfo=UTC))
        streak = insights.streaks(session, date(2026, 3, 20))
        late = insights.trend(session, "clamshell", datetime(2026, 3, 20, tzinfo=UTC), "workout")
    assert [(d.day, d.workouts) for d in days] == [(date(2026, 3, 1), 1), (date(2026, 3, 19), 2)]
    assert streak == (1, 1)
    assert late[0].period == datetime(2026, 3, 19, 22, 30, 30)  # summer time: UTC-4


# --- export and import ---------------------------------------------------------------------


def test_an_export_imports_whole_and_only_once(store: Store, tmp_path: Path) -> None:
    first = workout_on(store, T0)
    with store.write() as db:
        db.workouts.rate_block(first, 0, effort=2, pain=False)
        made = db.suggestions.add(
            CLAM,
            "progress",
            "easy",
            "e1",
            dose("clamshell", 2, 12),
            dose("clamshell", 2, 14),
            T0,
        )
        db.suggestions.accept(made.id, NOON)
        db.self_tests.add("left", "eyes-open", 30, 30.0, True, T0)
    text = exchange.to_text(lambda out: exchange.export_json(store, out, now=NOON))
    copy = Store.open(tmp_path / "copy.db")
    try:
        counts = exchange.import_json(copy, text.encode())
        assert (counts.workouts, counts.sets, counts.suggestions, counts.dose_changes) == (
            1,
            2,
            1,
            1,
        )
        again = exchange.import_json(store, text.encode())  # into the history it came from
        assert (again.workouts, again.skipped) == (0, 4)
        back = exchange.to_text(lambda out: exchange.export_json(copy, out, now=NOON))
    finally:
        copy.close()
    assert back == text


# --- the two side by side -------------------------------------------------------------------


@pytest.mark.usefixtures("new_york")
def test_sqlite_and_postgresql_give_the_same_figures(
    postgres: PostgresDatabase, tmp_path: Path
) -> None:
    """Ten weeks across the change to summer time, in both databases: every figure agrees."""
    catalog = load_catalog()
    end = datetime(2026, 4, 10, 3, 30, tzinfo=UTC)  # late evening in New York
    stores = [Store.open(tmp_path / "same.db"), Store.open(postgres.url)]
    try:
        for s in stores:
            generate_history(s, catalog, 70, end=end, seed=5)
        figures = [_figures(s, end) for s in stores]
    finally:
        for s in stores:
            s.close()
    for name in figures[0]:
        assert figures[0][name] == figures[1][name], name


def _figures(store: Store, end: datetime) -> dict[str, object]:
    since = end - timedelta(days=80)
    today = end.astimezone().date()
    out: dict[str, object] = {}
    with store.reading() as session:
        for exercise in insights.logged_exercises(session):
            for bucket in get_args(insights.Bucket):
                points = insights.trend(session, exercise, since, bucket)
                out[f"{exercise} {bucket}"] = [
                    (p.period, p.side, _round(p.reps), _round(p.hold), p.band, p.sets)
                    for p in points
                ]
        out["days"] = insights.training_day_counts(session, since)
        out["streaks"] = insights.streaks(session, today)
        out["tension"] = [
            (t.at, t.side, round(t.seconds, 6))
            for t in insights.tension(session, since, None, "week")
        ]
    with store.read() as db:
        out["records"] = sorted(db.workouts.marks().items())
        out["page"] = [
            (p.workout.uid, p.sets, p.reps, round(p.hold_seconds, 6), _round(p.effort), p.pain)
            for p in db.workouts.page(limit=30)
        ]
        out["doses"] = db.doses.current()
        # Home's one read (store.peek), on either database.
        midnight = datetime(today.year, today.month, today.day).astimezone()
        home = db.home(today, midnight, end - timedelta(days=28))
        last = home.last
        out["home"] = (
            home.current_streak,
            home.longest_streak,
            home.done_today,
            home.recent_programs,
            None if last is None else (last.workout, last.sets, last.reps, _round(last.effort)),
            None if last is None else round(last.hold_seconds, 6),
            [c.uid for c in home.changes],
            [p.uid for p in home.pending],
            home.unfinished,
        )
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


# --- two readers of one state -------------------------------------------------------------


def _workouts(db: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(WorkoutRow)))


def test_two_readers_together_see_one_state_whatever_is_written_meanwhile(store: Store) -> None:
    """``read_together`` (the report's two threads): a workout written after the pair
    began, between the first's read and the second's, is seen by neither."""
    workout_on(store, NOON)
    with store.read_together() as (first, beside):
        assert beside is not None
        assert _workouts(first) == 1
        workout_on(store, NOON + timedelta(days=1))
        assert _workouts(beside) == 1
        assert _workouts(first) == 1  # and the first's reads stay on that state too
    with store.read() as db:
        assert _workouts(db) == 2


def test_nothing_is_written_between_the_two_readers_beginning(
    store: Store, database_target: Path | str
) -> None:
    """The moment between the first reader beginning and the second: on SQLite no other
    program can write then (the write lock is held); on PostgreSQL one can, and the
    second reader still sees what the first does (it takes the first's snapshot)."""
    workout_on(store, NOON)
    meanwhile: list[str] = []

    def between(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if meanwhile or not ("sqlite_master" in statement or "pg_export_snapshot" in statement):
            return
        if isinstance(database_target, Path):
            with sqlite3.connect(database_target, timeout=0, isolation_level=None) as other:
                try:
                    other.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    meanwhile.append(str(exc))
                    return
                other.execute("ROLLBACK")
                meanwhile.append("the write lock was free")
            return
        elsewhere = Store.open(database_target)
        try:
            workout_on(elsewhere, NOON + timedelta(days=1))
        finally:
            elsewhere.close()
        meanwhile.append("written")

    event.listen(store.engine, "after_cursor_execute", between)
    try:
        with store.read_together() as (first, beside):
            assert beside is not None
            assert _workouts(first) == _workouts(beside) == 1
    finally:
        event.remove(store.engine, "after_cursor_execute", between)
    assert meanwhile == (
        ["database is locked"] if isinstance(database_target, Path) else ["written"]
    )
