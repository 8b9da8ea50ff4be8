"""The phone remote, from a tap to the laptop's screen, side by side with a key.

Target: a tap on the phone shows on the laptop within 150 ms (p99 of 50 taps),
measured beside the same change made by a key that tmux sends.

glutetui runs in a real terminal (tmux, 100x30) with ``--remote``, in the get-ready of
a long countdown; headless Chromium, as the phone, opens the address the screen
shows. Then, in turn, the phone taps Pause (and Resume) and tmux sends the space key,
and the terminal is read every couple of milliseconds until the footer says the
workout is paused ("space Resume") or running again ("space Pause"). A change counts
from the middle of the last look without it and the first look with it; a tap counts
from just before the page is told to click (one DevTools round trip), a key from just
before tmux is told to send it.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import ROOT, Result
from benchmarks.tmux_screen import Marker, Run, Terminal, child_environment, tmux_missing

TARGET_MS = 150.0
SIZE = (100, 30)
PROGRAM = """
name = "Tap benchmark"

[[block]]
exercise = "clamshell"
sets = 3
reps = 10
tempo = [2, 1, 2]
rest = 30
"""
SETTINGS = """
get_ready = 120
sounds = false
speech = false
keep_awake = false
"""
PAUSED = Marker("paused", ("space Resume",))
RUNNING = Marker("running", ("space Pause",))


def why_not() -> str | None:
    """Why the benchmark cannot run here, or None when it can."""
    missing = tmux_missing()
    if missing:
        return missing
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed"
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        return "Chromium is not installed"
    return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def until(run: Run, marker: Marker, sent: float, timeout: float = 5.0) -> float:
    """Milliseconds from ``sent`` until ``marker`` shows (the middle of the last look
    without it and the first with it)."""
    previous = sent
    while True:
        screen = run.screen()
        now = time.perf_counter()
        if marker.seen_in(screen):
            return ((previous + now) / 2 - sent) * 1000
        if now - sent > timeout:
            raise RuntimeError(f"{marker.name} never showed; the screen:\n{screen}")
        previous = now
        time.sleep(0.002)


def pairing_url(run: Run, timeout: float = 30.0) -> str:
    end = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < end:
        screen = run.screen()
        from tests.remote import address_on_screen

        found = address_on_screen(screen)
        if found and RUNNING.seen_in(screen):
            return found
        time.sleep(0.05)
    raise RuntimeError(f"no pairing address on the screen:\n{screen}")


async def measure(run: Run, taps: int) -> tuple[list[float], list[float]]:
    from tests.e2e.remote_page import chromium, phone_browser

    executable = chromium()
    assert executable is not None
    url = pairing_url(run)
    by_tap: list[float] = []
    by_key: list[float] = []
    async with phone_browser(executable) as context:
        page = await context.new_page()
        await page.goto(url)
        await page.wait_for_selector("body:not(.offline)")
        click = "document.getElementById('pause').click()"
        for _ in range(taps // 2):
            # Pause and resume by tap, then by key: each change is one sample.
            for marker in (PAUSED, RUNNING):
                sent = time.perf_counter()
                await page.evaluate(click)
                by_tap.append(until(run, marker, sent))
                await asyncio.sleep(0.05)  # the phone hears the new state
            for marker in (PAUSED, RUNNING):
                sent = time.perf_counter()
                run.terminal.command(f"send-keys -t {run.session} space")
                by_key.append(until(run, marker, sent))
                await asyncio.sleep(0.05)
    return by_tap, by_key


def run(quick: bool) -> list[Result]:
    reason = why_not()
    figure = "remote: a tap shows on the laptop, p99 (vs a key sent by tmux)"
    if reason is not None:
        return [
            Result(figure, 0.0, None, "ms", f"<= {TARGET_MS:.0f} ms", None, f"not run: {reason}")
        ]
    taps = 10 if quick else 50
    scratch = Path(tempfile.mkdtemp(prefix="glutetui-tap-"))
    try:
        (scratch / "programs").mkdir()
        (scratch / "programs" / "tap-bench.toml").write_text(PROGRAM)
        (scratch / "settings.toml").write_text(SETTINGS)
        argv = [sys.executable, "-m", "glutetui", "--home", str(scratch)]
        argv += ["start", "tap-bench", "--remote"]
        with Terminal(child_environment()) as terminal:
            started = terminal.launch(argv, SIZE, str(ROOT))
            try:
                by_tap, by_key = asyncio.run(measure(started, taps))
            finally:
                started.end()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    p99_tap, p99_key = percentile(by_tap, 0.99), percentile(by_key, 0.99)
    note = (
        f"{len(by_tap)} taps and {len(by_key)} keys in turn, tmux {SIZE[0]}x{SIZE[1]}; "
        f"p50 {percentile(by_tap, 0.5):.0f} ms by tap, {percentile(by_key, 0.5):.0f} ms by key; "
        f"max {max(by_tap):.0f} / {max(by_key):.0f} ms"
    )
    return [
        Result(
            figure,
            p99_tap,
            p99_key,
            "ms",
            f"<= {TARGET_MS:.0f} ms",
            p99_tap <= TARGET_MS,
            note,
            samples={"tap": by_tap, "key": by_key},
        )
    ]
