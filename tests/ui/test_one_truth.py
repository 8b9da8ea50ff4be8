"""One home, every surface: Home, the summary, History (through Pilot), ``glutetui
progress --json``, ``glutetui programs --json``, ``glutetui history --json`` and the
report state the same dose, limb symmetry index, adherence, time trained and status,
the same pain (its side, and pain today), and the report's first page the same
figures per exercise of the program in use as ``glutetui progress``.

The home: two programs sharing the clamshell; the tiny one earns a move up and it is
accepted (the other program's clamshell stays as prescribed); the other flags pain on
its bridge and has its left side behind; a week is missed; a workout is paused for
20 s; one is ended early.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from glutetui.cli import main
from glutetui.measures.words import minutes_text, time_trained_words
from glutetui.readouts.summary import summary_figures
from glutetui.report.make import collect_figures
from glutetui.report.period import Period
from glutetui.screens.history import HistoryScreen
from glutetui.services import Services
from glutetui.widgets.tables import BalancePanel
from glutetui.workout.run import EffortAnswer
from tests import coaching
from tests.clock import FakeClock
from tests.factories import start_run
from tests.fakes import Recorder
from tests.ui.conftest import loaded, make_app

TINY = """
name = "Tiny test"
days_per_week = 3

[[block]]
exercise = "clamshell"
sets = 1
reps = 3
tempo = [1, 0, 1]
rest = 5
"""
PAIR = """
name = "Bridge and clam"
days_per_week = 3

[[block]]
exercise = "glute-bridge"
sets = 1
reps = 3
tempo = [1, 0, 1]
rest = 5

[[block]]
exercise = "clamshell"
sets = 1
reps = 4
tempo = [1, 0, 1]
rest = 5
"""
DAY = timedelta(days=1)
FIRST = date(2026, 1, 5)  # the fake clock's Monday
LAST = date(2026, 1, 25)  # the Sunday before "today"


def run(
    services: Services,
    program: str,
    *,
    efforts: dict[int, int | None] | None = None,
    pain: set[int] | None = None,
    corrections: dict[int, dict[tuple[int, str], float]] | None = None,
    pause_at: float | None = None,
    end_after: float | None = None,
) -> int:
    """One workout of a program on the fake clock: each effort check answered as told
    (None: Enter without a digit), a 20 s pause ``pause_at`` seconds in, or an early end."""
    clock = services.clock
    assert isinstance(clock, FakeClock)
    workout = start_run(
        services,
        services.catalog.programs[program],
        Recorder().layer(),
        coaching.weaker_sides(services, services.catalog.programs[program]),
    )
    workout.start()
    elapsed = 0.0
    while not workout.engine.finished:
        if end_after is not None and elapsed >= end_after:
            workout.pause()
            clock.advance(3)  # the time it takes to answer "End this workout?"
            workout.stop()
            break
        if pause_at is not None and elapsed >= pause_at:
            workout.pause()
            clock.advance(20)
            workout.resume_timer()
            pause_at = None
        if workout.waiting_for_effort:
            block = workout.engine.step.block
            workout.submit_effort(
                EffortAnswer(
                    (efforts or {}).get(block, 3),
                    block in (pain or set()),
                    (corrections or {}).get(block, {}),
                )
            )
            continue
        clock.advance(0.5)
        elapsed += 0.5
        workout.tick()
    services.writer.drain()
    return workout.workout.id


@pytest.fixture
def home(isolated_home: Path) -> Path:
    programs = isolated_home / "programs"
    programs.mkdir(parents=True)
    (programs / "tiny.toml").write_text(TINY)
    (programs / "pair.toml").write_text(PAIR)
    return isolated_home


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    capsys.readouterr()
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


async def test_every_surface_states_the_same_figures(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = make_app(home, clock)
    services = app.services
    # Week 1: two easy tiny workouts earn a move up, accepted; the pair program once,
    # its clamshell's left side two reps behind.
    ids = [run(services, "tiny", efforts={0: 2})]
    clock.advance(DAY.total_seconds())
    ids.append(run(services, "tiny", efforts={0: 2}))
    (move_up,) = coaching.for_workout(services, ids[-1])
    assert move_up.kind == "progress" and "in Tiny test" in move_up.reason
    coaching.accept(services, move_up.id)
    clock.advance(DAY.total_seconds())
    behind = {1: {(0, "left"): 2.0}}
    ids.append(run(services, "pair", corrections=behind))
    # Week 2 missed. Week 3: the pair program twice, paused 20 s once, pain on the
    # bridge; the tiny program ended early.
    clock.advance(13 * DAY.total_seconds())
    ids.append(run(services, "pair", corrections=behind, pause_at=12.0, pain={0}))
    clock.advance(DAY.total_seconds())
    ids.append(run(services, "pair", corrections=behind, efforts={0: None, 1: 4}))
    clock.advance(DAY.total_seconds())
    early = run(services, "tiny", end_after=12.0)
    ids.append(early)
    # Today is Monday of week 4, nothing done yet.
    clock.set(clock.monotonic() + (datetime(2026, 1, 26, 18, 0).astimezone() - clock.now())
              .total_seconds())  # fmt: skip
    monkeypatch.setenv("TZ", "UTC")

    summaries = {wid: summary_figures(services.store, services.catalog, wid) for wid in ids}
    paused = summaries[ids[3]]
    assert paused.active_seconds is not None and paused.workout.span_seconds is not None
    assert paused.workout.span_seconds - paused.active_seconds == pytest.approx(20, abs=0.6)
    assert summaries[early].workout.status == "ended-early"
    home_figures = services.home_data()
    assert not home_figures.streak.done_today
    # Pain today, given on the summary of the workout with the bridge's pain.
    with services.store.write() as db:
        db.workouts.set_pain_today(ids[3], 4, "sore after the bridges")

    period = Period(FIRST, LAST)
    report = collect_figures(services.store, services.catalog, period, clock.now().astimezone())
    services.close()

    progress = cli_json(capsys, "--home", str(home), "progress", "--since", str(FIRST),
                        "--until", str(LAST), "--json")  # fmt: skip
    programs = cli_json(capsys, "--home", str(home), "programs", "--json")
    history = cli_json(capsys, "--home", str(home), "history", "--json", "--limit", "50")
    assert isinstance(progress, dict) and isinstance(programs, list)
    assert isinstance(history, list)

    # --- doses: each block's own, the same everywhere ----------------------------------
    blocks = {(b["program"], b["exercise"]): b for b in progress["blocks"]}
    in_force = {(p["id"], b["exercise"]): b["in_force"] for p in programs for b in p["blocks"]}
    assert blocks["tiny", "clamshell"]["dose"]["reps"] == 5  # moved up where it was earned
    assert blocks["pair", "clamshell"]["dose"]["reps"] == 4  # and nowhere else
    floor = in_force["tv-floor", "clamshell"]
    assert (floor["sets"], floor["reps"], floor["changed"]) == (2, 10, False)
    for key, block in blocks.items():
        assert {k: in_force[key][k] for k in block["dose"]} == block["dose"], key
    lengths = {p.id: minutes for p, minutes in home_figures.programs}
    assert lengths["tiny"] == pytest.approx(
        next(p["minutes"] for p in programs if p["id"] == "tiny"), abs=0.05
    )
    report_doses = {(e.block.program, e.block.slot): e.dose for e in report.exercises}
    for key, block in blocks.items():
        assert report_doses[key] == block["dose_text"], key

    # --- left and right: capped sets read as done of target, the same everywhere --------
    clam_block = blocks["pair", "clamshell"]
    assert clam_block["symmetry_measured"] is False and clam_block["symmetry_now"] is None
    clam = clam_block["done_of_target"]
    assert clam["left"] == pytest.approx(6 / 12, abs=0.001) and clam["right"] == 1.0
    report_balance = {(b.program, b.name): b for b in report.balance}
    shown_report = report_balance["Bridge and clam", "Clamshell"]
    assert (shown_report.left, shown_report.right) == (pytest.approx(clam["left"]), 1.0)
    assert (
        shown_report.words == clam_block["balance"] == "left 50 % of target, right 100 % of target"
    )

    # --- adherence and time trained ----------------------------------------------------
    adherence = progress["adherence"]
    assert [w["days"] for w in adherence["weeks"]] == [3, 0, 3]  # the missed week counts
    assert report.adherence is not None and report.adherence.percent == pytest.approx(
        adherence["percent"], abs=0.05
    )
    by_uid = {w["uid"]: w for w in history}
    for wid, summary in summaries.items():
        row = by_uid[summary.workout.uid]
        assert row["active_seconds"] == pytest.approx(summary.active_seconds), wid
        assert row["status"] == summary.workout.status
    assert progress["active_seconds"] == pytest.approx(
        sum(s.active_seconds or 0 for s in summaries.values()), abs=0.5
    )
    assert progress["statuses"] == {"completed": 5, "ended-early": 1}
    assert progress["adherence"]["days_counted"] == 6 and progress["adherence"]["days_planned"] == 9
    logged = {line.started: line for line in report.log}
    for summary in summaries.values():
        line = logged[summary.workout.started_at.astimezone().replace(tzinfo=None)]
        assert line.minutes == pytest.approx((summary.active_seconds or 0) / 60)
        assert line.status == summary.workout.status

    # --- pain: the flag's side and pain today --------------------------------------------
    pained = by_uid[summaries[ids[3]].workout.uid]
    assert (pained["pain_score"], pained["pain_note"]) == (4, "sore after the bridges")
    assert [(p["exercise"], p["words"]) for p in pained["pain"]] == [("glute-bridge", "both legs")]
    (flag,) = report.pain
    assert (flag.exercise, flag.side) == ("Glute bridge", "both legs")
    assert [(p.score, p.note) for p in report.pain_today] == [(4, "sore after the bridges")]

    # --- page one: the program in use, each of its exercises as progress has it --------
    assert progress["program_in_use"] == "pair" and report.in_use == "Bridge and clam"
    pair = [b for b in progress["blocks"] if b["program"] == "pair"]
    assert [r.name for r in report.follow_up] == [b["exercise_name"] for b in pair]
    for row, block in zip(report.follow_up, pair, strict=True):
        assert row.pain_flags == block["pain_flags"]
        shares = {side: block["done"][side] / block["prescribed"][side] for side in block["done"]}
        assert dict(row.done) == pytest.approx(shares)
        # Three weeks hold no two fortnights that do not overlap: no comparison, said so.
        assert block["first_last"]["status"] == row.first_last_status == "too short to compare"
        assert row.first_last == ()
        now = block["symmetry_now"]
        assert (row.symmetry_now is None) == (now is None)
        if row.symmetry_now is not None:
            assert row.symmetry_now.index == pytest.approx(now["index"], abs=0.05)

    # --- History, through the screens ---------------------------------------------------
    app = make_app(home, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#workouts-table", DataTable)
        for summary in summaries.values():
            cells = table.get_row(str(summary.workout.id))
            active, span = summary.active_seconds, summary.workout.span_seconds
            assert cells[2] == time_trained_words(active, span)
            assert cells[2] == minutes_text((active or 0) / 60)
            assert ("ended early" in str(cells[1])) == (summary.workout.id == early)
            pain = "4/10 flagged" if summary.workout.id == ids[3] else ""
            assert str(cells[-1]) == pain
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        balance = screen.query_one(BalancePanel).query_one(DataTable)
        rows = [[str(c) for c in balance.get_row_at(i)] for i in range(balance.row_count)]
        shown = {(r[0], r[1]): r[4] for r in rows}
        assert shown["Clamshell", "Bridge and clam"] == "left 50 %, right 100 % of target"
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        calendar = str(screen.query_one("#calendar-adherence").render())
        assert "Target 3 days a week" in calendar
        assert f": {adherence['percent']:.0f} % (" in calendar
