"""What happens between launch and each frame: which modules load, which files open,
and what the imports cost, for glutetui and for the bare app.

    uv run python -m benchmarks.startup_trace            # three months of history
    uv run python -m benchmarks.startup_trace --home DIR

A traced start runs in tmux like the benchmark's, under ``startup_probe``, which logs
every first import, file, SQLite connection and child process with its time. The
import costs come from ``python -X importtime`` importing the same modules in the
same order in a fresh process, and are added up per phase (before the first frame,
before the data frame, after) and per top-level package.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import ROOT, median
from benchmarks.tmux_screen import Marker, Terminal, child_environment

PHASES = ("first frame", "data frame", "after")
IN_WORDS = {
    "first frame": "before the first frame",
    "data frame": "between the first frame and the data frame",
    "after": "after the last frame",
}
HEAVY = ("sqlalchemy", "alembic")  # must stay off the path to Home's data frame
SETTLE_SECONDS = 1.5  # after the last frame, so the rest of the load shows in the log
IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")

# What a start is watched for on the screen (the start-up benchmark uses them too).
BARE_SCRIPT = ROOT / "benchmarks" / "bare_app.py"
BARE = Marker("bare", ("bare Textual app: ready",))  # bare_app.TEXT
# Home's title is in its first frame, with or without data; the streak line is one
# of its figures and shows only once they are read (in the first frame, when the
# quick read can be made).
HOME_FIRST = Marker("home", ("gluteus medius coach",))
HOME_DATA = Marker("data", ("in a row",))


@dataclass(frozen=True, slots=True)
class Event:
    ms: float  # since launch
    thread: str
    kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class Trace:
    frames: dict[str, float]  # marker name -> ms since launch, in the order waited for
    missed: dict[str, float]  # marker name -> ms of the last look without it
    events: tuple[Event, ...]

    def phase(self, ms: float) -> str:
        """Which frame an event came before. An event between the last look without
        a frame and the first look with it counts for the next frame: the program
        goes on while its output reaches the screen."""
        for name, at in zip(PHASES, self.missed.values(), strict=False):
            if ms <= at:
                return name
        return PHASES[-1]

    def phases(self) -> tuple[str, ...]:
        return (*PHASES[: len(self.frames)], PHASES[-1])

    def imports(self) -> list[Event]:
        return [e for e in self.events if e.kind == "import"]

    def heavy_before(self, frame: str) -> list[Event]:
        """SQLAlchemy and Alembic modules that surely started loading before ``frame``
        showed."""
        at = self.missed[frame]
        return [e for e in self.imports() if e.ms <= at and e.detail.split(".")[0] in HEAVY]


def trace(terminal: Terminal, argv: list[str], markers: list[Marker]) -> Trace:
    """Start ``argv`` (a module or script, as startup_probe takes it) and log it."""
    with tempfile.TemporaryDirectory(prefix="glutetui-trace-") as folder:
        log = Path(folder) / "events.tsv"
        run = terminal.launch(
            [sys.executable, "-m", "benchmarks.startup_probe", str(log), *argv],
            (100, 30),
            str(ROOT),
        )
        frames = run.wait_for(*markers)
        time.sleep(SETTLE_SECONDS)
        run.end()
        events = []
        for line in log.read_text(encoding="utf-8").splitlines():
            stamp, thread, kind, detail = line.split("\t", 3)
            events.append(Event((float(stamp) - run.started_wall) * 1000, thread, kind, detail))
    ordered = {m.name: frames[m.name] for m in markers}
    return Trace(ordered, {m.name: run.missed[m.name] for m in markers}, tuple(events))


def import_costs(modules: list[str], rounds: int = 3) -> dict[str, float]:
    """Milliseconds each module's own code takes to import (children excluded), the
    median of ``rounds`` fresh processes importing ``modules`` in this order."""
    script = (
        "import importlib, sys\n"
        "for name in sys.stdin.read().split():\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        pass\n"
    )
    samples: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", script],
            input="\n".join(modules),
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=child_environment(),
            check=False,
        )
        for match in IMPORTTIME.finditer(done.stderr):
            samples[match.group(4)].append(int(match.group(1)) / 1000)
    return {name: median(values) for name, values in samples.items()}


def by_phase_and_package(t: Trace, costs: dict[str, float]) -> dict[str, dict[str, float]]:
    """Import milliseconds per phase and top-level package."""
    table: dict[str, dict[str, float]] = {p: defaultdict(float) for p in PHASES}
    for event in t.imports():
        table[t.phase(event.ms)][event.detail.split(".")[0]] += costs.get(event.detail, 0.0)
    return table


def describe(label: str, t: Trace, costs: dict[str, float]) -> str:
    """The trace in words: frames, imports per phase and package, files, connections."""
    lines = [f"{label}: " + ", ".join(f"{n} at {ms:.0f} ms" for n, ms in t.frames.items())]
    table = by_phase_and_package(t, costs)
    for phase in t.phases():
        packages = table[phase]
        if not packages:
            continue
        count = sum(1 for e in t.imports() if t.phase(e.ms) == phase)
        total = sum(packages.values())
        lines.append(f"  {IN_WORDS[phase]}: {count} modules, {total:.0f} ms of imports")
        ranked = sorted(packages.items(), key=lambda kv: -kv[1])
        lines.append("    " + ", ".join(f"{name} {ms:.1f}" for name, ms in ranked if ms >= 0.5))
    ours = [e for e in t.imports() if e.detail.startswith("glutetui")]
    for phase in t.phases():
        names = [e.detail for e in ours if t.phase(e.ms) == phase]
        if names:
            lines.append(f"  glutetui modules {IN_WORDS[phase]}: {' '.join(names)}")
    for e in t.events:
        if e.kind != "import" and not e.detail.startswith(("/proc", "/sys", "/dev")):
            lines.append(f"  {e.ms:7.1f} ms {e.thread:5} {e.kind} {e.detail}")
    return "\n".join(lines)


def added(bare: Trace, ours: Trace, costs: dict[str, float]) -> str:
    """What glutetui imports before its first frame that the bare app does not, per
    package, the most expensive first."""
    theirs = {e.detail for e in bare.imports()}
    extra: dict[str, list[str]] = defaultdict(list)
    for event in ours.imports():
        if ours.phase(event.ms) == PHASES[0] and event.detail not in theirs:
            extra[event.detail.split(".")[0]].append(event.detail)
    cost = {package: sum(costs.get(n, 0.0) for n in names) for package, names in extra.items()}
    ranked = sorted(extra, key=lambda package: -cost[package])
    lines = [f"imported before the first frame beyond the bare app: {sum(cost.values()):.0f} ms"]
    for package in ranked:
        if cost[package] >= 0.3:
            names = " ".join(sorted(extra[package]))
            lines.append(f"  {package:>18} {cost[package]:5.1f} ms  {names}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.history_scale import make_home

    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup_trace")
    parser.add_argument("--home", type=Path, help="a prepared home (default: 3 months made)")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-trace-"))
    try:
        home = args.home or make_home(90, scratch / "home")[0]
        ours = ["-m", "glutetui", "--home", str(home)]
        with Terminal(child_environment()) as terminal:
            trace(terminal, ours, [HOME_FIRST, HOME_DATA])  # warms the bytecode caches
            bare = trace(terminal, [str(BARE_SCRIPT)], [BARE])
            glutetui = trace(terminal, ours, [HOME_FIRST, HOME_DATA])
        costs = import_costs([e.detail for e in glutetui.imports()])
        costs = {**import_costs([e.detail for e in bare.imports()]), **costs}
        for label, t in (("bare app", bare), ("glutetui", glutetui)):
            print(describe(label, t, costs))
        print(added(bare, glutetui, costs))
        heavy = glutetui.heavy_before(HOME_DATA.name)
        print(f"SQLAlchemy/Alembic modules loading before Home's data frame: {len(heavy)}")
        later = [e for e in glutetui.imports() if e.detail.split(".")[0] in HEAVY]
        if later:
            gap = later[0].ms - glutetui.frames[HOME_DATA.name]
            print(f"the first of them ({later[0].detail}) at {later[0].ms:.0f} ms, {gap:+.0f} ms")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    raise SystemExit(main())
