"""The workout engine, driven by a fake clock through whole programs."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from glutetui.engine import (
    CONFIRM_SECONDS,
    CUE_SECONDS,
    Countdown,
    CueShown,
    EffortKept,
    EffortLapsed,
    Engine,
    Event,
    Phase,
    PhaseChanged,
    Plan,
    PlannedBlock,
    RepDone,
    SetFinished,
    SidesSwitched,
    StepKind,
    WorkoutFinished,
    build_steps,
    estimate_seconds,
)
from tests.clock import FakeClock
from tests.factories import planned_block


def block(
    exercise_id: str = "clamshell",
    kind: str = "reps",
    sides: tuple[str, ...] = ("left", "right"),
    sets: int = 2,
    reps: int | None = 3,
    hold: int | None = None,
    tempo: tuple[int, int, int] = (1, 0, 1),
    rest: int = 5,
) -> PlannedBlock:
    cues = ("Knees together", "Slow on the way down", "Top hip forward")
    return planned_block(
        exercise_id,
        kind,
        sides,
        sets,
        reps,
        hold,
        tempo,
        rest,
        cues=cues,
        opening_cues=("Brace", "Hips level"),
    )


def plan(*blocks: PlannedBlock, get_ready: int = 10, switch: int = 5, effort_wait: int = 0) -> Plan:
    """A plan whose effort checks wait for a key unless ``effort_wait`` says otherwise."""
    return Plan(
        "test", "Test", tuple(blocks), get_ready=get_ready, switch=switch, effort_wait=effort_wait
    )


def run(engine: Engine, clock: FakeClock, step: float = 0.25, limit: float = 10_000) -> list[Event]:
    """Tick through the workout, answering effort checks at once."""
    events = engine.start()
    waited = 0.0
    while not engine.finished and waited < limit:
        if engine.step.kind is StepKind.EFFORT:
            events += engine.effort_done()
            continue
        clock.advance(step)
        waited += step
        events += engine.tick()
    return events


def of(events: list[Event], kind: type) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]


def test_steps_unroll_sides_switches_rests_and_effort() -> None:
    steps = build_steps(plan(block(sets=2)))
    kinds = [(s.kind.value, s.set, s.side) for s in steps]
    assert kinds == [
        ("get-ready", 0, "left"),
        ("work", 0, "left"),
        ("switch", 0, "right"),
        ("work", 0, "right"),
        ("rest", 0, None),
        ("work", 1, "left"),
        ("switch", 1, "right"),
        ("work", 1, "right"),
        ("effort", 1, None),
        ("done", -1 + 1, None),
    ]


def test_no_rest_means_a_switch_back_between_sets() -> None:
    steps = build_steps(plan(block(sets=2, rest=0)))
    assert [s.kind for s in steps].count(StepKind.SWITCH) == 3
    assert StepKind.REST not in [s.kind for s in steps]


def test_a_whole_sided_rep_program_logs_every_set_on_its_deadline() -> None:
    clock = FakeClock()
    t0 = clock.monotonic()
    engine = Engine(plan(block(sets=2, reps=3, tempo=(1, 0, 1), rest=5)), clock)
    events = run(engine, clock)
    sets = of(events, SetFinished)
    assert [(e.result.set_index, e.result.side, e.result.reps) for e in sets] == [
        (0, "left", 3),
        (0, "right", 3),
        (1, "left", 3),
        (1, "right", 3),
    ]
    # 10 ready + 6 work + 5 switch + 6 work + 5 rest + 6 work + 5 switch + 6 work
    assert [e.at - t0 for e in sets] == [16, 27, 38, 49]
    assert of(events, WorkoutFinished) == [
        WorkoutFinished(False, of(events, WorkoutFinished)[0].at)
    ]


def test_reps_follow_the_tempo_lift_hold_lower() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1, sides=("both",), reps=2, tempo=(2, 1, 3))), clock)
    t0 = clock.monotonic()
    events = run(engine, clock, step=0.5)
    work_phases = [
        (e.phase, e.at - t0) for e in of(events, PhaseChanged) if e.step.kind is StepKind.WORK
    ]
    assert work_phases == [
        (Phase.LIFT, 10),
        (Phase.HOLD, 12),
        (Phase.LOWER, 13),
        (Phase.LIFT, 16),
        (Phase.HOLD, 18),
        (Phase.LOWER, 19),
    ]
    assert [(e.rep, e.at - t0) for e in of(events, RepDone)] == [(1, 16), (2, 22)]


def test_zero_second_tempo_parts_are_skipped() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1, sides=("both",), reps=2, tempo=(1, 0, 1))), clock)
    events = run(engine, clock)
    phases = [e.phase for e in of(events, PhaseChanged) if e.step.kind is StepKind.WORK]
    assert phases == [Phase.LIFT, Phase.LOWER, Phase.LIFT, Phase.LOWER]


def test_a_hold_counts_down_and_logs_the_seconds_held() -> None:
    clock = FakeClock()
    engine = Engine(plan(block("side-plank", kind="hold", hold=20, sets=1)), clock)
    events = run(engine, clock)
    results = [e.result for e in of(events, SetFinished)]
    assert [(r.side, r.hold_seconds, r.reps, r.target_hold) for r in results] == [
        ("left", 20.0, None, 20),
        ("right", 20.0, None, 20),
    ]


def test_a_hold_shows_hold_as_its_phase() -> None:
    clock = FakeClock()
    engine = Engine(plan(block("wall-push", kind="hold", hold=10, sets=1)), clock)
    engine.start()
    engine.next()  # skip get ready
    assert engine.phase() is Phase.HOLD
    clock.advance(4)
    snap = engine.snapshot()
    assert snap.remaining == 6
    assert snap.phase_remaining is None


def test_to_fatigue_counts_up_until_a_key() -> None:
    clock = FakeClock()
    engine = Engine(plan(block("side-leg-lift", kind="to-fatigue", reps=15, sets=1)), clock)
    engine.start()
    engine.next()  # past get ready
    assert engine.step.kind is StepKind.WORK and engine.deadline is None
    clock.advance(17 * 2 + 1)  # 17 reps of 2 s, then a second into the 18th
    events = engine.tick()
    assert len(of(events, RepDone)) == 17
    assert engine.snapshot().remaining is None
    assert engine.snapshot().elapsed == 35
    events = engine.next()  # the person says "done"
    (done,) = of(events, SetFinished)
    assert done.result.reps == 17 and done.result.target_reps == 15
    assert engine.step.kind is StepKind.SWITCH


def test_to_fatigue_stops_by_itself_at_the_cap() -> None:
    clock = FakeClock()
    engine = Engine(
        plan(block("side-leg-lift", kind="to-fatigue", reps=5, sets=1, sides=("left",))), clock
    )
    engine.start()
    engine.next()
    clock.advance(1000)
    events = engine.tick()
    (done,) = of(events, SetFinished)
    assert done.result.reps == 15  # three times the goal
    assert engine.step.kind is StepKind.EFFORT


def test_switch_sides_is_announced() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1)), clock)
    events = run(engine, clock)
    assert [e.side for e in of(events, SidesSwitched)] == ["right"]


def test_countdown_beeps_in_the_last_three_seconds_of_rest() -> None:
    clock = FakeClock()
    t0 = clock.monotonic()
    engine = Engine(plan(block(sets=2, rest=30), get_ready=0, switch=0), clock)
    events = run(engine, clock, step=0.1)
    rest_beeps = [
        (e.seconds_left, round(e.at - t0, 6))
        for e in of(events, Countdown)
        if e.step_kind is StepKind.REST
    ]
    assert all(e.step_kind is not StepKind.WORK for e in of(events, Countdown))
    # work 6 + 6 (no switch pause), rest 30 ends at 42
    assert rest_beeps == [(3, 39), (2, 40), (1, 41)]


def test_cues_open_with_brace_then_hips_then_rotate_across_sets() -> None:
    clock = FakeClock()
    b = block(sets=2, sides=("left",), reps=10, tempo=(2, 0, 2), rest=5)
    engine = Engine(plan(b, get_ready=0), clock)
    events = run(engine, clock)
    cues = [e.text for e in of(events, CueShown)]
    assert CUE_SECONDS == 6  # a 40 s set shows cues at 0, 6, ... 36 s: seven of them
    assert cues[:7] == [
        "Brace",
        "Hips level",
        "Knees together",
        "Slow on the way down",
        "Top hip forward",
        "Knees together",
        "Slow on the way down",
    ]
    # The second set opens the same way, then carries on the rotation where it stopped.
    assert cues[7:10] == ["Brace", "Hips level", "Top hip forward"]
    spoken = [e.text for e in of(events, CueShown) if e.speak]
    assert len(spoken) == 2  # one per set


def test_pause_shifts_every_deadline_by_the_paused_time() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1)), clock)
    engine.start()
    clock.advance(3.3)
    engine.pause()
    deadline = engine.deadline
    assert deadline is not None
    clock.advance(60)
    assert engine.tick() == []  # nothing happens while paused
    assert engine.snapshot().remaining == pytest.approx(6.7)
    engine.resume()
    assert engine.deadline == pytest.approx(deadline + 60)


@pytest.mark.parametrize("pauses", [[0.37], [13.1, 0.001, 59.999], [7.77] * 9])
def test_pauses_of_odd_lengths_move_the_end_by_exactly_their_sum(pauses: list[float]) -> None:
    clock = FakeClock()
    t0 = clock.monotonic()
    p = plan(block(sets=2), block("fire-hydrant", sets=1, rest=0))
    engine = Engine(p, clock)
    events = engine.start()
    rng = random.Random(7)
    pending = list(pauses)
    waited_for_effort = 0.0
    while not engine.finished:
        if engine.step.kind is StepKind.EFFORT:
            asked = [e.at for e in of(events, PhaseChanged) if e.phase is Phase.EFFORT][-1]
            waited_for_effort += clock.monotonic() - asked
            events += engine.effort_done()
            continue
        clock.advance(rng.choice([0.05, 0.1, 0.33, 0.5]))
        events += engine.tick()
        if pending and rng.random() < 0.05:
            events += engine.pause()
            clock.advance(pending.pop())
            events += engine.resume()
    assert not pending
    finished = of(events, WorkoutFinished)[0]
    timed = estimate_seconds(p) - 2 * 10  # the estimate allows 10 s per effort check
    assert finished.at - t0 == pytest.approx(timed + sum(pauses) + waited_for_effort)


def test_a_thirty_minute_program_ends_exactly_on_its_deadline() -> None:
    clock = FakeClock()
    blocks = [
        block("glute-bridge", sides=("both",), sets=3, reps=15, tempo=(2, 1, 2), rest=45),
        block("clamshell", sets=3, reps=15, tempo=(2, 1, 2), rest=30),
        block("side-plank", kind="hold", sets=3, hold=30, rest=30),
        block("side-lying-hip-abduction", sets=3, reps=12, tempo=(2, 1, 3), rest=30),
        block("wall-push", kind="hold", sets=3, hold=25, rest=20),
    ]
    p = plan(*blocks)
    steps = build_steps(p)
    timed = sum(s.seconds or 0 for s in steps)
    assert 29 * 60 <= timed <= 31 * 60
    t0 = clock.monotonic()
    engine = Engine(p, clock)
    events = engine.start()
    # Irregular, late ticks: the schedule must not care.
    rng = random.Random(30)
    last_step_end = None
    waits: list[float] = []
    lateness: list[float] = []
    while not engine.finished:
        if engine.step.kind is StepKind.EFFORT:
            # Time spent answering the effort check is the person's, not the schedule's.
            asked = [e.at for e in of(events, PhaseChanged) if e.phase is Phase.EFFORT][-1]
            waits.append(clock.monotonic() - asked)
            events += engine.effort_done()
            continue
        clock.advance(rng.uniform(0.01, 0.9))
        new = engine.tick()
        events += new
        for e in new:
            lateness.append(clock.monotonic() - e.at)
            if isinstance(e, SetFinished):
                last_step_end = e.at
    assert last_step_end is not None
    # Deadlines chain from one phase to the next and are never re-measured from a tick,
    # so hundreds of late ticks add nothing: the last phase ends on its deadline.
    # (The last effort check comes after the last set, so its wait does not count.)
    assert last_step_end - t0 == pytest.approx(timed + sum(waits[:-1]), abs=1e-6)
    assert min(lateness) >= 0 and max(lateness) < 0.9  # each event noticed by the next tick
    ends = [e.at for e in of(events, SetFinished)]
    assert len(ends) == 3 + 6 + 6 + 6 + 6


def test_skip_ends_the_phase_now_and_logs_the_reps_counted() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1, reps=10, tempo=(1, 0, 1))), clock)
    engine.start()
    events = engine.next()  # skip get ready
    assert engine.step.kind is StepKind.WORK
    assert of(events, PhaseChanged)[-1].phase is Phase.LIFT
    clock.advance(7.5)
    events = engine.next()
    (done,) = of(events, SetFinished)
    assert done.result.reps == 3 and done.result.target_reps == 10
    assert done.result.partial and not done.result.skipped  # stopped part-way
    assert engine.step.kind is StepKind.SWITCH
    assert engine.deadline == pytest.approx(clock.monotonic() + 5)


def test_a_set_passed_over_before_anything_was_done_is_skipped_not_zero() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1, reps=10), block("side-plank", "hold", hold=20)), clock)
    engine.start()
    engine.next()  # get ready
    clock.advance(1.5)  # less than one rep (2 s)
    (left,) = of(engine.next(), SetFinished)
    assert left.result.skipped and not left.result.partial and left.result.reps == 0
    engine.next()  # switch
    clock.advance(20)  # the right side runs its whole time
    (right,) = of(engine.tick(), SetFinished)
    assert not right.result.skipped and not right.result.partial
    while engine.step.kind is not StepKind.WORK:
        engine.effort_done() if engine.step.kind is StepKind.EFFORT else engine.next()
    clock.advance(0.5)
    (hold,) = of(engine.next(), SetFinished)
    assert hold.result.skipped and hold.result.kind == "hold"
    engine.next()  # switch
    clock.advance(19.8)  # within half a second of the hold: done, not partial
    (held,) = of(engine.next(), SetFinished)
    assert not held.result.skipped and not held.result.partial


def test_keys_do_nothing_before_start_and_after_the_end() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1, sides=("both",), reps=1)), clock)
    assert engine.next() == [] and engine.back() == [] and engine.pause() == []
    engine.start()
    engine.stop()
    assert engine.finished
    assert engine.next() == [] and engine.back() == [] and engine.tick() == []


def test_back_goes_to_the_start_of_the_previous_phase() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=2)), clock)
    engine.start()
    engine.next()  # -> work L
    engine.next()  # -> switch
    engine.next()  # -> work R
    clock.advance(2.5)
    engine.back()
    assert engine.step.kind is StepKind.SWITCH
    assert engine.deadline == pytest.approx(clock.monotonic() + 5)
    engine.back()
    assert (engine.step.kind, engine.step.side) == (StepKind.WORK, "left")
    engine.back()
    engine.back()  # at the first step: start it again
    assert engine.step.kind is StepKind.GET_READY
    assert engine.index == 0


def test_back_from_the_next_block_skips_the_effort_check() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1, sides=("both",)), block("fire-hydrant", sets=1)), clock)
    to_effort(engine, clock)
    engine.effort_done()
    assert (engine.step.kind, engine.step.block) == (StepKind.GET_READY, 1)
    engine.back()
    assert (engine.step.kind, engine.step.block) == (StepKind.WORK, 0)


def test_redoing_a_set_after_back_logs_it_again_with_the_same_key() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=2, sides=("both",), reps=2)), clock)
    events = engine.start()
    events += engine.next()
    clock.advance(4)
    events += engine.tick()  # set 1 done, now resting
    assert engine.step.kind is StepKind.REST
    events += engine.back()
    clock.advance(4)
    events += engine.tick()
    keys = [(e.result.block, e.result.set_index, e.result.side) for e in of(events, SetFinished)]
    assert keys == [(0, 0, "both"), (0, 0, "both")]


def test_rest_can_be_lengthened_and_shortened_by_fifteen_seconds() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=2, sides=("both",), rest=30)), clock)
    engine.start()
    engine.next()
    engine.next()  # skip the work: now resting
    assert engine.step.kind is StepKind.REST
    engine.adjust_rest(15)
    assert engine.snapshot().remaining == 45
    engine.adjust_rest(-15)
    engine.adjust_rest(-15)
    assert engine.snapshot().remaining == 15
    events = engine.adjust_rest(-15)  # cannot go below zero: rest simply ends
    assert engine.step.kind is StepKind.WORK
    assert of(events, PhaseChanged)[-1].phase is Phase.LIFT


def test_adding_rest_during_work_does_nothing() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=2, sides=("both",))), clock)
    engine.start()
    engine.next()
    deadline = engine.deadline
    engine.adjust_rest(15)
    assert engine.deadline == deadline


def test_lengthened_rest_beeps_again_before_it_ends() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=2, sides=("both",), rest=10)), clock)
    engine.start()
    engine.next()
    engine.next()
    clock.advance(8.5)
    beeps = of(engine.tick(), Countdown)
    assert [b.seconds_left for b in beeps] == [3, 2]
    engine.adjust_rest(15)
    clock.advance(20)
    beeps = of(engine.tick(), Countdown)
    assert [b.seconds_left for b in beeps] == [3, 2, 1]


def test_the_effort_check_waits_for_the_person() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1, sides=("both",)), block("fire-hydrant", sets=1)), clock)
    engine.start()
    clock.advance(16)
    engine.tick()
    assert engine.step.kind is StepKind.EFFORT
    assert engine.next_change() is None
    clock.advance(600)
    assert engine.tick() == []
    assert engine.next() == []  # only an answer moves it on
    events = engine.effort_done()
    assert engine.step.kind is StepKind.GET_READY and engine.step.block == 1
    assert engine.deadline == clock.monotonic() + 10
    assert of(events, PhaseChanged)[0].phase is Phase.GET_READY


def test_stop_keeps_the_set_in_progress_as_partial() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=2, reps=10)), clock)
    engine.start()
    engine.next()
    clock.advance(9)
    events = engine.stop()
    (partial,) = of(events, SetFinished)
    assert partial.result.reps == 4 and partial.result.partial
    assert of(events, WorkoutFinished)[0].ended_early
    assert engine.finished


def test_stop_during_rest_logs_nothing_more() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=2, sides=("both",))), clock)
    engine.start()
    engine.next()
    engine.next()
    assert not of(engine.stop(), SetFinished)


def test_resume_starts_at_the_first_unfinished_set_after_a_get_ready() -> None:
    clock = FakeClock()
    p = plan(block(sets=3))
    engine = Engine(p, clock, finished=[(0, 0, "left"), (0, 0, "right"), (0, 1, "left")])
    events = engine.start()
    assert engine.step.kind is StepKind.GET_READY
    assert of(events, PhaseChanged)[0].phase is Phase.GET_READY
    engine.next()
    assert (engine.step.kind, engine.step.set, engine.step.side) == (StepKind.WORK, 1, "right")
    events = run(engine, clock)
    keys = [(e.result.set_index, e.result.side) for e in of(events, SetFinished)]
    assert keys == [(1, "right"), (2, "left"), (2, "right")]


def test_resume_at_an_unanswered_effort_check() -> None:
    clock = FakeClock()
    p = plan(block(sets=1, sides=("both",)), block("fire-hydrant", sets=1))
    engine = Engine(p, clock, finished=[(0, 0, "both")])
    engine.start()
    assert engine.step.kind is StepKind.EFFORT and engine.step.block == 0


def to_effort(engine: Engine, clock: FakeClock) -> list[Event]:
    events = engine.start()
    while engine.step.kind is not StepKind.EFFORT:
        clock.advance(0.25)
        events += engine.tick()
    return events


def test_the_effort_check_counts_down_and_the_workout_goes_on_unrated() -> None:
    clock = FakeClock()
    p = plan(block(sets=1, sides=("both",)), block("fire-hydrant", sets=1), effort_wait=20)
    engine = Engine(p, clock)
    to_effort(engine, clock)
    snap = engine.snapshot()
    began = clock.monotonic() - snap.elapsed
    assert snap.remaining == pytest.approx(20 - snap.elapsed)
    assert engine.next_change() is not None  # it keeps ticking: nobody needs to press a key
    clock.advance(began + 19.9 - clock.monotonic())
    assert not of(engine.tick(), EffortLapsed)
    clock.advance(0.45)  # a late tick
    events = engine.tick()
    (lapsed,) = of(events, EffortLapsed)
    assert lapsed.block == 0 and lapsed.at == pytest.approx(began + 20)
    assert engine.step.kind is StepKind.GET_READY and engine.step.block == 1
    # The next step began at the deadline, not at the late tick: no drift.
    assert engine.snapshot().elapsed == pytest.approx(0.35)
    assert engine.snapshot().remaining == pytest.approx(p.get_ready - 0.35)


def test_a_key_in_the_effort_check_starts_a_short_confirm_countdown() -> None:
    clock = FakeClock()
    p = plan(block(sets=1, sides=("both",)), block("fire-hydrant", sets=1), effort_wait=20)
    engine = Engine(p, clock)
    to_effort(engine, clock)
    clock.advance(5)
    engine.hold_effort()
    snap = engine.snapshot()
    assert snap.confirming and snap.remaining == pytest.approx(CONFIRM_SECONDS)
    assert engine.next_change() is not None  # it goes on by itself
    clock.advance(CONFIRM_SECONDS - 1)
    engine.tick()
    assert engine.step.kind is StepKind.EFFORT
    engine.hold_effort()  # another key: the countdown starts again from the top
    assert engine.snapshot().remaining == pytest.approx(CONFIRM_SECONDS)
    asked = clock.monotonic()
    clock.advance(CONFIRM_SECONDS + 0.3)  # a late tick
    events = engine.tick()
    (kept,) = of(events, EffortKept)
    assert kept.block == 0 and kept.at == pytest.approx(asked + CONFIRM_SECONDS)
    assert not of(events, EffortLapsed)
    assert (engine.step.kind, engine.step.block) == (StepKind.GET_READY, 1)
    assert not engine.snapshot().confirming
    assert engine.snapshot().elapsed == pytest.approx(0.3)  # began at the deadline


def test_the_confirm_countdown_ends_a_check_that_waits_for_a_key() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1, sides=("both",)), effort_wait=0), clock)
    to_effort(engine, clock)
    assert engine.snapshot().remaining is None
    engine.hold_effort()
    clock.advance(CONFIRM_SECONDS)
    events = engine.tick()
    assert of(events, EffortKept) and engine.finished


def test_waiting_for_a_key_is_paused_time_not_time_trained() -> None:
    clock = FakeClock()
    p = plan(block(sets=1, sides=("both",)), block("fire-hydrant", sets=1), effort_wait=0)
    engine = Engine(p, clock)
    to_effort(engine, clock)
    trained = engine.active_seconds()
    clock.advance(45)  # nobody there
    assert engine.active_seconds() == pytest.approx(trained)
    engine.effort_done()
    assert engine.active_seconds() == pytest.approx(trained)
    clock.advance(2)
    engine.tick()
    assert engine.active_seconds() == pytest.approx(trained + 2)
    # A key, then the confirm countdown: the wait before the key is not counted either.
    clock2 = FakeClock()
    engine2 = Engine(p, clock2)
    to_effort(engine2, clock2)
    before = engine2.active_seconds()
    clock2.advance(30)
    engine2.hold_effort()
    assert engine2.active_seconds() == pytest.approx(before)


def test_an_exercise_whose_every_set_was_skipped_has_no_effort_check() -> None:
    clock = FakeClock()
    p = plan(block(sets=1), block("fire-hydrant", sets=1, sides=("both",)), effort_wait=20)
    engine = Engine(p, clock)
    events = engine.start()
    engine.next()  # past get-ready
    events += engine.next()  # left: passed over
    events += engine.next()  # the switch
    events += engine.next()  # right: passed over
    assert [e.result.skipped for e in of(events, SetFinished)] == [True, True]
    while engine.step.kind is not StepKind.WORK:
        events += engine.next()
    assert engine.step.block == 1  # no check about the clamshell: nothing to rate
    assert not [e for e in of(events, PhaseChanged) if e.phase is Phase.EFFORT]


def test_effort_wait_zero_waits_for_a_key_for_ever() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1, sides=("both",)), effort_wait=0), clock)
    to_effort(engine, clock)
    assert engine.snapshot().remaining is None
    clock.advance(3600)
    assert engine.tick() == [] and engine.step.kind is StepKind.EFFORT


def test_a_whole_workout_runs_with_no_key_at_all() -> None:
    clock = FakeClock()
    p = plan(block(sets=2), block("glute-bridge", sides=("both",), sets=1), effort_wait=20)
    engine = Engine(p, clock)
    events = engine.start()
    for _ in range(4000):
        if engine.finished:
            break
        clock.advance(0.5)
        events += engine.tick()
    assert engine.finished
    assert [e.block for e in of(events, EffortLapsed)] == [0, 1]
    assert len(of(events, SetFinished)) == 2 * 2 + 1
    assert of(events, WorkoutFinished) == [WorkoutFinished(False, events[-1].at)]


def test_the_estimate_counts_the_effort_countdown() -> None:
    b = block(sets=1, sides=("both",))
    assert estimate_seconds(plan(b, effort_wait=20)) == estimate_seconds(plan(b)) + 20 - 10


def test_resume_after_a_lapsed_check_goes_on_from_the_next_set() -> None:
    clock = FakeClock()
    p = plan(block(sets=1, sides=("both",)), block("fire-hydrant", sets=1), effort_wait=20)
    # Block 0 is unrated (its check lapsed) and block 1's first side was done.
    engine = Engine(p, clock, finished=[(0, 0, "both"), (1, 0, "left")])
    engine.start()
    assert engine.step.kind is StepKind.GET_READY
    assert (engine.step.block, engine.step.side) == (1, "right")


def test_resume_during_the_countdown_asks_again() -> None:
    clock = FakeClock()
    p = plan(block(sets=1, sides=("both",)), block("fire-hydrant", sets=1), effort_wait=20)
    engine = Engine(p, clock, finished=[(0, 0, "both")])
    engine.start()
    assert engine.step.kind is StepKind.EFFORT and engine.snapshot().remaining == 20


def test_resume_of_a_finished_workout_is_done() -> None:
    clock = FakeClock()
    p = plan(block(sets=1, sides=("both",)))
    engine = Engine(p, clock, finished=[(0, 0, "both")], rated=[0])
    events = engine.start()
    assert engine.finished and of(events, WorkoutFinished)


@pytest.mark.parametrize(
    "the_block",
    [block(sets=2, reps=4, tempo=(2, 1, 2), rest=12), block("side-plank", "hold", hold=9)],
)
def test_next_change_lands_on_every_event_so_a_sleeping_timer_never_misses_one(
    the_block: PlannedBlock,
) -> None:
    clock = FakeClock()
    p = plan(the_block)
    reference = Engine(p, FakeClock())
    expected = run(reference, reference.clock, step=0.01)  # type: ignore[arg-type]
    engine = Engine(p, clock)
    events = engine.start()
    while not engine.finished:
        if engine.step.kind is StepKind.EFFORT:
            events += engine.effort_done()
            continue
        wake = engine.next_change()
        assert wake is not None and wake > clock.monotonic() - 1e-9
        clock.set(wake)
        events += engine.tick()

    def timeline(evs: list[Event]) -> list[tuple[str, float]]:
        # Up to the effort check: after it, time is whenever the person answered.
        until = next(i for i, e in enumerate(evs) if getattr(e, "phase", None) is Phase.EFFORT)
        return [(type(e).__name__, round(e.at - 1000.0, 6)) for e in evs[: until + 1]]

    assert timeline(events) == timeline(expected)
    assert len(timeline(events)) > 20


def test_snapshot_reads_phase_and_time_left_without_changing_anything() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1, reps=5, tempo=(2, 1, 2))), clock)
    engine.start()
    engine.next()
    clock.advance(6.5)  # rep 2, hold phase: 5 s per rep, 1.5 s into it
    engine.tick()
    snap = engine.snapshot()
    assert snap.phase is Phase.LIFT
    assert snap.phase_remaining == pytest.approx(0.5)
    assert snap.reps_done == 1
    assert snap.remaining == pytest.approx(25 - 6.5)
    assert engine.snapshot() == snap


def test_upcoming_names_the_next_work() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1), block("fire-hydrant", sets=1)), clock)
    engine.start()
    nxt = engine.upcoming()
    assert nxt is not None and (nxt.block, nxt.side) == (0, "left")
    engine.next()
    nxt = engine.upcoming()
    assert nxt is not None and (nxt.block, nxt.side) == (0, "right")


def test_engine_rejects_an_empty_plan() -> None:
    with pytest.raises(ValueError):
        Engine(plan(), FakeClock())


def test_wall_times_of_sets_follow_the_clock() -> None:
    clock = FakeClock()
    engine = Engine(plan(block(sets=1, sides=("both",), reps=3)), clock)
    events = run(engine, clock)
    (done,) = of(events, SetFinished)
    assert (done.result.ended_at - done.result.started_at).total_seconds() == 6
    assert (done.result.started_at - clock.now()).total_seconds() < 0


@pytest.mark.parametrize("seed", range(20))
def test_random_commands_never_break_the_engine(seed: int) -> None:
    rng = random.Random(seed)
    clock = FakeClock()
    p = plan(
        block(sets=2),
        block("side-plank", "hold", hold=8, sets=2),
        block("side-leg-lift", "to-fatigue", reps=3, sets=1),
    )
    engine = Engine(p, clock)
    engine.start()
    keys = {}
    for _ in itertools.repeat(None, 400):
        action = rng.choice(["tick", "tick", "tick", "pause", "next", "back", "rest+", "rest-"])
        clock.advance(rng.uniform(0, 3))
        if engine.step.kind is StepKind.EFFORT and rng.random() < 0.5:
            events = engine.effort_done()
        elif action == "tick":
            events = engine.tick()
        elif action == "pause":
            events = engine.toggle_pause()
        elif action == "next":
            events = engine.next()
        elif action == "back":
            events = engine.back()
        else:
            events = engine.adjust_rest(15 if action == "rest+" else -15)
        times = [e.at for e in events]
        assert times == sorted(times)
        for e in of(events, SetFinished):
            keys[(e.result.block, e.result.set_index, e.result.side)] = e.result
            assert e.result.reps is None or e.result.reps >= 0
            assert e.result.hold_seconds is None or e.result.hold_seconds >= 0
        snap = engine.snapshot()
        assert snap.remaining is None or snap.remaining >= 0
        if engine.finished:
            break
