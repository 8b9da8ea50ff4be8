"""Broken and hostile user files, generated: programs, exercises and settings with wrong
types, huge and negative numbers, unknown ids, deep nesting, invalid UTF-8 and text
that looks like markup. Loading never raises; a refused file is one problem naming
the file and the key (or the line, when the file is not TOML at all); and whatever
is accepted keeps its text exactly as written.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutetui.catalog import load_catalog
from glutetui.platform.settings import load_settings, save_settings

MARKUP = [
    "[bold]Mine[/bold]",
    "[red]",
    "[/]",
    "[link=https://example.com]x[/link]",
    "[@click=app.quit]quit[/]",
    "$accent",
    "\x1b[31mred",
    "\u202eevil",
    "tab\there",
    "",
    " ",
    "x" * 5000,
]
text = st.one_of(st.text(max_size=30), st.sampled_from(MARKUP))
number = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, -1, -30, 10**9, 2**63 - 1, -(2**63)]),
    st.floats(allow_nan=True, allow_infinity=True),
)
scalar = st.one_of(number, text, st.booleans())
value = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from("abxyz"), inner, max_size=3)
    ),
    max_leaves=12,
)
ids = st.one_of(
    st.sampled_from(["clamshell", "side-plank", "no-such-exercise", "CLAMSHELL", "", "a b"]),
    text,
)


def program_doc() -> st.SearchStrategy[dict[str, Any]]:
    block = st.fixed_dictionaries(
        {"exercise": ids},
        optional={
            "sets": value,
            "reps": value,
            "hold": value,
            "tempo": value,
            "rest": value,
            "band": value,
            "sides": value,
            "surprise": value,
        },
    )
    return st.fixed_dictionaries(
        {"name": st.one_of(text, value)},
        optional={
            "description": st.one_of(text, value),
            "days_per_week": value,
            "block": st.one_of(st.lists(block, max_size=3), value),
            "extra": value,
        },
    )


def figure_doc() -> st.SearchStrategy[dict[str, Any]]:
    """Pose data that is nearly right: real keys with wild values, and a few strangers."""
    angles = st.one_of(number, st.lists(number, min_size=0, max_size=3), value)
    joints = [
        "trunk",
        "neck",
        "pelvis",
        "hip",
        "knee",
        "ankle",
        "turn",
        "shoulder",
        "elbow",
        "tail",
    ]
    pose = st.dictionaries(st.sampled_from(joints), angles, max_size=4)
    return st.fixed_dictionaries(
        {
            "view": st.one_of(st.sampled_from(["side", "front", "back", "above"]), value),
            "start": st.one_of(pose, value),
            "end": st.one_of(pose, value),
        },
        optional={
            "anchor": st.one_of(st.sampled_from(["pelvis", "ankle-b", "nose"]), value),
            "lengths": st.one_of(
                st.dictionaries(st.sampled_from(["thigh", "shin", "wing"]), number, max_size=2),
                value,
            ),
            "step": st.one_of(st.fixed_dictionaries({"height": number}), value),
            "wall": value,
        },
    )


def exercise_doc() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "name": text,
            "kind": st.sampled_from(["reps", "hold", "to-fatigue", "jumps"]),
            "sided": st.one_of(st.booleans(), value),
            "posture": st.sampled_from(["side-lying", "standing", "upside-down"]),
            "family": ids,
            "level": value,
            "summary": text,
            "setup": st.one_of(st.lists(text, max_size=3), value),
            "movement": text,
            "cues": st.one_of(st.lists(text, max_size=3), value),
            "mistakes": st.one_of(st.lists(text, max_size=2), value),
        },
        optional={
            "band": value,
            "easier": ids,
            "harder": ids,
            "dose": value,
            "odd": value,
            "figure": st.one_of(figure_doc(), value),
        },
    )


def settings_doc() -> st.SearchStrategy[dict[str, Any]]:
    known = ["sounds", "speech", "speech_rate", "get_ready", "default_rest", "switch_pause"]
    keys = st.sampled_from([*known, "weaker_side_first", "theme", "rep_ticks", "volume", "Sounds"])
    return st.dictionaries(keys, value, max_size=6)


def deep(depth: int) -> str:
    return f"name = 'Deep'\nnested = {'[' * depth}{']' * depth}\n"


def dumps(doc: dict[str, Any]) -> str | None:
    try:
        return tomlkit.dumps(doc)
    except Exception:  # a value TOML has no way to write: nothing to test
        return None


FILE_CONTENT = st.one_of(
    program_doc().map(dumps),
    st.binary(max_size=200),
    st.integers(min_value=1, max_value=5000).map(deep),
)
COMMON = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_one_problem_or_loaded(catalog: Any, label: str, loaded: bool) -> None:
    mine = [p for p in catalog.problems if p.file == label]
    if loaded:
        assert mine == []
    else:
        assert len(mine) == 1, catalog.problems
        problem = mine[0]
        assert problem.expected and "\n" not in str(problem)
        # A file that parsed names the key; one that did not names where it broke.
        whole_file = any(
            w in problem.expected for w in ("TOML", "UTF-8", "nested too deeply", "file name")
        )
        assert problem.key or whole_file, problem
        if "nested too deeply" in problem.expected:
            assert "line" in problem.expected


@COMMON
@given(content=FILE_CONTENT)
def test_any_program_file_loads_or_is_one_problem(content: str | bytes | None) -> None:
    if content is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "programs"
        folder.mkdir()
        path = folder / "mine.toml"
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        catalog = load_catalog(Path(tmp) / "exercises", folder)
        loaded = "mine" in catalog.programs
        check_one_problem_or_loaded(catalog, "programs/mine.toml", loaded)
        assert "tv-floor" in catalog.programs  # the rest still loads
        if loaded and isinstance(content, str):
            import tomllib

            written = tomllib.loads(content)
            program = catalog.programs["mine"]
            assert program.name == written["name"]
            assert program.description == written.get("description", program.description)


@COMMON
@given(doc=exercise_doc())
def test_any_exercise_file_loads_or_is_one_problem(doc: dict[str, Any]) -> None:
    content = dumps(doc)
    if content is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "exercises"
        folder.mkdir()
        (folder / "my-move.toml").write_text(content, encoding="utf-8")
        catalog = load_catalog(folder, Path(tmp) / "programs")
        loaded = "my-move" in catalog.exercises
        check_one_problem_or_loaded(catalog, "exercises/my-move.toml", loaded)
        assert "clamshell" in catalog.exercises
        if loaded:
            exercise = catalog.exercises["my-move"]
            assert exercise.name == doc["name"]
            assert list(exercise.cues) == list(doc["cues"])
            assert exercise.summary == doc["summary"]


@COMMON
@given(
    content=st.one_of(
        settings_doc().map(dumps), st.binary(max_size=120), st.integers(1, 5000).map(deep)
    )
)
def test_any_settings_file_loads_or_falls_back_and_saving_keeps_it(
    content: str | bytes | None,
) -> None:
    if content is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "settings.toml"
        raw = content.encode() if isinstance(content, str) else content
        path.write_bytes(raw)
        loaded = load_settings(path)
        # Whatever was read, only valid values come through: a bad one is left out.
        s = loaded.settings
        assert 0 <= s.get_ready <= 120 and 0 <= s.switch_pause <= 60
        assert 80 <= s.speech_rate <= 400
        if loaded.problem is not None:
            assert loaded.problem.startswith("settings.toml: ") and "\n" not in loaded.problem
        assert path.read_bytes() == raw  # reading never changes the file
        # Changing a setting in the app writes the file: the user's text is never lost.
        kept_aside = save_settings(path, loaded.settings.with_(get_ready=7))
        assert load_settings(path).settings.get_ready == 7
        if kept_aside:
            assert (Path(tmp) / "settings.toml.broken").read_bytes() == raw


def test_numbers_that_are_not_numbers_are_refused() -> None:
    for bad in ("nan", "inf", "-inf", "1e400"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "settings.toml"
            path.write_text(f"get_ready = {bad}\n")
            loaded = load_settings(path)
            assert loaded.problem is not None and "get_ready" in loaded.problem


# --- hostile imports ----------------------------------------------------------------------
# An export is read as a stream and written in one transaction: whatever is wrong with a
# file, and wherever, the command says so in one line and the database is left as it was.

GOOD_WORKOUTS = 3000


def export_lines(tmp: Path, workouts: int) -> list[str]:
    """An export in glutetui's own layout (one workout per line) of ``workouts`` copies
    of one real workout, each with a uid of its own."""
    from glutetui.store import Store, exchange
    from tests.factories import T0, logged_set

    store = Store.open(tmp / "source.db")
    with store.write() as db:
        w = db.workouts.start("tiny", "Tiny", '{"program_id": "tiny"}', T0)
        db.workouts.log_set(w.id, logged_set(0, 0, "left", reps=3))
        db.workouts.finish(w.id, "completed", T0.replace(minute=5))
        uid = w.uid
    text = exchange.to_text(lambda out: exchange.export_json(store, out))
    store.close()
    lines = text.splitlines()
    (at,) = [i for i, line in enumerate(lines) if uid in line]
    workout = lines[at].rstrip(",")
    copies = [workout.replace(uid, f"{n:032x}") for n in range(workouts)]
    return [*lines[:at], ",\n".join(copies), *lines[at + 1 :]]


def import_refused(tmp: Path, content: bytes) -> str:
    """Import ``content`` with the command line into a home that has one workout of its
    own; check it is refused in one line with nothing imported; return the line."""
    import contextlib
    import hashlib
    import io

    from glutetui.cli import main
    from glutetui.store import Store
    from tests.factories import T0, logged_set

    home = tmp / "home"
    home.mkdir(exist_ok=True)
    store = Store.open(home / "glutetui.db")
    with store.write() as db:
        w = db.workouts.start("mine", "Mine", "{}", T0)
        db.workouts.log_set(w.id, logged_set())
    store.close()
    before = hashlib.sha256((home / "glutetui.db").read_bytes()).hexdigest()
    file = tmp / "export.json"
    file.write_bytes(content)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--home", str(home), "import", str(file)])
    assert code == 1
    assert err.getvalue().count("\n") == 1 and "Traceback" not in err.getvalue()
    store = Store.open(home / "glutetui.db")
    with store.read() as db:
        assert db.workouts.count() == 1
    store.close()
    assert hashlib.sha256((home / "glutetui.db").read_bytes()).hexdigest() == before
    return err.getvalue()


def test_a_bad_field_among_thousands_of_good_workouts_imports_nothing(tmp_path: Path) -> None:
    lines = export_lines(tmp_path, GOOD_WORKOUTS)
    text = "\n".join(lines)
    bad = 2_500  # far into the file: thousands of good workouts are read before it
    # Piece n (from 1) holds the sets of the n-th workout (the status comes before them).
    pieces = text.split('"status":"completed"')
    pieces[bad] = pieces[bad].replace('"side":"left"', '"side":"middle"')
    line = import_refused(tmp_path, '"status":"completed"'.join(pieces).encode())
    assert f"workouts[{bad}].sets[1].side" in line


def test_json_nested_deep_in_a_workout_imports_nothing(tmp_path: Path) -> None:
    lines = export_lines(tmp_path, 50)
    text = "\n".join(lines)
    deep_plan = '"plan":' + "[" * 100_000 + "]" * 100_000
    text = text.replace('"plan":{"program_id":"tiny"}', deep_plan, 1)
    assert deep_plan in text
    import_refused(tmp_path, text.encode())


def test_an_export_from_a_newer_version_imports_nothing(tmp_path: Path) -> None:
    text = "\n".join(export_lines(tmp_path, 10)).replace('"version": 2', '"version": 99', 1)
    assert "newer than this glutetui" in import_refused(tmp_path, text.encode())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(min_size=1, max_size=400))
def test_a_binary_file_imports_nothing(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assert "not a glutetui JSON export" in import_refused(Path(tmp), b"\x00\xff" + content)
