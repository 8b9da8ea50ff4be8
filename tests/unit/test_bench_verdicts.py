"""The benchmark table's verdicts: a row too short for its target is shown, not judged."""

from __future__ import annotations

from benchmarks.harness import table, versus
from benchmarks.workout_load import MINUTE_NOTE, cpu_window


def test_a_ratio_over_its_target_fails_and_one_under_it_passes() -> None:
    assert versus("cpu", [0.3], [0.1], "s", 1.5, "").verdict == "FAIL"
    assert versus("cpu", [0.1], [0.1], "s", 1.5, "").verdict == "pass"


def test_a_row_not_judged_says_short_whatever_its_ratio() -> None:
    over = versus("cpu", [0.3], [0.1], "s", 1.5, "", judged=False)
    under = versus("cpu", [0.1], [0.1], "s", 1.5, "", judged=False)
    assert over.verdict == under.verdict == "short"
    row = table([over]).splitlines()[-1]
    assert "3.00x" in row  # the figure is still shown
    assert row.endswith("short")
    assert "FAIL" not in row


def test_a_quick_run_is_not_the_minute_the_cpu_targets_are_set_on() -> None:
    assert cpu_window(quick=False) == ("60", 3, "")
    assert cpu_window(quick=True) == ("10", 1, MINUTE_NOTE)
