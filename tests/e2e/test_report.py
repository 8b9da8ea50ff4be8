"""The report in a real browser: ``glutetui report`` writes the file, headless Chromium
renders it to a picture and to its DOM, as a physiotherapist's browser would.

The issue's new user: two workouts of a one-set clamshell program, the second rated
4 with the pain flag. The page must show the program, both workouts, the pain flag
and a chart, draw something (not a blank page), and run no script, even one hidden
in a program's name.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from glutetui.store import Store
from tests.unit.test_report import DAY1, DAY2, TINY, Home, the_scenario

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (.ci/run installs it)")


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of pixels (8-bit RGB or RGBA) of a PNG, decoded with the
    standard library: chunks, zlib, then each row's filter undone."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = height = depth = colour = 0
    compressed = b""
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            compressed += body
        at += 12 + length
    assert depth == 8 and colour in (2, 6), "Chromium writes 8-bit RGB(A)"
    step = 4 if colour == 6 else 3
    raw = zlib.decompress(compressed)
    stride = width * step
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up = previous[x]
            corner = previous[x - step] if x >= step else 0
            if method == 1:
                line[x] = (line[x] + left) & 0xFF
            elif method == 2:
                line[x] = (line[x] + up) & 0xFF
            elif method == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif method == 4:
                # Paeth: the neighbour nearest the guess, ties to left, then up.
                guess = left + up - corner
                near = min((left, up, corner), key=lambda v: abs(guess - v))
                line[x] = (line[x] + near) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


@pytest.fixture
def report(isolated_home: Path, tmp_path: Path) -> Path:
    """The scenario's home, and the report the command wrote from it."""
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "tiny.toml").write_text(TINY)
    store = Store.open(isolated_home / "glutetui.db")
    try:
        home = Home(isolated_home, store)
        the_scenario(home)
        # A name a careless page would run as a script.
        home.workout(DAY2.replace(hour=20), program=("evil", "<script>alert(1)</script>"))
    finally:
        store.close()
    command = ["report", "-o", "report.html", "--since", "2026-02-23", "--until", "2026-03-08"]
    out = subprocess.run(
        [sys.executable, "-m", "glutetui", *command],
        cwd=tmp_path,
        env={**os.environ, "GLUTETUI_HOME": str(isolated_home)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith(f"(3 workouts) to {tmp_path / 'report.html'}")
    return tmp_path / "report.html"


def test_a_browser_shows_the_program_both_workouts_the_pain_and_a_chart(report: Path) -> None:
    dom = chromium("--virtual-time-budget=2000", "--dump-dom", report.as_uri()).stdout
    assert "Tiny test" in dom
    for started in (DAY1, DAY2):  # in the appendix's log
        assert f"{started:%a} {started.day} {started:%b %Y} {started:%H:%M}" in dom
    assert "Pain flagged on 1 exercise" in dom
    # The flag's row on page one: its exercise, its sides (both were flagged here), and
    # what the log shows after it.
    assert re.search(r"<td>Clamshell</td><td[^>]*>left and right</td><td>no dose change", dom)
    assert dom.count("<svg") >= 2 and 'class="pygal-chart' in dom
    # The name is on the page as text, and nothing on it is a script.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "<script" not in dom


def test_the_page_renders_to_a_picture_that_is_not_blank(report: Path, tmp_path: Path) -> None:
    picture = tmp_path / "report.png"
    chromium(f"--screenshot={picture}", "--window-size=1000,1400", report.as_uri())
    width, height, rows = png_pixels(picture)
    assert (width, height) == (1000, 1400)
    step = len(rows[0]) // width
    pixels = [row[x : x + 3] for row in rows[::6] for x in range(0, len(row), step * 6)]
    white = sum(1 for p in pixels if min(p) >= 250) / len(pixels)
    assert 0.5 < white < 0.99  # mostly paper, with ink on it
    assert len(set(pixels)) > 20  # text, the pain box's red, the calendar's green, the chart
