"""The coach over a real store: suggestions made once, accepted or dismissed with a record,
pain applied at once, the dose a program then uses, and the weaker side first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from glutetui.cli import main
from glutetui.engine import StepKind
from glutetui.measures.doses import changed_doses
from glutetui.platform.locations import Locations
from glutetui.readouts.summary import summary_figures
from glutetui.records import Dose, DoseChangeRecord, SuggestionRecord
from glutetui.services import Services
from glutetui.vocab import BlockRef
from glutetui.workout.planning import build_plan
from glutetui.workout.run import EffortAnswer
from tests import coaching
from tests.clock import FakeClock
from tests.factories import changed, dose, in_force, start_run
from tests.fakes import Recorder
from tests.unit.test_catalog import TINY

DAY = 24 * 3600
TINY_CLAM = BlockRef("tiny", "clamshell")


OTHER = TINY.replace('name = "Tiny test"', 'name = "Other test"')
OTHER_CLAM = BlockRef("other", "clamshell")


@pytest.fixture
def services(isolated_home: Path) -> Iterator[Services]:
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "tiny.toml").write_text(TINY)
    (isolated_home / "programs" / "other.toml").write_text(OTHER)
    s = Services(Locations(isolated_home, isolated_home), FakeClock())
    yield s
    s.close()


def workout(
    services: Services,
    effort: int = 2,
    pain: bool = False,
    corrections: dict | None = None,  # type: ignore[type-arg]
    program_id: str = "tiny",
    skip_first: bool = False,
) -> int:
    """One tiny clamshell workout, every rep done (or the first set passed over with
    Next), then a day passes."""
    clock = services.clock
    assert isinstance(clock, FakeClock)
    program = services.catalog.programs[program_id]
    weaker = coaching.weaker_sides(services, program)
    session = start_run(services, program, Recorder().layer(), weaker)
    session.start()
    while not session.waiting_for_effort:
        if skip_first and session.engine.step.kind is StepKind.WORK:
            session.next()
            skip_first = False
        clock.advance(0.5)
        session.tick()
    session.submit_effort(EffortAnswer(effort, pain, corrections or {}))
    services.writer.drain()
    clock.advance(DAY)
    return session.workout.id


def suggestions(services: Services) -> list[SuggestionRecord]:
    with services.store.read() as db:
        return db.suggestions.listed()


def changes(services: Services) -> list[DoseChangeRecord]:
    with services.store.read() as db:
        return db.doses.changes([TINY_CLAM])


def start_at(services: Services, start: Dose, block: BlockRef = TINY_CLAM) -> None:
    """The person sets their own starting dose for a clamshell slot."""
    with services.store.write() as db:
        db.doses.change(block, start, "my start", services.clock.now())


def pain_today(services: Services, workout_id: int, score: int) -> None:
    with services.store.write() as db:
        db.workouts.set_pain_today(workout_id, score, "")


def test_two_easy_workouts_lead_to_a_progression_that_names_both(services: Services) -> None:
    first = workout(services)
    assert coaching.for_workout(services, first) == []
    second = workout(services)
    report = summary_figures(services.store, services.catalog, second)
    (shown,) = report.suggestions
    record = shown.record
    assert (record.kind, record.status, shown.label) == ("progress", "pending", "Move up")
    assert record.reason.startswith("Two easy workouts in a row, 5 Jan (3 each side, target 3;")
    assert "and 6 Jan (3 each side" in record.reason
    assert (record.before.reps, record.after.reps) == (3, 5)
    # Asking again adds nothing: the evidence has not changed.
    assert coaching.review(services) == []
    assert len(suggestions(services)) == 1


def test_accepting_changes_the_dose_the_next_workout_uses(services: Services) -> None:
    workout(services)
    (record,) = coaching.for_workout(services, workout(services))
    coaching.accept(services, record.id)
    current = in_force(services)
    assert current is not None and (current.sets, current.reps) == (1, 5)
    (change,) = changes(services)
    assert change.reason == record.reason and change.suggestion_uid == record.uid
    program = services.catalog.programs["tiny"]
    doses = changed_doses(program, services.dose_changes())
    plan = build_plan(program, services.catalog, services.settings, doses)
    assert plan.blocks[0].reps == 5
    assert suggestions(services)[0].status == "accepted"


def test_dismissing_keeps_the_dose_and_is_recorded(services: Services) -> None:
    workout(services)
    (record,) = coaching.for_workout(services, workout(services))
    coaching.dismiss(services, record.id)
    assert changed(services) == {}
    (kept,) = suggestions(services)
    assert kept.status == "dismissed" and kept.decided_at is not None
    assert coaching.review(services) == []  # not suggested again for the same evidence


def test_pain_steps_back_at_once_with_advice(services: Services) -> None:
    start_at(services, dose("clamshell", 1, 8))
    workout(services)
    (record,) = coaching.for_workout(services, workout(services, effort=3, pain=True))
    assert record.kind == "pain" and record.status == "accepted"
    assert "physiotherapist" in record.reason
    assert in_force(services).reps == 6  # one step down the ladder
    assert changes(services)[-1].suggestion_uid == record.uid


def test_one_pain_steps_back_once_however_often_the_coach_looks(services: Services) -> None:
    start_at(services, dose("clamshell", 1, 8))
    workout(services)
    coaching.for_workout(services, workout(services, effort=3, pain=True))
    for _ in range(3):  # Home reviews at every start; the step back was taken already
        assert coaching.review(services) == []
    assert in_force(services).reps == 6
    assert [s.kind for s in suggestions(services)] == ["pain"]


def test_a_long_break_suggests_one_step_lower_once(services: Services) -> None:
    start_at(services, dose("clamshell", 1, 8))
    workout(services)
    services.clock.advance(30 * DAY)  # type: ignore[attr-defined]
    (record,) = coaching.review(services)
    assert record.kind == "resume-lower"
    coaching.accept(services, record.id)
    for _ in range(2):  # the lower dose is the one in force now: nothing more to say
        assert coaching.review(services) == []
    assert in_force(services).reps == 6


def test_pain_at_the_easiest_dose_still_gives_the_advice(services: Services) -> None:
    (record,) = coaching.for_workout(services, workout(services, effort=2, pain=True))
    assert record.kind == "pain" and "already the easiest dose" in record.reason
    assert "physiotherapist" in record.reason
    assert in_force(services).reps == 3


def test_a_newer_suggestion_sets_aside_an_older_pending_one(services: Services) -> None:
    for _ in range(3):  # the third easy workout is new evidence (the last two)
        coaching.for_workout(services, workout(services))
    statuses = [s.status for s in suggestions(services)]
    assert statuses == ["expired", "pending"]


def test_a_break_of_more_than_two_weeks_suggests_resuming_lower(services: Services) -> None:
    start_at(services, dose("clamshell", 2, 12))
    workout(services, effort=3)
    assert isinstance(services.clock, FakeClock)
    services.clock.advance(15 * DAY)
    (record,) = coaching.review(services)
    assert record.kind == "resume-lower" and "days ago" in record.reason


def test_a_weaker_side_goes_first(services: Services) -> None:
    for _ in range(3):
        workout(services, effort=3, corrections={(0, "right"): 5})
    assert coaching.weaker_sides(services, services.catalog.programs["tiny"]) == {
        "clamshell": "left"
    }
    for _ in range(3):
        workout(services, effort=3, corrections={(0, "left"): 5})
    assert coaching.weaker_sides(services, services.catalog.programs["tiny"]) == {
        "clamshell": "right"
    }
    plan = build_plan(
        services.catalog.programs["tiny"],
        services.catalog,
        services.settings,
        weaker=coaching.weaker_sides(services, services.catalog.programs["tiny"]),
    )
    assert plan.blocks[0].sides == ("right", "left")


def test_suggest_json_on_the_command_line(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    workout(services)
    workout(services)
    services.close()
    assert main(["suggest", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["kind"] == "progress" and row["exercise"] == "clamshell"
    assert "5 Jan" in row["reason"] and "6 Jan" in row["reason"]
    assert row["before"]["reps"] == 3 and row["after"]["reps"] == 5
    assert main(["suggest"]) == 0
    assert capsys.readouterr().out.startswith("Move up · Clamshell (Tiny test): Two easy workouts")


def test_a_program_left_behind_gets_no_welcome_back(services: Services) -> None:
    """Seven welcome-back cards for a program moved on from 38 days ago was the bug: a
    welcome back is offered for the programs in use, and for a program started again."""
    start_at(services, dose("clamshell", 1, 8))
    start_at(services, dose("clamshell", 1, 8), OTHER_CLAM)
    workout(services, effort=3)
    services.clock.advance(20 * DAY)  # type: ignore[attr-defined]
    workout(services, effort=3, program_id="other")  # moved on to the other program
    services.clock.advance(19 * DAY)  # type: ignore[attr-defined]
    made = coaching.review(services)
    assert [(r.block, r.kind) for r in made] == [(OTHER_CLAM, "resume-lower")]
    assert made[0].reason.startswith("Last done 20 days ago")
    assert (made[0].after.sets, made[0].after.reps) == (1, 6)  # one step lower, never more
    # Starting the program left behind: its welcome back is offered then.
    (again,) = coaching.review(services, starting="tiny")
    assert (again.block, again.kind) == (TINY_CLAM, "resume-lower")
    assert "41 days ago" in again.reason


def test_a_passed_over_set_is_no_evidence(services: Services) -> None:
    """Two workouts rated easy, the first set passed over each time: not every set was
    done, so no move up; nor is the skip a missed target, so no step back."""
    start_at(services, dose("clamshell", 1, 8))
    for _ in range(2):
        workout(services, effort=2, skip_first=True)
    with services.store.read() as db:
        kept = [s for w in db.workouts.block_histories([TINY_CLAM], 2)[TINY_CLAM] for s in w.sets]
    assert [s.skipped for s in kept].count(True) == 2
    assert coaching.review(services) == [] and coaching.pending(services) == []
    workout(services, effort=2)
    workout(services, effort=2)
    coaching.review(services)  # after the workouts' own reviews (the writer's, in order)
    (record,) = coaching.pending(services)
    assert record.kind == "progress"


def test_pain_today_over_five_twice_steps_a_flagged_exercise_back(services: Services) -> None:
    start_at(services, dose("clamshell", 1, 10))
    flagged = workout(services, effort=3, pain=True)
    pain_today(services, flagged, 6)
    coaching.review(services)  # the flag steps back at once, to 1 x 8
    assert in_force(services).reps == 8
    pain_today(services, workout(services, effort=3), 7)
    (record,) = coaching.review(services)
    assert record.kind == "step-back" and record.status == "pending"
    assert record.reason.startswith(
        "Pain today over 5 of 10 twice in a row (6 on 5 Jan, 7 on 6 Jan)"
    )
    assert "physiotherapist" in record.reason
    assert (record.before.reps, record.after.reps) == (8, 6)


def test_starting_a_program_again_offers_its_welcome_back(services: Services) -> None:
    """The program left behind is started again (Home, Programs, the palette, the phone,
    `glutetui start`): its welcome back is offered then, pending, and the summary of
    that workout shows it."""
    from glutetui.intents import StartProgram

    start_at(services, dose("clamshell", 1, 8))
    start_at(services, dose("clamshell", 1, 8), OTHER_CLAM)
    workout(services, effort=3)
    services.clock.advance(20 * DAY)  # type: ignore[attr-defined]
    workout(services, effort=3, program_id="other")
    services.clock.advance(19 * DAY)  # type: ignore[attr-defined]
    assert [r.block for r in coaching.review(services)] == [OTHER_CLAM]
    told: list[tuple[str, str | None]] = []
    path = services.path_for(
        lambda: Recorder().layer(), lambda change: told.append((change.topic, change.message))
    )
    path.send(StartProgram(program="tiny"))
    services.writer.drain()
    assert told == [
        ("started", None),
        (
            "suggestions",
            "Welcome back: one step lower is offered for Clamshell; answer it on the summary.",
        ),
    ]
    assert path.run is not None and path.run.engine.plan.blocks[0].reps == 8  # the dose in force
    (offer,) = [r for r in coaching.pending(services) if r.block == TINY_CLAM]
    assert offer.kind == "resume-lower" and offer.reason.startswith("Last done ")
    assert (offer.before.reps, offer.after.reps) == (8, 6)
    run, clock = path.run, services.clock
    assert isinstance(clock, FakeClock)
    run.start()  # as the workout screen does when it opens
    while not run.waiting_for_effort:
        clock.advance(0.5)
        run.tick()
    run.submit_effort(EffortAnswer(3, False, {}))
    services.writer.drain()
    shown = coaching.for_workout(services, run.workout.id)
    assert [(r.block, r.kind) for r in shown] == [(TINY_CLAM, "resume-lower")]


@pytest.mark.parametrize(
    ("recent", "in_use"),
    [
        ([], None),
        (["a"], "a"),
        (["b", "a", "a"], "a"),  # done most
        (["b", "a", "b", "a"], "b"),  # of equals, the one done last
    ],
)
def test_the_program_in_use(recent: list[str], in_use: str | None) -> None:
    """One rule (``measures.in_use``) for the coach, Home and the report: ``recent`` are
    the programs of workouts completed on the days before now, newest first."""
    from glutetui.measures.in_use import program_in_use

    now = datetime(2026, 3, 30, 18, tzinfo=UTC)
    done = [(p, now - timedelta(days=i + 1)) for i, p in enumerate(recent)]
    assert program_in_use(done, now) == in_use


def skipping(services: Services, skip: set[str], effort: int) -> int:
    """One tiny clamshell workout with the sides in ``skip`` passed over with Next as
    they begin (every other rep done), rated ``effort`` when there is a check."""
    clock = services.clock
    assert isinstance(clock, FakeClock)
    program = services.catalog.programs["tiny"]
    session = start_run(services, program, Recorder().layer())
    session.start()
    while not session.engine.finished:
        step = session.engine.step
        if session.waiting_for_effort:
            session.submit_effort(EffortAnswer(effort))
        elif step.kind is StepKind.WORK and step.side in skip:
            session.next()
        else:
            clock.advance(0.5)
            session.tick()
    services.writer.drain()
    clock.advance(DAY)
    return session.workout.id


@pytest.mark.parametrize("skip", [{"left", "right"}, {"right"}], ids=["all", "one-side"])
def test_two_workouts_of_skipped_sets_suggest_no_step_back(
    services: Services, skip: set[str]
) -> None:
    # Rated hard: with the skipped side read as 0 of 10, "effort 4 with a miss" would step
    # back; a skipped set is no evidence.
    ids = [skipping(services, skip, effort=4) for _ in range(2)]
    with services.store.read() as db:
        logged = [s for w in ids for s in db.workouts.sets_of(w)]
    assert {s.side for s in logged if s.skipped} == skip
    assert all(s.effort is None for s in logged if s.skipped)
    made = [s for w in ids for s in coaching.for_workout(services, w)]
    assert not [s for s in made if s.kind == "step-back"], [s.reason for s in made]
    summary = summary_figures(services.store, services.catalog, ids[-1])
    assert summary.sets_skipped == len(skip)
    assert summary.nothing_done is (skip == {"left", "right"})
