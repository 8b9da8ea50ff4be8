"""History on ten years of daily workouts against the same on one month.

Target (docs/targets.md): History, a trend chart and the calendar open in at most
1.5x the time they take on one month. Also reported: the database size and the
peak memory of the process doing it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from benchmarks.generate import generate_history
from benchmarks.harness import Result, alternate, child, median, versus
from glutetui.catalog import load_catalog
from glutetui.store import Store

TARGET = 1.5
TEN_YEARS = 3650
ONE_MONTH = 30


def make_home(days: int, folder: Path) -> tuple[Path, int]:
    folder.mkdir(parents=True, exist_ok=True)
    store = Store.open(folder / "glutetui.db")
    try:
        generated = generate_history(store, load_catalog(), days)
    finally:
        store.close()
    return folder, generated.sets


def run(quick: bool) -> list[Result]:
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-bench-"))
    try:
        big, big_sets = make_home(TEN_YEARS, scratch / "ten-years")
        small, small_sets = make_home(ONE_MONTH, scratch / "one-month")
        samples: dict[str, list[dict[str, float]]] = {"big": [], "small": []}

        def visit(home: Path, key: str) -> float:
            figures = child("history_probe", str(home))
            samples[key].append(figures)
            return float(figures["total_ms"])

        runs = 1 if quick else 5
        big_ms, small_ms = alternate(
            lambda: visit(big, "big"), lambda: visit(small, "small"), runs, warmup=0 if quick else 1
        )
        parts = ", ".join(
            f"{part} {median([s[part + '_ms'] for s in samples['big']]):.0f}"
            f"/{median([s[part + '_ms'] for s in samples['small']]):.0f} ms"
            for part in ("list", "trends", "calendar")
        )
        size_mb = (big / "glutetui.db").stat().st_size / 1e6
        small_mb = (small / "glutetui.db").stat().st_size / 1e6
        peak_big = max(s["peak_mb"] for s in samples["big"])
        peak_small = max(s["peak_mb"] for s in samples["small"])
        return [
            versus(
                "history: list + trend + calendar, 10 years vs 1 month",
                big_ms,
                small_ms,
                "ms",
                TARGET,
                f"{big_sets} vs {small_sets} set rows; {parts} (10 years/1 month)",
            ),
            Result(
                "history: database size, 10 years vs 1 month", size_mb, small_mb, "MB", "—", None
            ),
            Result(
                "history: peak memory, 10 years vs 1 month", peak_big, peak_small, "MB", "—", None
            ),
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
