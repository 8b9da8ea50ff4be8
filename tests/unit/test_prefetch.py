"""Home's figures read by a child process while the app starts: the same figures as
the app's own quick read, and nothing worse than reading them itself when the child
cannot help."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from benchmarks.generate import generate_history
from glutetui import prefetch
from glutetui.catalog import load_catalog
from glutetui.clock import SystemClock
from glutetui.locations import Locations
from glutetui.overview import HomeData, quick_home
from glutetui.prefetch import HomePrefetch
from glutetui.services import Services
from glutetui.store import Store


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child only starts where another core can run it; say there is one."""
    monkeypatch.setattr(prefetch, "_cores", lambda: 2)


def with_history(locations: Locations, days: int = 30) -> None:
    store = Store.open(locations.database)
    generate_history(store, load_catalog(), days, end=datetime.now(UTC) - timedelta(hours=1))
    store.close()


def test_the_child_reads_what_home_would(locations: Locations, two_cores: None) -> None:
    with_history(locations)
    before = locations.database.read_bytes()
    started = HomePrefetch.start(locations)
    assert started is not None
    data = started.take(timeout=30)
    assert isinstance(data, HomeData)
    assert not data.complete  # the quick figures: the full read follows
    assert data.last is not None and data.streak.longest > 0
    assert data == quick_home(Services(locations, SystemClock()))
    assert locations.database.read_bytes() == before  # it only read
    assert started.take() is None  # once


def test_a_new_home_gets_its_programs(locations: Locations, two_cores: None) -> None:
    started = HomePrefetch.start(locations)
    assert started is not None
    data = started.take(timeout=30)
    assert data is not None and data.last is None and data.programs
    assert not locations.database.exists()  # nothing created by reading


def test_no_child_where_it_cannot_help(
    locations: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prefetch, "_cores", lambda: 1)
    assert HomePrefetch.start(locations) is None  # it would compete with the start itself
    monkeypatch.setattr(prefetch, "_cores", lambda: 4)
    server = Locations(locations.data, locations.config, "postgresql://u@localhost/db")
    assert HomePrefetch.start(server) is None  # the quick read is for the SQLite file


def test_an_unreadable_file_gives_nothing(locations: Locations, two_cores: None) -> None:
    locations.ensure()
    locations.database.write_bytes(b"this is not a database" * 100)
    started = HomePrefetch.start(locations)
    assert started is not None
    assert started.take(timeout=30) is None  # Home then reads (and reports) it itself


def test_a_slow_child_is_ended(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], stdout=subprocess.PIPE
    )
    started = HomePrefetch(child)
    assert started.take(timeout=0.2) is None
    assert child.poll() is not None  # killed and reaped, not left behind


def test_a_child_of_another_kind_is_ignored() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import pickle, sys; sys.stdout.buffer.write(pickle.dumps(42))"],
        stdout=subprocess.PIPE,
    )
    assert HomePrefetch(child).take(timeout=30) is None
    garbled = subprocess.Popen(
        [sys.executable, "-c", "print('not a pickle')"], stdout=subprocess.PIPE
    )
    assert HomePrefetch(garbled).take(timeout=30) is None


def test_closing_ends_a_child_nobody_took() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], stdout=subprocess.PIPE
    )
    started = HomePrefetch(child)
    started.close()
    assert child.poll() is not None
    assert started.take() is None
