"""A program started with a log of what it loads and touches, for the start-up trace.

    python -m benchmarks.startup_probe LOG -m glutetui --home DIR   # a module, as -m
    python -m benchmarks.startup_probe LOG benchmarks/bare_app.py   # a script

Runs in the terminal the benchmark drives, like the program itself, and writes one
line per event to LOG as it happens (the terminal closes on it, so nothing waits
for an exit): every module imported for the first time, every file opened that is
not Python code, every SQLite connection, every child process, and every Python
file compiled (a bytecode cache missing). Each line is the wall-clock time, the
thread (main or another), the event and what it names.
"""

from __future__ import annotations

import runpy
import sys
import threading
import time
from typing import Any

CODE_SUFFIXES = (".py", ".pyc", ".so")


def main() -> None:
    log_path, target = sys.argv[1], sys.argv[2:]
    log = open(log_path, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 (open for the run)
    main_thread = threading.get_ident()
    seen: set[str] = set()

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "import":
            detail = str(args[0])
            if detail in seen:  # extension modules announce themselves twice
                return
            seen.add(detail)
        elif event == "open":
            path = args[0]
            if not isinstance(path, str) or path.endswith(CODE_SUFFIXES):
                return
            detail = path
        elif event == "compile":
            filename = args[1]
            if not isinstance(filename, str) or not filename.endswith(".py"):
                return  # code made at run time (dataclasses, namedtuples): not a cache miss
            detail = filename
        elif event in ("sqlite3.connect", "subprocess.Popen"):
            detail = str(args[0])
        else:
            return
        thread = "main" if threading.get_ident() == main_thread else "other"
        log.write(f"{time.time():.6f}\t{thread}\t{event}\t{detail}\n")

    sys.addaudithook(hook)
    if target[0] == "-m":
        sys.argv = [target[1], *target[2:]]
        runpy.run_module(target[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = target
        runpy.run_path(target[0], run_name="__main__")


if __name__ == "__main__":
    main()
