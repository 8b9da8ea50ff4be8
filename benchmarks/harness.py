"""Side-by-side measurement: A and B alternate (A B A B …) after a warm-up, and the
medians are compared, so a noisy machine slows both alike and the ratio holds."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    figure: str
    glutetui: float
    baseline: float | None
    unit: str
    target: str
    passed: bool | None  # None: a figure reported for information, with no target
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)
    # False where the run was too short to measure what the target is set on (`--quick`
    # runs a minute's target for 10 s): the figure is shown, and the row says "short".
    judged: bool = True

    @property
    def verdict(self) -> str:
        if not self.judged:
            return "short"
        return {True: "pass", False: "FAIL", None: "info"}[self.passed]

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.glutetui / self.baseline


def versus(
    figure: str,
    ours: list[float],
    baseline: list[float],
    unit: str,
    target: float,
    note: str,
    judged: bool = True,
) -> Result:
    """A figure that passes when the median of ``ours`` is at most ``target`` times the
    median of ``baseline``; with ``judged`` false it is shown but neither passes nor fails."""
    result = Result(
        figure, median(ours), median(baseline), unit, f"<= {target:g}x", None, note, judged=judged
    )
    result.passed = result.ratio is not None and result.ratio <= target
    return result


def alternate(
    a: Callable[[], float], b: Callable[[], float], runs: int, warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Run A and B in turn ``runs`` times each after ``warmup`` rounds; return the samples."""
    for _ in range(warmup):
        a()
        b()
    first: list[float] = []
    second: list[float] = []
    for _ in range(runs):
        first.append(a())
        second.append(b())
    return first, second


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def child(module: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``python -m benchmarks.<module> args`` in a fresh process; it prints JSON."""
    # Bytecode caches are left on, as they are for anyone running glutetui.
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    full_env.pop("COLUMNS", None)
    full_env.pop("LINES", None)
    out = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{module}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=full_env,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"benchmarks.{module} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def table(results: Sequence[Result]) -> str:
    """The results as a plain table: figure, glutetui, baseline, ratio, target, pass/fail."""
    rows = [("figure", "glutetui", "baseline", "ratio", "target", "result")]
    for r in results:
        rows.append(
            (
                r.figure,
                f"{r.glutetui:.1f} {r.unit}",
                "—" if r.baseline is None else f"{r.baseline:.1f} {r.unit}",
                "—" if r.ratio is None else f"{r.ratio:.2f}x",
                r.target,
                r.verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
