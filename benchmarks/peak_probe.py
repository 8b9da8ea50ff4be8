"""A module run with its own peak memory written down when it exits.

    python -m benchmarks.peak_probe OUT -m glutetui --home DIR history --json

Writes the process's peak resident set (``VmHWM``, in MB) to OUT at exit. Read from
``/proc`` because the usage a parent gets for its child (``wait4``'s ``ru_maxrss``)
also counts what the child held between its fork and its exec: a copy of the
parent, here a benchmark that has built ten years of history.
"""

from __future__ import annotations

import atexit
import resource
import runpy
import sys
from pathlib import Path


def peak_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kilobytes / (2**20 if sys.platform == "darwin" else 1024)


def main() -> None:
    out, flag, module, *args = sys.argv[1:]
    if flag != "-m":
        raise SystemExit("usage: python -m benchmarks.peak_probe OUT -m MODULE ARGS")
    atexit.register(lambda: Path(out).write_text(f"{peak_mb():.2f}\n"))
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
