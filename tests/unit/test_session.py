"""The workout session (engine + store + sound) and what Home shows, without a UI."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from glutetui.platform.locations import Locations
from glutetui.readouts.home import describe_stop
from glutetui.readouts.summary import summary_figures
from glutetui.services import Services
from glutetui.store import LoggedSet, SetRecord, StoreError, UnfinishedWorkout, WorkoutRecord
from glutetui.store.repos import Workouts
from glutetui.workout.run import EffortAnswer, WorkoutRun
from tests.clock import FakeClock
from tests.factories import start_run
from tests.fakes import Recorder
from tests.unit.test_catalog import TINY

THREE_SETS = TINY.replace("sets = 1", "sets = 3")


@pytest.fixture
def services(isolated_home: Path) -> Iterator[Services]:
    programs = isolated_home / "programs"
    programs.mkdir(parents=True)
    (programs / "tiny.toml").write_text(TINY)
    (programs / "three.toml").write_text(THREE_SETS)
    s = Services(Locations(isolated_home, isolated_home), FakeClock())
    yield s
    s.close()


def clock_of(session: WorkoutRun) -> FakeClock:
    assert isinstance(session.clock, FakeClock)
    return session.clock


def workout_of(services: Services, workout_id: int) -> WorkoutRecord | None:
    """The workout as stored, once everything handed to the writer is written."""
    services.writer.drain()
    with services.store.read() as db:
        return db.workouts.get(workout_id)


def sets_of(services: Services, workout_id: int) -> list[SetRecord]:
    services.writer.drain()
    with services.store.read() as db:
        return db.workouts.sets_of(workout_id)


def open_workout(services: Services) -> UnfinishedWorkout | None:
    services.writer.drain()
    with services.store.read() as db:
        return db.workouts.unfinished()


def run_until_effort(session: WorkoutRun, step: float = 0.5) -> None:
    session.start()
    while not session.waiting_for_effort and not session.engine.finished:
        clock_of(session).advance(step)
        session.tick()


def test_a_tiny_workout_logs_each_side_and_its_effort(services: Services) -> None:
    session = start_run(services, services.catalog.programs["tiny"], Recorder().layer())
    run_until_effort(session)
    block, sets = session.effort_block()
    assert block.exercise_id == "clamshell"
    assert [(s.side, s.reps) for s in sets] == [("left", 3), ("right", 3)]
    session.submit_effort(EffortAnswer(2))
    assert session.engine.finished and session.finished
    workout = workout_of(services, session.workout.id)
    assert workout is not None and workout.status == "completed"
    stored = sets_of(services, session.workout.id)
    assert [(s.side, s.reps, s.effort, s.rep_seconds) for s in stored] == [
        ("left", 3, 2, 2),
        ("right", 3, 2, 2),
    ]


def test_each_set_is_in_the_store_the_moment_it_ends(services: Services) -> None:
    session = start_run(services, services.catalog.programs["three"], Recorder().layer())
    session.start()
    clock = clock_of(session)
    counts = []
    for _ in range(40):
        clock.advance(1)
        session.tick()
        counts.append(len(sets_of(services, session.workout.id)))
    # 10 s ready, 6 s left, 5 s switch, 6 s right, 5 s rest, 6 s left...
    assert counts[15] == 1 and counts[26] == 2 and counts[37] == 3


def test_corrections_and_pain_land_on_the_exercise(services: Services) -> None:
    session = start_run(services, services.catalog.programs["three"], Recorder().layer())
    run_until_effort(session)
    session.submit_effort(EffortAnswer(5, pain=True, corrections={(2, "right"): 1}))
    stored = sets_of(services, session.workout.id)
    assert {s.effort for s in stored} == {5} and all(s.pain for s in stored)
    assert [s.reps for s in stored] == [3, 3, 3, 3, 3, 1]


def test_an_early_end_keeps_what_was_done(services: Services) -> None:
    session = start_run(services, services.catalog.programs["three"], Recorder().layer())
    session.start()
    clock_of(session).advance(30)
    session.tick()
    session.stop()
    assert session.finished
    workout = workout_of(services, session.workout.id)
    assert workout is not None and workout.status == "ended-early"
    assert [
        e.block
        for e in summary_figures(services.store, services.catalog, session.workout.id).unrated
    ] == [0]
    session.rate_block(0, EffortAnswer(3))
    assert {s.effort for s in sets_of(services, session.workout.id)} == {3}


def test_resume_continues_at_the_interrupted_set_without_duplicates(services: Services) -> None:
    first = start_run(services, services.catalog.programs["three"], Recorder().layer())
    first.start()
    clock_of(first).advance(30)  # two sides of set 1 done, resting
    first.tick()
    assert len(sets_of(services, first.workout.id)) == 2
    # The process dies here. Next start:
    unfinished = open_workout(services)
    assert unfinished is not None and unfinished.workout.id == first.workout.id
    assert (
        describe_stop(unfinished, services.catalog) == "stopped at Clamshell, set 2 of 3, left side"
    )
    second = WorkoutRun.resume(services.writer, services.clock, unfinished, Recorder().layer())
    run_until_effort(second)
    second.submit_effort(EffortAnswer(2))
    stored = sets_of(services, first.workout.id)
    assert [(s.set_index, s.side) for s in stored] == [
        (0, "left"),
        (0, "right"),
        (1, "left"),
        (1, "right"),
        (2, "left"),
        (2, "right"),
    ]
    assert open_workout(services) is None


def test_starting_a_new_workout_closes_a_stale_one_as_partial(services: Services) -> None:
    first = start_run(services, services.catalog.programs["three"], Recorder().layer())
    first.start()
    clock_of(first).advance(20)
    first.tick()
    start_run(services, services.catalog.programs["tiny"], Recorder().layer())
    stale = workout_of(services, first.workout.id)
    assert stale is not None and stale.status == "partial"


def test_a_failed_write_is_kept_and_retried(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    problems: list[str] = []
    reported = threading.Event()

    def problem(message: str) -> None:
        problems.append(message)
        reported.set()

    def disk_full(self: Workouts, workout_id: int, logged: LoggedSet) -> SetRecord:
        raise StoreError("disk full")

    services.on_problem = problem
    session = start_run(services, services.catalog.programs["three"], Recorder().layer())
    real = Workouts.log_set
    monkeypatch.setattr(Workouts, "log_set", disk_full)
    session.start()
    clock_of(session).advance(17)
    session.tick()
    assert reported.wait(timeout=10)
    assert "disk full" in problems[0] and services.writer.pending == 1
    assert len(session.logged) == 1  # the workout goes on knowing the set
    with services.store.read() as db:
        assert db.workouts.sets_of(session.workout.id) == []
    monkeypatch.setattr(Workouts, "log_set", real)
    clock_of(session).advance(1)
    session.tick()
    assert services.writer.drain(timeout=10) and services.writer.pending == 0
    assert len(sets_of(services, session.workout.id)) == 1


def test_the_report_totals_each_side_and_names_records(services: Services) -> None:
    clock = services.clock
    assert isinstance(clock, FakeClock)
    for corrections in ({}, {(0, "left"): 4}):
        session = start_run(services, services.catalog.programs["tiny"], Recorder().layer())
        run_until_effort(session)
        session.submit_effort(EffortAnswer(2, corrections=corrections))
        clock.advance(3600)
    assert services.writer.drain(timeout=10)
    report = summary_figures(services.store, services.catalog, session.workout.id)
    (exercise,) = report.exercises
    assert exercise.name == "Clamshell" and exercise.effort == 2
    assert [(s.side, s.values) for s in exercise.sides] == [("left", (4.0,)), ("right", (3.0,))]
    assert [(r.mark.side, r.mark.what, r.mark.value, r.mark.previous) for r in report.records] == [
        ("left", "reps", "4 reps", "3 reps")
    ]
    assert report.active_seconds == pytest.approx(27, abs=1)


def test_home_suggests_the_routine_and_offers_the_unfinished_workout(
    services: Services,
) -> None:
    data = services.home_data()
    assert data.suggested.id == "tv-floor" and data.last is None and data.unfinished is None
    for _ in range(2):
        session = start_run(services, services.catalog.programs["three"], Recorder().layer())
        run_until_effort(session)
        session.submit_effort(EffortAnswer(3))
    session = start_run(services, services.catalog.programs["tiny"], Recorder().layer())
    session.start()
    clock_of(session).advance(17)
    session.tick()
    services.writer.drain()  # the set just finished is written
    data = services.home_data()
    assert data.suggested.id == "three"  # done most in the last four weeks
    assert (
        data.unfinished is not None
        and data.unfinished_at == "stopped at Clamshell, set 1 of 1, right side"
    )
    assert data.streak.done_today and data.streak.current == 1
    assert data.last is not None and data.last.workout.program_id == "tiny"
