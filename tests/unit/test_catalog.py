"""The bundled catalogue, the user's files merged over it, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from glutetui.catalog import (
    Catalog,
    CatalogError,
    bundled_data_dir,
    load_catalog,
)
from glutetui.measures.words import minutes_text
from glutetui.platform.validation import explain_validation_error
from glutetui.workout.planning import program_minutes

# Every exercise the bundled content must include (each one the source articles name),
# by the id it has here.
SECTION_5 = {
    "bilateral supine bridge": "glute-bridge",
    "bridge with band": "banded-bridge",
    "prone hip extension with bent knee": "prone-hip-extension",
    "side-lying hip abduction, neutral": "side-lying-hip-abduction",
    "side-lying hip abduction, medial rotation": "side-lying-hip-abduction-medial",
    "side-lying hip abduction, lateral rotation": "side-lying-hip-abduction-lateral",
    "side leg lift": "side-leg-lift",
    "clamshell": "clamshell",
    "clamshell against a wall": "wall-clamshell",
    "clamshell with hips raised": "raised-clamshell",
    "reverse clamshell": "reverse-clamshell",
    "standing hip abduction": "standing-hip-abduction",
    "lateral band walk": "lateral-band-walk",
    "monster walk": "monster-walk",
    "fire hydrant": "fire-hydrant",
    "wall push": "wall-push",
    "transverse lunge": "transverse-lunge",
    "reverse lunge": "reverse-lunge",
    "standing hip circumduction": "standing-hip-circumduction",
    "single-leg deadlift": "single-leg-deadlift",
    "single-leg squat": "single-leg-squat",
    "high step-up": "high-step-up",
    "pelvic drop on a step": "pelvic-drop",
    "side bridge / side plank": "side-plank",
    "side plank with leg lift": "side-plank-leg-lift",
    "glute med stretch": "glute-med-stretch",
    "single-leg stance test": "single-leg-stance",
}

CONTRACT_IDS = {
    "glute-bridge": ("reps", False),
    "clamshell": ("reps", True),
    "side-lying-hip-abduction": ("reps", True),
    "fire-hydrant": ("reps", True),
    "side-plank": ("hold", True),
    "wall-push": ("hold", True),
    "single-leg-stance": ("hold", True),
}


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_catalog()


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load(home: Path) -> Catalog:
    return load_catalog(home / "exercises", home / "programs")


TINY = """
name = "Tiny test"
description = "One quick set"
days_per_week = 3

[[block]]
exercise = "clamshell"
sets = 1
reps = 3
tempo = [1, 0, 1]
rest = 5
"""


def test_bundled_catalogue_loads_without_problems(bundled: Catalog) -> None:
    assert bundled.problems == ()
    assert len(bundled.exercises) >= 28


@pytest.mark.parametrize(("what", "exercise_id"), sorted(SECTION_5.items()))
def test_every_exercise_the_content_must_include_is_there(
    bundled: Catalog, what: str, exercise_id: str
) -> None:
    exercise = bundled.exercises[exercise_id]
    assert len(exercise.cues) >= 2
    assert exercise.setup and exercise.movement and exercise.mistakes and exercise.summary
    assert exercise.family and exercise.level >= 1
    if exercise.kind == "hold":
        assert exercise.dose.hold and exercise.dose.reps is None
    else:
        assert exercise.dose.reps and exercise.dose.hold is None


@pytest.mark.parametrize(("exercise_id", "kind_sided"), sorted(CONTRACT_IDS.items()))
def test_contract_ids_have_their_promised_kind(
    bundled: Catalog, exercise_id: str, kind_sided: tuple[str, bool]
) -> None:
    exercise = bundled.exercises[exercise_id]
    assert (exercise.kind, exercise.sided) == kind_sided


def test_ids_are_lowercase_hyphenated(bundled: Catalog) -> None:
    import re

    for key in [*bundled.exercises, *bundled.programs]:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key), key


def test_neighbours_form_chains_within_a_family_easiest_first(bundled: Catalog) -> None:
    for exercise in bundled.exercises.values():
        if exercise.harder:
            harder = bundled.exercises[exercise.harder]
            assert harder.family == exercise.family
            assert harder.easier == exercise.id
            assert harder.level >= exercise.level
        if exercise.easier:
            assert bundled.exercises[exercise.easier].harder == exercise.id


def test_the_easy_to_hard_order_follows_the_source(bundled: Catalog) -> None:
    order = [
        "glute-bridge",
        "prone-hip-extension",
        "side-lying-hip-abduction",
        "side-lying-hip-abduction-medial",
        "side-lying-hip-abduction-lateral",
        "standing-hip-abduction",
        "transverse-lunge",
        "standing-hip-circumduction",
        "single-leg-deadlift",
        "side-plank",
        "side-plank-leg-lift",
    ]
    levels = [bundled.exercises[i].level for i in order]
    assert levels == sorted(levels)


def test_bands_only_where_they_fit(bundled: Catalog) -> None:
    for exercise in bundled.exercises.values():
        if exercise.dose.band != "none":
            assert exercise.band
    assert bundled.exercises["clamshell"].band
    assert not bundled.exercises["side-plank"].band


def test_cues_are_short_enough_to_read_across_a_room(bundled: Catalog) -> None:
    for exercise in bundled.exercises.values():
        assert all(len(cue) <= 60 for cue in exercise.cues), exercise.id
    assert len(bundled.cues.brace) <= 60 and len(bundled.cues.level_hips) <= 60


def test_no_bundled_text_uses_markup_brackets(bundled: Catalog) -> None:
    for exercise in bundled.exercises.values():
        texts = [
            exercise.name,
            exercise.summary,
            exercise.movement,
            *exercise.setup,
            *exercise.cues,
            *exercise.mistakes,
        ]
        assert not any("[" in t or "]" in t for t in texts), exercise.id


def test_at_least_four_programs_of_eight_to_twenty_five_minutes(bundled: Catalog) -> None:
    assert {"tv-floor", "intermediate", "standing-single-leg", "daily-activation"} <= set(
        bundled.programs
    )
    for program in bundled.programs.values():
        minutes = program_minutes(program, bundled)
        assert 8 <= minutes <= 25, (program.id, minutes)
        for block in program.blocks:
            assert block.exercise in bundled.exercises


def test_a_length_under_a_minute_never_reads_zero(bundled: Catalog) -> None:
    assert [minutes_text(m) for m in (0, 0.4, 0.83, 1, 12.4, 12.6)] == [
        "<1 min",
        "<1 min",
        "<1 min",
        "1 min",
        "12 min",
        "13 min",
    ]


def test_the_standing_program_has_no_floor_work(bundled: Catalog) -> None:
    for block in bundled.programs["standing-single-leg"].blocks:
        assert bundled.exercises[block.exercise].position == "standing"


def test_blocks_take_the_exercise_default_for_what_they_leave_out(bundled: Catalog) -> None:
    program = bundled.programs["tv-floor"]
    for block in program.blocks:
        default = bundled.exercises[block.exercise].dose
        if "tempo" not in block.overrides:
            assert block.dose.tempo == default.tempo


def test_data_is_found_in_the_checkout() -> None:
    folder = bundled_data_dir()
    assert (folder / "exercises.toml").is_file() and (folder / "programs.toml").is_file()


def test_a_user_program_merges_in(isolated_home: Path) -> None:
    write(isolated_home / "programs", "tiny.toml", TINY)
    catalog = load(isolated_home)
    assert catalog.problems == ()
    tiny = catalog.programs["tiny"]
    assert tiny.name == "Tiny test" and tiny.source == "programs/tiny.toml"
    (block,) = tiny.blocks
    assert (block.dose.sets, block.dose.reps, block.dose.tempo, block.dose.rest) == (
        1,
        3,
        (1, 0, 1),
        5,
    )
    assert block.sides == "each"
    assert "tv-floor" in catalog.programs
    assert catalog.find_program("TINY TEST") is tiny


def test_a_user_program_with_a_bundled_id_overrides_it(isolated_home: Path) -> None:
    write(isolated_home / "programs", "tv-floor.toml", TINY)
    catalog = load(isolated_home)
    assert catalog.programs["tv-floor"].name == "Tiny test"


def test_a_block_may_name_sides_and_band(isolated_home: Path) -> None:
    text = TINY + 'sides = "right"\nband = "light"\n'
    write(isolated_home / "programs", "one-side.toml", text)
    block = load(isolated_home).programs["one-side"].blocks[0]
    assert (block.sides, block.dose.band) == ("right", "light")


BAD_PROGRAMS = [
    ("wrong-key", TINY.replace("reps = 3", "repz = 3"), "block[1].repz", "unknown key"),
    ("wrong-type", TINY.replace("sets = 1", 'sets = "one"'), "block[1].sets", "whole number"),
    ("negative", TINY.replace("rest = 5", "rest = -5"), "block[1].rest", "at least 0"),
    ("absurd", TINY.replace("reps = 3", "reps = 100000"), "block[1].reps", "at most 100"),
    (
        "unknown-exercise",
        TINY.replace('"clamshell"', '"clam-chowder"'),
        "block[1].exercise",
        "unknown exercise id 'clam-chowder'",
    ),
    ("hold-on-reps", TINY.replace("reps = 3", "hold = 3"), "block[1].hold", "give reps"),
    ("bad-sides", TINY + 'sides = "middle"\n', "block[1].sides", "'middle'"),
    (
        "band-no-fit",
        TINY.replace("clamshell", "side-plank").replace("reps = 3", "hold = 9")
        + 'band = "heavy"\n',
        "block[1].band",
        "does not take a band",
    ),
    ("no-name", TINY.replace('name = "Tiny test"', ""), "name", "required"),
    ("no-blocks", 'name = "Empty"\n', "block", "required"),
    ("zero-tempo", TINY.replace("[1, 0, 1]", "[0, 0, 0]"), "block[1].tempo", "longer than zero"),
    ("tempo-length", TINY.replace("[1, 0, 1]", "[1, 0]"), "block[1].tempo", "exactly 3 items"),
    ("days", TINY.replace("days_per_week = 3", "days_per_week = 9"), "days_per_week", "at most 7"),
    ("top-key", TINY + "\n[extra]\nx = 1\n", "extra", "unknown key"),
]


@pytest.mark.parametrize(("stem", "text", "key", "expected"), BAD_PROGRAMS)
def test_a_bad_user_program_names_file_and_key_and_the_rest_loads(
    isolated_home: Path, stem: str, text: str, key: str, expected: str
) -> None:
    write(isolated_home / "programs", f"{stem}.toml", text)
    write(isolated_home / "programs", "tiny.toml", TINY)
    catalog = load(isolated_home)
    (problem,) = catalog.problems
    assert problem.file == f"programs/{stem}.toml"
    assert problem.key == key
    assert expected in problem.expected
    assert str(problem).startswith(f"programs/{stem}.toml: {key}: ")
    assert stem not in catalog.programs
    assert "tiny" in catalog.programs and "tv-floor" in catalog.programs


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'name = "caf\xe9"\n', "not valid UTF-8"),
        (b"name = \n", "not valid TOML"),
        (b"[[block]\n", "not valid TOML"),
    ],
)
def test_unreadable_user_files_are_problems(
    isolated_home: Path, content: bytes, expected: str
) -> None:
    write(isolated_home / "programs", "broken.toml", content)
    (problem,) = load(isolated_home).problems
    assert problem.file == "programs/broken.toml" and expected in problem.expected


def test_a_file_name_that_is_not_an_id_is_a_problem(isolated_home: Path) -> None:
    write(isolated_home / "programs", "My Program.toml", TINY)
    (problem,) = load(isolated_home).problems
    assert "lowercase-hyphenated" in problem.expected


USER_EXERCISE = """
name = "Clam [band] deluxe"
kind = "reps"
sided = true
posture = "side-lying"
family = "clamshell"
level = 5
summary = "A clamshell of my own."
setup = ["Lie on your side."]
movement = "Open the top knee."
cues = ["Knees together at the feet", "Slow and steady"]
mistakes = ["Rolling back."]
band = true
easier = "clamshell"

[dose]
sets = 2
reps = 10
"""


def test_a_user_exercise_merges_in_and_keeps_its_text_exactly(isolated_home: Path) -> None:
    write(isolated_home / "exercises", "my-clam.toml", USER_EXERCISE)
    catalog = load(isolated_home)
    assert catalog.problems == ()
    mine = catalog.exercises["my-clam"]
    assert mine.name == "Clam [band] deluxe"
    assert mine.source == "exercises/my-clam.toml"
    program = TINY.replace('"clamshell"', '"my-clam"')
    write(isolated_home / "programs", "mine.toml", program)
    assert load(isolated_home).programs["mine"].blocks[0].exercise == "my-clam"


def test_a_user_exercise_with_an_unknown_neighbour_is_dropped(isolated_home: Path) -> None:
    write(
        isolated_home / "exercises",
        "my-clam.toml",
        USER_EXERCISE.replace('easier = "clamshell"', 'easier = "no-such"'),
    )
    catalog = load(isolated_home)
    (problem,) = catalog.problems
    assert (problem.file, problem.key) == ("exercises/my-clam.toml", "easier")
    assert "my-clam" not in catalog.exercises


def test_a_neighbour_in_another_family_is_refused(isolated_home: Path) -> None:
    write(
        isolated_home / "exercises",
        "my-clam.toml",
        USER_EXERCISE.replace('easier = "clamshell"', 'easier = "glute-bridge"'),
    )
    (problem,) = load(isolated_home).problems
    assert problem.key == "easier" and "family 'clamshell'" in problem.expected


def test_an_override_that_breaks_a_bundled_program_falls_back(isolated_home: Path) -> None:
    held = (
        USER_EXERCISE.replace('kind = "reps"', 'kind = "hold"')
        .replace("reps = 10", "hold = 20")
        .replace('easier = "clamshell"\n', "")
    )
    write(isolated_home / "exercises", "clamshell.toml", held)
    catalog = load(isolated_home)
    (problem,) = catalog.problems
    assert problem.file == "exercises/clamshell.toml"
    assert "cannot replace the bundled clamshell" in problem.expected
    assert catalog.exercises["clamshell"].source == "bundled"
    assert "tv-floor" in catalog.programs


def test_an_override_that_fits_replaces_the_bundled_exercise(isolated_home: Path) -> None:
    write(
        isolated_home / "exercises",
        "clamshell.toml",
        USER_EXERCISE.replace('easier = "clamshell"\n', 'harder = "wall-clamshell"\n'),
    )
    catalog = load(isolated_home)
    assert catalog.problems == ()
    assert catalog.exercises["clamshell"].name == "Clam [band] deluxe"


def test_a_user_exercise_missing_fields_is_reported(isolated_home: Path) -> None:
    write(isolated_home / "exercises", "thin.toml", 'name = "Thin"\nkind = "reps"\n')
    (problem,) = load(isolated_home).problems
    assert problem.file == "exercises/thin.toml" and "required" in problem.expected


def test_a_user_exercise_with_hold_for_reps_is_reported(isolated_home: Path) -> None:
    write(isolated_home / "exercises", "odd.toml", USER_EXERCISE.replace("reps = 10", "hold = 10"))
    (problem,) = load(isolated_home).problems
    assert (problem.key, problem.expected) == ("dose", "a reps exercise needs reps, not hold")


def test_a_broken_bundled_catalogue_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "exercises.toml", "[cues]\nbrace = 'x'\n")
    write(tmp_path, "programs.toml", "")
    with pytest.raises(CatalogError, match="bundled"):
        load_catalog(data_dir=tmp_path)


@pytest.mark.parametrize(
    ("message", "key", "expected"),
    [
        (
            "Expected `int`, got `str` - at `$.block[0].sets`",
            "block[1].sets",
            "expected a whole number, got text",
        ),
        ("Expected `int` >= 1 - at `$.sets`", "sets", "expected a whole number at least 1"),
        ("Object contains unknown field `x` - at `$.block[2]`", "block[3].x", "unknown key"),
        ("Object missing required field `name`", "name", "this key is required"),
        (
            "Invalid enum value 'up' - at `$.sides`",
            "sides",
            "'up' is not one of the allowed values",
        ),
    ],
)
def test_validation_errors_read_as_plain_words(message: str, key: str, expected: str) -> None:
    assert explain_validation_error(message) == (key, expected)
