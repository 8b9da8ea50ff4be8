"""The physiotherapist's report: its figures from SQL, the page and the command.

Homes are built through the store (its write session and the ORM rows), then read
back the way the command does; the pages are checked for what a clinician reads and
for what must never be in them (a script, a web address).
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.dialects import postgresql

from glutetui.catalog import Catalog, load_catalog
from glutetui.cli import main
from glutetui.report import Period, ReportError
from glutetui.report.assemble import collect
from glutetui.report.data import ReportData
from glutetui.report.make import collect_figures, report_html, write_for_app, write_report
from glutetui.report.page import css_string, render
from glutetui.report.paper import default_paper
from glutetui.store import Store
from glutetui.store.models import DoseChangeRow, SelfTestRow, SetRow, WorkoutRow
from glutetui.store.sqltime import local_bucket
from glutetui.store.sums import refresh as refresh_sums
from tests import eight_weeks
from tests.postgres import PostgresDatabase

TINY = """
name = "Tiny test"
description = "One quick set"
days_per_week = 3

[[block]]
exercise = "clamshell"
sets = 1
reps = 3
tempo = [1, 0, 1]
rest = 5
"""
DAY1 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # a Monday
DAY2 = datetime(2026, 3, 4, 18, 0, tzinfo=UTC)
PERIOD = Period(date(2026, 2, 23), date(2026, 3, 8))


@dataclass
class Home:
    """A home folder with a store, filled one workout at a time."""

    folder: Path
    store: Store
    uids: list[int] = field(default_factory=lambda: [0])

    def uid(self) -> str:
        self.uids[0] += 1
        return f"{self.uids[0]:032x}"

    def workout(
        self,
        at: datetime,
        *,
        program: tuple[str, str] = ("tiny", "Tiny test"),
        exercise: str = "clamshell",
        sides: tuple[str, ...] = ("left", "right"),
        reps: dict[str, int] | None = None,
        hold: float | None = None,
        sets: int = 1,
        effort: int | None = 3,
        pain: bool = False,
        band: str = "none",
        block: int = 0,
    ) -> None:
        """One workout of one exercise; ``reps`` per side (default 3 each)."""
        with self.store.writing() as session:
            row = WorkoutRow(
                uid=self.uid(),
                program_id=program[0],
                program_name=program[1],
                started_at=at,
                ended_at=at + timedelta(minutes=5),
                status="completed",
                plan="{}",
                note="",
            )
            session.add(row)
            session.flush()
            clock = at
            for n in range(sets):
                for side in sides:
                    done = None if hold is not None else (reps or {}).get(side, 3)
                    session.add(
                        SetRow(
                            workout_id=row.id,
                            block=block,
                            set_index=n,
                            side=side,
                            exercise_id=exercise,
                            slot=exercise,
                            kind="hold" if hold is not None else "reps",
                            target_reps=None if hold is not None else 3,
                            target_hold=None if hold is None else int(hold),
                            reps=done,
                            hold_seconds=hold,
                            rep_seconds=2,
                            band=band,
                            effort=effort,
                            pain=pain,
                            partial=False,
                            started_at=clock,
                            ended_at=clock + timedelta(seconds=20),
                        )
                    )
                    clock += timedelta(seconds=30)
            refresh_sums(session, (row.id,))  # as every write of sets does

    def dose_change(self, at: datetime, reps: int, reason: str, program: str = "tiny") -> None:
        with self.store.writing() as session:
            session.add(
                DoseChangeRow(
                    uid=self.uid(),
                    program_id=program,
                    slot="clamshell",
                    exercise_id="clamshell",
                    sets=2,
                    reps=reps,
                    hold=None,
                    band="light",
                    reason=reason,
                    changed_at=at,
                )
            )

    def self_test(self, at: datetime, side: str, held: float, level: bool) -> None:
        with self.store.writing() as session:
            session.add(
                SelfTestRow(
                    uid=self.uid(),
                    taken_at=at,
                    side=side,
                    stage="eyes-open",
                    target_seconds=30,
                    hold_seconds=held,
                    level=level,
                )
            )


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def home(isolated_home: Path) -> Iterator[Home]:
    isolated_home.mkdir(parents=True, exist_ok=True)
    store = Store.open(isolated_home / "glutetui.db")
    yield Home(isolated_home, store)
    store.close()


def figures(home: Home, catalog: Catalog, period: Period = PERIOD) -> ReportData:
    made = datetime(2026, 3, 9, 9, 0).astimezone()
    with home.store.read() as db:
        return collect(db, catalog, period, made, made.date())


def the_scenario(home: Home) -> None:
    """The issue's new user: two workouts of a one-set clamshell program, the second
    rated 4 with the pain flag."""
    home.workout(DAY1, effort=2)
    home.workout(DAY2, effort=4, pain=True)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- the period --------------------------------------------------------------------------


def test_the_default_period_is_the_six_weeks_ending_today() -> None:
    period = Period.from_text(None, None, date(2026, 3, 8))
    assert (period.since, period.until, period.days) == (date(2026, 1, 26), date(2026, 3, 8), 42)
    assert Period.from_text(None, "2026-02-01", date(2026, 3, 8)).until == date(2026, 2, 1)
    assert Period.from_text("2026-03-01", None, date(2026, 3, 8)).days == 8


@pytest.mark.parametrize("text", ["2026-13-01", "yesterday", "20260301", "2026-W10-1", ""])
def test_a_date_must_be_a_real_day_written_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(ReportError, match="--since: expected a date as YYYY-MM-DD"):
        Period.from_text(text or " ", None, date(2026, 3, 8))


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ReportError, match=r"ends \(2026-03-01\) before it starts \(2026-03-08\)"):
        Period.from_text("2026-03-08", "2026-03-01", date(2026, 3, 8))


def test_longer_periods_are_charted_in_longer_steps() -> None:
    today = date(2026, 3, 8)
    lengths = (42, 200, 600, 1500, 3650)
    steps = [Period(today - timedelta(days=d - 1), today).bucket for d in lengths]
    assert steps == ["day", "week", "month", "quarter", "year"]
    assert PERIOD.describe() == "23 February – 8 March 2026"
    assert Period(date(2025, 12, 1), date(2026, 1, 5)).describe() == (
        "1 December 2025 – 5 January 2026"
    )


# --- the figures ---------------------------------------------------------------------------


def test_the_scenario_gives_both_workouts_the_pain_flag_and_the_programs_target(
    home: Home, catalog: Catalog, isolated_home: Path
) -> None:
    (isolated_home / "programs").mkdir()
    (isolated_home / "programs" / "tiny.toml").write_text(TINY)
    catalog = load_catalog(isolated_home / "exercises", isolated_home / "programs")
    the_scenario(home)
    data = figures(home, catalog)
    assert (data.workouts, data.sets, data.pain_total) == (2, 4, 1)
    (flag,) = data.pain
    assert (flag.day, flag.exercise, flag.side, flag.effort) == (
        date(2026, 3, 4),
        "Clamshell",
        "left and right",
        4,
    )
    (program,) = data.programs
    assert (program.name, program.workouts, program.days, program.days_per_week) == (
        "Tiny test",
        2,
        2,
        3,
    )
    assert [line.started.date() for line in data.log] == [date(2026, 3, 2), date(2026, 3, 4)]
    # Pain flags count exercises of a workout (one, felt on both sides), not sets.
    assert data.log[1].pain == 1 and data.log[1].effort == 4
    (clam,) = data.exercises
    assert clam.name == "Clamshell" and clam.efforts == {2: 1, 4: 1}
    assert [(p.at, p.side, p.amount) for p in clam.points] == [
        (date(2026, 3, 2), "left", 3.0),
        (date(2026, 3, 2), "right", 3.0),
        (date(2026, 3, 4), "left", 3.0),
        (date(2026, 3, 4), "right", 3.0),
    ]
    assert clam.pain_sets == 2
    # The dose the program prescribes, not the library's default for the exercise.
    assert clam.dose == "Clamshell 1 × 3 reps each side" and not clam.dose_changed
    assert data.calendar == {date(2026, 3, 2): 1, date(2026, 3, 4): 1}


def test_adherence_counts_training_days_per_week_against_the_target(
    home: Home, catalog: Catalog
) -> None:
    # Week of 23 Feb: nothing. Week of 2 Mar: three days, one of them twice.
    for day in (2, 3, 5):
        home.workout(datetime(2026, 3, day, 17, 0, tzinfo=UTC), program=("tv-floor", "Floor"))
    home.workout(datetime(2026, 3, 5, 7, 0, tzinfo=UTC), program=("tv-floor", "Floor"))
    data = figures(home, catalog)
    adherence = data.adherence
    assert adherence is not None
    assert (adherence.target, adherence.target_program, adherence.step) == (
        3,
        "Floor routine for the TV",
        "week",
    )
    # Counted from the week of the first workout: the empty week before is no missed week.
    assert [(r.label, r.days_trained, r.met) for r in adherence.rows] == [("2 Mar", 3, True)]
    assert adherence.training_days == 3 and adherence.per_week == 3.0
    assert adherence.percent == 100.0
    assert data.calendar[date(2026, 3, 5)] == 2


def test_a_week_only_partly_in_the_period_is_not_judged(home: Home, catalog: Catalog) -> None:
    home.workout(DAY1 - timedelta(days=2), program=("tv-floor", "Floor"))  # Saturday
    home.workout(DAY1, program=("tv-floor", "Floor"))
    data = figures(home, catalog, Period(date(2026, 2, 27), date(2026, 3, 8)))
    assert data.adherence is not None
    first, second = data.adherence.rows
    assert (first.label, first.days_trained, first.met) == ("23 Feb (not judged)", 1, None)
    assert (second.days_trained, second.target_days, second.met) == (1, 3, False)
    assert data.adherence.percent == pytest.approx(100 / 3)


def test_symmetry_only_where_it_measures_capacity_else_done_of_target(
    home: Home, catalog: Catalog
) -> None:
    for n in range(3):
        at = DAY1 + timedelta(days=n)
        # To-fatigue sets measure what each side can do: the index applies.
        home.workout(at, exercise="side-leg-lift", reps={"left": 6, "right": 10})
        # Capped sets (3 asked, 3 done on the right, 2 on the left): done of target.
        home.workout(at + timedelta(hours=1), reps={"left": 2, "right": 3})
        home.workout(at + timedelta(hours=2), exercise="fire-hydrant", reps={"left": 3, "right": 3})
    balance = {b.name: b for b in figures(home, catalog).balance}
    lift = balance["Side leg lift"]
    assert lift.capacity and lift.now is not None
    assert (lift.now.left, lift.now.right, lift.now.trailing) == (18.0, 30.0, "left")
    assert lift.now.index == pytest.approx(60.0) and lift.now.band == "left trails"
    clam, hydrant = balance["Clamshell"], balance["Fire hydrant"]
    # Both sides reaching a prescribed target is no measure of balance: no index at all.
    assert not clam.capacity and clam.now is None and hydrant.now is None
    assert (clam.left, clam.right) == (pytest.approx(2 / 3), 1.0)
    assert clam.words == "left 67 % of target, right 100 % of target"
    assert hydrant.words == "left 100 % of target, right 100 % of target"
    page = report_html(home.store, catalog, PERIOD)
    assert "100 % (balanced)" not in page.split('id="balance"')[1].split("</section>")[0]


def test_nothing_done_is_not_measured(home: Home, catalog: Catalog) -> None:
    for n in range(3):
        home.workout(
            DAY1 + timedelta(days=n), exercise="side-leg-lift", reps={"left": 0, "right": 0}
        )
    (lift,) = figures(home, catalog).balance
    assert lift.now is None and lift.words == "not measured"


def test_holds_are_charted_in_seconds_and_count_as_time_under_tension(
    home: Home, catalog: Catalog
) -> None:
    home.workout(DAY1, exercise="side-plank", hold=25.0, sets=2)
    home.workout(DAY1 + timedelta(hours=1), reps={"left": 10, "right": 10})
    data = figures(home, catalog)
    plank = next(e for e in data.exercises if e.block.slot == "side-plank")
    assert plank.held and plank.unit == "s"
    assert {(p.side, p.sets, p.amount) for p in plank.points} == {
        ("left", 2, 25.0),
        ("right", 2, 25.0),
    }
    empty, week = data.tension  # every week of the period, an empty one too
    assert (empty.at, empty.total) == (date(2026, 2, 23), 0.0)
    # 2 x 25 s held per side, plus 10 reps at 2 s each per side.
    assert (week.at, week.left, week.right, week.both) == (date(2026, 3, 2), 70.0, 70.0, 0.0)


def test_dose_changes_in_the_period_come_with_their_date_and_reason(
    home: Home, catalog: Catalog
) -> None:
    home.workout(DAY1)
    home.dose_change(datetime(2026, 2, 1, tzinfo=UTC), 12, "Before the period.")
    home.dose_change(DAY1 + timedelta(hours=1), 14, "Two easy workouts in a row: move up.")
    (clam,) = figures(home, catalog).exercises
    assert clam.dose == "Clamshell 2 × 14 reps each side, light band at the knees"
    assert clam.dose_changed
    (change,) = clam.changes
    assert (change.day, change.reason) == (date(2026, 3, 2), "Two easy workouts in a row: move up.")


def test_bands_are_marked_on_the_step_they_were_used(home: Home, catalog: Catalog) -> None:
    home.workout(DAY1)
    home.workout(DAY2, band="medium")
    (clam,) = figures(home, catalog).exercises
    assert [p.band for p in clam.points if p.side == "left"] == ["none", "medium"]


def test_self_tests_are_summed_per_step_and_listed(home: Home, catalog: Catalog) -> None:
    home.self_test(DAY1, "left", 20.0, False)
    home.self_test(DAY1, "right", 30.0, True)
    home.self_test(DAY1 + timedelta(hours=2), "left", 30.0, True)
    data = figures(home, catalog)
    assert data.empty and data.stance_total == 3
    assert {(p.side, p.tests, p.hold, p.level) for p in data.stance} == {
        ("left", 2, 25.0, 1),
        ("right", 1, 30.0, 1),
    }
    assert [t.hold for t in data.stance_tests] == [20.0, 30.0, 30.0]


def test_days_are_the_users_local_days(
    home: Home, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        # 02:30 UTC on 3 March is 21:30 on 2 March in New York.
        home.workout(datetime(2026, 3, 3, 2, 30, tzinfo=UTC))
        data = figures(home, catalog)
        assert list(data.calendar) == [date(2026, 3, 2)]
        assert {p.at for p in data.exercises[0].points} == {date(2026, 3, 2)}
        # The period's edges are local midnights too: 1 March 23:00 local is outside.
        home.workout(datetime(2026, 3, 2, 4, 0, tzinfo=UTC))
        later = figures(home, catalog, Period(date(2026, 3, 2), date(2026, 3, 8)))
        assert later.workouts == 1
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


def test_long_periods_are_folded_into_quarters(home: Home, catalog: Catalog) -> None:
    for day in (date(2023, 1, 10), date(2023, 2, 20), date(2023, 5, 1), date(2025, 12, 30)):
        home.workout(datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12))
    data = figures(home, catalog, Period(date(2022, 1, 1), date(2026, 3, 8)))
    assert data.bucket == "quarter"
    (clam,) = data.exercises
    left = [(p.at, p.sets) for p in clam.points if p.side == "left"]
    assert left == [(date(2023, 1, 1), 2), (date(2023, 4, 1), 1), (date(2025, 10, 1), 1)]
    assert clam.efforts == {3: 4}
    assert data.adherence is not None and data.adherence.step == "year"
    # From the first workout's week: 2022 was before anyone started.
    assert [r.days_trained for r in data.adherence.rows] == [3, 0, 1, 0]


def test_postgresql_dates_are_worked_out_in_the_local_zone() -> None:
    expression = local_bucket(WorkoutRow.started_at, "week", "postgresql")
    sql = str(expression.compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
    assert "date_trunc" in sql and "timezone" in sql and "AS DATE" in sql


def test_a_report_from_postgresql_matches_the_one_from_sqlite(
    postgres: PostgresDatabase, home: Home, catalog: Catalog
) -> None:
    from glutetui.store.database import open_target

    server = Store(open_target(postgres.url))
    try:
        for store in (home.store, server):
            filler = Home(home.folder, store)
            the_scenario(filler)
            filler.workout(DAY1 + timedelta(hours=2), exercise="side-plank", hold=20.0)
            filler.self_test(DAY2, "left", 25.0, True)
        from_file = figures(home, catalog)
        from_server = figures(Home(home.folder, server), catalog)
        assert from_server == from_file
        # And read as the command reads it, on two connections sharing one snapshot.
        made = datetime(2026, 3, 9, 9, 0).astimezone()
        assert collect_figures(server, catalog, PERIOD, made) == from_file
        assert from_server.workouts == 3 and from_server.pain_total == 1
        assert "Tiny test" in report_html(server, catalog, PERIOD)
    finally:
        server.close()


# --- the page --------------------------------------------------------------------------------


def test_the_page_is_self_contained_and_runs_nothing(home: Home, catalog: Catalog) -> None:
    the_scenario(home)
    home.self_test(DAY2, "left", 25.0, True)
    page = report_html(home.store, catalog, PERIOD)
    assert page.startswith("<!DOCTYPE html>")
    # The clamshell, the self-test and time under tension (no pain score: no pain chart).
    assert page.count('class="pygal-chart') == 3
    for banned in ("<script", "http:", "https:", "url(", "@import", "<link", "<iframe", "src="):
        assert banned not in page.lower(), banned
    assert "@page" in page and "break-before: page" in page
    # The browser is told too: nothing may run, and nothing may be fetched from anywhere.
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    assert "default-src 'none'" in policy[1] and "script" not in policy[1]


def test_the_sections_come_in_the_order_a_clinician_reads_them(
    home: Home, catalog: Catalog
) -> None:
    the_scenario(home)
    page = report_html(home.store, catalog, PERIOD)
    headings = [
        "<h1>Hip exercise follow-up",
        "<h2>Period and adherence",
        "<h2>Pain",
        "Pain flagged on 1 exercise",
        "<h2>Single-leg stance self-test",
        "<h2>Weaker side",
        "<h2>Tiny test: each exercise",
        "<h2>Dose changes in the period",
        "<h2>For review",
        "<h2>Progress per exercise",
        "<h2>Left and right",
        "<h2>Single-leg stance self-tests<",
        "<h2>Time under tension",
        "<h2>Training calendar",
        "<h2>Safety note",
        "<h2>Appendix: the workout log",
    ]
    places = [page.index(h) for h in headings]
    assert places == sorted(places)
    assert "stop at once on sharp pain" in page


def test_user_text_is_shown_as_text_never_run(home: Home, catalog: Catalog) -> None:
    home.workout(DAY1, program=("evil", "<script>alert(1)</script>"), pain=True, effort=5)
    page = report_html(home.store, catalog, PERIOD)
    assert "<script" not in page
    # Page one's programs and its table's heading, the charts' program, the left and
    # right table, the log.
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 5


def test_an_empty_period_and_an_empty_home_say_so(home: Home, catalog: Catalog) -> None:
    home.workout(DAY1)
    later = Period(date(2026, 4, 1), date(2026, 4, 30))
    for store in (home.store, None):
        page = report_html(store, catalog, later)
        assert "No workouts were logged in this period." in page
        assert "<svg" not in page and "Safety note" in page


# --- the command -----------------------------------------------------------------------------


def test_the_scenario_through_the_command_line(
    capsys: pytest.CaptureFixture[str],
    home: Home,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    the_scenario(home)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(
        capsys, "report", "-o", "report.html", "--since", "2026-03-01", "--until", "2026-03-08"
    )
    assert (code, err) == (0, "")
    assert out.startswith("Wrote the report for 1 – 8 March 2026 (2 workouts)")
    assert out.rstrip().endswith(f"(2 workouts) to {tmp_path / 'report.html'}")
    page = (tmp_path / "report.html").read_text()
    assert "Tiny test" in page and "Pain flagged on 1 exercise" in page and "<svg" in page
    assert (tmp_path / "report.html").stat().st_mode & 0o077 == 0  # health data: owner only


def test_the_default_file_is_dated_in_the_current_folder(
    capsys: pytest.CaptureFixture[str], home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "report")
    name = f"glutetui-report-{date.today():%Y-%m-%d}.html"
    assert code == 0 and out.rstrip().endswith(f"(no workouts) to {tmp_path / name}")
    assert "No workouts were logged" in (tmp_path / name).read_text()


def test_a_home_without_a_database_gets_a_report_and_no_database(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "empty.html"
    code, out, _ = run(capsys, "report", "-o", str(target))
    assert code == 0 and "(no workouts)" in out
    assert "No workouts were logged in this period." in target.read_text()
    assert not (isolated_home / "glutetui.db").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--since", "2026-02-30"], "--since: expected a date as YYYY-MM-DD, got '2026-02-30'"),
        (["--until", "03/08/2026"], "--until: expected a date as YYYY-MM-DD, got '03/08/2026'"),
        (["--since", "2026-03-08", "--until", "2026-03-01"], "before it starts"),
        (["-o", "taken.html"], "taken.html already exists; add --force to overwrite it"),
        (["-o", "a-file/report.html"], "cannot write a-file/report.html"),
        (["-o", "."], ". is a folder"),
    ],
)
def test_mistakes_are_one_line_and_a_failure(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken.html").write_text("keep me")
    (tmp_path / "a-file").write_text("not a folder")
    code, out, err = run(capsys, "report", *argv)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and message in err and err.startswith("glutetui: ")
    assert (tmp_path / "taken.html").read_text() == "keep me"


def test_force_replaces_an_existing_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken.html").write_text("old")
    assert run(capsys, "report", "-o", "taken.html", "--force")[0] == 0
    assert "Safety note" in (tmp_path / "taken.html").read_text()


def test_the_app_writes_under_a_name_not_taken_yet(
    home: Home, catalog: Catalog, tmp_path: Path
) -> None:
    the_scenario(home)
    today = date(2026, 3, 8)
    said = [write_for_app(home.store, catalog, days, tmp_path, today) for days in (91, None)]
    first = tmp_path / "glutetui-report-2026-03-08.html"
    second = tmp_path / "glutetui-report-2026-03-08-2.html"
    assert said[0].endswith(f"(2 workouts) to {first}")
    assert said[1].startswith("Wrote the report for 2 – 8 March 2026") and str(second) in said[1]
    assert first.exists() and second.exists()


def test_write_report_checks_the_file_before_reading_anything(
    catalog: Catalog, tmp_path: Path
) -> None:
    taken = tmp_path / "taken.html"
    taken.write_text("keep")

    class Unreadable:
        def reading(self) -> None:
            raise AssertionError("the store was read")

    with pytest.raises(ReportError, match="already exists"):
        write_report(Unreadable(), catalog, PERIOD, taken)  # type: ignore[arg-type]


def test_making_a_report_is_not_paid_for_at_start_up() -> None:
    code = (
        "import sys\n"
        "import glutetui.app, glutetui.cli, glutetui.report\n"
        "heavy = [m for m in ('jinja2', 'pygal', 'markupsafe') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_report_package_never_imports_textual() -> None:
    code = (
        "import sys\n"
        "import glutetui.report.make, glutetui.report.assemble, glutetui.report.charts\n"
        "print('textual' in sys.modules, 'rich' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_the_safety_note_gives_the_apps_advice() -> None:
    from glutetui.report.page import SAFETY

    # The same advice as on the first run and in Help, in the report's own words.
    assert "no medical advice" in SAFETY
    assert "stop at once on sharp pain" in SAFETY
    assert "see a physiotherapist if pain keeps coming back" in SAFETY


def test_a_decade_is_charted_by_year_straight_from_the_database(
    home: Home, catalog: Catalog
) -> None:
    # Thirty workouts in one month, each rated 5: the packed counts hold more than one.
    for n in range(30):
        home.workout(datetime(2019, 6, 1, 9, tzinfo=UTC) + timedelta(days=n), effort=5)
    home.workout(datetime(2024, 2, 1, 9, tzinfo=UTC), effort=None)
    data = figures(home, catalog, Period(date(2016, 3, 9), date(2026, 3, 8)))
    assert data.bucket == "year"
    (clam,) = data.exercises
    assert [(p.at, p.sets) for p in clam.points if p.side == "right"] == [
        (date(2019, 1, 1), 30),
        (date(2024, 1, 1), 1),
    ]
    assert clam.efforts == {5: 30, None: 1}
    assert [p.effort for p in clam.points if p.side == "left"] == [5.0, None]


# --- page one, printing, the lists ------------------------------------------------------------


@pytest.fixture
def eight_home(isolated_home: Path) -> Iterator[Home]:
    """The issue's eight weeks: two programs, a missed week, pain on the left side and an
    old flag whose side was not kept, dose changes, self-tests, pain today."""
    store = Store.open(eight_weeks.home_in(isolated_home) / "glutetui.db")
    yield Home(isolated_home, store)
    store.close()


@pytest.fixture
def eight(eight_home: Home, catalog: Catalog) -> ReportData:
    return figures(eight_home, catalog, Period(eight_weeks.FIRST, eight_weeks.LAST))


def test_read_on_two_threads_the_report_is_the_one_read_on_one(
    eight_home: Home, eight: ReportData, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command reads the progress figures on a second connection and thread
    (``Store.read_together``) while it reads the rest: every figure is as one
    connection reads them, one after the other."""
    from glutetui.readouts.progress import progress_figures

    threads: list[str] = []

    def noted(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return progress_figures(*args, **kwargs)

    monkeypatch.setattr("glutetui.report.assemble.progress_figures", noted)
    made = datetime(2026, 3, 9, 9, 0).astimezone()
    period = Period(eight_weeks.FIRST, eight_weeks.LAST)
    assert collect_figures(eight_home.store, catalog, period, made) == eight
    assert len(threads) == 1 and threads[0].startswith("report")


def test_page_one_lists_the_program_in_use_in_its_order_with_the_shared_figures(
    eight: ReportData, catalog: Catalog
) -> None:
    assert eight.in_use == "Floor routine for the TV"
    program = catalog.programs["tv-floor"]
    assert [r.name for r in eight.follow_up] == [
        catalog.name_of(b.exercise) for b in program.blocks
    ]
    progress = eight.progress
    assert progress is not None
    by_name = {b.name: b for b in progress.in_use()}
    for row in eight.follow_up:
        block = by_name[row.name]  # the same figures as glutetui progress and History
        assert row.dose in block.dose_text
        assert row.done == tuple((side, block.done_share(side)) for side in block.prescribed)
        assert row.pain_flags == block.pain_flags
        assert row.capacity == block.capacity and row.symmetry_now == block.symmetry_now
    clam = next(r for r in eight.follow_up if r.name == "Clamshell")
    assert clam.done[0][0] == "left" and clam.done[0][1] is not None and clam.done[0][1] < 0.9
    # Each side against its own target in the first two weeks and the last two.
    assert clam.first_last == (("left", "70 % → 92 %"), ("right", "100 % → 100 %"))
    assert not clam.capacity  # capped sets: done of target, no symmetry index
    lift = next(r for r in eight.follow_up if r.name == "Side leg lift")
    assert lift.capacity and lift.symmetry_now is not None
    # The period's dose changes, each up or down, with its reason.
    assert [(b.name, c.arrow) for b, c in progress.changes()] == [
        ("Glute bridge", "↑"),
        ("Clamshell", "↑"),
        ("Side-lying hip abduction", "↓"),
        ("Clamshell", "↑"),
        ("Clamshell", "↓"),
        ("Side plank from the knees", "↑"),
    ]
    assert progress.weaker.side == "left"
    assert [p.exercise for p in progress.pending] == ["Fire hydrant"]
    # The exercises' sections: the program in use first, each program in its own order.
    assert [e.program for e in eight.exercises][:7] == ["Floor routine for the TV"] * 7
    assert eight.exercises[7].program == "Daily activation"


def test_pain_flags_name_their_side_and_pain_today_is_kept(eight: ReportData) -> None:
    assert [(f.day, f.exercise, f.side) for f in eight.pain] == [
        (date(2026, 2, 18), "Clamshell", "left"),
        (date(2026, 1, 21), "Side-lying hip abduction", "left"),
        (date(2026, 1, 7), "Fire hydrant", "side not recorded"),
    ]
    assert [p.score for p in eight.scores][:3] == [3, 3, 2]
    notes = [p.note for p in eight.pain_today if p.note]
    assert notes[0] == "stiff after a long drive"
    page = render(eight)
    assert "left and right" not in page


def test_each_chart_has_the_dose_over_time(eight: ReportData) -> None:
    clam = next(e for e in eight.exercises if e.block == ("tv-floor", "clamshell"))
    assert [(t.at, t.amount) for t in clam.targets] == [
        (date(2026, 1, 5), 10.0),
        (date(2026, 1, 16), 12.0),
        (date(2026, 2, 6), 14.0),
        (date(2026, 2, 18), 12.0),
    ]
    assert [c.day for c in clam.changes] == [date(2026, 1, 16), date(2026, 2, 6), date(2026, 2, 18)]


def test_suggestions_not_taken_are_listed_with_their_outcome(eight: ReportData) -> None:
    assert [(s.exercise, s.status, s.decided) for s in eight.suggestions] == [
        ("Fire hydrant", "pending", None),
        ("Glute bridge", "dismissed", date(2026, 2, 13)),
    ]
    page = render(eight)
    # The pending one is on page one, for review, from and to; the dismissed one after.
    one = page.split('id="for-review"')[1].split("</section>")[0]
    assert "Fire hydrant 2 × 8 reps each side → Fire hydrant 2 × 10 reps each side" in one
    assert "dismissed 13 Feb" in page


def test_stages_and_statuses_read_in_words(eight: ReportData) -> None:
    page = render(eight)
    assert "30 s, eyes open" in page and "eyes-open" not in page


def test_the_name_is_on_every_page_and_cannot_break_out_of_its_place(eight: ReportData) -> None:
    name = 'Zoë "</style><script>alert(1)</script>'
    page = render(eight, "letter", name)
    assert "<script" not in page and "</style><" not in page.split("<body")[0][:-10]
    assert 'Hip exercise follow-up: <span class="who">Zoë &#34;&lt;/style&gt;' in page
    head = re.search(r"@top-right \{ content: (\"[^\"]*\"); \}", page)
    assert head is not None and "style" in head[1] and "<" not in head[1]
    assert css_string("a–b c") == '"a\\002013 b c"'
    assert "size: letter;" in page and "size: A4;" in render(eight)


@pytest.mark.parametrize(
    ("environ", "paper"),
    [
        ({"LANG": "en_US.UTF-8"}, "letter"),
        ({"LANG": "fr_CA.UTF-8"}, "letter"),
        ({"LANG": "es_MX"}, "letter"),
        ({"LANG": "en_GB.UTF-8"}, "a4"),
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, "a4"),
        ({"LC_ALL": "en_PH.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, "letter"),
        ({"LANG": "C.UTF-8"}, "a4"),
        ({}, "a4"),
    ],
)
def test_the_paper_follows_the_locale(environ: dict[str, str], paper: str) -> None:
    assert default_paper(environ) == paper


def test_paper_and_name_through_the_command_line(
    capsys: pytest.CaptureFixture[str], home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    the_scenario(home)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    code, _, _ = run(capsys, "report", "-o", "us.html", "--since", "2026-03-01", "--name", "Ann")
    assert code == 0 and "size: letter;" in (tmp_path / "us.html").read_text()
    code, _, _ = run(capsys, "report", "-o", "a4.html", "--paper", "a4")
    assert code == 0 and "size: A4;" in (tmp_path / "a4.html").read_text()
    with pytest.raises(SystemExit) as stopped:
        run(capsys, "report", "--paper", "legal")
    assert stopped.value.code == 2 and "invalid choice: 'legal'" in capsys.readouterr().err


def test_a_long_period_sums_its_log_instead_of_listing_it(home: Home, catalog: Catalog) -> None:
    for n in range(40):
        home.workout(datetime(2025, 1, 6, 18, tzinfo=UTC) + timedelta(days=9 * n))
    data = figures(home, catalog, Period(date(2025, 1, 1), date(2026, 2, 28)))
    assert data.log == () and data.log_step == "month"
    assert sum(s.workouts for s in data.log_steps) == 40
    assert data.log_steps[0].label == "January 2025" and data.log_steps[0].workouts == 3
    page = render(data)
    assert "summed per month" in page


# --- page one against glutetui progress --json -----------------------------------------------


def _page_one_text(page: str) -> str:
    """Page one's words, tags taken out: what a reader of the printed page sees."""
    import html

    one = page.split('<section class="page-one"')[1]
    one = one.split('<section id="exercises">', maxsplit=1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", one)).split())


def _pct(share: float | None) -> str:
    assert share is not None
    return f"{share * 100:.0f} %"


def test_every_number_on_page_one_agrees_with_progress_json(
    capsys: pytest.CaptureFixture[str], eight_home: Home, catalog: Catalog
) -> None:
    import json

    home = eight_home
    first, last = eight_weeks.FIRST, eight_weeks.LAST
    code, out, _ = run(capsys, "progress", "--since", f"{first}", "--until", f"{last}", "--json")
    assert code == 0
    progress = json.loads(out)
    text = _page_one_text(report_html(home.store, catalog, Period(first, last)))
    # The period and adherence.
    adherence = progress["adherence"]
    assert f"{adherence['percent']:.0f} % of the target" in text
    assert (
        f"{adherence['days_counted']} of {adherence['days_planned']} planned training days" in text
    )
    for missed in adherence["missed"]:
        assert missed["followed"] in text
    assert progress["time_trained"] in text
    # Pain: every flag with its side and what followed it.
    pain = progress["pain"]
    assert f"Pain flagged on {pain['flags']} exercises" in text
    for flag in pain["listed"]:
        assert f"{flag['exercise_name']} {flag['sides']} {flag['followed']}" in text
    # The self-test at both ends, per side, with the hip.
    stance = progress["self_test"]
    for side in ("left", "right"):
        a, b = stance["start"][side], stance["end"][side]
        hip = {True: "hip dropped", False: "level"}
        assert (
            f"{side} {a['hold_seconds']:.0f} of {a['target_seconds']} s, {hip[a['hip_dropped']]} "
            f"{b['hold_seconds']:.0f} of {b['target_seconds']} s, {hip[b['hip_dropped']]}"
        ) in text
    # The weaker side, with what shows it.
    weaker = progress["weaker_side"]
    assert weaker["side"] == "left" and "Left side weaker" in text
    for evidence in weaker["evidence"]:
        assert evidence["what"] in text
    # Each exercise of the program in use: done of target per side, first against last.
    for block in progress["blocks"]:
        if block["program"] != progress["program_in_use"]:
            continue
        sides = [s for s in ("left", "right") if s in block["done_of_target"]]
        if sides:
            done = " · ".join(f"{s[0].upper()} {_pct(block['done_of_target'][s])}" for s in sides)
        else:
            done = _pct(block["done_of_target"]["both"])
        compared = block["first_last"]["sides"]
        then = " · ".join(
            ("" if s == "both" else f"{s[0].upper()} ")
            + f"{_pct(compared[s]['first_share'])} → {_pct(compared[s]['last_share'])}"
            for s in compared
        )
        assert f"{block['exercise_name']} {block['workouts']}" in text
        assert f"{done} {then}" in text, block["exercise_name"]
    # The period's dose changes, up or down, and why; the pending suggestion for review.
    for change in progress["dose_changes"]:
        assert f"{change['arrow']} {change['exercise_name']}" in text
        assert change["reason"] in text
    (pending,) = progress["pending"]
    assert f"{pending['before']} → {pending['after']} {pending['reason']}" in text


def test_the_reports_page_cache_is_set_back_when_its_read_ends(home: Home) -> None:
    """The report reads with a larger SQLite page cache; the pooled connection gets its
    own size back afterwards, so nothing else holds that much."""
    from sqlalchemy import text

    def size() -> int:
        with home.store.reading() as session:
            return int(session.execute(text("PRAGMA cache_size")).scalar_one())

    was = size()
    with home.store.read(cache_mb=32) as db:
        assert db.session.execute(text("PRAGMA cache_size")).scalar_one() == -32 * 1024
    assert size() == was
