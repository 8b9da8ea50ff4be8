"""Start-up as a person sees it: each program launched in a real terminal (tmux, 100x30),
the screen polled every few milliseconds, and the time from launch until a frame's
text is on it.

Targets (docs/targets.md), all measured side by side in one run:

- Home's first frame in at most 1.1x the time a bare Textual app with one Static
  takes to show;
- Home with its data (three months of history) in at most 1.15x: Home reads its
  figures before its first paint, so its first frame is its data frame;
- Home with its data in at most 0.75x the time tclock (``tclock timer -d 30s -t
  Clamshell``) takes to show its first timer: the first useful frame of each.

Every Python program starts the same way: the same interpreter (tclock gets its own
environment built from it, with the same Textual), bytecode caching on as in a
user's install, a warm-up round first so every cache is written, then rounds in
rotating order (bare, glutetui, tclock; glutetui, tclock, bare; …), medians
compared. A few more traced starts check that SQLAlchemy stays off the path to
Home's data frame (``benchmarks.startup_trace`` prints the whole account).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import ROOT, Result, median, versus
from benchmarks.history_scale import make_home
from benchmarks.startup_trace import BARE, BARE_SCRIPT, HOME_DATA, HOME_FIRST, Trace, trace
from benchmarks.tclock_env import tclock_argv
from benchmarks.tmux_screen import Marker, Terminal, child_environment, tmux_missing

FIRST_FRAME_TARGET = 1.1
WITH_DATA_TARGET = 1.15
TCLOCK_TARGET = 0.75
SIZE = (100, 30)
HISTORY_DAYS = 90
SETTLE_SECONDS = 2.0  # in the warm-up, so the whole load runs once and caches its bytecode

# tclock's first timer frame: its title and the big digits of 00:30 under it.
TCLOCK = Marker("tclock", ("Clamshell", "██"))


@dataclass(frozen=True, slots=True)
class Program:
    name: str
    argv: list[str]
    markers: tuple[Marker, ...]
    settle: float = 0.0  # wait after the last marker in the warm-up


def glutetui_argv(home: Path) -> list[str]:
    """The installed ``glutetui`` command, as a user starts it (else ``python -m``)."""
    script = Path(sys.executable).parent / "glutetui"
    if script.exists():
        return [str(script), "--home", str(home)]
    return [sys.executable, "-m", "glutetui", "--home", str(home)]


def measure(
    terminal: Terminal, programs: list[Program], runs: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Milliseconds to each marker, wall clock and processor time, ``runs`` times
    after one warm-up of each program."""
    for program in programs:
        run = terminal.launch(program.argv, SIZE, str(ROOT))
        run.wait_for(*program.markers)
        time.sleep(program.settle)
        run.end()
    wall: dict[str, list[float]] = {m.name: [] for p in programs for m in p.markers}
    cpu: dict[str, list[float]] = {name: [] for name in wall}
    for n in range(runs):
        # Rotate the order, so that no program always follows the same one.
        for program in programs[n % len(programs) :] + programs[: n % len(programs)]:
            run = terminal.launch(program.argv, SIZE, str(ROOT))
            for name, ms in run.wait_for(*program.markers).items():
                wall[name].append(ms)
                if name in run.cpu:
                    cpu[name].append(run.cpu[name])
            run.end()
    return wall, cpu


def cpu_note(cpu: dict[str, list[float]], *names: str) -> str:
    """The median processor time to each frame, steadier than wall time on a busy
    machine."""
    shown = [f"{name} {median(cpu[name]):.0f}" for name in names if cpu.get(name)]
    return f"; CPU ms to the frame: {', '.join(shown)}" if shown else ""


def paired_note(ours: list[float], baseline: list[float]) -> str:
    """The median of each round's own ratio (the two ran one after the other in that
    round), for information: a drift of the machine over the run moves both sides of
    a round alike, where it moves the two medians apart."""
    ratios = [a / b for a, b in zip(ours, baseline, strict=True) if b > 0]
    return f"; per round, median {median(ratios):.2f}x" if ratios else ""


def run(quick: bool) -> list[Result]:
    missing = tmux_missing()
    if missing:
        return [_skipped(figure, missing) for figure in _FIGURES]
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-bench-"))
    try:
        home, sets = make_home(HISTORY_DAYS, scratch / "home")
        tclock, about_tclock = tclock_argv()
        programs = [
            Program("bare", [sys.executable, str(BARE_SCRIPT)], (BARE,)),
            Program("glutetui", glutetui_argv(home), (HOME_FIRST, HOME_DATA), SETTLE_SECONDS),
        ]
        if tclock is not None:
            programs.append(Program("tclock", tclock, (TCLOCK,)))
        runs = 3 if quick else 15
        with Terminal(child_environment()) as terminal:
            samples, cpu = measure(terminal, programs, runs)
            # Whether the store's import overlaps the data frame is a race: look a few times.
            ours = ["-m", "glutetui", "--home", str(home)]
            traces = [
                trace(terminal, ours, [HOME_FIRST, HOME_DATA]) for _ in range(1 if quick else 3)
            ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    how = f"{runs} rounds in rotating order after a warm-up, tmux {SIZE[0]}x{SIZE[1]}, medians"
    how += cpu_note(cpu, "home", "bare")
    how += paired_note(samples["home"], samples["bare"])
    results = [
        versus(_FIGURES[0], samples["home"], samples["bare"], "ms", FIRST_FRAME_TARGET, how),
        versus(
            _FIGURES[1],
            samples["data"],
            samples["bare"],
            "ms",
            WITH_DATA_TARGET,
            f"{HISTORY_DAYS} days of history ({sets} set rows)" + cpu_note(cpu, "data"),
        ),
    ]
    if tclock is None:
        results.append(_skipped(_FIGURES[2], about_tclock))
    else:
        first = versus("", samples["home"], samples["tclock"], "ms", TCLOCK_TARGET, "")
        results.append(
            versus(
                _FIGURES[2],
                samples["data"],
                samples["tclock"],
                "ms",
                TCLOCK_TARGET,
                f"{about_tclock}; Home's first frame alone {first.ratio or 0:.2f}x"
                + cpu_note(cpu, "tclock"),
            )
        )
    results.append(sqlalchemy_row(traces))
    return results


def sqlalchemy_row(traces: list[Trace]) -> Result:
    """In how many traced starts SQLAlchemy began loading before Home's data frame
    was on the screen (it then competes with painting it)."""
    early = [(t, t.heavy_before(HOME_DATA.name)) for t in traces]
    early = [(t, heavy) for t, heavy in early if heavy]
    note = "data frame at " + ", ".join(f"{t.frames[HOME_DATA.name]:.0f}" for t in traces)
    note += " ms in traced starts"
    if early:
        t, heavy = early[0]
        lead = t.frames[HOME_DATA.name] - heavy[0].ms
        note += f"; {heavy[0].detail} began {lead:.0f} ms before it"
    return Result(
        _FIGURES[3], float(len(early)), None, "starts", f"0 of {len(traces)}", not early, note
    )


_FIGURES = (
    "start-up: Home's first frame vs a bare Textual app",
    "start-up: Home with its data vs a bare Textual app",
    "start-up: Home with its data vs tclock's first timer",
    "start-up: traced starts where SQLAlchemy loads before Home's data",
)


def _skipped(figure: str, why: str) -> Result:
    return Result(figure, 0.0, None, "ms", "—", None, f"skipped: {why}")
