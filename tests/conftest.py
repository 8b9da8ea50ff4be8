"""Shared test setup: every test gets its own home folder; the user's data is never touched."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from glutetui.platform.locations import Locations

# A throwaway PostgreSQL server for any test that asks for it (fixtures `postgres`,
# `empty_postgres`, `postgres_cluster`, `database_target`).
pytest_plugins = ["tests.postgres"]


def pytest_configure(config: pytest.Config) -> None:
    """Cache bytecode in this run, as a user's Python does, even where the shell turns it
    off: the workers and the many app processes the tests start would each compile the
    same modules again. The workers (started after this) and every child inherit it."""
    if not hasattr(config, "workerinput"):
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        sys.dont_write_bytecode = False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` run first (in their own order, then the rest in theirs): the
    workers hand out one test at a time, so the long ones end early, side by side, and
    the run does not end waiting on one that started last."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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
