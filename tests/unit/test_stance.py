"""The self-test's words and chart axis: what a result says, read back to the person."""

from __future__ import annotations

import pytest

from glutetui.coaching.stance import (
    STAGES,
    PastTest,
    SideResult,
    Stage,
    advice,
    seconds_axis,
    verdict,
)

FIRST = Stage("eyes-open", 30)


def past(*results: tuple[str, float, bool], stage: Stage = FIRST) -> PastTest:
    sides = tuple(SideResult(side, held, level) for side, held, level in results)  # type: ignore[arg-type]
    return PastTest(stage, sides)


@pytest.mark.parametrize(
    ("results", "said"),
    [
        (
            [("left", 24, True), ("right", 18, True)],
            "Last test: left 24 s, right 18 s. Neither side reached 30 s.",
        ),
        (
            [("left", 24, True), ("right", 30, True)],
            "Last test: left 24 s, right 30 s. The left side fell short of 30 s.",
        ),
        (
            [("left", 30, False), ("right", 30, True)],
            "Last test: left 30 s, right 30 s. "
            "Both sides reached 30 s, but the hip dropped on the left side.",
        ),
        (
            [("left", 24, True), ("right", 30, False)],
            "Last test: left 24 s, right 30 s. "
            "The left side fell short of 30 s, and the hip dropped on the right side.",
        ),
        (
            [("left", 12, False), ("right", 9, False)],
            "Last test: left 12 s, right 9 s. "
            "Neither side reached 30 s, and the hip dropped on both sides.",
        ),
        (
            [("left", 30, True)],
            "Last test: left 30 s; the right side was not tested.",
        ),
    ],
)
def test_a_result_reads_as_it_was(results: list[tuple[str, float, bool]], said: str) -> None:
    assert verdict(past(*results)) == said


def test_advice_says_what_to_do_next() -> None:
    assert advice([]).startswith("Your first test sets the starting point")
    short = advice([past(("left", 24, True), ("right", 31, True))])
    assert short == (
        "Last test: left 24 s, right 31 s. The left side fell short of 30 s. "
        "Stay at this stage (30 s, eyes open) and keep training."
    )
    passed = advice([past(("left", 30, True), ("right", 30, True))])
    assert passed == (
        "Both sides held 30 s with level hips, eyes open: next time, try 45 s, eyes open."
    )
    hardest = STAGES[-1]
    top = past(("left", 60, True), ("right", 60, True), stage=hardest)
    assert advice([top]) == "Both sides held the hardest stage with level hips. Keep it up."


def test_a_held_time_within_half_a_second_of_the_target_counts_as_reached() -> None:
    assert "fell short" not in verdict(past(("left", 29.6, True), ("right", 30, False)))


@pytest.mark.parametrize(
    ("held", "target", "ticks"),
    [
        ((7.1, 6.58, 6.07), 30, [0, 10, 20, 30]),
        ((12.0,), 45, [0, 10, 20, 30, 40, 50]),
        ((60.0, 41.5), 60, [0, 15, 30, 45, 60]),
        ((3.2,), 3, [0, 1, 2, 3, 4]),
    ],
)
def test_the_axis_is_whole_seconds_from_zero(
    held: tuple[float, ...], target: int, ticks: list[int]
) -> None:
    stage = Stage("eyes-open", target)
    tests = [past(("left", h, True), stage=stage) for h in held]
    axis = seconds_axis(tests)
    assert axis == ticks
    assert axis[-1] >= max(*held, target)
    assert all(isinstance(t, int) for t in axis)
