"""Two devices on one history: nothing lost, nothing made twice, answers and doses shared.

Each test runs on SQLite (two copies of the app on one file) and on a real
PostgreSQL server (two devices on one database), through the ``database_target``
fixture. The races are forced, not hoped for: one device's transaction is held
open, or both devices' reads are made to finish before either writes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from glutetui.platform.locations import Locations
from glutetui.records import SuggestionRecord
from glutetui.services import Services
from glutetui.store import Store
from glutetui.store.repos.suggestions import Suggestions
from glutetui.vocab import BlockRef
from glutetui.workout.run import EffortAnswer, WorkoutRun
from tests import coaching
from tests.clock import FakeClock
from tests.factories import dose, in_force, logged_set, start_run
from tests.fakes import Recorder
from tests.postgres import PostgresDatabase
from tests.unit.test_catalog import TINY

NOW = datetime(2026, 3, 20, 18, 0, tzinfo=UTC)


class Device:
    """One copy of glutetui: its own home folder and services, the shared history."""

    def __init__(self, root: Path, name: str, target: Path | str) -> None:
        home = root / name
        (home / "programs").mkdir(parents=True)
        (home / "programs" / "tiny.toml").write_text(TINY)
        url = target if isinstance(target, str) else f"sqlite:///{target}"
        self.services = Services(Locations(home, home, url), FakeClock(wall=NOW))

    @property
    def store(self) -> Store:
        return self.services.store


@pytest.fixture
def devices(tmp_path: Path, database_target: Path | str) -> Iterator[tuple[Device, Device]]:
    pair = (
        Device(tmp_path, "living-room", database_target),
        Device(tmp_path, "desk", database_target),
    )
    yield pair
    for device in pair:
        device.services.close()


TINY_CLAM = BlockRef("tiny", "clamshell")


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(work()), daemon=True)
    thread.start()
    return thread, out


def asking_for_the_lock(store: Store) -> threading.Event:
    """Set when ``store`` sends the statement that waits for another device's write:
    SQLite's BEGIN IMMEDIATE, PostgreSQL's lock on the progression."""
    from sqlalchemy import event

    asked = threading.Event()

    def sent(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        if "BEGIN IMMEDIATE" in statement or "pg_advisory_xact_lock" in statement:
            asked.set()

    event.listen(store.engine, "before_cursor_execute", sent)
    return asked


def pained_workout(store: Store) -> None:
    """A clamshell workout at the dose in force (2 x 14) with pain flagged: the rules
    step back at once."""
    at = NOW - timedelta(days=1)
    with store.write() as db:
        w = db.workouts.start("tiny", "Tiny", "{}", at)
        for n in range(2):
            for side in ("left", "right"):
                done = logged_set(0, n, side, reps=14, at=at)
                db.workouts.log_set(w.id, msgspec.structs.replace(done, target_reps=14))
        db.workouts.rate_block(w.id, 0, effort=4, pain=True)
        db.workouts.finish(w.id, "completed", at + timedelta(minutes=5))
        db.doses.change(TINY_CLAM, dose("clamshell", 2, 14), "by hand", at - timedelta(days=9))


def a_suggestion(store: Store, evidence: str = "e1") -> SuggestionRecord:
    with store.write() as db:
        return db.suggestions.add(
            TINY_CLAM,
            "progress",
            "two easy workouts",
            evidence,
            dose("clamshell", 2, 14),
            dose("clamshell", 2, 16),
            NOW,
        )


def test_two_reviews_at_once_make_one_suggestion(
    devices: tuple[Device, Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = devices
    pained_workout(a.store)
    b.store  # noqa: B018  both open before the race
    # Both devices read (and find the evidence new) before either writes. A review is
    # one write unit of each device's writer: SQLite lets only one such unit in at a
    # time, so there the second waits for the first to commit; PostgreSQL lets both
    # read first, and the progression lock decides.
    racing = 2 if a.store.engine.dialect.name == "postgresql" else 1
    both_read = threading.Barrier(racing, timeout=10)
    reads = threading.local()
    known = Suggestions.known

    def known_then_wait(self: Suggestions, evidence: Any) -> set[str]:
        found = known(self, evidence)
        if not getattr(reads, "done", False):
            reads.done = True
            both_read.wait()
        return found

    monkeypatch.setattr(Suggestions, "known", known_then_wait)
    first, made_a = in_thread(lambda: coaching.review(a.services))
    second, made_b = in_thread(lambda: coaching.review(b.services))
    first.join(timeout=30)
    second.join(timeout=30)
    assert sorted(len(m) for m in made_a + made_b) == [0, 1]
    with a.store.read() as db:
        kept = db.suggestions.listed()
        changes = db.doses.changes([TINY_CLAM])
        current = db.doses.current()[TINY_CLAM]
    assert [(s.kind, s.status) for s in kept] == [("pain", "accepted")]
    assert [c.reason for c in changes] == ["by hand", kept[0].reason]  # stepped back once
    assert current.reps == 12


def test_a_suggestion_answered_on_one_device_is_not_offered_on_the_other(
    devices: tuple[Device, Device],
) -> None:
    a, b = devices
    made = a_suggestion(a.store)
    assert [s.uid for s in coaching.pending(b.services)] == [made.uid]
    coaching.accept(a.services, made.id)
    assert coaching.pending(b.services) == []
    late = coaching.dismiss(b.services, made.id)  # an answer given on a screen not yet refreshed
    assert late.status == "accepted"
    assert in_force(b.services).reps == 16  # the history, and so the doses, are shared
    # The workout the other device starts next is at the new dose.
    session = start_run(b.services, b.services.catalog.programs["tiny"], Recorder().layer())
    assert session.engine.plan.blocks[0].reps == 16


def test_accepting_and_dismissing_at_once_leaves_one_answer(
    devices: tuple[Device, Device],
) -> None:
    a, b = devices
    made = a_suggestion(a.store)
    asking = asking_for_the_lock(b.store)
    with a.store.write() as db:
        db.suggestions.accept(made.id, NOW)
        # The desk dismisses it while the living room's answer is not yet committed.
        waiting, answer = in_thread(lambda: coaching.dismiss(b.services, made.id))
        assert asking.wait(timeout=30), "the desk never asked for the lock"
        assert waiting.is_alive()  # it waits for the living room's answer
    waiting.join(timeout=30)
    assert answer[0].status == "accepted"
    with b.store.read() as db:
        (kept,) = db.suggestions.listed()
        changes = db.doses.changes()
    assert kept.status == "accepted" and [c.suggestion_uid for c in changes] == [made.uid]


def test_two_devices_logging_workouts_at_once_lose_and_duplicate_nothing(
    devices: tuple[Device, Device],
) -> None:
    sessions = [
        start_run(d.services, d.services.catalog.programs["tiny"], Recorder().layer())
        for d in devices
    ]

    def run(session: WorkoutRun) -> None:
        clock = session.clock
        assert isinstance(clock, FakeClock)
        session.start()
        while not session.engine.finished:
            clock.advance(0.25)
            session.tick()
            if session.waiting_for_effort:
                session.submit_effort(EffortAnswer(3))
        assert session.writer.drain(timeout=30)

    threads = [in_thread(lambda s=s: run(s))[0] for s in sessions]  # type: ignore[misc]
    for thread in threads:
        thread.join(timeout=60)
    a, _ = devices
    with a.store.read() as db:
        page = db.workouts.page(limit=10)
        sets = [db.workouts.sets_of(p.workout.id) for p in page]
    assert sorted(p.workout.uid for p in page) == sorted(s.workout.uid for s in sessions)
    assert all(p.workout.status == "completed" for p in page)
    assert [sorted((s.side, s.effort) for s in group) for group in sets] == [
        [("left", 3), ("right", 3)]
    ] * 2


def test_a_workout_finished_on_one_device_is_not_closed_as_partial_by_the_other(
    postgres: PostgresDatabase,
) -> None:
    """The desk starts a workout and closes what it finds in progress, while the living
    room's workout ends: the living room's end is kept (PostgreSQL lets the two overlap;
    SQLite's write lock never does)."""
    living_room, desk = Store.open(postgres.url), Store.open(postgres.url)
    try:
        with living_room.write() as db:
            running = db.workouts.start("tiny", "Tiny", "{}", NOW)
        with desk.write() as db:
            stale = db.workouts.unfinished()
            assert stale is not None and stale.workout.id == running.id
            with living_room.write() as other:
                other.workouts.finish(running.id, "completed", NOW + timedelta(minutes=9))
            db.workouts.close_as_partial(stale.workout.id)
        with desk.read() as db:
            ended = db.workouts.get(running.id)
    finally:
        living_room.close()
        desk.close()
    assert ended is not None and ended.status == "completed"
    assert ended.ended_at == NOW + timedelta(minutes=9)
