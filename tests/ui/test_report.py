"""The physiotherapist's report from the app: `r` on History writes it for the Trends
window, off the UI thread, into the home folder, and a notification says where."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from glutetui.store import Store
from tests.clock import FakeClock
from tests.ui.conftest import loaded, make_app, wait_until
from tests.unit.test_report import Home


async def test_r_on_history_writes_the_report_and_says_where(home: Path) -> None:
    clock = FakeClock()
    store = Store.open(home / "glutetui.db")
    try:
        filler = Home(home, store)
        filler.workout(clock.now() - timedelta(days=3), program=("tiny", "Tiny test"))
        filler.workout(clock.now() - timedelta(days=1), program=("tiny", "Tiny test"), pain=True)
    finally:
        store.close()
    said: list[tuple[str, dict[str, Any]]] = []
    app = make_app(home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        app.notify = lambda message, **options: said.append((message, options))  # type: ignore[method-assign]
        await pilot.press("h")
        await pilot.press("r")
        written = Path.home() / f"glutetui-report-{clock.now():%Y-%m-%d}.html"
        await wait_until(pilot, lambda: len(said) >= 2, "the report written and said so")
        await app.workers.wait_for_complete()
    messages = [message for message, _ in said]
    assert messages[0].startswith("Writing the report")
    assert messages[-1].endswith(f"(2 workouts) to {written}")
    assert said[-1][1].get("markup") is False  # a path is shown exactly as it is
    page = written.read_text()
    assert "Tiny test" in page and "Pain flagged on 1 exercise" in page and "<svg" in page
