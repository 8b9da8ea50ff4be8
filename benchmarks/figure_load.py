"""The moving figure's cost: CPU over a minute of running workout with the figure on, at
160x48 (where it shows big on get-ready and, during work, a third of the rows tall in
the band above the clamshell's two-digit numbers, beside the phase word), against a bare
Textual app updating a Digits clock four times a second at the same size.

Target (issue 28): at most 2x the Digits clock. The same workout with the figure off
runs in the same rounds, so the table also says what the figure itself adds.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.harness import Result, versus
from benchmarks.workout_load import CPU_PROGRAM, cpu_of, cpu_window, home_with

TARGET = 2.0
SIZE = "160x48"


def run(quick: bool) -> list[Result]:
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-bench-"))
    try:
        on = home_with(scratch / "on", "cpu-bench", CPU_PROGRAM)
        off = home_with(
            scratch / "off", "cpu-bench", CPU_PROGRAM, "sounds = false\nfigure = false\n"
        )
        seconds, runs, short = cpu_window(quick)
        figure: list[float] = []
        bare: list[float] = []
        plain: list[float] = []
        # Three programs in turn, each round in the same order, so a busy spell on the
        # machine falls on all three alike.
        for _ in range(runs):
            figure.append(cpu_of("cpu", seconds, str(on), SIZE))
            bare.append(cpu_of("clock", seconds, SIZE))
            plain.append(cpu_of("cpu", seconds, str(off), SIZE))
        note = f"{seconds} s of each, CPU time from the OS, {runs} rounds in turn"
        return [
            versus(
                f"cpu at {SIZE}: a running workout with the figure vs a Digits clock at 4 Hz",
                figure,
                bare,
                "s",
                TARGET,
                note + short,
                judged=not quick,
            ),
            Result(
                f"cpu at {SIZE}: the same workout with the figure off",
                statistics.median(plain),
                statistics.median(bare),
                "s",
                "info",
                None,
                note=f"with the figure on: {statistics.median(figure):.2f} s",
            ),
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
