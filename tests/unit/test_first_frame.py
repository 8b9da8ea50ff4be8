"""What Home's first frame loads and how it is laid out before Textual's first resize."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from glutetui.store import Store
from tests.factories import suggest_clamshell_up
from tests.imports import packages_loaded


def test_opening_the_app_imports_no_other_subcommand() -> None:
    """Of the command line's modules, opening the app loads the one it is in."""
    loaded = packages_loaded(["glutetui.cli", "glutetui.cli.catalogue"], ["glutetui"])
    others = {"glutetui.cli.exports", "glutetui.cli.reading", "glutetui.cli.schedule"}
    assert others.isdisjoint(loaded)
    assert [m for m in loaded if m.startswith("glutetui.schedule")] == []


def test_a_pending_suggestion_is_shown_without_the_rules(isolated_home: Path) -> None:
    """Home's quick read labels a pending suggestion with the catalogue's names; the coach
    and its progression rules load later, with the store."""
    store = Store.open(isolated_home / "glutetui.db")
    with store.write() as db:
        suggest_clamshell_up(db, datetime.now().astimezone())
    store.close()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from glutetui.platform.clock import SystemClock\n"
        "from glutetui.platform.locations import Locations\n"
        "from glutetui.services import Services\n"
        f"home = Path({str(isolated_home)!r})\n"
        "data = Services(Locations(home, home), SystemClock()).quick_home()\n"
        "assert data is not None\n"
        "print([s.label for s in data.suggestions])\n"
        "print(sorted(m for m in sys.modules if m.startswith('glutetui.coaching')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    labels, coaching = out.stdout.splitlines()
    assert labels == "['Move up']"
    assert coaching == "['glutetui.coaching', 'glutetui.coaching.shown']"


def test_the_coach_and_the_shown_suggestion_are_one() -> None:
    from glutetui.coaching import coach, shown

    assert coach.ShownSuggestion is shown.ShownSuggestion
    assert coach.KIND_LABELS is shown.KIND_LABELS


def test_the_app_draws_a_face_from_its_helper_with_nothing_the_helper_loads() -> None:
    """What opening the app imports before Home's first frame, its figures coming from
    the helper: no msgspec, no records, no catalogue, no store, no zone database."""
    opening = [
        "glutetui.cli.catalogue",
        "glutetui.cli.home_face",
        "glutetui.platform.spawned",
        "glutetui.app",
        "glutetui.readouts.home_face",
    ]
    loaded = packages_loaded(opening, ["glutetui", "msgspec", "sqlite3", "zoneinfo"])
    assert [m for m in loaded if not m.startswith("glutetui")] == []
    heavy = ("glutetui.records", "glutetui.catalog", "glutetui.store.peek", "glutetui.coaching")
    assert [m for m in loaded if m.startswith(heavy)] == []
    assert "glutetui.platform.settings" not in loaded and "glutetui.vocab" not in loaded
