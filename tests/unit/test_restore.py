"""The restore a person does: easy workouts with the suggestions left unanswered, then
`glutetui export -o backup.json` and `glutetui import backup.json` into a new home.

This once failed ("suggestions[1].status: 'expired' is not one of the allowed
values"): the store had learned a status the importer had not.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from glutetui.cli import main
from glutetui.platform.locations import resolve
from glutetui.services import Services
from tests import coaching
from tests.clock import FakeClock
from tests.factories import logged_set


def easy_clamshell_workouts(home: Path, count: int) -> list[str]:
    """Workouts of 2×10 clamshells a side, all rated easy, the coach reviewing after
    each as the app does; returns the suggestion statuses left behind."""
    clock = FakeClock()
    services = Services(resolve(home), clock)
    try:
        for _ in range(count):
            now = clock.now()
            with services.store.write() as db:
                workout = db.workouts.start("tv-floor", "TV floor", "", now)
                for set_index in range(2):
                    for side in ("left", "right"):
                        db.workouts.log_set(
                            workout.id,
                            logged_set(0, set_index, side, reps=10, at=now, rep_seconds=3),
                        )
                db.workouts.rate_block(workout.id, 0, effort=2, pain=False)
                db.workouts.finish(workout.id, "completed", now + timedelta(minutes=5))
            coaching.review(services)
            clock.advance(timedelta(days=1).total_seconds())
        with services.store.read() as db:
            return sorted(s.status for s in db.suggestions.listed())
    finally:
        services.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_home_restores_its_own_backup_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    statuses = easy_clamshell_workouts(home, 3)
    assert "expired" in statuses and "pending" in statuses  # superseded, then unanswered

    backup = tmp_path / "backup.json"
    code, _, err = run(capsys, "--home", str(home), "export", "-o", str(backup))
    assert code == 0, err
    original = json.loads(backup.read_text())

    new_home = tmp_path / "new-home"
    code, out, err = run(capsys, "--home", str(new_home), "import", str(backup))
    assert code == 0, err
    assert "imported 3 workouts (12 sets)" in out.lower()
    code, out, err = run(capsys, "--home", str(new_home), "import", str(backup))
    assert code == 0, err
    assert "imported 0 workouts (0 sets)" in out.lower()

    again = tmp_path / "again.json"
    code, _, err = run(capsys, "--home", str(new_home), "export", "-o", str(again))
    assert code == 0, err
    restored = json.loads(again.read_text())
    original.pop("exported_at"), restored.pop("exported_at")
    assert restored == original
