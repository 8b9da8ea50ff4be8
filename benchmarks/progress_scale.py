"""``glutetui progress`` on ten years of daily workouts against one month.

Target (issue 24): the figures on a home holding ten years of history cost at most
1.5x what they cost on a home holding one month — the default period (the last six
weeks) on each, so the cost must not grow with the length of the history. Measured
in this process after a warm-up (the figures themselves: queries and folding), and,
for information, the whole command in a fresh process, and the period of the whole
ten years against the whole month.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from benchmarks.harness import ROOT, Result, alternate, median, versus
from benchmarks.history_scale import ONE_MONTH, TEN_YEARS, make_home
from glutetui.catalog import Catalog, load_catalog
from glutetui.readouts.progress import progress_figures
from glutetui.store import Store

TARGET = 1.5
WEEKS = 6


def _timer(home: Path, catalog: Catalog, since: date, today: date) -> Callable[[], float]:
    def once() -> float:
        store = Store.open(home / "glutetui.db")
        try:
            start = time.perf_counter()
            with store.read() as db:
                progress_figures(db, catalog, since, today, today)
            return (time.perf_counter() - start) * 1000
        finally:
            store.close()

    return once


def _command(home: Path) -> Callable[[], float]:
    """``glutetui progress --json`` in a fresh process, start to exit."""
    env = {**os.environ, "GLUTETUI_HOME": str(home)}

    def once() -> float:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "glutetui", "progress", "--json"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        return (time.perf_counter() - start) * 1000

    return once


def run(quick: bool) -> list[Result]:
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-progress-bench-"))
    try:
        big, big_sets = make_home(TEN_YEARS, scratch / "ten-years")
        small, small_sets = make_home(ONE_MONTH, scratch / "one-month")
        catalog = load_catalog()
        today = date.today()
        recent = today - timedelta(weeks=WEEKS) + timedelta(days=1)
        runs, warmup = (1, 1) if quick else (9, 2)
        big_ms, small_ms = alternate(
            _timer(big, catalog, recent, today), _timer(small, catalog, recent, today), runs, warmup
        )
        whole_big, whole_small = alternate(
            _timer(big, catalog, today - timedelta(days=TEN_YEARS - 1), today),
            _timer(small, catalog, today - timedelta(days=ONE_MONTH - 1), today),
            runs,
            warmup,
        )
        cold_big, cold_small = alternate(
            _command(big), _command(small), 1 if quick else 5, warmup=0 if quick else 1
        )
        return [
            versus(
                "progress: last six weeks, on 10 years vs on 1 month of history",
                big_ms,
                small_ms,
                "ms",
                TARGET,
                f"{big_sets} vs {small_sets} set rows",
            ),
            versus(
                "progress: `glutetui progress --json` in a fresh process, 10 years vs 1 month",
                cold_big,
                cold_small,
                "ms",
                TARGET,
                "the command as a user runs it, bytecode cached",
            ),
            Result(
                "progress: the whole history, 10 years vs 1 month",
                median(whole_big),
                median(whole_small),
                "ms",
                "—",
                None,
            ),
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
