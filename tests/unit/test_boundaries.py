"""The core never imports Textual, and the package installs and runs from a wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.imports import packages_loaded

ROOT = Path(__file__).resolve().parents[2]


def _contract(name: str) -> dict[str, Any]:
    """One of import-linter's contracts in pyproject.toml: the test and the linter read
    the same list, so they cannot disagree on what the core is."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["name"] == name)


BELOW_THE_UI: list[str] = _contract("Below the UI nothing imports Textual")["source_modules"]
# Every module of those packages, imported in a fresh interpreter: a package's __init__
# alone would not load what its modules import.
CORE = sorted(
    {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in BELOW_THE_UI
        for path in (ROOT / package.replace(".", "/")).rglob("*.py")
        if "migrations" not in path.parts
    }
    | {p for p in BELOW_THE_UI if (ROOT / f"{p.replace('.', '/')}.py").exists()}
)


def test_the_contract_names_every_package_but_the_uis() -> None:
    """Every package and loose module of glutetui is either below the UI (and in the
    contract) or the UI itself (the app, its screens and widgets, the command line)."""
    ui = {"glutetui.app", "glutetui.screens", "glutetui.widgets", "glutetui.cli"}
    found = {
        f"glutetui.{p.stem}" if p.suffix == ".py" else f"glutetui.{p.name}"
        for p in (ROOT / "glutetui").iterdir()
        if (p.suffix == ".py" and p.stem not in ("__init__", "__main__"))
        or (p.is_dir() and (p / "__init__.py").exists())
    }
    assert found - ui == set(BELOW_THE_UI)


def test_the_core_imports_without_textual() -> None:
    assert packages_loaded(CORE, ["textual", "rich"]) == []


def test_the_figures_canvas_library_loads_only_with_the_figure_widget() -> None:
    """textual-canvas is imported when a figure is first shown: the app, Home, the
    workout and the library load without it."""
    screens = [
        "glutetui.app",
        "glutetui.screens.home",
        "glutetui.screens.workout",
        "glutetui.screens.exercises",
    ]
    assert packages_loaded(screens, ["textual_canvas"]) == []
    assert packages_loaded(["glutetui.widgets.figure"], ["textual_canvas"]) != []


@pytest.mark.skipif(shutil.which("uv") is None, reason="building the wheel needs uv")
@pytest.mark.slow(8)
def test_the_wheel_carries_its_data_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    dist = tmp_path / "dist"
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        env=env,
    )
    (wheel,) = dist.glob("glutetui-*.whl")
    venv = tmp_path / "venv"
    subprocess.run(
        ["uv", "venv", "--python", sys.executable, str(venv)],
        check=True,
        capture_output=True,
        env=env,
    )
    python = venv / "bin" / "python"
    # As a user installs it: without this checkout's settings (which compile every
    # module of every dependency to bytecode, seconds of processor time unused here).
    subprocess.run(
        ["uv", "pip", "install", "--no-config", "--python", str(python), str(wheel)],
        check=True,
        capture_output=True,
        env=env,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run_env = {**env, "GLUTETUI_HOME": str(tmp_path / "home")}
    run_env.pop("PYTHONPATH", None)
    out = subprocess.run(
        [str(venv / "bin" / "glutetui"), "exercises", "--json"],
        cwd=elsewhere,
        check=True,
        capture_output=True,
        text=True,
        env=run_env,
    )
    import json

    rows = json.loads(out.stdout)
    assert len(rows) >= 28 and {"clamshell", "side-plank"} <= {r["id"] for r in rows}
    where = subprocess.run(
        [
            str(python),
            "-c",
            "from glutetui.catalog import bundled_data_dir; print(bundled_data_dir())",
        ],
        cwd=elsewhere,
        check=True,
        capture_output=True,
        text=True,
        env=run_env,
    )
    data_dir = Path(where.stdout.strip())
    assert data_dir.is_relative_to(venv) and not data_dir.is_relative_to(ROOT)


def _rooms() -> set[str]:
    """The package's rooms: each folder and each loose module, as the drawing names them."""
    package = ROOT / "glutetui"
    rooms = {p.name + "/" for p in package.iterdir() if (p / "__init__.py").is_file()}
    rooms |= {p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    return rooms


def test_the_readmes_drawing_of_the_house_names_every_room_and_no_other() -> None:
    readme = (ROOT / "README.md").read_text()
    drawing = readme[
        readme.index("```\nglutetui/") : readme.index("\n```\n", readme.index("```\nglutetui/"))
    ]
    drawn = {
        word
        for line in drawing.splitlines()[1:]
        if line.startswith("  ") and not line.startswith("   ")
        for word in line.split("  ")[1].split()
        if word.endswith("/") or word.endswith(".py")
    }
    assert drawn == _rooms()
    # The layers in the drawing are the import-linter's, in the same order.
    layers = [
        room.rstrip("/").removesuffix(".py")
        for line in drawing.splitlines()[1:]
        if line.startswith("  ") and not line.startswith("   ")
        for room in line.split("  ")[1].split()
        if room.endswith(("/", ".py"))
    ]
    contract = _contract("The layers: the UI over the use cases over the store over the core")
    expected = [
        name.removeprefix("glutetui.")
        for layer in contract["layers"]
        for name in layer.split(" : ")
    ]
    assert layers == expected
