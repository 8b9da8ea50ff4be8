"""The clinical figures, each defined once in glutetui.measures: their edges, and the
fast forms held to the plain ones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glutetui.catalog import load_catalog
from glutetui.measures.adherence import adherence, percent_of
from glutetui.measures.doses import (
    DoseHistory,
    changed_doses,
    dose_in_force,
    prescription,
    starting_dose,
)
from glutetui.measures.first_last import first_and_last
from glutetui.measures.symmetry import symmetry_index
from glutetui.measures.words import (
    dose_words,
    duration_words,
    minutes_text,
    pain_score_words,
    pain_sides_words,
)
from glutetui.records import DoseChangeRecord
from glutetui.vocab import BlockRef
from tests.factories import dose

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
FLOOR = BlockRef("tv-floor", "clamshell")
DAILY = BlockRef("daily-activation", "clamshell")


def change(block: BlockRef, reps: int, at: datetime, n: int = 0) -> DoseChangeRecord:
    return DoseChangeRecord(
        uid=f"{n:032x}",
        program_id=block.program,
        slot=block.slot,
        exercise_id=block.slot,
        sets=2,
        reps=reps,
        hold=None,
        band="none",
        reason="because",
        suggestion_uid=None,
        changed_at=at,
    )


# --- doses -------------------------------------------------------------------------------


def test_a_change_applies_to_its_own_block_from_its_moment_on() -> None:
    catalog = load_catalog()
    floor = catalog.programs["tv-floor"]
    prescribed = prescription(floor, "clamshell", catalog)
    assert prescribed is not None and (prescribed.sets, prescribed.reps) == (2, 10)
    changes = [change(FLOOR, 12, T0)]
    assert dose_in_force(FLOOR, prescribed, changes, T0 - timedelta(seconds=1)) == prescribed
    assert dose_in_force(FLOOR, prescribed, changes, T0) == dose("clamshell", 2, 12)
    daily = catalog.programs["daily-activation"]
    assert dose_in_force(DAILY, prescription(daily, "clamshell", catalog), changes) == dose(
        "clamshell", 1, 15
    )
    assert changed_doses(floor, changes) == {"clamshell": dose("clamshell", 2, 12)}
    assert changed_doses(daily, changes) == {}
    # The daily routine prescribes its own: not the library's starting dose.
    daily_dose = prescription(daily, "clamshell", catalog)
    assert daily_dose != starting_dose(catalog.exercises["clamshell"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([FLOOR, DAILY]), st.integers(0, 40), st.integers(4, 20)),
        max_size=12,
    ),
    st.lists(st.integers(-2, 45), min_size=1, max_size=10),
)
def test_the_dose_history_answers_as_the_plain_function(
    made: list[tuple[BlockRef, int, int]], moments: list[int]
) -> None:
    changes = [change(b, reps, T0 + timedelta(days=d), n) for n, (b, d, reps) in enumerate(made)]
    history = DoseHistory(changes)
    prescribed = dose("clamshell", 2, 10)
    for day in moments:
        at = T0 + timedelta(days=day)
        for block in (FLOOR, DAILY):
            assert history.at(block, prescribed, at) == dose_in_force(
                block, prescribed, changes, at
            )


def test_doses_in_words_are_spelled_one_way() -> None:
    catalog = load_catalog()
    assert dose_words(dose("clamshell", 2, 12, band="light"), catalog) == (
        "Clamshell 2 × 12 reps each side, light band at the knees"
    )
    assert dose_words(dose("side-plank", 2, None, hold=30), catalog, named=False) == (
        "2 × 30 s hold each side"
    )
    assert (minutes_text(0.4), minutes_text(12.4)) == ("<1 min", "12 min")
    assert (duration_words(28), duration_words(605), duration_words(None)) == (
        "28 s",
        "10 min 05 s",
        "not recorded",
    )


# --- symmetry ----------------------------------------------------------------------------


def test_the_symmetry_index_is_weaker_over_stronger_over_three_workouts() -> None:
    workouts = [{"left": 8, "right": 10}, {"both": 12}, {"left": 9, "right": 10}]
    workouts += [{"left": 7, "right": 10}, {"left": 1, "right": 10}]  # the fourth is out
    s = symmetry_index(workouts)
    assert s is not None and (s.left, s.right, s.workouts) == (24, 30, 3)
    assert s.index == pytest.approx(80.0) and s.weaker == "left"
    assert s.trailing is None and not s.balanced  # 80 % is behind, not yet named
    named = symmetry_index([{"left": 7, "right": 10}] * 3)
    assert named is not None and named.trailing == "left" and "trails" in named.words()
    early = symmetry_index([{"left": 5, "right": 10}])
    assert early is not None and early.trailing is None  # one workout names nothing yet
    balanced = symmetry_index([{"left": 9.2, "right": 10}] * 3)
    assert balanced is not None and balanced.balanced and balanced.words() == "92 % (balanced)"
    assert symmetry_index([{"both": 10}]) is None


# --- adherence ---------------------------------------------------------------------------


def test_adherence_counts_from_the_first_workout_and_judges_whole_weeks() -> None:
    monday = date(2026, 3, 2)
    days = [monday + timedelta(days=n) for n in (0, 2, 4, 14, 15, 21)]  # a missed week
    # A period that begins a month before anyone trained: those weeks are not missed.
    counted = adherence(days, 3, monday - timedelta(days=30), monday + timedelta(days=23), monday
                        + timedelta(days=23))  # fmt: skip
    assert counted.first == monday
    assert [(w.days, w.judged) for w in counted.weeks] == [
        (3, True),
        (0, True),
        (2, True),
        (1, False),  # the current week: not over, not judged
    ]
    assert counted.percent == pytest.approx(100 * (3 + 0 + 2) / 9)
    assert counted.per_week == pytest.approx(5 / 3)
    assert counted.weeks_met == (1, 3)
    assert counted.words() == "56 % of 3 days a week (1 of 3 weeks met)"
    busy = adherence([monday + timedelta(days=n) for n in range(7)], 3, monday,
                     monday + timedelta(days=6), monday + timedelta(days=9))  # fmt: skip
    assert busy.percent == 100.0  # a week counts at most its target
    assert adherence([], 3, monday, monday, monday).words() == "no training yet"
    # Each week (or month) of the report as a share of the target, by the same rule.
    assert [percent_of([w], 3) for w in counted.weeks] == [100.0, 0.0, pytest.approx(200 / 3), None]
    assert adherence([monday], 1, monday, monday + timedelta(days=6), monday + timedelta(days=9)
                     ).words() == "100 % of 1 day a week (1 of 1 week met)"  # fmt: skip
    assert counted.words(target=False) == "56 % (1 of 3 weeks met)"


# --- the dose over time, the first two weeks against the last two, pain in words ------------


@settings(max_examples=60, deadline=None)
@given(
    made=st.lists(
        st.tuples(st.sampled_from([FLOOR, DAILY]), st.integers(-30, 60), st.integers(6, 20)),
        max_size=8,
    ),
    start=st.integers(-10, 40),
    length=st.integers(1, 40),
)
def test_the_dose_over_a_period_steps_as_the_dose_in_force(
    made: list[tuple[BlockRef, int, int]], start: int, length: int
) -> None:
    """Each step of the report's target line is the dose in force from its moment on."""
    changes = [change(b, reps, T0 + timedelta(days=d), n) for n, (b, d, reps) in enumerate(made)]
    history = DoseHistory(changes)
    prescribed = dose("clamshell", 2, 10)
    begin, end = T0 + timedelta(days=start), T0 + timedelta(days=start + length)
    for block in (FLOOR, DAILY):
        steps = history.steps(block, prescribed, begin, end)
        assert steps[0].since == begin and steps[0].reason is None
        assert all(begin < s.since < end for s in steps[1:])
        for s in steps:
            assert s.dose == dose_in_force(block, prescribed, changes, s.since)
        inside = {c.changed_at for c in changes if c.block == block and begin < c.changed_at < end}
        assert len(steps) - 1 == len(inside)  # one step a moment, however many changes


def test_the_first_two_weeks_against_the_last_two() -> None:
    start = T0
    rows = [(start + timedelta(days=d), 2, 16.0 + d) for d in (0, 3, 7, 10, 30, 34, 38, 41)]
    found = first_and_last(rows)
    assert found is not None and not found.overlap
    # First fortnight: days 0-10 (16, 19, 23, 26 reps over 2 sets each); last: days 30-41.
    assert found.first == pytest.approx((16 + 19 + 23 + 26) / 8)
    assert found.last == pytest.approx((46 + 50 + 54 + 57) / 8)
    assert (found.first_sets, found.last_sets) == (8, 8)
    assert found.words("reps") == "10.5 → 25.9 reps"
    short = first_and_last(rows[:3])
    assert short is not None and short.overlap  # under four weeks: the windows share days
    assert first_and_last([]) is None and first_and_last([(start, 0, 0.0)]) is None


def test_pain_is_placed_and_scored_one_way() -> None:
    assert pain_sides_words(["left"]) == "left"
    assert pain_sides_words(["right", "left"]) == "left and right"
    assert pain_sides_words(["both"]) == "both legs"
    # An old flag was put on every side: which one hurt is not known, and it says so.
    assert pain_sides_words(["left", "right"], known=False) == "side not recorded"
    assert pain_score_words(3, "stiff") == "3/10 (stiff)"
    assert pain_score_words(0) == "0/10"
    assert pain_score_words(None) == "not asked"
