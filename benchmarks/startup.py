"""Start-up: a fresh process to Home's first frame, and to Home with its data, against
a bare Textual app with one Static that exits after its first frame.

Targets (DESIGN section 9): first frame at most 1.5x the bare app; Home with its
data at most 1.8x.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result, alternate, child, versus
from benchmarks.history_scale import make_home

FIRST_FRAME_TARGET = 1.5
WITH_DATA_TARGET = 1.8


def run(quick: bool) -> list[Result]:
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-bench-"))
    try:
        home, _ = make_home(90, scratch / "home")  # three months of history

        def probe(*args: str) -> float:
            return float(child("startup_probe", args[0], repr(time.time()), *args[1:])["ms"])

        runs = 3 if quick else 11
        warmup = 1
        first, bare_a = alternate(
            lambda: probe("home", str(home)), lambda: probe("bare"), runs, warmup
        )
        data, bare_b = alternate(
            lambda: probe("data", str(home)), lambda: probe("bare"), runs, warmup
        )
        return [
            versus(
                "start-up: to Home's first frame vs a bare app",
                first,
                bare_a,
                "ms",
                FIRST_FRAME_TARGET,
                f"{runs} alternating runs after a warm-up; fresh processes, headless",
            ),
            versus(
                "start-up: to Home with its data vs a bare app",
                data,
                bare_b,
                "ms",
                WITH_DATA_TARGET,
                "three months of history in the home folder",
            ),
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
