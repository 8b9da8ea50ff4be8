"""Long histories stream: ``glutetui history --json`` and ``glutetui import`` keep their
memory flat in the size of the history, and their time grows with it, no faster.

Targets (docs/targets.md, issue 35), each command run as a person runs it, in a fresh
process, its peak memory (the process's peak resident set) written by
``benchmarks.peak_probe`` as it ends:

- ``history --json`` of every workout of ten years of daily workouts in at most 5 s,
  its peak memory within 1.5x that of the same on one month. The 5 s are judged on
  the process's processor time (user + system): on a quiet machine that is its wall
  time, and on a shared one the wall time says more about the neighbours (it is in
  the note);
- importing an export of ten years into an empty home with a peak memory within 1.5x
  that of importing an export a tenth its size (one year), and in about ten times its
  time (at most 12x).

Ten years and a month (the history), ten years and one year (the import) alternate
after a warm-up; medians are compared.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.harness import ROOT, Result, alternate, median, versus
from benchmarks.history_scale import ONE_MONTH, TEN_YEARS, make_home

HISTORY_SECONDS = 5.0
MEMORY_TARGET = 1.5
IMPORT_TIME_TARGET = 12.0  # "about ten times" the time of a file a tenth the size
ONE_YEAR = 365
EVERYTHING = str(10**9)  # history --limit: every workout


class Run:
    """One command's wall time (ms) and peak memory (MB), in a fresh process."""

    def __init__(self) -> None:
        self.peaks: list[float] = []
        self.cpu: list[float] = []  # ms of processor time (user + system)

    def __call__(self, argv: list[str], out: Path) -> float:
        env = {**os.environ}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode caches on, as for a user
        peak = out.with_suffix(".peak")
        with out.open("wb") as stdout:
            start = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.peak_probe", str(peak), "-m", "glutetui", *argv],
                cwd=ROOT,
                env=env,
                stdout=stdout,
                stderr=subprocess.PIPE,
            )
            # wait4 gives this child's own processor time.
            _, status, usage = os.wait4(process.pid, 0)
            took = (time.perf_counter() - start) * 1000
        process.returncode = os.waitstatus_to_exitcode(status)
        assert process.stderr is not None
        with process.stderr as errors:
            if process.returncode != 0:
                raise RuntimeError(f"glutetui {' '.join(argv)} failed: {errors.read()!r}")
        # The peak the program itself reached (see peak_probe: not wait4's, which counts
        # the copy of this process the child was before it became glutetui).
        self.peaks.append(float(peak.read_text()))
        self.cpu.append((usage.ru_utime + usage.ru_stime) * 1000)
        return took


def _history(home: Path, run: Run, out: Path) -> Callable[[], float]:
    return lambda: run(["--home", str(home), "history", "--json", "--limit", EVERYTHING], out)


def _import(export: Path, scratch: Path, run: Run, out: Path) -> Callable[[], float]:
    def once() -> float:
        target = scratch / "into"
        shutil.rmtree(target, ignore_errors=True)
        return run(["--home", str(target), "import", str(export)], out)

    return once


def _export(home: Path, file: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "glutetui", "--home", str(home), "export", "-o", str(file)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def run(quick: bool) -> list[Result]:
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-stream-bench-"))
    try:
        big, big_sets = make_home(TEN_YEARS, scratch / "ten-years")
        month, month_sets = make_home(ONE_MONTH, scratch / "one-month")
        year, year_sets = make_home(ONE_YEAR, scratch / "one-year")
        runs = 1 if quick else 3
        warmup = 0 if quick else 1
        out = scratch / "out"

        big_run, month_run = Run(), Run()
        big_ms, month_ms = alternate(
            _history(big, big_run, out), _history(month, month_run, out), runs, warmup
        )
        printed = out.stat().st_size  # the month's, the last written
        big_run(["--home", str(big), "history", "--json", "--limit", EVERYTHING], out)
        printed_big = out.stat().st_size

        big_export, year_export = scratch / "ten-years.json", scratch / "one-year.json"
        _export(big, big_export)
        _export(year, year_export)
        into = scratch / "import"
        into.mkdir()
        big_in, year_in = Run(), Run()
        big_import, year_import = alternate(
            _import(big_export, into, big_in, out),
            _import(year_export, into, year_in, out),
            runs,
            warmup,
        )
        sizes = (big_export.stat().st_size / 2**20, year_export.stat().st_size / 2**20)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    how = f"{runs} rounds alternating after {warmup} warm-up, fresh processes, medians"
    cpu = median(big_run.cpu)
    return [
        Result(
            f"history --json, every workout of 10 years ({big_sets:,} sets), CPU time",
            cpu,
            None,
            "ms",
            f"<= {HISTORY_SECONDS:g} s",
            cpu <= HISTORY_SECONDS * 1000,
            f"{how}; wall {median(big_ms):.0f} ms; {printed_big / 2**20:.0f} MB printed; "
            f"one month ({month_sets:,} sets, {printed / 2**20:.1f} MB printed) in "
            f"{median(month_run.cpu):.0f} ms CPU, {median(month_ms):.0f} ms wall",
        ),
        versus(
            "history --json: peak memory, 10 years against 1 month",
            _peak(big_run),
            _peak(month_run),
            "MB",
            MEMORY_TARGET,
            "the process's peak resident set (VmHWM)",
        ),
        versus(
            "import: peak memory, a 10-year export against a 1-year one",
            _peak(big_in),
            _peak(year_in),
            "MB",
            MEMORY_TARGET,
            f"exports of {sizes[0]:.0f} MB ({big_sets:,} sets) and {sizes[1]:.1f} MB "
            f"({year_sets:,} sets), {sizes[0] / sizes[1]:.1f}x the size, into an empty home",
        ),
        versus(
            "import: time, a 10-year export against a 1-year one",
            big_import,
            year_import,
            "ms",
            IMPORT_TIME_TARGET,
            f"{how}; about ten times is the aim: the time follows the file's size",
        ),
    ]


def _peak(run: Run) -> list[float]:
    return run.peaks
