"""Start-up counted rather than timed: the instructions each program runs from its
start to its first frame, under valgrind (cachegrind, no cache simulation).

Wall time on a shared machine moves by milliseconds from run to run; two counts of the
same program agree to a few hundredths of a percent, so a change a tenth of a
millisecond long shows. Each program runs once natively first (its bytecode cached, as
in a user's install; glutetui for two seconds past its data, as the start-up
benchmark's warm-up runs it, so its home holds what that benchmark's frames show: the
coach's suggestions), then once counted in a tmux pane of the start-up benchmark's
size, ended the moment Textual has drawn its first frame (``frame_exit``, the same
hook in both). Home's helper process reads its figures on the other core and is not
counted: it does not hold the frame back.

For information: the target stays the start-up benchmark's, in time
(``benchmarks/startup.py``). ``--only startup-count`` runs it (about half a minute).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import ROOT, Result
from benchmarks.history_scale import make_home
from benchmarks.startup import HISTORY_DAYS, SETTLE_SECONDS, SIZE, glutetui_argv
from benchmarks.startup_trace import BARE_SCRIPT, HOME_DATA
from benchmarks.tmux_screen import Marker, Run, Terminal, child_environment, tmux_missing

HOOK = Path(__file__).with_name("frame_exit")
MARK_ENV = "GLUTETUI_FRAME_EXIT_MARK"  # frame_exit/sitecustomize.py's
FIGURE = "start-up: instructions to Home's first frame vs a bare Textual app"
WAIT_SECONDS = 120.0


def count(
    terminal: Terminal, argv: list[str], out: Path, mark: Path, settle: Marker | None = None
) -> float:
    """Millions of instructions ``argv`` runs up to its first frame (the hook writes
    ``mark`` as it ends the program there).

    ``settle``: first run the program without the hook until it shows this and then
    for ``SETTLE_SECONDS`` more, as the start-up benchmark's warm-up does, so the frame
    counted is the one that benchmark times (Home's, once the coach's review has
    written its suggestions)."""
    if settle is not None:
        plain = terminal.launch(["env", "-u", "PYTHONPATH", *argv], SIZE, str(ROOT))
        plain.wait_for(settle)
        time.sleep(SETTLE_SECONDS)
        plain.end()
    warm = terminal.launch(argv, SIZE, str(ROOT))
    _wait_dead(warm)
    warm.end()
    mark.unlink(missing_ok=True)
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}"]
    counted = terminal.launch([*valgrind, *argv], SIZE, str(ROOT))
    _wait_dead(counted)
    counted.end()
    if not mark.exists():
        raise RuntimeError(f"{Path(argv[-1]).name} ended before its first frame")
    found = re.search(r"^summary:\s*(\d+)", out.read_text(), re.MULTILINE)
    if found is None:
        raise RuntimeError(f"no count in {out.name}")
    return int(found.group(1)) / 1e6


def _wait_dead(run: Run) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not run.dead():
        if time.monotonic() > deadline:
            raise RuntimeError("the program did not end at its first frame")
        time.sleep(0.05)


def run(quick: bool) -> list[Result]:
    missing = tmux_missing() or (None if shutil.which("valgrind") else "valgrind is not installed")
    if missing:
        return [Result(FIGURE, 0.0, None, "M instructions", "—", None, f"skipped: {missing}")]
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-count-"))
    try:
        home, _ = make_home(HISTORY_DAYS, scratch / "home")
        mark = scratch / "reached"
        env = child_environment(
            {"PYTHONPATH": str(HOOK), "PYTHONHASHSEED": "0", MARK_ENV: str(mark)}
        )
        with Terminal(env) as terminal:
            bare = count(terminal, [sys.executable, str(BARE_SCRIPT)], scratch / "bare.out", mark)
            ours = count(terminal, glutetui_argv(home), scratch / "home.out", mark, HOME_DATA)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    note = f"{HISTORY_DAYS} days of history, tmux {SIZE[0]}x{SIZE[1]}; for information"
    return [Result(FIGURE, ours, bare, "M instructions", "—", None, note)]
