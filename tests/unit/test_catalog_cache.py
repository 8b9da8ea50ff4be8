"""The catalogue kept between starts: used only while every file it came from is unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from glutetui.catalog import load_catalog
from glutetui.catalog.cache import cached_catalog
from tests.unit.test_catalog import USER_EXERCISE, write


def test_a_cached_catalogue_equals_a_loaded_one_and_follows_the_users_files(
    tmp_path: Path,
) -> None:
    exercises, programs, cache = tmp_path / "exercises", tmp_path / "programs", tmp_path / "c"
    first = cached_catalog(exercises, programs, cache)
    assert cache.is_file() and (cache.stat().st_mode & 0o777) == 0o600
    assert cached_catalog(exercises, programs, cache) == first == load_catalog(exercises, programs)

    mine = write(exercises, "my-clam.toml", USER_EXERCISE)
    assert "my-clam" in cached_catalog(exercises, programs, cache).exercises
    mine.write_text(USER_EXERCISE.replace('kind = "reps"', 'kind = "sideways"'))
    os.utime(mine, ns=(1, 1))  # a changed file is a miss even with an older time
    changed = cached_catalog(exercises, programs, cache)
    assert "my-clam" not in changed.exercises and changed.problems
    assert cached_catalog(exercises, programs, cache) == changed  # problems kept too


def test_a_damaged_cache_is_a_miss_not_an_error(tmp_path: Path) -> None:
    cache = tmp_path / "c"
    cache.write_bytes(b"\x00not json")
    catalog = cached_catalog(tmp_path / "e", tmp_path / "p", cache)
    assert catalog == load_catalog(tmp_path / "e", tmp_path / "p")


def test_a_start_from_the_cache_does_not_import_the_toml_reader(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from glutetui.catalog.cache import cached_catalog\n"
        f"h = Path({str(tmp_path)!r})\n"
        "cached_catalog(h / 'e', h / 'p', h / 'c')\n"
        "print('tomllib' in sys.modules)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert [r.stdout.strip() for r in runs] == ["True", "False"]
