"""History figures in SQL, and the view models built on them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from benchmarks.generate import generate_history
from glutetui.platform.locations import Locations
from glutetui.readouts import history
from glutetui.services import Services
from glutetui.store import Store
from glutetui.store.queries import insights
from glutetui.vocab import Band
from tests.clock import FakeClock
from tests.factories import CLAM, dose, logged_set

# Noon UTC, so local days are the same in any zone the tests pin (UTC).
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def add(
    store: Store,
    day: date,
    exercise: str = "clamshell",
    sides: dict[str, int] | None = None,
    hold: float | None = None,
    band: Band = "none",
    rep_seconds: int = 4,
) -> int:
    at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    with store.write() as db:
        w = db.workouts.start("p", "P", "{}", at)
        for side, amount in (sides or {"left": 10, "right": 10}).items():
            logged = logged_set(
                0,
                0,
                side,  # type: ignore[arg-type]
                reps=amount,
                hold=hold,
                at=at,
                exercise=exercise,
                rep_seconds=rep_seconds,
                band=band,
            )
            db.workouts.log_set(w.id, logged)
        db.workouts.finish(w.id, "completed", at + timedelta(minutes=10))
    return w.id


@pytest.fixture
def services(isolated_home: Path) -> Iterator[Services]:
    s = Services(Locations(isolated_home, isolated_home), FakeClock(wall=NOW))
    yield s
    s.close()


def test_streaks_are_islands_of_consecutive_days(services: Services) -> None:
    today = NOW.date()
    for n in (0, 1, 2, 5, 6, 7, 8, 9, 20):
        add(services.store, today - timedelta(days=n))
    with services.store.reading() as session:
        assert insights.streaks(session, today) == (3, 5)
        assert insights.streaks(session, today + timedelta(days=1)) == (3, 5)
        assert insights.streaks(session, today + timedelta(days=2)) == (0, 5)


def test_an_empty_history_has_no_streaks(services: Services) -> None:
    with services.store.reading() as session:
        assert insights.streaks(session, NOW.date()) == (0, 0)
    with services.store.write() as db:
        db.workouts.start("p", "P", "{}", NOW)  # nothing logged: not a training day
    with services.store.reading() as session:
        assert insights.streaks(session, NOW.date()) == (0, 0)


def test_trends_average_each_side_per_period(services: Services) -> None:
    today = NOW.date()
    add(services.store, today, sides={"left": 8, "right": 10})
    add(services.store, today, sides={"left": 10, "right": 12})
    add(services.store, today - timedelta(days=40), sides={"left": 6, "right": 6}, band="light")
    since = NOW - timedelta(days=90)
    with services.store.reading() as session:
        daily = insights.trend(session, "clamshell", since, "day")
        per_workout = insights.trend(session, "clamshell", since, "workout")
        monthly = insights.trend(session, "clamshell", since, "month")
        weekly = insights.trend(session, "clamshell", since, "week")
    assert [(p.period.date(), p.side, p.reps, p.sets) for p in daily] == [
        (today - timedelta(days=40), "left", 6.0, 1),
        (today - timedelta(days=40), "right", 6.0, 1),
        (today, "left", 9.0, 2),
        (today, "right", 11.0, 2),
    ]
    assert daily[0].band == "light"
    assert [(p.side, p.reps) for p in per_workout if p.period.date() == today] == [
        ("left", 8.0),
        ("right", 10.0),
        ("left", 10.0),
        ("right", 12.0),
    ]
    assert {p.period.date() for p in monthly} == {date(2026, 2, 1), date(2026, 3, 1)}
    assert all(p.period.weekday() == 0 for p in weekly)  # weeks are named by their Monday


def test_logged_exercises_skip_along_the_index(services: Services) -> None:
    add(services.store, NOW.date(), "fire-hydrant")
    add(services.store, NOW.date(), "clamshell")
    add(services.store, NOW.date(), "side-plank", hold=20.0)
    with services.store.reading() as session:
        found = insights.logged_exercises(session)
    assert found == ["clamshell", "fire-hydrant", "side-plank"]


def test_tension_counts_reps_times_tempo_plus_holds(services: Services) -> None:
    add(services.store, NOW.date(), sides={"left": 10, "right": 5}, rep_seconds=4)
    add(services.store, NOW.date(), "side-plank", sides={"left": 0}, hold=30.0)
    with services.store.reading() as session:
        rows = insights.tension(session, NOW - timedelta(days=7), None, "week")
    by_side = {r.side: r.seconds for r in rows}
    assert by_side == {"left": 40 + 30, "right": 20}


def test_records_per_exercise_and_side(services: Services) -> None:
    add(services.store, NOW.date(), sides={"left": 12, "right": 9}, band="light")
    add(services.store, NOW.date(), sides={"left": 8, "right": 14}, band="medium")
    rows = {(r.name, r.side): r for r in history.records(services.store, services.catalog)}
    assert (rows["Clamshell", "left"].reps, rows["Clamshell", "left"].band) == (12, "medium")
    assert rows["Clamshell", "right"].reps == 14


def test_the_calendar_model(services: Services) -> None:
    today = NOW.date()
    for n in (0, 1, 3, 8):
        add(services.store, today - timedelta(days=n))
    model = history.calendar(
        services.store, services.catalog, services.clock.now().astimezone().date(), {}, weeks=4
    )
    assert model.first_monday.weekday() == 0 and model.weeks == 4
    assert model.days_trained == 4 and model.current_streak == 2
    assert model.target == 3  # the beginner routine's weekly target
    assert [w.days for w in model.adherence.weeks][-2:] == [1, 3]
    assert model.adherence.weeks[-1].judged is False  # this week is not over


def test_the_trend_series_has_a_line_per_side_and_dose_marks(services: Services) -> None:
    today = NOW.date()
    for n in range(5):
        add(services.store, today - timedelta(days=n), sides={"left": 8 + n, "right": 10})
    with services.store.write() as db:
        db.doses.change(CLAM, dose("clamshell", 2, 12), "moved up", NOW)
    series = history.trend_series(
        services.store,
        services.catalog,
        services.clock.now().astimezone().date(),
        "clamshell",
        "3m",
    )
    assert set(series.sides) == {"left", "right"} and series.unit == "reps per set"
    assert len(series.sides["left"]) == 5 and series.marks
    assert "moved up" in series.marks[0].text
    assert history.trend_choices(services.store, services.catalog) == [("Clamshell", "clamshell")]


def test_balance_names_the_weaker_side_past_the_threshold(services: Services) -> None:
    for n in range(3):
        day = NOW.date() - timedelta(days=n)
        add(services.store, day, exercise="side-leg-lift", sides={"left": 10, "right": 14})
        add(services.store, day, sides={"left": 10, "right": 10})
    lift, clam = history.balance(services.store, services.catalog)
    s = lift.symmetry  # sets until the leg tires: the limb symmetry index
    assert s is not None and (s.left, s.right, s.workouts, s.trailing) == (30, 42, 3, "left")
    assert s.index == pytest.approx(100 * 30 / 42) and lift.words == "71 % (left trails)"
    # Capped sets that both met their target: done of target, never "100 % (balanced)".
    assert clam.symmetry is None and clam.words == "left 100 %, right 100 % of target"


def test_tension_weeks_include_empty_ones(services: Services) -> None:
    add(services.store, NOW.date(), sides={"left": 10, "right": 10}, rep_seconds=3)
    rows = history.tension(services.store, services.clock.now().astimezone().date(), weeks=4)
    assert len(rows) == 4 and rows[-1].left == 30 and rows[0].total == 0


def test_the_generator_makes_a_realistic_reproducible_history(tmp_path: Path) -> None:
    from glutetui.catalog import load_catalog

    catalog = load_catalog()
    a = Store.open(tmp_path / "a.db")
    b = Store.open(tmp_path / "b.db")
    made = generate_history(a, catalog, 60, end=NOW, seed=3)
    generate_history(b, catalog, 60, end=NOW, seed=3)
    with a.read() as one, b.read() as other:
        assert made.workouts == one.workouts.count() > 40 and made.sets > 400
        assert [w.workout.uid for w in one.workouts.page(5)] == [
            w.workout.uid for w in other.workouts.page(5)
        ]
        last = one.workouts.last()
        assert last is not None
        sets = one.workouts.sets_of(last.workout.id)
        assert {s.side for s in sets} >= {"left", "right"}
        assert one.doses.changes() and one.doses.current()


# --- one meaning per word: pain flags, effort, skipped sets ----------------------------------


def test_pain_flags_count_exercises_effort_is_the_mean_of_exercises_and_skips_are_no_work(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workout of two exercises: the clamshell (two sets a side, rated 2, pain on the
    left) and the fire hydrant (one set a side, rated 4, its right set skipped). Pain
    flags: 1 (one exercise), not 2 sets; effort: (2 + 4) / 2 = 3.0, not the mean over
    the six sets (2.67); the skipped set is shown as skipped and counts for nothing."""
    import json

    import msgspec

    from glutetui.cli import main
    from glutetui.readouts.progress import progress_figures

    at = NOW - timedelta(days=1)
    with services.store.write() as db:
        w = db.workouts.start("tv-floor", "Floor", "{}", at)
        for n in range(2):
            for side in ("left", "right"):
                db.workouts.log_set(w.id, logged_set(0, n, side, reps=10, at=at))
        db.workouts.log_set(w.id, logged_set(1, 0, "left", reps=8, at=at, exercise="fire-hydrant"))
        skipped = msgspec.structs.replace(
            logged_set(1, 0, "right", reps=0, at=at, exercise="fire-hydrant"), skipped=True
        )
        db.workouts.log_set(w.id, skipped)
        db.workouts.rate_block(w.id, 0, 2, ("left",))
        db.workouts.rate_block(w.id, 1, 4, None)
        db.workouts.finish(w.id, "completed", at + timedelta(minutes=10))
        (summary,) = db.workouts.page()
    assert summary.pain == 1 and summary.effort == 3.0 and summary.sets == 5
    assert main(["--home", str(services.locations.data), "history", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["pain_flags"], row["average_effort"], row["skipped_sets"]) == (1, 3.0, 1)
    assert [s["skipped"] for s in row["sets"]].count(True) == 1
    assert main(["--home", str(services.locations.data), "history"]) == 0
    text = capsys.readouterr().out
    assert "Fire hydrant set 1 right: skipped (target 10 reps)" in text
    assert "pain flagged on 1 exercise" in text and "effort 3.0" in text
    # Done of target leaves the skipped set out on both sides of the fraction.
    with services.store.read() as db:
        found = progress_figures(db, services.catalog, at.date(), at.date(), NOW.date())
    hydrant = next(b for b in found.blocks if b.block.slot == "fire-hydrant")
    assert hydrant.done == {"left": 8.0} and hydrant.prescribed == {"left": 10.0}
    # A record is no record of a set passed over; the report's log counts exercises too.
    with services.store.read() as db:
        marks = db.workouts.marks(["fire-hydrant"])
        (line,) = db.queries.report(at - timedelta(days=1), NOW, "day").log(10)
    assert set(marks) == {("fire-hydrant", "left")}
    assert (line.pain, line.effort, line.sets) == (1, 3.0, 5)
