"""Home's read-only quick path: the same figures as the store, no SQLAlchemy, no writes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from benchmarks.generate import generate_history
from glutetui.catalog import load_catalog
from glutetui.intents import StartProgram
from glutetui.platform.locations import Locations
from glutetui.services import Services
from glutetui.store import Store
from glutetui.store.peek import HomeFigures, home_figures
from glutetui.store.schema import HEAD
from tests.clock import FakeClock
from tests.factories import CLAM, dose, home_with_history, start_run
from tests.fakes import Recorder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_quick_and_full_home_agree(isolated_home: Path) -> None:
    clock = FakeClock()
    locations = Locations(isolated_home, isolated_home)
    store = Store.open(locations.database)
    generate_history(store, load_catalog(), 40, end=clock.now())
    with store.write() as db:
        db.doses.change(CLAM, dose("clamshell", 3, 14, band="light"), "up", clock.now())
    store.close()
    services = Services(locations, clock)
    session = start_run(services, services.catalog.programs["tv-floor"], Recorder().layer())
    session.start()
    clock.advance(10 + 50 + 1)
    session.tick()  # an unfinished workout with one set of glute bridges
    services.writer.drain()
    full = services.home_data()
    quick = services.quick_home()
    services.close()
    assert quick is not None and not quick.complete and full.complete
    assert quick.last == full.last and quick.streak == full.streak
    assert quick.suggested == full.suggested and quick.programs == full.programs
    assert quick.unfinished == full.unfinished and quick.unfinished_at == full.unfinished_at
    assert quick.unfinished is not None and len(quick.unfinished.sets) == 1
    assert quick.week == full.week and len(quick.week) == 7
    assert quick.next_planned == full.next_planned
    assert quick.suggestions == full.suggestions  # nothing moves when the review is in


def test_home_and_the_phone_start_the_same_program(isolated_home: Path) -> None:
    """Home's "s" starts what it shows; the phone's Start begins today's program, chosen
    from the same read."""
    clock = FakeClock()
    services = home_with_history(isolated_home, clock, 20)
    shown = services.home_data().suggested
    sound = Recorder().layer()
    path = services.path_for(lambda: sound, lambda change: None)
    path.send(StartProgram())  # as the phone sends it: no program named
    assert services.writer.drain(timeout=30)
    assert path.run is not None and path.run.workout.program_id == shown.id
    assert shown.id != "tv-floor"  # chosen from the workouts of late, not the default
    services.close()


def test_an_empty_home_has_empty_figures(tmp_path: Path) -> None:
    figures = home_figures(
        tmp_path / "none.db", HEAD, FakeClock().now().date(), FakeClock().now(), FakeClock().now()
    )
    assert figures == HomeFigures.empty()
    assert not (tmp_path / "none.db").exists()


def test_files_it_does_not_trust_go_to_the_full_store(tmp_path: Path) -> None:
    now = FakeClock().now()
    text = tmp_path / "text.db"
    text.write_text("not a database")
    assert home_figures(text, HEAD, now.date(), now, now) is None
    store = Store.open(tmp_path / "old.db")
    store.close()
    assert home_figures(tmp_path / "old.db", "9999", now.date(), now, now) is None
    assert text.read_text() == "not a database"


def test_reading_never_changes_the_database(tmp_path: Path) -> None:
    clock = FakeClock()
    db = tmp_path / "glutetui.db"
    store = Store.open(db)
    generate_history(store, load_catalog(), 10, end=clock.now())
    store.close()
    before = digest(db)
    figures = home_figures(
        db, HEAD, clock.now().date(), clock.now(), clock.now() - timedelta(days=28)
    )
    assert figures is not None and figures.last is not None
    assert digest(db) == before


def test_the_quick_path_does_not_import_sqlalchemy(isolated_home: Path) -> None:
    Store.open(isolated_home / "glutetui.db").close()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from glutetui.platform.clock import SystemClock\n"
        "from glutetui.platform.locations import Locations\n"
        "from glutetui.services import Services\n"
        f"home = Path({str(isolated_home)!r})\n"
        "loc = Locations(home, home)\n"
        "assert Services(loc, SystemClock()).quick_home() is not None\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
