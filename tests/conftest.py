"""Shared test setup: every test gets its own home folder; the user's data is never touched."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from glutetui.platform.locations import Locations

# A throwaway PostgreSQL server for any test that asks for it (fixtures `postgres`,
# `empty_postgres`, `postgres_cluster`, `database_target`).
pytest_plugins = ["tests.postgres"]


def _quicker_textual() -> None:
    """Two costs of Textual's test harness paid thousands of times over the suite.

    * ``pilot.pause()`` waits until the process is idle, judged in slices of 20 ms, so
      each pause is at least 20 ms of doing nothing (the floor tests pause thousands of
      times); slices of 5 ms judge the same thing four times sooner. The tests wait for
      what they need (``tests.ui.conftest.wait_until``), not for the pause's length.
    * Every app parses the same style sheets again (about 70 ms an app): parsing is a
      function of the sheet, where it was read from and the theme's variables, so the
      apps of one worker share each parse, as one app already does between its screens.
    """
    import textual._wait
    from textual.css.stylesheet import Stylesheet

    textual._wait.SLEEP_GRANULARITY = 1 / 200
    textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20

    parse_rules = Stylesheet._parse_rules
    parsed: dict[tuple[object, ...], Any] = {}

    def shared_parse(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        theme = sorted(self._variables.items())
        key = (css, read_from, is_default_rules, tie_breaker, scope, *theme)
        if key not in parsed:
            parsed[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return parsed[key]

    Stylesheet._parse_rules = shared_parse  # type: ignore[method-assign]


_quicker_textual()


def _fewer_collections() -> None:
    """Collect garbage every 50,000 allocations instead of every 700.

    The UI tests allocate by the million (Textual's strips, styles and messages), and at
    Python's default every hundredth young collection also sweeps the whole heap: in a
    sample of the UI tests that was a third of their processor time (76 s of processor
    time down to 45 s at 10,000). At 50,000, with the middle generation swept every
    twentieth time, collecting took a fifth less again in a sample of 170 UI tests
    (5.1–5.6 s against 6.4 s), for 50 MB more at the peak of a worker. What is imported
    before the tests is set aside for good, as the app does once it has started
    (``glutetui.app``)."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 10)


_fewer_collections()


def pytest_configure(config: pytest.Config) -> None:
    """Cache bytecode in this run, as a user's Python does, even where the shell turns it
    off: the workers and the many app processes the tests start would each compile the
    same modules again. The workers (started after this) and every child inherit it."""
    if not hasattr(config, "workerinput"):
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        sys.dont_write_bytecode = False
        _temporary_files_in_memory()


MEMORY_FOLDER = Path("/dev/shm")


def _temporary_files_in_memory() -> None:
    """Keep this run's temporary files in memory where the machine offers a memory-backed
    folder anyone may write to (Linux's /dev/shm, like /tmp) and nobody chose a folder
    with TMPDIR.

    Every test has a home of its own with a database in it, and the PostgreSQL tests a
    server's folder: thousands of small files, each written, synced and removed. On a disk
    that costs the processor and the run's length (a tenth of the suite on one machine)
    and tells the tests nothing, since they kill glutetui, never the machine. Set here,
    before the workers start, so they and every process they start inherit it."""
    if "TMPDIR" in os.environ or not MEMORY_FOLDER.is_dir():
        return
    try:
        found = os.statvfs(MEMORY_FOLDER)
    except OSError:
        return
    writable = os.access(MEMORY_FOLDER, os.W_OK | os.X_OK)
    runs_programs = not found.f_flag & os.ST_NOEXEC
    roomy = found.f_bavail * found.f_frsize >= 2 * 1024**3
    if writable and runs_programs and roomy:
        os.environ["TMPDIR"] = str(MEMORY_FOLDER)
        tempfile.tempdir = None  # read TMPDIR again


def pytest_unconfigure(config: pytest.Config) -> None:
    """The process ends next: set its heap aside rather than have pytest's last garbage
    collections walk it (five in a row, about two seconds a worker after a run of UI
    tests, all at the very end of the run)."""
    gc.freeze()


SLOW_LANES = 3  # workers that run the slow tests, one after another (see below)
SLOW_SECONDS = 10.0  # a slow test's length when its mark does not say


def slow_seconds(item: pytest.Item) -> float | None:
    """How long a test marked ``slow`` takes on a quiet machine (``slow(20)``), or None
    for a test that is not slow."""
    mark = item.get_closest_marker("slow")
    if mark is None:
        return None
    return float(mark.args[0]) if mark.args else SLOW_SECONDS


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slow tests wait on the real clock (a terminal, a child process, a server)
    and use little of the processor themselves. Run side by side at the start, they
    left the cores a third idle; run last, one of them ended the run alone. So they
    are dealt into ``SLOW_LANES`` lanes of about equal length, longest first, and each
    lane runs on one worker from the start (``--dist loadgroup``), while the other
    workers keep both cores busy with the rest, one test at a time."""
    items.sort(key=lambda item: slow_seconds(item) is None)
    if not getattr(config.option, "loadgroup", False):  # how xdist tells its workers
        return
    lanes = [0.0] * SLOW_LANES
    slow = [(seconds, item) for item in items if (seconds := slow_seconds(item)) is not None]
    for seconds, item in sorted(slow, key=lambda pair: -pair[0]):
        lane = lanes.index(min(lanes))
        lanes[lane] += seconds
        item.add_marker(pytest.mark.xdist_group(f"slow-lane-{lane}"))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("GLUTETUI_HOME", str(home))
    # Platform folders point into the temporary tree too, in case anything ignores the home.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    # Dates on screen are local time: pin the zone so screens and snapshots agree anywhere.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield home


@pytest.fixture
def locations(isolated_home: Path) -> Locations:
    return Locations(isolated_home, isolated_home)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--kills",
        type=int,
        default=6,
        help="how many times the crash harness kills a running workout (the full run: 50)",
    )
    parser.addoption(
        "--storm-keys",
        type=int,
        default=40,
        help="random keys per key storm, one storm per starting screen (the full run: 2000)",
    )
