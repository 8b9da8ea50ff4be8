"""One timed visit to History in a fresh process: the workouts list, a trend chart and
the calendar, each until its figures are on screen. Prints JSON for the harness.

Usage: python -m benchmarks.history_probe HOME
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path

from glutetui.app import GlutetuiApp
from glutetui.platform.locations import Locations


async def visit(home: Path) -> dict[str, float]:
    from glutetui.screens.history import HistoryScreen
    from glutetui.widgets.panel import Panel

    app = GlutetuiApp(Locations(home, home))
    timings: dict[str, float] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        # Home's full figures mean the store is open and the progression reviewed.
        while (shown := app.home_screen()) is None or not (shown.face and shown.face.complete):
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()

        async def until_loaded(panel: Panel) -> None:
            # Loaded means the worker delivered and the figures were drawn.
            while panel.loading or not panel.loaded:
                await pilot.pause(0.002)

        start = time.perf_counter()
        screen = HistoryScreen(app.services)
        await app.push_screen(screen)
        await until_loaded(screen.query_one("#workouts-panel", Panel))
        timings["list_ms"] = (time.perf_counter() - start) * 1000
        for tab in ("trends", "calendar"):
            begin = time.perf_counter()
            screen.action_tab(tab)
            await pilot.pause()
            await until_loaded(screen.query_one(f"#{tab}-panel", Panel))
            timings[f"{tab}_ms"] = (time.perf_counter() - begin) * 1000
        timings["total_ms"] = (time.perf_counter() - start) * 1000
    timings["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return timings


def main() -> None:
    home = Path(sys.argv[1])
    print(json.dumps(asyncio.run(visit(home))))


if __name__ == "__main__":
    main()
