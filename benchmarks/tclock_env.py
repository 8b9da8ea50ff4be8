"""tclock, a Textual timer from the package index, installed only for the benchmark.

It goes into a virtual environment of its own in the user's cache folder, built
from the same Python as the project's and with the project's exact Textual, so
the comparison is between the two programs, not two interpreters or two Textual
releases. It is never a dependency of glutetui.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from platformdirs import user_cache_path

TCLOCK = "tclock==1.3.0"  # pinned so that the figure means the same from run to run
# The command the start-up target names (docs/targets.md).
COMMAND = ("timer", "-d", "30s", "-t", "Clamshell")


def tclock_argv() -> tuple[list[str] | None, str]:
    """The command that starts tclock's timer, or None and why it cannot run here."""
    textual = metadata.version("textual")
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    folder = user_cache_path("glutetui-benchmarks") / f"tclock-py{python}-textual{textual}"
    script = folder / "bin" / "tclock"
    ready = folder / "installed"  # written last, so a broken install is redone
    if not ready.exists():
        why = _install(folder, [TCLOCK, f"textual=={textual}"])
        if why:
            return None, why
        ready.write_text(f"{TCLOCK} textual=={textual}\n")
    return [str(script), *COMMAND], f"{TCLOCK}, Textual {textual}, Python {python}"


def _install(folder: Path, requirements: list[str]) -> str | None:
    """Build the environment; return why it failed, or None."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("VIRTUAL_ENV", None)  # the project's: uv would install there instead
    uv = shutil.which("uv")
    if uv is not None:
        python = str(folder / "bin" / "python")
        steps = [
            [uv, "venv", "--quiet", "--python", sys.executable, str(folder)],
            [uv, "pip", "install", "--quiet", "--python", python, *requirements],
        ]
    else:
        steps = [
            [sys.executable, "-m", "venv", str(folder)],
            [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet", *requirements],
        ]
    for step in steps:
        try:
            done = subprocess.run(
                step, capture_output=True, text=True, env=env, timeout=120, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"cannot install tclock ({exc})"
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            return f"cannot install tclock: {last}"
    return None
