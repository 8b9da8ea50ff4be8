"""The report printed by headless Chromium, as a physiotherapist's browser prints it.

The issue's eight-week home (two programs, a missed week, pain on the left and an old
flag whose side was not kept, dose changes, self-tests, a suggestion pending) prints on
at most 6 A4 pages whether or not a suggestion is pending, and the first printed page
holds the whole follow-up, in order: the period and adherence, pain today and every
pain flag with its side and what followed, the single-leg stance self-test at both
ends, the weaker side, every exercise of the program in use, the period's dose changes
and the suggestions for review. Ten years print on at most 12. Letter works the same.
``python -m tests.e2e.test_report_print OUT.png`` draws the
README's picture of page one from the same home.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from benchmarks.generate import generate_history
from glutetui.catalog import load_catalog
from glutetui.store import Store
from tests import eight_weeks

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (.ci/run installs it)")
# As the browser tests start it: nothing in the background may reach the network.
QUIET = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)
NAME = "Ann O'Neil"
FLOOR_EXERCISES = (
    "Glute bridge",
    "Clamshell",
    "Side-lying hip abduction",
    "Side leg lift",
    "Fire hydrant",
    "Side plank from the knees",
    "Glute medius stretch",
)


def report(home: Path, out: Path, since: date, until: date, paper: str) -> Path:
    """``glutetui report`` as a person runs it, in its own process."""
    command = [sys.executable, "-m", "glutetui", "report", "-o", str(out), "--force"]
    command += ["--since", f"{since}", "--until", f"{until}", "--paper", paper, "--name", NAME]
    done = subprocess.run(
        command,
        env={**os.environ, "GLUTETUI_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


def to_pdf(page: Path) -> Path:
    assert CHROMIUM is not None
    pdf = page.with_suffix(".pdf")
    subprocess.run(
        [CHROMIUM, *QUIET, f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True,
        timeout=180,
        check=True,
    )
    return pdf


def pages(pdf: Path) -> int:
    """The PDF's pages, counted in the file itself (each page object names its type)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def page_text(pdf: Path, page: int) -> str:
    assert PDFTOTEXT is not None
    out = subprocess.run(
        [PDFTOTEXT, "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return " ".join(out.stdout.split())


def eight_week_home(folder: Path) -> Path:
    return eight_weeks.home_in(folder)


PAGE_ONE = (
    "Period and adherence",
    "Pain",
    "Single-leg stance self-test",
    "Weaker side",
    "Floor routine for the TV: each exercise",
    "Dose changes in the period",
    "For review",
)


def dismiss_pending(home: Path) -> None:
    store = Store.open(home / "glutetui.db")
    try:
        with store.write() as db:
            for s in db.suggestions.listed("pending"):
                db.suggestions.dismiss(s.id, s.created_at)
    finally:
        store.close()


@pytest.mark.parametrize(("paper", "pending"), [("a4", True), ("a4", False), ("letter", True)])
def test_eight_weeks_print_on_six_pages_page_one_the_follow_up(
    isolated_home: Path, tmp_path: Path, paper: str, pending: bool
) -> None:
    home = eight_week_home(isolated_home)
    if not pending:
        dismiss_pending(home)
    page = report(home, tmp_path / "report.html", eight_weeks.FIRST, eight_weeks.LAST, paper)
    pdf = to_pdf(page)
    assert 1 < pages(pdf) <= 6
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) reads page one's text")
    first = page_text(pdf, 1)
    assert "Hip exercise follow-up: Ann O'Neil" in first
    # The follow-up's parts, all on the first printed page, in the order they are read.
    places = [first.index(heading) for heading in PAGE_ONE]
    assert places == sorted(places)
    assert "88 % of the target: 21 of 24 planned training days" in first
    # Every week's adherence, the missed one too, and what followed it.
    assert len(re.findall(r"\b[345]/3 100 %", first)) == 7 and "0/3 0 %" in first
    assert "Missed the week of Mon 26 Jan 2026: training resumed the week of 2 Feb" in first
    assert "Pain today (0–10)" in first
    # Every pain flag with its side, and what the log shows after it.
    assert "Pain flagged on 3 exercises" in first
    for day in ("Wed 18 Feb 2026", "Wed 21 Jan 2026", "Wed 7 Jan 2026"):
        assert day in first
    assert "side not recorded" in first and "left and right" not in first
    assert "stepped back 18 Feb to 2 × 12 reps each side; then 4 workouts, no pain flagged" in first
    assert "no dose change followed" in first  # the old flag: nothing followed it
    # The self-test at the start and the end, the hip dropping at first on the left.
    assert "14 of 30 s, hip dropped" in first and "30 of 30 s, level" in first
    assert "Left side weaker" in first
    for name in FLOOR_EXERCISES:
        assert name in first
    assert "↓" in first and "↑" in first  # the dose changes read up or down
    if pending:
        assert "Fire hydrant 2 × 8 reps each side → Fire hydrant 2 × 10 reps" in first
    else:
        assert "No suggestion is waiting for an answer." in first
    # Every page carries the name and says which page of how many it is.
    last = pages(pdf)
    assert NAME in page_text(pdf, last) and f"page {last} of {last}" in page_text(pdf, last)


@pytest.mark.slow(8)
def test_ten_years_print_on_twelve_pages(isolated_home: Path, tmp_path: Path) -> None:
    """A decade of the benchmark's history (every bundled program, a workout on about one
    day in five): charted by year, the log summed per year, on at most 12 A4 pages."""
    isolated_home.mkdir(parents=True)
    store = Store.open(isolated_home / "glutetui.db")
    try:
        end = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
        generate_history(store, load_catalog(), 3650, end=end, skip_chance=0.8)
    finally:
        store.close()
    page = report(isolated_home, tmp_path / "r.html", date(2016, 3, 4), date(2026, 3, 1), "a4")
    pdf = to_pdf(page)
    assert pages(pdf) <= 12
    if PDFTOTEXT is not None:
        assert "Hip exercise follow-up" in page_text(pdf, 1)
        assert "Appendix: the workout log" in page_text(pdf, pages(pdf))


def page_one_picture(out: Path) -> None:
    """The README's picture of page one: the eight weeks, printed on A4, drawn at 110 dpi
    by pdftoppm (poppler-utils)."""
    import tempfile

    pdftoppm = shutil.which("pdftoppm")
    if CHROMIUM is None or pdftoppm is None:
        raise SystemExit("needs chromium and pdftoppm (poppler-utils)")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        home = eight_week_home(folder / "home")
        os.environ["TZ"] = "UTC"
        page = report(home, folder / "report.html", eight_weeks.FIRST, eight_weeks.LAST, "a4")
        pdf = to_pdf(page)
        stem = folder / "page"
        subprocess.run(
            [pdftoppm, "-r", "110", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), stem],
            check=True,
        )
        shutil.copy(stem.with_suffix(".png"), out)


if __name__ == "__main__":
    page_one_picture(Path(sys.argv[1] if len(sys.argv) > 1 else "report-page-1.png"))
