"""Pilot tests and SVG snapshots of History: the list and its paging, a workout's detail,
the trend chart, the calendar, balance, and export/import from the screen; every tab
at 80x24 and 100x30, and the keys after any switch of tabs."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TabbedContent, Tabs

from benchmarks.generate import generate_history
from glutetui.app import GlutetuiApp
from glutetui.catalog import load_catalog
from glutetui.screens.history import HistoryScreen
from glutetui.screens.transfer import ExportScreen, ImportScreen
from glutetui.screens.workout_detail import WorkoutDetailScreen
from glutetui.store import Store
from glutetui.widgets.panel import Panel
from glutetui.widgets.trend import TrendPanel, _whole_ticks, date_ticks
from tests import eight_weeks
from tests.clock import FakeClock
from tests.factories import logged_set
from tests.homes import prepared
from tests.ui.conftest import loaded, make_app, stored_sets, wait_until

SIZES = [(100, 30), (60, 20)]


def seeded(home: Path, days: int, clock: FakeClock) -> None:
    end = clock.now()
    prepared(
        ("history", days, end),
        lambda store: generate_history(store, load_catalog(), days, end=end, seed=11),
        home / "glutetui.db",
    )


async def open_history(
    app: GlutetuiApp, pilot: Pilot[None], tab: str = "workouts"
) -> HistoryScreen:
    await loaded(app, pilot)
    await pilot.press("h")
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    # The first tab is shown (and read) once the screen's tabs are mounted: a digit
    # pressed before that would be undone by their first activation.
    await settle(app, pilot, screen.query_one("#workouts-panel", Panel))
    if tab != "workouts":
        await pilot.press(
            str(["workouts", "trends", "calendar", "balance", "tension", "records"].index(tab) + 1)
        )
        tabs = screen.query_one(TabbedContent)
        await wait_until(pilot, lambda: tabs.active == tab, f"the {tab} tab shown")
        await settle(app, pilot, screen.query_one(f"#{tab}-panel", Panel))
    return screen


async def settle(app: GlutetuiApp, pilot: Pilot[None], panel: Panel) -> None:
    """Wait until the panel shows its data as drawn for its own size."""
    await wait_until(pilot, lambda: panel.loaded and not panel.loading, f"{panel.id} loaded")
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
        # The cursor's move asks for the next page; the panel adds it once it is read.
        await wait_until(pilot, lambda: table.row_count == 200, "the next page added")


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
        assert title.endswith("  ·  3 min trained  ·  ended early")
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
        (0, 0, [0, 1]),  # nothing done: the axis stays at or above zero
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
        # A choice reaches the panel by a message: wait for the series it asks for (the
        # panel still shows the last one, loaded, until that message is handled).
        screen.query_one("#trend-window", Select).value = "all"
        await wait_until(
            pilot, lambda: panel.series is not None and panel.series.window == "all", "all"
        )
        await settle(app, pilot, panel)
        screen.query_one("#trend-exercise", Select).value = "side-plank"
        await wait_until(
            pilot,
            lambda: panel.series is not None and panel.series.exercise_id == "side-plank",
            "the side plank",
        )
        await settle(app, pilot, panel)
        assert panel.series is not None and panel.series.window == "all"
        assert panel.series.unit == "seconds per set"


async def test_calendar_and_balance_show_their_figures(isolated_home: Path) -> None:
    clock = FakeClock()
    seeded(isolated_home, 60, clock)
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(app, pilot, "calendar")
        streaks = str(screen.query_one("#calendar-streaks").render())
        assert streaks.startswith("Streak ") and "(longest " in streaks
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


# --- every tab at 80x24 and 100x30 ------------------------------------------------------


async def test_tabs_keep_answering_keys_after_any_switch(isolated_home: Path) -> None:
    """The issue's steps: 6, then 1, and the list answers the arrows and Enter."""
    clock = FakeClock()
    seeded(isolated_home, 30, clock)
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(app, pilot)
        table = screen.query_one("#workouts-table", DataTable)
        for key in ("6", "2", "3", "4", "5", "1"):
            await pilot.press(key)
            panel = screen.query_one(TabbedContent).active_pane
            assert panel is not None
            await settle(app, pilot, panel.query_one(Panel))
            # The tab's own table (or picker) has the keys; a tab with none (the
            # calendar), the tab bar, where the arrows move between tabs.
            focused = app.focused
            assert focused is not None, key
            if panel.query_one(Panel).focus_target() is None:
                assert isinstance(focused, Tabs), key
            else:
                assert panel in focused.ancestors, key
        assert app.focused is table
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        second = table.coordinate_to_cell_key(Coordinate(2, 0)).row_key.value
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, WorkoutDetailScreen) and str(detail.workout_id) == second
        await pilot.press("escape")
        assert app.focused is table  # back where it was


async def test_the_workouts_table_fits_80_columns_and_says_the_rest_below(
    isolated_home: Path,
) -> None:
    eight_weeks_home(isolated_home)
    app = make_app(isolated_home, FakeClock(wall=EIGHT_WEEKS_TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(app, pilot)
        table = screen.query_one("#workouts-table", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        headers = [str(c.label) for c in table.columns.values()]
        assert headers == ["Date", "Program", "Time", "Sets", "Reps", "Held", "Effort", "Pain"]
        # The newest workout: pain today 1/10, in the table and in full under it.
        assert str(table.get_row_at(0)[-1]) == "1"
        detail = str(screen.query_one("#workouts-detail").render())
        assert detail.startswith("Saturday 28 February 2026, 08:00 · Daily activation")
        assert "pain today 1/10" in detail


async def test_a_workout_shows_pain_today_and_an_old_flag_without_its_side(
    isolated_home: Path,
) -> None:
    """Pain flagged before its side was kept reads "side not recorded", never as pain on
    the left and on the right; pain today and its note are in the title."""
    eight_weeks_home(isolated_home)
    store = Store.open(isolated_home / "glutetui.db")
    with store.read() as db:
        by_day = {s.workout.started_at.date(): s.workout.id for s in db.workouts.page(limit=50)}
    store.close()
    app = make_app(isolated_home, FakeClock(wall=EIGHT_WEEKS_TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(app, pilot)
        for day, said in (
            (date(2026, 1, 7), "Fire hydrant (side not recorded)"),
            (date(2026, 2, 18), "Clamshell (left)"),
        ):
            app.push_screen(WorkoutDetailScreen(app.services, by_day[day]))
            await app.workers.wait_for_complete()
            await pilot.pause()
            title = str(app.screen.query_one("#detail-title").render())
            assert f"Pain flagged {said}" in title
            table = app.screen.query_one("#detail-table", DataTable)
            pains = {str(table.get_row_at(i)[-1]) for i in range(table.row_count)}
            assert ("side not recorded" in pains) == (day.month == 1)
            assert table.virtual_size.width <= table.scrollable_content_region.width
            await pilot.press("escape")
        app.push_screen(WorkoutDetailScreen(app.services, by_day[date(2026, 2, 18)]))
        await app.workers.wait_for_complete()
        await pilot.pause()
        title = str(app.screen.query_one("#detail-title").render())
        assert "Pain today 4/10 (a twinge in the left hip during the clamshells)" in title


def test_trend_dates_are_labelled_once_each() -> None:
    """Four workouts on 4 December once gave four "04 Dec" labels."""
    day = datetime(2025, 12, 4, 7, 0, tzinfo=UTC)
    moments = [day + timedelta(hours=h) for h in (0, 3, 9, 12)]
    moments += [day + timedelta(days=d) for d in (1, 2, 3, 4, 5, 6)]
    labels = [m.strftime("%d %b") for m in date_ticks(moments, "%d %b")]
    assert labels == sorted(set(labels), key=labels.index)
    assert labels[0] == "04 Dec" and len(labels) == 5
    weeks = [day + timedelta(weeks=w) for w in range(3)]  # one month's weeks, a year's chart
    assert [m.strftime("%b %y") for m in date_ticks(weeks, "%b %y")] == ["Dec 25"]


# --- snapshots --------------------------------------------------------------------------------

Compare = Callable[..., bool]
HISTORY_SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]
EIGHT_WEEKS_TODAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def eight_weeks_home(home: Path) -> None:
    eight_weeks.home_in(home)


def shoot(snap_compare: Compare, home: Path, size: tuple[int, int], setup: Any) -> None:
    """History on the eight weeks of the issue's home: two programs, a missed week, pain
    today and its notes, pain on the left and an old flag of unrecorded side."""
    eight_weeks_home(home)
    app = make_app(home, FakeClock(wall=EIGHT_WEEKS_TODAY))

    async def run_before(pilot: Pilot[None]) -> None:
        await setup(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def tab(name: str) -> Any:
    async def setup(app: GlutetuiApp, pilot: Pilot[None]) -> None:
        await open_history(app, pilot, name)

    return setup


@pytest.mark.parametrize("size", HISTORY_SIZES)
def test_snapshot_list(snap_compare: Compare, isolated_home: Path, size: tuple[int, int]) -> None:
    shoot(snap_compare, isolated_home, size, tab("workouts"))


@pytest.mark.parametrize("size", HISTORY_SIZES)
def test_snapshot_detail(snap_compare: Compare, isolated_home: Path, size: tuple[int, int]) -> None:
    async def setup(app: GlutetuiApp, pilot: Pilot[None]) -> None:
        await open_history(app, pilot)
        await pilot.press(*["down"] * 7, "enter")  # Wed 18 Feb: pain on the left, 4/10
        await app.workers.wait_for_complete()
        await pilot.pause()

    shoot(snap_compare, isolated_home, size, setup)


@pytest.mark.parametrize("size", HISTORY_SIZES)
def test_snapshot_trend(snap_compare: Compare, isolated_home: Path, size: tuple[int, int]) -> None:
    shoot(snap_compare, isolated_home, size, tab("trends"))


@pytest.mark.parametrize("size", HISTORY_SIZES)
def test_snapshot_calendar(
    snap_compare: Compare, isolated_home: Path, size: tuple[int, int]
) -> None:
    shoot(snap_compare, isolated_home, size, tab("calendar"))


@pytest.mark.parametrize("size", HISTORY_SIZES)
def test_snapshot_balance(
    snap_compare: Compare, isolated_home: Path, size: tuple[int, int]
) -> None:
    shoot(snap_compare, isolated_home, size, tab("balance"))


@pytest.mark.parametrize("size", HISTORY_SIZES)
def test_snapshot_tension(
    snap_compare: Compare, isolated_home: Path, size: tuple[int, int]
) -> None:
    shoot(snap_compare, isolated_home, size, tab("tension"))


@pytest.mark.parametrize("size", HISTORY_SIZES)
def test_snapshot_records(
    snap_compare: Compare, isolated_home: Path, size: tuple[int, int]
) -> None:
    shoot(snap_compare, isolated_home, size, tab("records"))


async def test_the_dialogs_show_how_far_an_export_or_import_is(
    isolated_home: Path, tmp_path: Path
) -> None:
    """The export's worker posts how far it is, the import's writer command reports it as a
    change: each dialog's bar shows it (hidden until then)."""
    from textual.widgets import ProgressBar

    from glutetui.screens.transfer import ExportProgress
    from glutetui.usecases.path import Change
    from glutetui.widgets.messages import Changed

    clock = FakeClock()
    seeded(isolated_home, 5, clock)
    app = make_app(isolated_home, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(app, pilot)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        bar = dialog.query_one("#export-progress", ProgressBar)
        assert not bar.display
        dialog.post_message(ExportProgress(3, 5))
        await pilot.pause()
        assert bar.display and (bar.progress, bar.total) == (3, 5)
        await pilot.press("escape")
        await pilot.press("i")
        dialog = app.screen
        assert isinstance(dialog, ImportScreen)
        bar = dialog.query_one("#import-progress", ProgressBar)
        assert not bar.display
        dialog.post_message(Changed(Change("progress", progress=(2 << 20, 4 << 20))))
        await pilot.pause()
        assert bar.display and bar.percentage == 0.5
        assert "Reading 2 of 4 MB" in str(dialog.query_one("#import-status").render())
