"""Start-up's interpreter settings (platform/startup.py) are set back exactly as they
were, whatever order begin and end come in."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from glutetui.platform import startup


@pytest.fixture(autouse=True)
def _interpreter_as_it_was() -> Iterator[None]:
    interval, collecting = sys.getswitchinterval(), gc.isenabled()
    yield
    startup.end()
    sys.setswitchinterval(interval)
    if collecting:
        gc.enable()
    else:
        gc.disable()


def test_begin_quickens_the_switch_and_stops_collections_until_end() -> None:
    sys.setswitchinterval(0.004)
    gc.enable()

    startup.begin()
    assert startup.begun()
    assert sys.getswitchinterval() == pytest.approx(startup.SWITCH_SECONDS)
    assert not gc.isenabled()

    startup.end()
    assert not startup.begun()
    assert sys.getswitchinterval() == pytest.approx(0.004)
    assert gc.isenabled()


def test_a_second_begin_keeps_the_first_interval_to_set_back() -> None:
    sys.setswitchinterval(0.003)
    startup.begin()
    startup.begin()
    startup.end()
    assert sys.getswitchinterval() == pytest.approx(0.003)


def test_end_without_begin_changes_nothing() -> None:
    sys.setswitchinterval(0.004)
    gc.disable()  # someone else's choice, not start-up's
    startup.end()
    startup.end()
    assert sys.getswitchinterval() == pytest.approx(0.004)
    assert not gc.isenabled()


@pytest.mark.parametrize(
    ("first", "argv0"),
    [
        ("{bin}", "{bin}/glutetui"),  # the installed command: its script's folder
        ("{cwd}", "{pkg}/__main__.py"),  # python -m glutetui: the current folder
        ("", "-c"),  # python -c
    ],
)
def test_safe_path_takes_off_the_folder_python_put_first(
    first: str, argv0: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_, cwd, pkg = tmp_path / "bin", tmp_path / "work", tmp_path / "pkg"
    for folder in (bin_, cwd, pkg):
        folder.mkdir()
    names = {"bin": str(bin_), "cwd": str(cwd), "pkg": str(pkg)}
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", [argv0.format(**names)])
    rest = ["/usr/lib/python3.11", "/venv/site-packages"]
    monkeypatch.setattr(sys, "path", [first.format(**names), *rest])

    startup.safe_path()

    assert sys.path == rest


def test_safe_path_leaves_any_other_first_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "bin" / "glutetui")])
    kept = [str(tmp_path / "mine"), "/venv/site-packages"]
    monkeypatch.setattr(sys, "path", list(kept))

    startup.safe_path()

    assert sys.path == kept


def test_a_module_in_the_starting_folder_is_not_imported_by_the_app(tmp_path: Path) -> None:
    """Started in a folder holding a ``rich.py`` (as ``python -c``, whose first entry is
    the current folder, as ``python -m glutetui``'s is), the imports after safe_path get
    the real Rich. A child process: its module path is its own."""
    (tmp_path / "rich.py").write_text("raise SystemExit('the folder was imported from')\n")
    probe = (
        "from glutetui.platform import startup; startup.safe_path(); "
        "import rich; print(rich.__file__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not done.stdout.strip().startswith(str(tmp_path))
