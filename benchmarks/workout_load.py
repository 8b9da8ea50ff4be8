"""A running workout: its CPU cost against a bare Digits clock, and how closely every
phase ends on its deadline with the real clock.

Targets (docs/targets.md): CPU over a minute of running workout at most 1.5x a bare
Textual app updating a Digits clock four times a second, at 100x30 and at 200x55 (where
the workout's numbers are drawn in big type that fills the screen); phase ends within 50 ms of
their deadline (p99), and no drift: the last phases end as close to their deadlines
as the first.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from functools import partial
from pathlib import Path

from benchmarks.harness import Result, alternate, child, versus

CPU_TARGET = 1.5
CPU_SIZES = ("100x30", "200x55")
P99_TARGET_MS = 50.0
DRIFT_TARGET_MS = 10.0
# The CPU targets are set over a minute. A quick run's 10 s still show the figure, but the
# workout screen's start (about 0.1 s of CPU, once) weighs six times as much in them as in
# a minute, so they are not judged: on this machine 10 s gave 2.1x where a minute gave 1.1x.
MINUTE_NOTE = "; 10 s is not the minute the target is set on: shown, not judged"


def cpu_window(quick: bool) -> tuple[str, int, str]:
    """Seconds per run, runs, and what the note adds: a minute three times, or 10 s once."""
    return ("10", 1, MINUTE_NOTE) if quick else ("60", 3, "")


CPU_PROGRAM = """
name = "CPU benchmark"

[[block]]
exercise = "clamshell"
sets = 3
reps = 20
tempo = [2, 1, 2]
rest = 30
"""

TIMER_PROGRAM = """
name = "Timer benchmark"
{blocks}
"""
TIMER_BLOCK = """
[[block]]
exercise = "{exercise}"
sets = {sets}
reps = {reps}
tempo = [1, 0, 1]
rest = 1
"""
TIMER_EXERCISES = ("clamshell", "fire-hydrant", "side-lying-hip-abduction", "reverse-clamshell")


def home_with(folder: Path, name: str, program: str, settings: str = "") -> Path:
    (folder / "programs").mkdir(parents=True, exist_ok=True)
    (folder / "programs" / f"{name}.toml").write_text(program)
    (folder / "settings.toml").write_text(settings or "sounds = false\n")
    return folder


def cpu_of(mode: str, *args: str) -> float:
    return float(child("run_probe", mode, *args)["cpu"])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(quick: bool) -> list[Result]:
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-bench-"))
    try:
        cpu_home = home_with(scratch / "cpu", "cpu-bench", CPU_PROGRAM)
        seconds, runs, short = cpu_window(quick)
        results: list[Result] = []
        # The phone remote on, a phone watching every view: the same target.
        ours, bare = alternate(
            partial(cpu_of, "cpu-remote", seconds, str(cpu_home), CPU_SIZES[0]),
            partial(cpu_of, "clock", seconds, CPU_SIZES[0]),
            runs,
            warmup=0,
        )
        results.append(
            versus(
                f"cpu at {CPU_SIZES[0]}: the workout with a phone on the remote vs a Digits clock",
                ours,
                bare,
                "s",
                CPU_TARGET,
                f"{seconds} s of each once the phone is connected, {runs} alternating runs" + short,
                judged=not quick,
            )
        )
        for size in CPU_SIZES:
            ours, bare = alternate(
                partial(cpu_of, "cpu", seconds, str(cpu_home), size),
                partial(cpu_of, "clock", seconds, size),
                runs,
                warmup=0,
            )
            results.append(
                versus(
                    f"cpu at {size}: a running workout vs a Digits clock at 4 Hz",
                    ours,
                    bare,
                    "s",
                    CPU_TARGET,
                    f"{seconds} s of each, CPU time from the OS, {runs} alternating runs" + short,
                    judged=not quick,
                )
            )

        # Many short phases: a quick run has one exercise, a full run four (about three
        # minutes of real time), each phase a second or two.
        exercises = TIMER_EXERCISES[:1] if quick else TIMER_EXERCISES
        sets, reps = (2, 2) if quick else (3, 3)
        blocks = "".join(TIMER_BLOCK.format(exercise=e, sets=sets, reps=reps) for e in exercises)
        settings = "sounds = false\nget_ready = 1\nswitch_pause = 1\n"
        timer_home = home_with(
            scratch / "timer", "timer-bench", TIMER_PROGRAM.format(blocks=blocks), settings
        )
        rounds = 1 if quick else 2
        lateness: list[float] = []
        for _ in range(rounds):
            lateness += child("run_probe", "timer", str(timer_home), "timer-bench")["lateness_ms"]
        third = max(1, len(lateness) // 3)
        first = statistics.median(lateness[:third])
        last = statistics.median(lateness[-third:])
        p50, p99, worst = (percentile(lateness, q) for q in (0.5, 0.99, 1.0))
        return [
            *results,
            Result(
                "timer: lateness of phase ends, p99",
                p99,
                None,
                "ms",
                f"<= {P99_TARGET_MS:.0f} ms",
                p99 <= P99_TARGET_MS,
                note=f"{len(lateness)} phase ends on the real clock; p50 {p50:.1f} ms, "
                f"max {worst:.1f} ms",
            ),
            Result(
                "timer: drift, last third vs first third (median)",
                last,
                first,
                "ms",
                f"<= +{DRIFT_TARGET_MS:.0f} ms",
                last - first <= DRIFT_TARGET_MS,
                note="deadlines chain from phase to phase, so lateness must not grow",
            ),
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
