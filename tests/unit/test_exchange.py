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
from glutetui.vocab import BlockRef
from tests.factories import CLAM, dose, logged_set
from tests.unit.test_shapes import CSV_COLUMNS

T0 = datetime(2026, 3, 2, 18, 0, 0, 123456, tzinfo=UTC)
FIXED = datetime(2026, 11, 1, tzinfo=UTC)


def filled(path: Path) -> Store:
    store = Store.open(path)
    for day in range(3):
        at = T0 + timedelta(days=day)
        with store.write() as db:
            w = db.workouts.start("tiny", "Tiny [test]", '{"program_id": "tiny"}', at)
            db.workouts.log_set(w.id, logged_set(0, 0, "left", 10 + day, at=at, rep_seconds=2))
            db.workouts.log_set(w.id, logged_set(0, 0, "right", 9, at=at, rep_seconds=2))
            db.workouts.log_set(
                w.id, logged_set(1, 0, "left", hold=21.5, at=at, exercise="side-plank")
            )
            db.workouts.rate_block(w.id, 0, effort=2, pain=day == 1)
            db.workouts.finish(w.id, "completed", at + timedelta(minutes=9))
    with store.write() as db:
        db.doses.change(CLAM, dose("clamshell", 2, 14, band="light"), "two easy workouts", T0)
        db.self_tests.add("left", "eyes-open", 30, 30.0, True, T0)
    return store


def workouts_in(store: Store) -> int:
    with store.read() as db:
        return db.workouts.count()


def export_text(store: Store) -> str:
    return exchange.to_text(lambda out: exchange.export_json(store, out, now=FIXED))


def test_the_json_export_is_complete_and_versioned(tmp_path: Path) -> None:
    data = json.loads(export_text(filled(tmp_path / "a.db")))
    assert (data["format"], data["version"]) == ("glutetui", 2)
    assert len(data["workouts"]) == 3
    first = data["workouts"][0]
    assert first["program_name"] == "Tiny [test]" and first["plan"] == {"program_id": "tiny"}
    assert [s["side"] for s in first["sets"]] == ["left", "right", "left"]
    assert first["sets"][0]["effort"] == 2 and first["sets"][0]["rep_seconds"] == 2
    assert data["doses"][0]["band"] == "light" and data["doses"][0]["program"] == "tv-floor"
    assert data["dose_changes"][0]["program"] == "tv-floor"
    assert data["dose_changes"][0]["reason"] == "two easy workouts"
    assert data["self_tests"][0]["hold_seconds"] == 30.0


def test_export_import_export_gives_the_same_data(tmp_path: Path) -> None:
    first = export_text(filled(tmp_path / "a.db"))
    fresh = Store.open(tmp_path / "b.db")
    counts = exchange.import_json(fresh, first.encode())
    # The doses are each block's last change: they come with the changes.
    assert (counts.workouts, counts.sets, counts.dose_changes, counts.self_tests) == (3, 9, 1, 1)
    assert export_text(fresh) == first


def test_importing_twice_adds_nothing(tmp_path: Path) -> None:
    data = export_text(filled(tmp_path / "a.db")).encode()
    fresh = Store.open(tmp_path / "b.db")
    exchange.import_json(fresh, data)
    again = exchange.import_json(fresh, data)
    assert (again.workouts, again.sets, again.dose_changes, again.self_tests) == (0, 0, 0, 0)
    assert again.skipped == 3 + 1 + 1  # workouts, the dose change, the self-test
    assert workouts_in(fresh) == 3


def test_importing_into_a_home_with_its_own_workouts_merges(tmp_path: Path) -> None:
    data = export_text(filled(tmp_path / "a.db")).encode()
    other = Store.open(tmp_path / "b.db")
    with other.write() as db:
        w = db.workouts.start("mine", "Mine", "{}", T0 - timedelta(days=9))
        db.workouts.log_set(w.id, logged_set())
    exchange.import_json(other, data)
    assert workouts_in(other) == 4
    assert len(json.loads(export_text(other))["workouts"]) == 4


def test_a_newer_dose_is_not_overwritten_by_an_older_one(tmp_path: Path) -> None:
    data = export_text(filled(tmp_path / "a.db")).encode()
    other = Store.open(tmp_path / "b.db")
    with other.write() as db:
        db.doses.change(CLAM, dose("wall-clamshell", 2, 10), "moved on", T0 + timedelta(9))
    exchange.import_json(other, data)
    with other.read() as db:
        assert db.doses.current()[CLAM].exercise_id == "wall-clamshell"


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
    assert workouts_in(fresh) == 0


def test_not_json_at_all_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="not a glutetui JSON export"):
        exchange.import_json(Store.open(tmp_path / "b.db"), b"Date,Workout Name\n")


def test_csv_has_one_row_per_logged_set(tmp_path: Path) -> None:
    text = exchange.to_text(exchange.exporter("csv", filled(tmp_path / "a.db"), str.title))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 9
    assert list(rows[0]) == CSV_COLUMNS  # the header the contract states
    assert rows[0]["exercise_name"] == "Clamshell" and rows[0]["exercise"] == "clamshell"
    assert rows[0]["reps"] == "10"
    assert rows[2]["hold_seconds"] == "21.5" and rows[2]["reps"] == ""


def test_strong_csv_has_exactly_strongs_header_and_maps_effort_to_rpe(tmp_path: Path) -> None:
    text = exchange.to_text(exchange.exporter("strong-csv", filled(tmp_path / "a.db"), str.title))
    rows = list(csv.reader(io.StringIO(text)))
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
    store = filled(tmp_path / "a.db")
    before, after = dose("clamshell", 2, 12), dose("clamshell", 2, 14)
    at = T0 + timedelta(days=5)
    for n, slot in enumerate(("clamshell", "clamshell", "clamshell", "side-plank", "fire-hydrant")):
        with store.write() as db:
            block = BlockRef("tv-floor", slot)
            db.suggestions.add(block, "progress", f"reason {n}", f"ev-{n}", before, after, at)
        at += timedelta(hours=1)
    # The first two clamshell ones were superseded (expired) by the third.
    with store.write() as db:
        pending = {s.slot: s for s in db.suggestions.listed("pending")}
        db.suggestions.accept(pending["clamshell"].id, at)
        db.suggestions.dismiss(pending["side-plank"].id, at)
        statuses = sorted(s.status for s in db.suggestions.listed())
    assert statuses == ["accepted", "dismissed", "expired", "expired", "pending"]

    backup = export_text(store).encode()
    for name in ("b.db", "c.db"):
        fresh = Store.open(tmp_path / name)
        exchange.import_json(fresh, backup)
        again = exchange.import_json(fresh, backup)
        assert again.suggestions == 0
        assert export_text(fresh).encode() == backup


def test_an_export_in_its_own_layout_is_read_as_a_stream(tmp_path: Path) -> None:
    """The header first, then a workout at a time: the file is read only as far as the
    workouts taken so far."""
    text = export_text(filled(tmp_path / "a.db")).encode()
    file = io.BytesIO(text)
    stream = exchange.read_stream(file)
    assert stream.version == 2
    first = next(stream.workouts)
    assert first.program_name == "Tiny [test]"
    assert file.tell() < len(text) // 2
    assert len(list(stream.workouts)) == 2
    rest = stream.rest()
    assert rest.dose_changes[0].reason == "two easy workouts" and len(rest.self_tests) == 1


def test_a_stream_and_a_whole_read_import_the_same(tmp_path: Path) -> None:
    text = export_text(filled(tmp_path / "a.db"))
    compact = json.dumps(json.loads(text)).encode()  # another layout: read whole
    streamed, whole = Store.open(tmp_path / "s.db"), Store.open(tmp_path / "w.db")
    assert exchange.import_json(streamed, text.encode()) == exchange.import_json(whole, compact)
    assert export_text(streamed) == export_text(whole) == text


def test_a_refused_file_in_a_unit_of_work_writes_nothing_and_says_why(tmp_path: Path) -> None:
    """In the app the writer owns the transaction: a file refused half-way is rolled back
    to before it, and the error comes back as the answer (the writer would try a raised
    one again)."""
    good = export_text(filled(tmp_path / "a.db"))
    lines = good.splitlines()
    lines[3] = lines[3].replace('"side":"left"', '"side":"middle"')  # the second workout
    fresh = Store.open(tmp_path / "b.db")
    heard: list[tuple[int, int]] = []
    with fresh.write() as db:
        db.workouts.start("mine", "Mine", "{}", T0)
        answer = exchange.import_or_refuse(
            db, io.BytesIO("\n".join(lines).encode()), lambda *p: heard.append(p)
        )
    assert isinstance(answer, ImportFileError) and "workouts[2].sets[1].side" in str(answer)
    assert workouts_in(fresh) == 1  # its own, written in the same unit; none of the file's
    assert heard and heard[0][0] < heard[0][1]  # the first workout was read, then the error
    with fresh.write() as db:
        counts = exchange.import_or_refuse(db, io.BytesIO(good.encode()))
    assert not isinstance(counts, ImportFileError) and counts.workouts == 3


def test_progress_is_heard_to_the_end(tmp_path: Path) -> None:
    store = filled(tmp_path / "a.db")
    heard: list[tuple[int, int]] = []
    exchange.to_text(exchange.exporter("json", store, str, lambda *p: heard.append(p)))
    assert heard == [(1, 3), (2, 3), (3, 3)]
    text = export_text(store).encode()
    read: list[tuple[int, int]] = []
    path = tmp_path / "export.json"
    path.write_bytes(text)
    with path.open("rb") as file:
        exchange.import_file(Store.open(tmp_path / "b.db"), file, lambda *p: read.append(p))
    assert read[-1] == (len(text), len(text))
    assert [done for done, _ in read] == sorted(done for done, _ in read)
