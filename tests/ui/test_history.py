"""Pilot tests and SVG snapshots of History: the list and its paging, a workout's detail,
the trend chart, the calendar, balance, and export/import from the screen."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from benchmarks.generate import generate_history
from glutetui.app import GlutetuiApp
from glutetui.catalog import load_catalog
from glutetui.screens.history import HistoryScreen
from glutetui.screens.transfer import ExportScreen, ImportScreen
from glutetui.screens.workout_detail import WorkoutDetailScreen
from glutetui.store import Store
from glutetui.widgets.panel import Panel
from glutetui.widgets.trend import TrendPanel, _whole_ticks
from tests.clock import FakeClock
from tests.factories import logged_set
from tests.ui.conftest import loaded, make_app, stored_sets

SIZES = [(100, 30), (60, 20)]


def seeded(home: Path, days: int, clock: FakeClock) -> None:
    home.mkdir(parents=True, exist_ok=True)
    store = Store.open(home / "glutetui.db")
    generate_history(store, load_catalog(), days, end=clock.now(), seed=11)
    store.close()


async def open_history(
    app: GlutetuiApp, pilot: Pilot[None], tab: str = "workouts"
) -> HistoryScreen:
    await loaded(app, pilot)
    await pilot.press("h")
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    if tab != "workouts":
        await pilot.press(
            str(["workouts", "trends", "calendar", "balance", "tension", "records"].index(tab) + 1)
        )
    await settle(app, pilot, screen.query_one(f"#{tab}-panel", Panel))
    return screen


async def settle(app: GlutetuiApp, pilot: Pilot[None], panel: Panel) -> None:
    for _ in range(500):
        await pilot.pause()
        if panel.loaded and not panel.loading:
            break
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_list_pages_as_the_cursor_nears_the_end(isolated_home: Path) -> None:
    clock = FakeClock()
    seeded(isolated_home, 150, clock)
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(app, pilot)
        panel = screen.query_one("#workouts-panel")
        table = screen.query_one("#workouts-table", DataTable)
        total = panel.total  # type: ignore[attr-defined]
        assert total > 200 and table.row_count == 100
        assert f"{total} workouts · showing the newest 100" in str(
            screen.query_one("#workouts-count").render()
        )
        table.move_cursor(row=95)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 200


async def test_enter_opens_a_workout_with_every_set(isolated_home: Path) -> None:
    clock = FakeClock()
    seeded(isolated_home, 10, clock)
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(app, pilot)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, WorkoutDetailScreen)
        table = detail.query_one("#detail-table", DataTable)
        assert table.row_count == len(stored_sets(app, detail.workout_id)) > 10
        sides = {table.get_row_at(i)[2] for i in range(table.row_count)}
        assert {"left", "right"} <= sides
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_a_workout_ended_early_reads_in_words(isolated_home: Path) -> None:
    """The list and the detail say "ended early", not the file's "ended-early"."""
    clock = FakeClock()
    seeded(isolated_home, 3, clock)
    store = Store.open(isolated_home / "glutetui.db")
    with store.write() as db:
        workout = db.workouts.start("tv-floor", "TV floor", "", clock.now())
        db.workouts.log_set(workout.id, logged_set(0, 0, "left", reps=8, at=clock.now()))
        db.workouts.finish(
            workout.id, "ended-early", clock.now() + timedelta(minutes=3), active_seconds=180
        )
    store.close()
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(app, pilot)
        table = screen.query_one("#workouts-table", DataTable)
        row = table.get_row(str(workout.id))
        assert str(row[1]) == "TV floor (ended early)" and row[2] == "3 min"
        table.move_cursor(row=table.get_row_index(str(workout.id)))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        title = str(app.screen.query_one("#detail-title").render())
        assert title.endswith("  ·  3 min trained  ·  3 min from start to end  ·  ended early")
        assert "ended-early" not in title


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (6, 10, [6, 7, 8, 9, 10]),
        (6.2, 9.8, [6, 7, 8, 9, 10]),
        (8, 8, [7, 8, 9]),
        (73, 90, [70, 75, 80, 85, 90]),
        (20, 95, [20, 40, 60, 80, 100]),
        (0, 2000, [0, 500, 1000, 1500, 2000]),
    ],
)
def test_the_trend_axis_counts_in_whole_numbers(low: float, high: float, ticks: list[int]) -> None:
    assert _whole_ticks(low, high) == ticks


async def test_the_trend_draws_left_and_right_and_follows_the_choices(isolated_home: Path) -> None:
    clock = FakeClock()
    seeded(isolated_home, 200, clock)
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(app, pilot, "trends")
        panel = screen.query_one("#trends-panel", TrendPanel)
        assert panel.series is not None and {"left", "right"} <= set(panel.series.sides)
        assert panel.series.window == "3m"
        screen.query_one("#trend-window", Select).value = "all"
        await settle(app, pilot, panel)
        assert panel.series is not None and panel.series.window == "all"
        screen.query_one("#trend-exercise", Select).value = "side-plank"
        await settle(app, pilot, panel)
        assert panel.series is not None and panel.series.unit == "seconds per set"


async def test_calendar_and_balance_show_their_figures(isolated_home: Path) -> None:
    clock = FakeClock()
    seeded(isolated_home, 60, clock)
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(app, pilot, "calendar")
        streaks = str(screen.query_one("#calendar-streaks").render())
        assert "Current streak" in streaks and "longest" in streaks
        await pilot.press("4")
        await settle(app, pilot, screen.query_one("#balance-panel", Panel))
        assert screen.query_one("#balance-table", DataTable).row_count > 3
        for key, name in (("5", "tension"), ("6", "records")):
            await pilot.press(key)
            await settle(app, pilot, screen.query_one(f"#{name}-panel", Panel))
            assert screen.query_one(f"#{name}-table", DataTable).row_count > 3


async def test_the_tables_fit_an_80_column_terminal(isolated_home: Path) -> None:
    """Balance and Records once needed sideways scrolling at 80×24 to show their last
    column; the longest exercise name is 40 characters."""
    clock = FakeClock()
    seeded(isolated_home, 60, clock)
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(app, pilot, "balance")
        for key, name in (("4", "balance"), ("5", "tension"), ("6", "records")):
            await pilot.press(key)
            await settle(app, pilot, screen.query_one(f"#{name}-panel", Panel))
            table = screen.query_one(f"#{name}-table", DataTable)
            assert table.virtual_size.width <= table.scrollable_content_region.width, name


async def test_export_from_history_never_overwrites_unasked(
    isolated_home: Path, tmp_path: Path
) -> None:
    clock = FakeClock()
    seeded(isolated_home, 5, clock)
    target = tmp_path / "out" / "mine.json"
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(app, pilot)
        for attempt in range(2):
            await pilot.press("e")
            dialog = app.screen
            assert isinstance(dialog, ExportScreen)
            dialog.query_one("#export-path", Input).value = str(target)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            if attempt == 0:
                assert json.loads(target.read_text())["format"] == "glutetui"
        assert isinstance(app.screen, ExportScreen)  # the second time it refused
        assert "already exists" in str(app.screen.query_one("#export-status").render())


async def test_import_from_history(isolated_home: Path, tmp_path: Path) -> None:
    clock = FakeClock()
    other = tmp_path / "other"
    seeded(other, 5, clock)
    source = Store.open(other / "glutetui.db")
    from glutetui.store import exchange

    (tmp_path / "in.json").write_text(
        exchange.to_text(lambda out: exchange.export_json(source, out))
    )
    source.close()
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(app, pilot)
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "in.json")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await settle(app, pilot, screen.query_one("#workouts-panel", Panel))
        with app.services.store.read() as db:
            assert db.workouts.count() > 5
        assert screen.query_one("#workouts-table", DataTable).row_count > 5


# --- snapshots --------------------------------------------------------------------------------

Compare = Callable[..., bool]


def shoot(snap_compare: Compare, home: Path, size: tuple[int, int], setup: Any) -> None:
    clock = FakeClock()
    seeded(home, 120, clock)
    app = make_app(home, clock)

    async def run_before(pilot: Pilot[None]) -> None:
        await setup(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_list(snap_compare: Compare, isolated_home: Path, size: tuple[int, int]) -> None:
    async def setup(app: GlutetuiApp, pilot: Pilot[None]) -> None:
        await open_history(app, pilot)

    shoot(snap_compare, isolated_home, size, setup)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_detail(snap_compare: Compare, isolated_home: Path, size: tuple[int, int]) -> None:
    async def setup(app: GlutetuiApp, pilot: Pilot[None]) -> None:
        await open_history(app, pilot)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

    shoot(snap_compare, isolated_home, size, setup)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_trend(snap_compare: Compare, isolated_home: Path, size: tuple[int, int]) -> None:
    async def setup(app: GlutetuiApp, pilot: Pilot[None]) -> None:
        await open_history(app, pilot, "trends")

    shoot(snap_compare, isolated_home, size, setup)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_calendar(
    snap_compare: Compare, isolated_home: Path, size: tuple[int, int]
) -> None:
    async def setup(app: GlutetuiApp, pilot: Pilot[None]) -> None:
        await open_history(app, pilot, "calendar")

    shoot(snap_compare, isolated_home, size, setup)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_balance(
    snap_compare: Compare, isolated_home: Path, size: tuple[int, int]
) -> None:
    async def setup(app: GlutetuiApp, pilot: Pilot[None]) -> None:
        await open_history(app, pilot, "balance")

    shoot(snap_compare, isolated_home, size, setup)
