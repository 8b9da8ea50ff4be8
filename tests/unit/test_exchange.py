"""Export and import: round trips, no duplicates, and files other trackers can read."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from glutetui.store import Store, exchange
from glutetui.store.exchange import ImportFileError
from tests.unit.test_store import result

T0 = datetime(2026, 3, 2, 18, 0, 0, 123456, tzinfo=UTC)
FIXED = datetime(2026, 11, 1, tzinfo=UTC)


def filled(path: Path) -> Store:
    store = Store.open(path)
    for day in range(3):
        at = T0 + timedelta(days=day)
        w = store.start_workout("tiny", "Tiny [test]", '{"program_id": "tiny"}', at)
        store.log_set(w.id, result(0, 0, "left", reps=10 + day, at=at), rep_seconds=2)
        store.log_set(w.id, result(0, 0, "right", reps=9, at=at), rep_seconds=2)
        store.log_set(w.id, result(1, 0, "left", hold=21.5, at=at, exercise="side-plank"))
        store.rate_block(w.id, 0, effort=2, pain=day == 1)
        store.finish_workout(w.id, "completed", at + timedelta(minutes=9))
    store.set_dose("clamshell", "clamshell", 2, 14, None, "light", "two easy workouts", T0)
    store.add_self_test("left", "eyes-open", 30, 30.0, True, T0)
    return store


def export_text(store: Store) -> str:
    out = io.StringIO()
    exchange.export_json(store, out, now=FIXED)
    return out.getvalue()


def test_the_json_export_is_complete_and_versioned(tmp_path: Path) -> None:
    data = json.loads(export_text(filled(tmp_path / "a.db")))
    assert (data["format"], data["version"]) == ("glutetui", 1)
    assert len(data["workouts"]) == 3
    first = data["workouts"][0]
    assert first["program_name"] == "Tiny [test]" and first["plan"] == {"program_id": "tiny"}
    assert [s["side"] for s in first["sets"]] == ["left", "right", "left"]
    assert first["sets"][0]["effort"] == 2 and first["sets"][0]["rep_seconds"] == 2
    assert data["doses"][0]["band"] == "light"
    assert data["dose_changes"][0]["reason"] == "two easy workouts"
    assert data["self_tests"][0]["hold_seconds"] == 30.0


def test_export_import_export_gives_the_same_data(tmp_path: Path) -> None:
    first = export_text(filled(tmp_path / "a.db"))
    fresh = Store.open(tmp_path / "b.db")
    counts = exchange.import_json(fresh, first.encode())
    assert (counts.workouts, counts.sets, counts.doses, counts.self_tests) == (3, 9, 1, 1)
    assert export_text(fresh) == first


def test_importing_twice_adds_nothing(tmp_path: Path) -> None:
    data = export_text(filled(tmp_path / "a.db")).encode()
    fresh = Store.open(tmp_path / "b.db")
    exchange.import_json(fresh, data)
    again = exchange.import_json(fresh, data)
    assert (again.workouts, again.sets, again.dose_changes, again.self_tests) == (0, 0, 0, 0)
    assert again.skipped == 3 + 1 + 1 + 1
    assert fresh.count_workouts() == 3


def test_importing_into_a_home_with_its_own_workouts_merges(tmp_path: Path) -> None:
    data = export_text(filled(tmp_path / "a.db")).encode()
    other = Store.open(tmp_path / "b.db")
    w = other.start_workout("mine", "Mine", "{}", T0 - timedelta(days=9))
    other.log_set(w.id, result())
    exchange.import_json(other, data)
    assert other.count_workouts() == 4
    assert len(json.loads(export_text(other))["workouts"]) == 4


def test_a_newer_dose_is_not_overwritten_by_an_older_one(tmp_path: Path) -> None:
    data = export_text(filled(tmp_path / "a.db")).encode()
    other = Store.open(tmp_path / "b.db")
    other.set_dose(
        "clamshell", "wall-clamshell", 2, 10, None, "none", "moved on", T0 + timedelta(9)
    )
    exchange.import_json(other, data)
    assert other.doses()["clamshell"].exercise_id == "wall-clamshell"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(version=99), "newer than this glutetui"),
        (lambda d: d.update(format="strong"), "format"),
        (lambda d: d["workouts"][0]["sets"][0].update(side="middle"), "workouts[1].sets[1].side"),
        (lambda d: d["workouts"][0].update(uid="x"), "workouts[1].uid"),
        (lambda d: d.pop("doses"), "doses"),
    ],
)
def test_a_bad_import_file_names_the_key_and_changes_nothing(
    tmp_path: Path, mutate: object, message: str
) -> None:
    data = json.loads(export_text(filled(tmp_path / "a.db")))
    mutate(data)  # type: ignore[operator]
    fresh = Store.open(tmp_path / "b.db")
    with pytest.raises(ImportFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        exchange.import_json(fresh, json.dumps(data).encode())
    assert fresh.count_workouts() == 0


def test_not_json_at_all_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="not a glutetui JSON export"):
        exchange.import_json(Store.open(tmp_path / "b.db"), b"Date,Workout Name\n")


def test_csv_has_one_row_per_logged_set(tmp_path: Path) -> None:
    out = io.StringIO()
    exchange.export_csv(filled(tmp_path / "a.db"), out, lambda e: e.title())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 9
    assert list(rows[0]) == exchange.CSV_HEADER
    assert rows[0]["exercise"] == "Clamshell" and rows[0]["reps"] == "10"
    assert rows[2]["hold_seconds"] == "21.5" and rows[2]["reps"] == ""


def test_strong_csv_has_exactly_strongs_header_and_maps_effort_to_rpe(tmp_path: Path) -> None:
    out = io.StringIO()
    exchange.export_strong_csv(filled(tmp_path / "a.db"), out, lambda e: e.title())
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == [
        "Date",
        "Workout Name",
        "Duration",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Reps",
        "Distance",
        "Seconds",
        "Notes",
        "Workout Notes",
        "RPE",
    ]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == 9
    assert body[0]["Exercise Name"] == "Clamshell (left)" and body[0]["RPE"] == "7"
    assert body[0]["Duration"] == "9m"
    assert body[2]["Seconds"] == "22" or body[2]["Seconds"] == "21"
    assert "left side" in body[0]["Notes"]


def test_a_home_restores_its_own_backup_with_every_suggestion_status(tmp_path: Path) -> None:
    """Easy workouts with suggestions left unanswered, superseded by newer ones: the
    home's own export must import into a new home, twice, and export the same again."""
    from glutetui.store import DoseFields

    store = filled(tmp_path / "a.db")
    before, after = (
        DoseFields("clamshell", 2, 12, None, "none"),
        DoseFields("clamshell", 2, 14, None, "none"),
    )
    at = T0 + timedelta(days=5)
    for n, slot in enumerate(("clamshell", "clamshell", "clamshell", "side-plank", "fire-hydrant")):
        store.add_suggestion(slot, "progress", f"reason {n}", f"ev-{n}", before, after, at)
        at += timedelta(hours=1)
    # The first two clamshell ones were superseded (expired) by the third.
    pending = {s.slot: s for s in store.suggestions("pending")}
    store.accept_suggestion(pending["clamshell"].id, at)
    store.dismiss_suggestion(pending["side-plank"].id, at)
    statuses = sorted(s.status for s in store.suggestions())
    assert statuses == ["accepted", "dismissed", "expired", "expired", "pending"]

    backup = export_text(store).encode()
    for name in ("b.db", "c.db"):
        fresh = Store.open(tmp_path / name)
        exchange.import_json(fresh, backup)
        again = exchange.import_json(fresh, backup)
        assert again.suggestions == 0
        assert export_text(fresh).encode() == backup
