"""Long work on the command line shows a progress bar in a real terminal (tmux), and only
there: the same command with stderr in a file writes no bar into it."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from glutetui.store import Store, exchange
from tests.factories import T0, logged_set
from tests.terminal import Terminal

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

WORKOUTS = 2500  # tens of MB: long enough on any machine for the bar to move
SETS = 36
BAR = re.compile(r"Importing big\.json .*?(\d+)/(\d+) MB")


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    made: list[Terminal] = []
    yield made
    for terminal in made:
        terminal.close()


def big_export(folder: Path) -> Path:
    """An export in glutetui's own layout of many copies of one workout of many sets."""
    store = Store.open(folder / "source.db")
    with store.write() as db:
        w = db.workouts.start("tiny", "Tiny", '{"program_id": "tiny"}', T0)
        db.workouts.log_set(w.id, logged_set(0, 0, "left", reps=3))
        db.workouts.finish(w.id, "completed", T0.replace(minute=5))
    text = exchange.to_text(lambda out: exchange.export_json(store, out))
    store.close()
    lines = text.splitlines()
    workout = json.loads(lines[2].rstrip(","))
    workout["sets"] = [{**workout["sets"][0], "set_index": i} for i in range(SETS)]
    line = json.dumps(workout, separators=(",", ":"))
    copies = ",\n".join(line.replace(workout["uid"], f"{n:032x}") for n in range(WORKOUTS))
    path = folder / "big.json"
    path.write_text("\n".join([*lines[:2], copies, *lines[3:]]) + "\n")
    return path


@pytest.mark.slow(13)
def test_an_import_shows_a_moving_bar_on_the_terminal_and_none_in_a_file(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    export = big_export(tmp_path)
    terminal = Terminal(120, 10, tmp_path / "home")
    terminals.append(terminal)
    (tmp_path / "home").mkdir()
    terminal.run("import", str(export))
    seen: set[int] = set()
    screen = terminal.screen()
    deadline = time.monotonic() + 300
    while "Imported" not in screen:
        assert time.monotonic() < deadline, f"the import never ended:\n{screen}"
        seen.update(int(m[1]) for m in BAR.finditer(screen))
        screen = terminal.screen()
    assert len(seen) >= 2, f"the bar never moved: {sorted(seen)}"
    assert "Imported 2500 workouts (90000 sets)" in screen

    quiet = Terminal(120, 10, tmp_path / "quiet")
    terminals.append(quiet)
    (tmp_path / "quiet").mkdir()
    errors, out = tmp_path / "errors.txt", tmp_path / "out.txt"
    # Both streams to files: what a pane shows of a command that has just ended is not
    # reliable, a file is.
    quiet.run("import", str(export), f">{out}", f"2>{errors}")
    quiet.wait_for_exit(timeout=300)
    assert "Imported 2500 workouts (90000 sets)" in out.read_text()
    assert errors.read_text() == ""
