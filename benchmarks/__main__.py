"""Run every benchmark and print a table; exit non-zero when a target is missed.

    uv run python -m benchmarks           # the full run (a few minutes)
    uv run python -m benchmarks --quick   # each benchmark briefly, to keep them working

Each figure is a ratio against a baseline measured in the same run, alternating the
two (A B A B …) after a warm-up and comparing medians, so a noisy machine does not
decide the result.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time
from collections.abc import Callable

from benchmarks.harness import Result, table

Benchmark = Callable[[bool], list[Result]]


def registry() -> dict[str, Benchmark]:
    from benchmarks import (
        figure_load,
        held_lock,
        history_scale,
        logging_bench,
        progress_scale,
        remote_flood,
        remote_tap,
        report_scale,
        startup,
        startup_count,
        stream_scale,
        workout_load,
    )

    return {
        "startup": startup.run,
        "startup-count": startup_count.run,
        "workout": workout_load.run,
        "figure": figure_load.run,
        "history": history_scale.run,
        "logging": logging_bench.run,
        "held-lock": held_lock.run,
        "report": report_scale.run,
        "progress": progress_scale.run,
        "stream": stream_scale.run,
        "remote": remote_flood.run,
        "remote-tap": remote_tap.run,
        "postgres-logging": importlib.import_module("benchmarks.postgres_logging").run,
        "postgres-history": importlib.import_module("benchmarks.postgres_history").run,
    }


def machine() -> str:
    cpus = os.cpu_count() or 0
    python = platform.python_version()
    return f"{platform.system()} {platform.machine()}, {cpus} cores, Python {python}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="one short round of each")
    parser.add_argument("--only", action="append", help="run just this benchmark (repeatable)")
    args = parser.parse_args(argv)
    benchmarks = registry()
    chosen = args.only or list(benchmarks)
    unknown = [name for name in chosen if name not in benchmarks]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}; known: {', '.join(benchmarks)}")
    started = time.perf_counter()
    results: list[Result] = []
    for name in chosen:
        print(f"running {name}…", file=sys.stderr, flush=True)
        results += benchmarks[name](args.quick)
    print(f"glutetui benchmarks on {machine()}{' (quick)' if args.quick else ''}")
    print(table(results))
    for r in results:
        if r.note:
            print(f"  {r.figure}: {r.note}")
    print(f"took {time.perf_counter() - started:.0f} s")
    failed = [r for r in results if r.verdict == "FAIL"]
    return 1 if failed and not args.quick else 0


if __name__ == "__main__":
    raise SystemExit(main())
