"""The coach over a real store: suggestions made once, accepted or dismissed with a record,
pain applied at once, the dose a program then uses, and the weaker side first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from glutetui.cli import main
from glutetui.coaching import coach
from glutetui.measures.doses import changed_doses
from glutetui.platform.locations import Locations
from glutetui.records import Dose, DoseChangeRecord, SuggestionRecord
from glutetui.services import Services
from glutetui.vocab import BlockRef
from glutetui.workout.planning import build_plan
from glutetui.workout.run import EffortAnswer
from glutetui.workout.summary import summary_figures
from tests.clock import FakeClock
from tests.factories import changed, dose, in_force, start_run
from tests.fakes import Recorder
from tests.unit.test_catalog import TINY

DAY = 24 * 3600
TINY_CLAM = BlockRef("tiny", "clamshell")


@pytest.fixture
def services(isolated_home: Path) -> Iterator[Services]:
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "tiny.toml").write_text(TINY)
    s = Services(Locations(isolated_home, isolated_home), FakeClock())
    yield s
    s.close()


def workout(
    services: Services,
    effort: int = 2,
    pain: bool = False,
    corrections: dict | None = None,  # type: ignore[type-arg]
) -> int:
    """One tiny clamshell workout, every rep done, then a day passes."""
    clock = services.clock
    assert isinstance(clock, FakeClock)
    program = services.catalog.programs["tiny"]
    weaker = coach.weaker_sides(services, program)
    session = start_run(services, program, Recorder().layer(), weaker)
    session.start()
    while not session.waiting_for_effort:
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


def start_at(services: Services, start: Dose) -> None:
    """The person sets their own starting dose for the clamshell slot."""
    with services.store.write() as db:
        db.doses.change(TINY_CLAM, start, "my start", services.clock.now())


def test_two_easy_workouts_lead_to_a_progression_that_names_both(services: Services) -> None:
    first = workout(services)
    assert coach.for_workout(services, first) == []
    second = workout(services)
    report = summary_figures(services, second)
    (shown,) = report.suggestions
    record = shown.record
    assert (record.kind, record.status, shown.label) == ("progress", "pending", "Move up")
    assert record.reason.startswith("Two easy workouts in a row, 5 Jan (3 each side, target 3;")
    assert "and 6 Jan (3 each side" in record.reason
    assert (record.before.reps, record.after.reps) == (3, 5)
    # Asking again adds nothing: the evidence has not changed.
    assert coach.review(services) == []
    assert len(suggestions(services)) == 1


def test_accepting_changes_the_dose_the_next_workout_uses(services: Services) -> None:
    workout(services)
    (record,) = coach.for_workout(services, workout(services))
    coach.accept(services, record.id)
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
    (record,) = coach.for_workout(services, workout(services))
    coach.dismiss(services, record.id)
    assert changed(services) == {}
    (kept,) = suggestions(services)
    assert kept.status == "dismissed" and kept.decided_at is not None
    assert coach.review(services) == []  # not suggested again for the same evidence


def test_pain_steps_back_at_once_with_advice(services: Services) -> None:
    start_at(services, dose("clamshell", 1, 8))
    workout(services)
    (record,) = coach.for_workout(services, workout(services, effort=3, pain=True))
    assert record.kind == "pain" and record.status == "accepted"
    assert "physiotherapist" in record.reason
    assert in_force(services).reps == 6  # one step down the ladder
    assert changes(services)[-1].suggestion_uid == record.uid


def test_one_pain_steps_back_once_however_often_the_coach_looks(services: Services) -> None:
    start_at(services, dose("clamshell", 1, 8))
    workout(services)
    coach.for_workout(services, workout(services, effort=3, pain=True))
    for _ in range(3):  # Home reviews at every start; the step back was taken already
        assert coach.review(services) == []
    assert in_force(services).reps == 6
    assert [s.kind for s in suggestions(services)] == ["pain"]


def test_a_long_break_suggests_one_step_lower_once(services: Services) -> None:
    start_at(services, dose("clamshell", 1, 8))
    workout(services)
    services.clock.advance(30 * DAY)  # type: ignore[attr-defined]
    (record,) = coach.review(services)
    assert record.kind == "resume-lower"
    coach.accept(services, record.id)
    for _ in range(2):  # the lower dose is the one in force now: nothing more to say
        assert coach.review(services) == []
    assert in_force(services).reps == 6


def test_pain_at_the_easiest_dose_still_gives_the_advice(services: Services) -> None:
    (record,) = coach.for_workout(services, workout(services, effort=2, pain=True))
    assert record.kind == "pain" and "already the easiest dose" in record.reason
    assert "physiotherapist" in record.reason
    assert in_force(services).reps == 3


def test_a_newer_suggestion_sets_aside_an_older_pending_one(services: Services) -> None:
    for _ in range(3):  # the third easy workout is new evidence (the last two)
        coach.for_workout(services, workout(services))
    statuses = [s.status for s in suggestions(services)]
    assert statuses == ["expired", "pending"]


def test_a_break_of_more_than_two_weeks_suggests_resuming_lower(services: Services) -> None:
    start_at(services, dose("clamshell", 2, 12))
    workout(services, effort=3)
    assert isinstance(services.clock, FakeClock)
    services.clock.advance(15 * DAY)
    (record,) = coach.review(services)
    assert record.kind == "resume-lower" and "days ago" in record.reason


def test_a_weaker_side_goes_first(services: Services) -> None:
    for _ in range(3):
        workout(services, effort=3, corrections={(0, "right"): 5})
    assert coach.weaker_sides(services, services.catalog.programs["tiny"]) == {"clamshell": "left"}
    for _ in range(3):
        workout(services, effort=3, corrections={(0, "left"): 5})
    assert coach.weaker_sides(services, services.catalog.programs["tiny"]) == {"clamshell": "right"}
    plan = build_plan(
        services.catalog.programs["tiny"],
        services.catalog,
        services.settings,
        weaker=coach.weaker_sides(services, services.catalog.programs["tiny"]),
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
