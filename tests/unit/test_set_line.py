"""The workout's small line: the set, the dose and the part of the rep, in words that fit."""

from __future__ import annotations

from glutetui.engine import Engine, Phase, Plan, StepKind
from glutetui.readouts.set_line import set_line
from tests.clock import FakeClock
from tests.factories import planned_block

CLAM = planned_block(sets=2, reps=10, tempo=(2, 1, 2), rest=30)


def test_the_line_names_the_part_of_the_rep_and_fits() -> None:
    clock = FakeClock()
    engine = Engine(Plan("p", "P", (CLAM,), get_ready=0, switch=0, effort_wait=0), clock)
    engine.start()
    clock.advance(4.2)  # into the lower: 0.8 s of it left
    engine.tick()
    snap = engine.snapshot()
    assert snap.phase is Phase.LOWER
    wide = "Set 1 of 2  ·  tempo 2-1-2 (lift-hold-lower)  ·  lowering: 1 s left"
    assert set_line(snap, snap.block, 100) == wide
    assert set_line(snap, snap.block, 50) == "Set 1 of 2  ·  tempo 2-1-2  ·  lowering: 1 s left"
    assert set_line(snap, snap.block, 44) == "Set 1 of 2  ·  tempo 2-1-2  ·  lowering 1 s"
    assert len(set_line(snap, snap.block, 30)) <= 30


def test_a_rest_says_how_to_change_it_and_a_hold_its_length() -> None:
    clock = FakeClock()
    hold = planned_block(
        "side-plank", "hold", sets=2, hold=20, tempo=(0, 0, 0), rest=30, name="Side plank"
    )
    engine = Engine(Plan("p", "P", (hold,), get_ready=0, switch=0, effort_wait=0), clock)
    engine.start()
    snap = engine.snapshot()
    assert set_line(snap, snap.block, 80) == "Set 1 of 2  ·  hold 20 s"
    while engine.step.kind is not StepKind.REST:
        clock.advance(1)
        engine.tick()
    snap = engine.snapshot()
    assert (
        set_line(snap, snap.block, 80)
        == "Set 1 of 2  ·  hold 20 s  ·  + / - changes the rest by 15 s"
    )
