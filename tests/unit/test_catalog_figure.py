"""Figures in the catalogue: a user's exercise may have one or not, bad pose data is one
problem naming the file and the key, and the cache carries figures as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from glutetui.catalog import CatalogError, load_catalog
from glutetui.catalog.cache import cached_catalog
from glutetui.catalog.load import bundled_data_dir
from glutetui.figure.pose import Pose
from tests.unit.test_catalog import USER_EXERCISE, load, write

FIGURE = """
[figure]
view = "front"
lengths = { thigh = 0.7, shin = 0.75 }

[figure.start]
trunk = 180
hip = [-20, 0]
knee = [40, 0]

[figure.end]
hip = [30, 0]
"""


def test_a_user_exercise_without_a_figure_has_none_and_no_problem(isolated_home: Path) -> None:
    write(isolated_home / "exercises", "my-clam.toml", USER_EXERCISE)
    catalog = load(isolated_home)
    assert catalog.problems == () and catalog.exercises["my-clam"].figure is None


def test_a_user_exercise_may_bring_its_own_figure(isolated_home: Path) -> None:
    write(isolated_home / "exercises", "my-clam.toml", USER_EXERCISE + FIGURE)
    catalog = load(isolated_home)
    assert catalog.problems == ()
    figure = catalog.exercises["my-clam"].figure
    assert figure is not None and figure.view == "front"
    # The start pose fills in what it leaves out; the end pose is the start but for
    # what moves.
    assert figure.start == Pose(trunk=180, hip=(-20, 0), knee=(40, 0))
    assert figure.end == Pose(trunk=180, hip=(30, 0), knee=(40, 0))
    assert figure.lengths.thigh == 0.7 and figure.lengths.trunk == 1.0


@pytest.mark.parametrize(
    ("change", "key", "expected"),
    [
        (("knee = [40, 0]", "knee = [40]"), "figure.start.knee", "exactly 2 items"),
        (("knee = [40, 0]", "knee = [400, 0]"), "figure.start.knee[1]", "at most 360"),
        (("knee = [40, 0]", 'knee = ["bent", 0]'), "figure.start.knee[1]", "a number"),
        (('view = "front"', 'view = "above"'), "figure.view", "not one of the allowed"),
        (('view = "front"', 'view = "front"\nanchor = "nose"'), "figure.anchor", "allowed"),
        (('view = "front"', 'view = "front"\nwings = 2'), "figure.wings", "unknown key"),
        (("thigh = 0.7", "thigh = -1"), "figure.lengths.thigh", "at least 0"),
        (("[figure.end]\nhip = [30, 0]", "[figure.end]"), "figure.end", "differs from the start"),
        (('view = "front"\n', ""), "figure.view", "required"),
    ],
)
def test_bad_pose_data_is_one_problem_naming_the_file_and_the_key(
    isolated_home: Path, change: tuple[str, str], key: str, expected: str
) -> None:
    write(isolated_home / "exercises", "my-clam.toml", USER_EXERCISE + FIGURE.replace(*change))
    catalog = load(isolated_home)
    (problem,) = catalog.problems
    assert (problem.file, problem.key) == ("exercises/my-clam.toml", key)
    assert expected in problem.expected
    assert "\n" not in str(problem)
    assert "my-clam" not in catalog.exercises and "clamshell" in catalog.exercises


def test_a_held_exercise_may_show_a_still_figure(isolated_home: Path) -> None:
    held = (
        USER_EXERCISE.replace('kind = "reps"', 'kind = "hold"')
        .replace("reps = 10", "hold = 20")
        .replace('easier = "clamshell"\n', "")
    )
    still = FIGURE.replace("[figure.end]\nhip = [30, 0]", "[figure.end]")
    write(isolated_home / "exercises", "my-hold.toml", held + still)
    catalog = load(isolated_home)
    assert catalog.problems == ()
    figure = catalog.exercises["my-hold"].figure
    assert figure is not None and not figure.moves


def test_a_broken_bundled_figure_is_an_error(tmp_path: Path) -> None:
    data = bundled_data_dir()
    text = (data / "exercises.toml").read_text(encoding="utf-8")
    write(tmp_path, "exercises.toml", text.replace('view = "front"', 'view = "upside"', 1))
    write(tmp_path, "programs.toml", (data / "programs.toml").read_text(encoding="utf-8"))
    with pytest.raises(CatalogError, match="figure"):
        load_catalog(data_dir=tmp_path)


def test_the_cache_carries_every_figure(tmp_path: Path) -> None:
    exercises, programs, cache = tmp_path / "exercises", tmp_path / "programs", tmp_path / "c"
    write(exercises, "my-clam.toml", USER_EXERCISE + FIGURE)
    loaded = cached_catalog(exercises, programs, cache)
    again = cached_catalog(exercises, programs, cache)  # from the cache this time
    assert again == loaded
    figures = {i: e.figure for i, e in again.exercises.items()}
    assert all(f is not None for f in figures.values()) and len(figures) == 29
    assert figures["my-clam"] == loaded.exercises["my-clam"].figure
