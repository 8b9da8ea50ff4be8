"""The README's pictures of the workout screen, drawn from the SVG snapshots the tests keep.

    uv run python -m tests.ui.pictures    # writes docs/screenshots/workout-*.png, figure-*.png

Each picture is its snapshot as Chromium draws it (it keeps the SVG's character widths,
where other SVG renderers let block characters drift), 2000 pixels wide. Run it after
``pytest --snapshot-update`` has written the snapshots it names.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "tests" / "ui" / "__snapshots__"
FOLDER = ROOT / "docs" / "screenshots"
WIDTH = 2000
# Each README picture and the snapshot it is drawn from.
PICTURES = {
    "workout-160x48.png": "test_snapshots/test_workout_working[160x48].svg",
    "workout-200x55.png": (
        "test_figure_snapshots/test_the_figure_through_a_rep[clamshell-top-200x55].svg"
    ),
    "figure-clamshell-start.png": "test_snapshots/test_figure_through_a_clamshell_rep[start].svg",
    "figure-clamshell-top.png": "test_snapshots/test_figure_through_a_clamshell_rep[top].svg",
    "figure-clamshell-down.png": "test_snapshots/test_figure_through_a_clamshell_rep[down].svg",
}


def chromium() -> str | None:
    """Where Chromium is: $CHROMIUM, or the system's (Debian installs it as chromium)."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    return found or shutil.which("chromium-browser")


def draw(executable: str, svg: Path, png: Path) -> None:
    """One snapshot as a picture ``WIDTH`` pixels wide, in its own proportions."""
    view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg.read_text())
    if view is None:
        raise SystemExit(f"{svg.name}: no viewBox")
    height = round(WIDTH * float(view[2]) / float(view[1]))
    with tempfile.TemporaryDirectory(prefix="glutetui-pictures-") as scratch:
        page = Path(scratch) / "page.html"
        page.write_text(
            '<html><body style="margin:0">'
            f'<img src="{svg.as_uri()}" style="display:block;width:{WIDTH}px;height:{height}px">'
            "</body></html>"
        )
        # Chromium refuses to run as root inside its sandbox (a container's usual user).
        root = getattr(os, "geteuid", lambda: 1)() == 0
        subprocess.run(
            [
                executable,
                *(["--no-sandbox"] if root else []),
                "--headless",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={scratch}/profile",
                f"--window-size={WIDTH},{height}",
                f"--screenshot={png}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )


def main() -> None:
    executable = chromium()
    if executable is None:
        raise SystemExit("no Chromium found (set $CHROMIUM)")
    for name, snapshot in PICTURES.items():
        draw(executable, SNAPSHOTS / snapshot, FOLDER / name)
        print(FOLDER / name)


if __name__ == "__main__":
    main()
