"""The physiotherapist's report on ten years of daily workouts against one on a month.

Target (docs/targets.md, issue 15): a report covering ten years is written in at
most 3x the time of one covering a month, each from a home holding just that much
history. Measured in this process after a warm-up, so the figure is the report's
own work (queries, charts, page, file), not Python's start-up; the whole command in
a fresh process is reported beside it. Also for information: the processor time of
the same runs (the report reads on two threads where it can, so it can use more
processor time than it takes), and the default six-week report on the ten-year home
against the same on the month's home.
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
from glutetui.report import Period
from glutetui.report.make import write_report
from glutetui.store import Store

TARGET = 3.0


def _timer(
    home: Path, catalog: Catalog, period: Period, out: Path, cpu: list[float] | None = None
) -> Callable[[], float]:
    """The report's time as the person waits for it; its processor time (every thread
    of this process) into ``cpu``."""

    def once() -> float:
        store = Store.open(home / "glutetui.db")
        try:
            start, used = time.perf_counter(), time.process_time()
            write_report(store, catalog, period, out, replace=True)
            if cpu is not None:
                cpu.append((time.process_time() - used) * 1000)
            return (time.perf_counter() - start) * 1000
        finally:
            store.close()

    return once


def _command(home: Path, out: Path, since: date) -> Callable[[], float]:
    """``glutetui report`` in a fresh process, start to exit."""
    env = {**os.environ, "GLUTETUI_HOME": str(home)}

    def once() -> float:
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "glutetui",
                "report",
                "-o",
                str(out),
                "--force",
                "--since",
                since.isoformat(),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        return (time.perf_counter() - start) * 1000

    return once


def run(quick: bool) -> list[Result]:
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-report-bench-"))
    try:
        big, big_sets = make_home(TEN_YEARS, scratch / "ten-years")
        small, small_sets = make_home(ONE_MONTH, scratch / "one-month")
        catalog = load_catalog()
        today = date.today()
        decade = Period(today - timedelta(days=TEN_YEARS - 1), today)
        month = Period(today - timedelta(days=ONE_MONTH - 1), today)
        out = scratch / "report.html"
        runs, warmup = (1, 1) if quick else (7, 2)
        big_cpu: list[float] = []
        small_cpu: list[float] = []
        big_ms, small_ms = alternate(
            _timer(big, catalog, decade, out, big_cpu),
            _timer(small, catalog, month, out, small_cpu),
            runs,
            warmup,
        )
        # The warm-up rounds' processor times are left out, as their times are.
        big_cpu, small_cpu = big_cpu[warmup:], small_cpu[warmup:]
        size_kb = out.stat().st_size / 1000
        recent = Period.from_text(None, None, today)  # the default: six weeks to today
        recent_big, recent_small = alternate(
            _timer(big, catalog, recent, out), _timer(small, catalog, recent, out), runs, warmup
        )
        cold_runs = 1 if quick else 3
        cold_big, cold_small = alternate(
            _command(big, out, decade.since),
            _command(small, out, month.since),
            cold_runs,
            warmup=0 if quick else 1,
        )
        return [
            versus(
                "report: 10 years vs 1 month",
                big_ms,
                small_ms,
                "ms",
                TARGET,
                f"{big_sets} vs {small_sets} set rows; charts {decade.bucket} vs {month.bucket}; "
                f"the month's file {size_kb:.0f} kB",
            ),
            Result(
                "report: processor time, 10 years vs 1 month (both threads)",
                median(big_cpu),
                median(small_cpu),
                "ms",
                "—",
                None,
            ),
            Result(
                "report: six weeks, on 10 years vs on 1 month of history",
                median(recent_big),
                median(recent_small),
                "ms",
                "—",
                None,
            ),
            Result(
                "report: `glutetui report` in a fresh process, 10 years vs 1 month",
                median(cold_big),
                median(cold_small),
                "ms",
                "—",
                None,
            ),
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
