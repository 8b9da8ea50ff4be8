"""Moving a history between an SQLite file and a PostgreSQL server, the documented way:
``glutetui export`` from one, ``glutetui import`` into the other, and back.

Through the command line, as a person would type it; the history must arrive whole
(every workout, set, answer, dose, dose change, suggestion and self-test), once,
and read the same from either database.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate import generate_history
from glutetui.catalog import load_catalog
from glutetui.cli import main
from glutetui.store import Store
from glutetui.vocab import BlockRef
from tests.factories import CLAM, dose, logged_set
from tests.postgres import PostgresDatabase

END = datetime(2026, 3, 20, 18, 0, tzinfo=UTC)


def glutetui(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    """Run a command; its standard output, after checking it succeeded."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def exported(path: Path) -> dict[str, Any]:
    """An export without the moment it was made, which is all that may differ."""
    data: dict[str, Any] = json.loads(path.read_text())
    data.pop("exported_at")
    return data


def a_full_history(path: Path) -> None:
    """Three months of training with every kind of record, and a workout left open."""
    store = Store.open(path)
    try:
        generate_history(store, load_catalog(), 90, end=END, seed=11)
        with store.write() as db:
            db.self_tests.add("left", "eyes-open", 30, 27.5, False, END)
            db.self_tests.add("right", "eyes-open", 30, 30.0, True, END)
            made = db.suggestions.add(
                BlockRef("tv-floor", "fire-hydrant"),
                "progress",
                "two easy workouts",
                "moving-test",
                dose("fire-hydrant", 2, 12),
                dose("fire-hydrant", 2, 14),
                END,
            )
            db.suggestions.dismiss(made.id, END + timedelta(minutes=1))
            taken = db.suggestions.add(
                CLAM,
                "progress",
                "two easy workouts",
                "moving-test-2",
                dose("clamshell", 3, 20),
                dose("clamshell", 4, 20),
                END,
            )
            db.suggestions.accept(taken.id, END + timedelta(minutes=2))  # a dose change too
            open_one = db.workouts.start("tv-floor", "TV floor", "{}", END + timedelta(hours=3))
            db.workouts.log_set(open_one.id, logged_set(0, 0, "left", at=END + timedelta(hours=3)))
    finally:
        store.close()


def test_sqlite_to_postgresql_and_back(
    tmp_path: Path, postgres: PostgresDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desk = tmp_path / "laptop", tmp_path / "desk"
    a_full_history(laptop / "glutetui.db")
    server = ("--db", postgres.url)

    glutetui(capsys, "--home", laptop, "export", "-o", tmp_path / "from-sqlite.json")
    said = glutetui(capsys, "--home", laptop, *server, "import", tmp_path / "from-sqlite.json")
    assert said.startswith("Imported ") and "; 0 already present" in said
    again = glutetui(capsys, "--home", laptop, *server, "import", tmp_path / "from-sqlite.json")
    assert again.startswith("Imported 0 workouts (0 sets), 0 doses, 0 dose changes")
    glutetui(capsys, "--home", laptop, *server, "export", "-o", tmp_path / "from-server.json")
    original = exported(tmp_path / "from-sqlite.json")
    assert exported(tmp_path / "from-server.json") == original
    assert len(original["workouts"]) > 100 and original["dose_changes"]
    assert {s["status"] for s in original["suggestions"]} >= {"accepted", "dismissed"}
    assert original["dose_changes"][-1]["suggestion_uid"] is not None  # its link moved too

    # And back, into another home's file.
    glutetui(capsys, "--home", desk, "import", tmp_path / "from-server.json")
    glutetui(capsys, "--home", desk, "export", "-o", tmp_path / "back.json")
    assert exported(tmp_path / "back.json") == original

    # Every place shows the same history, the workout left open included.
    histories = [
        glutetui(capsys, "--home", laptop, "history", "--json", "--limit", "500"),
        glutetui(capsys, "--home", laptop, *server, "history", "--json", "--limit", "500"),
        glutetui(capsys, "--home", desk, "history", "--json", "--limit", "500"),
    ]
    assert histories[0] == histories[1] == histories[2]
    assert json.loads(histories[0])[0]["status"] == "in-progress"
    csv = [
        glutetui(capsys, "--home", laptop, "export", "--format", "csv"),
        glutetui(capsys, "--home", laptop, *server, "export", "--format", "csv"),
    ]
    assert csv[0] == csv[1]


def test_a_history_moved_onto_a_server_that_already_has_one_merges(
    tmp_path: Path, postgres: PostgresDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    """The desk logged on the server already; the laptop's file is moved in beside it,
    and the merged history moved back out holds both, each once."""
    laptop = tmp_path / "laptop"
    a_full_history(laptop / "glutetui.db")
    server = Store.open(postgres.url)
    try:
        with server.write() as db:
            mine = db.workouts.start("standing", "Standing", "{}", END - timedelta(days=400))
            db.workouts.log_set(mine.id, logged_set(0, 0, "right", at=END - timedelta(days=400)))
            db.workouts.finish(mine.id, "completed", END - timedelta(days=400, minutes=-5))
    finally:
        server.close()
    glutetui(capsys, "--home", laptop, "export", "-o", tmp_path / "laptop.json")
    glutetui(capsys, "--home", laptop, "--db", postgres.url, "import", tmp_path / "laptop.json")
    glutetui(capsys, "--db", postgres.url, "export", "-o", tmp_path / "merged.json")
    merged = exported(tmp_path / "merged.json")
    moved = exported(tmp_path / "laptop.json")
    uids = [w["uid"] for w in merged["workouts"]]
    assert uids == [mine.uid, *(w["uid"] for w in moved["workouts"])]  # oldest first
    glutetui(capsys, "--home", laptop, "import", tmp_path / "merged.json")
    glutetui(capsys, "--home", laptop, "export", "-o", tmp_path / "laptop-after.json")
    assert exported(tmp_path / "laptop-after.json")["workouts"] == merged["workouts"]
