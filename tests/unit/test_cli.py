"""The command line: catalogue listings, history, export/import and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glutetui.cli import main
from glutetui.store import Store
from tests.factories import T0, logged_set
from tests.unit.test_catalog import TINY


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("glutetui 0.")


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("start", "history", "exercises", "programs", "export", "import", "--home"):
        assert command in out


def test_exercises_json_lists_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "exercises", "--json")
    rows = json.loads(out)
    assert code == 0 and err == ""
    assert len(rows) >= 28
    assert all(len(r["cues"]) >= 2 for r in rows)
    clam = next(r for r in rows if r["id"] == "clamshell")
    assert clam["kind"] == "reps" and clam["sided"] is True and clam["position"] == "floor"


def test_exercises_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "exercises")
    assert code == 0 and "clamshell" in out and "Side plank" in out


def test_programs_json_blocks_name_real_exercises(capsys: pytest.CaptureFixture[str]) -> None:
    _, exercises, _ = run(capsys, "exercises", "--json")
    ids = {r["id"] for r in json.loads(exercises)}
    code, out, _ = run(capsys, "programs", "--json")
    programs = json.loads(out)
    assert code == 0 and len(programs) >= 4
    for program in programs:
        assert 8 <= program["minutes"] <= 25
        assert all(block["exercise"] in ids for block in program["blocks"])


def test_a_broken_user_program_is_reported_and_the_rest_listed(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    programs = isolated_home / "programs"
    programs.mkdir(parents=True)
    (programs / "tiny.toml").write_text(TINY)
    (programs / "bad.toml").write_text(TINY.replace("sets = 1", "setz = 1"))
    code, out, err = run(capsys, "programs", "--json")
    assert code == 0
    ids = [p["id"] for p in json.loads(out)]
    assert "tiny" in ids and "tv-floor" in ids and "bad" not in ids
    assert err.strip() == "glutetui: skipped programs/bad.toml: block[1].setz: unknown key"


def test_home_flag_overrides_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "elsewhere"
    (other / "programs").mkdir(parents=True)
    (other / "programs" / "tiny.toml").write_text(TINY)
    _, out, _ = run(capsys, "--home", str(other), "programs", "--json")
    assert "tiny" in [p["id"] for p in json.loads(out)]


def test_start_with_an_unknown_program_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "start", "no-such-program")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "no program called 'no-such-program'" in err


def test_a_usage_mistake_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["history", "--limit", "zero"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--limit" in err


def test_history_before_any_workout(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    assert run(capsys, "history") == (0, "No workouts yet.\n", "")
    assert json.loads(run(capsys, "history", "--json")[1]) == []
    assert not (isolated_home / "glutetui.db").exists()  # reading creates nothing


def seed(isolated_home: Path) -> None:
    store = Store.open(isolated_home / "glutetui.db")
    with store.write() as db:
        w = db.workouts.start("tiny", "Tiny test", "{}", T0)
        db.workouts.log_set(w.id, logged_set(0, 0, "left", reps=3))
        db.workouts.log_set(w.id, logged_set(0, 0, "right", reps=3))
        db.workouts.rate_block(w.id, 0, effort=2, pain=False)
        db.workouts.finish(w.id, "completed", T0.replace(minute=5))
    store.close()


def test_history_json_shows_sets_with_side_reps_and_effort(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    seed(isolated_home)
    code, out, _ = run(capsys, "history", "--json")
    (workout,) = json.loads(out)
    assert code == 0 and workout["program_id"] == "tiny" and workout["status"] == "completed"
    assert [(s["side"], s["reps"], s["effort"]) for s in workout["sets"]] == [
        ("left", 3, 2),
        ("right", 3, 2),
    ]
    assert workout["program_name"] == "Tiny test"
    first = workout["sets"][0]
    assert (first["exercise"], first["exercise_name"], first["set_index"]) == (
        "clamshell",
        "Clamshell",
        0,
    )
    code, text, _ = run(capsys, "history")
    assert "Tiny test" in text and "Clamshell set 1 left: 3/10 reps" in text


def test_export_and_import_through_the_command_line(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, tmp_path: Path
) -> None:
    seed(isolated_home)
    target = tmp_path / "out.json"
    assert run(capsys, "export", "-o", str(target))[0] == 0
    code, _, err = run(capsys, "export", "-o", str(target))
    assert code == 1 and "already exists" in err  # never overwritten unless asked
    assert run(capsys, "export", "-o", str(target), "--force")[0] == 0
    other = tmp_path / "other-home"
    code, out, _ = run(capsys, "--home", str(other), "import", str(target))
    assert code == 0 and out.startswith("Imported 1 workout (2 sets)")
    code, out, _ = run(capsys, "--home", str(other), "import", str(target))
    assert "Imported 0 workouts" in out and "1 already present" in out
    _, csv_text, _ = run(capsys, "export", "--format", "csv")
    assert len(csv_text.strip().splitlines()) == 3
    _, strong, _ = run(capsys, "export", "--format", "strong-csv")
    assert strong.startswith("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps")


def test_import_of_a_bad_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "glutetui"}')
    code, _, err = run(capsys, "import", str(bad))
    assert code == 1 and err.count("\n") == 1 and "bad.json" in err
    code, _, err = run(capsys, "import", str(tmp_path / "missing.json"))
    assert code == 1 and "cannot read" in err


def test_a_broken_database_is_one_line_and_left_alone(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    isolated_home.mkdir(parents=True)
    db = isolated_home / "glutetui.db"
    db.write_text("not a database")
    code, out, err = run(capsys, "history")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "not a glutetui database" in err
    assert db.read_text() == "not a database"


def test_subcommands_never_import_textual(isolated_home: Path) -> None:
    code = (
        "import sys\n"
        "from glutetui.cli import main\n"
        "for argv in (['exercises', '--json'], ['programs'], ['history', '--json'],"
        " ['export']):\n"
        "    main(argv)\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip().endswith("CLEAN")


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "glutetui", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("glutetui ")


def test_a_skipped_set_reads_skipped_in_history(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    import msgspec

    store = Store.open(isolated_home / "glutetui.db")
    with store.write() as db:
        w = db.workouts.start("tiny", "Tiny test", "{}", T0)
        db.workouts.log_set(w.id, logged_set(0, 0, "left", reps=1))
        passed = msgspec.structs.replace(logged_set(0, 0, "right", reps=0), skipped=True)
        db.workouts.log_set(w.id, passed)
        db.workouts.rate_block(w.id, 0, effort=2, pain=True)
        db.workouts.finish(w.id, "completed", T0.replace(minute=5))
    store.close()
    _, out, _ = run(capsys, "history", "--json")
    (workout,) = json.loads(out)
    assert [(s["side"], s["skipped"], s["effort"], s["pain"]) for s in workout["sets"]] == [
        ("left", False, 2, True),
        ("right", True, None, False),  # not done: no rating, no pain on it
    ]
    _, text, _ = run(capsys, "history")
    assert "Clamshell set 1 left: 1/10 reps" in text
    assert "Clamshell set 1 right: skipped" in text


def test_history_is_read_a_page_at_a_time_in_the_order_shown(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    """What history prints comes from workouts.stream: pages by the start (no offset),
    newest first, each workout with its totals and sets as page() and sets_of() give
    them, up to the limit."""
    from datetime import timedelta

    store = Store.open(isolated_home / "glutetui.db")
    with store.write() as db:
        for day in range(5):
            at = T0 + timedelta(days=day // 2, hours=day)  # two starts share a day
            w = db.workouts.start("tiny", f"Tiny {day}", "{}", at)
            db.workouts.log_set(w.id, logged_set(0, 0, "left", reps=day + 1, at=at))
            db.workouts.finish(w.id, "completed", at + timedelta(minutes=5))
    with store.read() as db:
        streamed = list(db.workouts.stream(limit=4, batch=2))
        paged = db.workouts.page(limit=4)
        assert [s for s, _ in streamed] == paged
        assert [sets for _, sets in streamed] == [db.workouts.sets_of(s.workout.id) for s in paged]
        assert len(list(db.workouts.stream(batch=2))) == 5
    store.close()
    code, out, _ = run(capsys, "history", "--json", "--limit", "4")
    assert code == 0
    assert [w["program_name"] for w in json.loads(out)] == [f"Tiny {d}" for d in (4, 3, 2, 1)]
