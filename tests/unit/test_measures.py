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
    dose_direction,
    dose_in_force,
    prescription,
    starting_dose,
)
from glutetui.measures.first_last import TOO_SHORT, first_and_last
from glutetui.measures.in_use import program_in_use
from glutetui.measures.sides import (
    capacity_evidence,
    done_evidence,
    stance_evidence,
    weaker_side,
)
from glutetui.measures.symmetry import (
    band_words,
    measures_capacity,
    stance_symmetry,
    symmetry_index,
)
from glutetui.measures.words import (
    dose_words,
    duration_words,
    minutes_text,
    pain_score_words,
    pain_sides_words,
    time_trained_words,
    trained_words,
)
from glutetui.records import Dose, DoseChangeRecord
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
    assert minutes_text(486.4) == "8 h 06 min"
    # Time trained, one spelling: a workout from before active time was kept shows its
    # span, labelled; a period names those workouts rather than counting them as 0 s.
    assert time_trained_words(1500, None) == "25 min"
    assert time_trained_words(None, 1500) == "25 min span"
    assert time_trained_words(None, None) == "not recorded"
    assert trained_words(29186) == "8 h 06 min trained"
    assert trained_words(0, 14) == "time trained not recorded (14 workouts from before it was kept)"
    assert (
        trained_words(600, 1) == "10 min trained (and 1 workout from before time trained was kept)"
    )
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
    # Nothing done on either side is not measured, never "100 % (balanced)".
    assert symmetry_index([{"left": 0, "right": 0}] * 3) is None
    assert band_words(None, None) == "not measured"
    # One set of words for the bands, on every surface.
    assert [band_words(i, "left") for i in (95, 89.6, 85, 79)] == [
        "balanced",
        "balanced",
        "left a little behind",
        "left trails",
    ]
    assert s.words() == "80 % (left a little behind)"
    # Capacity only where the work is not capped by a prescription.
    assert measures_capacity("to-fatigue") and not measures_capacity("reps")
    assert not measures_capacity("hold")
    held = stance_symmetry(21, 30)
    assert held is not None and round(held.index) == 70 and held.band == "left trails"


# --- adherence ---------------------------------------------------------------------------


def test_adherence_counts_from_the_first_workout_ever_and_judges_whole_weeks() -> None:
    monday = date(2026, 3, 2)
    days = [monday + timedelta(days=n) for n in (0, 2, 4, 14, 15, 21)]  # a missed week
    # A period that begins a month before anyone trained: those weeks are not missed.
    counted = adherence(days, 3, monday - timedelta(days=30), monday + timedelta(days=23), monday
                        + timedelta(days=23), first_ever=monday)  # fmt: skip
    assert counted.first == monday
    assert [(w.days, w.judged) for w in counted.weeks] == [
        (3, True),
        (0, True),
        (2, True),
        (1, False),  # the current week: not over, not judged
    ]
    assert counted.percent == pytest.approx(100 * (3 + 0 + 2) / 9)
    assert (counted.days_counted, counted.days_planned) == (5, 9)
    assert counted.per_week == pytest.approx(5 / 3)
    assert counted.weeks_met == (1, 3)
    assert counted.words() == "56 % of 3 days a week: 5 of 9 days (1 of 3 weeks met)"
    busy = adherence([monday + timedelta(days=n) for n in range(7)], 3, monday,
                     monday + timedelta(days=6), monday + timedelta(days=9), monday)  # fmt: skip
    assert busy.percent == 100.0  # a week counts at most its target
    assert adherence([], 3, monday, monday, monday, None).words() == "no training yet"
    # Each week (or month) of the report as a share of its target, by the same rule.
    assert [percent_of([w]) for w in counted.weeks] == [100.0, 0.0, pytest.approx(200 / 3), None]
    one = adherence([monday], 1, monday, monday + timedelta(days=6), monday + timedelta(days=9),
                    monday)  # fmt: skip
    assert one.words() == "100 % of 1 day a week: 1 of 1 day (1 of 1 week met)"
    assert counted.words(target=False) == "56 % (1 of 3 weeks met)"


def test_a_lapse_week_at_the_start_of_a_period_counts_zero() -> None:
    """The issue's four weeks, 19 Oct - 15 Nov: the person began long before, did nothing
    the first week, then 3, 3 and 2 days of 3. That is 8 of 12 days, 67 % -- not 89 %
    over the three weeks from the period's first workout."""
    start = date(2026, 10, 19)  # a Monday
    first_ever = date(2026, 6, 1)
    days = [start + timedelta(days=n) for n in (7, 9, 11, 14, 16, 18, 21, 23)]
    found = adherence(days, 3, start, start + timedelta(days=27), date(2026, 12, 1), first_ever)
    assert [w.days for w in found.weeks] == [0, 3, 3, 2]
    assert (found.days_counted, found.days_planned) == (8, 12)
    assert round(found.percent or 0) == 67
    # Someone who only began in the second week: the weeks before are not missed.
    late = adherence(days, 3, start, start + timedelta(days=27), date(2026, 12, 1), days[0])
    assert (late.days_counted, late.days_planned) == (8, 9)


def test_each_week_is_held_to_the_target_of_the_program_in_use_that_week() -> None:
    start = date(2026, 10, 19)
    days = [start + timedelta(days=n) for n in (0, 2, 7, 8, 9, 10, 11)]
    targets = {start: 3, start + timedelta(days=7): 5}
    found = adherence(days, targets.get, start, start + timedelta(days=13), date(2027, 1, 1),
                      start)  # fmt: skip
    assert [(w.days, w.target) for w in found.weeks] == [(2, 3), (5, 5)]
    assert (found.days_counted, found.days_planned) == (7, 8)
    assert found.words() == "88 % of the weekly targets: 7 of 8 days (1 of 2 weeks met)"


def test_the_program_in_use_is_the_most_completed_over_28_days_ties_to_the_latest() -> None:
    at = datetime(2026, 3, 1, 20, tzinfo=UTC)
    done = [("a", at - timedelta(days=d)) for d in (1, 5, 9)]
    done += [("b", at - timedelta(days=d)) for d in (2, 3, 30, 31, 32, 33)]  # mostly too old
    assert program_in_use(done, at) == "a"
    assert program_in_use([("a", at - timedelta(days=3)), ("b", at - timedelta(days=1))], at) == "b"
    # Nothing in the window (a lapse): the program in use before it, if the caller knows it.
    assert program_in_use(done, at + timedelta(days=60)) is None
    assert program_in_use(done, at + timedelta(days=60), before="a") == "a"


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


def test_the_first_two_weeks_against_the_last_two_as_a_share_of_each_sides_target() -> None:
    start, end = T0, T0 + timedelta(days=28)
    # The dose went from 10 to 12 reps; the left side from 7.5 to 9 a set (75 % both
    # times: no decline), the right met its target throughout.
    rows = [(start + timedelta(days=d), "left", 2, 15.0, 20.0) for d in (0, 3, 7)]
    rows += [(start + timedelta(days=d), "right", 2, 20.0, 20.0) for d in (0, 3, 7)]
    rows += [(start + timedelta(days=d), "left", 2, 18.0, 24.0) for d in (15, 20, 27)]
    rows += [(start + timedelta(days=d), "right", 2, 24.0, 24.0) for d in (15, 20, 27)]
    found = first_and_last(rows, start, end)
    assert found.compared and found.sides == ("left", "right")
    left = (found.first["left"], found.last["left"])
    assert [(w.per_set, w.target_per_set, w.share) for w in left] == [
        (7.5, 10.0, 0.75),
        (9.0, 12.0, 0.75),
    ]
    assert found.side_words("left", "reps") == "75 % → 75 % of target (7.5 of 10 → 9.0 of 12 reps)"
    # Under four weeks the two windows would share days: no comparison, and it says so.
    short = first_and_last(rows, start, start + timedelta(days=27))
    assert not short.compared and short.too_short and short.words("reps") == TOO_SHORT
    assert short.status == "too short to compare"
    # Done in only one of the windows: nothing to compare either.
    one = first_and_last(rows[:6], start, end)
    assert not one.compared and one.status == "not done in both windows"


def test_a_change_of_dose_reads_up_or_down() -> None:
    catalog = load_catalog()
    ten, twelve = dose("clamshell", 2, 10), dose("clamshell", 2, 12)
    assert dose_direction(ten, twelve, catalog) == "up"
    assert dose_direction(twelve, ten, catalog) == "down"
    assert dose_direction(ten, ten, catalog) == "same"
    banded = Dose(exercise_id="clamshell", sets=2, reps=8, hold=None, band="light")
    assert dose_direction(ten, banded, catalog) == "up"  # a band is load: fewer reps with it


def test_the_weaker_side_is_named_only_where_a_measure_shows_it() -> None:
    assert weaker_side([]).side is None and weaker_side([]).words() == "no side measurably weaker"
    capped = done_evidence("Clamshell", 0.84, 1.0)
    assert [e.side for e in capped] == ["left"]
    assert done_evidence("Clamshell", 0.95, 1.0) == []  # within 10 points: not measurably
    stance = stance_evidence((21.0, False), (30.0, True))
    assert {e.side for e in stance} == {"left"} and len(stance) == 2
    assert weaker_side(capped + stance).side == "left"
    mixed = weaker_side(capped + done_evidence("Side plank", 1.0, 0.8))
    assert mixed.side is None and mixed.mixed
    fatigue = symmetry_index([{"left": 12, "right": 15}] * 3)
    assert [e.side for e in capacity_evidence("Side leg lift", fatigue)] == ["left"]


def test_pain_is_placed_and_scored_one_way() -> None:
    assert pain_sides_words(["left"]) == "left"
    assert pain_sides_words(["right", "left"]) == "left and right"
    assert pain_sides_words(["both"]) == "both legs"
    # An old flag was put on every side: which one hurt is not known, and it says so.
    assert pain_sides_words(["left", "right"], known=False) == "side not recorded"
    assert pain_score_words(3, "stiff") == "3/10 (stiff)"
    assert pain_score_words(0) == "0/10"
    assert pain_score_words(None) == "not asked"


def test_counts_are_said_in_the_singular_for_one() -> None:
    from glutetui.measures.marks import Beaten, beaten
    from glutetui.measures.words import amount_words
    from glutetui.records import Marks

    assert amount_words("reps", 1, None) == "1 rep"
    assert amount_words("reps", 12, None) == "12 reps"
    now = {("clamshell", "left"): Marks(2, None, "none")}
    before = {("clamshell", "left"): Marks(1, None, "none")}
    assert beaten(now, before) == [Beaten("clamshell", "left", "reps", "2 reps", "1 rep")]
