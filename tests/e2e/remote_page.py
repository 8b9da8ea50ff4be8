"""The phone remote's page in a real browser: Debian's Chromium driven by Playwright,
as a phone held upright (390x844).

    uv run python -m tests.e2e.remote_page    # writes docs/screenshots/phone-remote*.png

Chromium is started with everything that would reach out to the internet turned off,
and Playwright never downloads a browser of its own.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import BrowserContext, Page, ViewportSize, async_playwright

from glutetui.remote.server import RemoteServer
from glutetui.remote.view import PhoneView
from tests.remote import Sink

ROOT = Path(__file__).resolve().parents[2]
PHONE: ViewportSize = {"width": 390, "height": 844}
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

WORKOUT = PhoneView(
    screen="workout",
    phase="LIFT",
    tone="work",
    exercise="Clamshell",
    side="LEFT SIDE",
    time="0:24",
    time_label="seconds to go",
    reps="4",
    reps_label="reps of 10",
)
EFFORT = PhoneView(
    screen="effort",
    phase="HOW DID IT FEEL?",
    tone="effort",
    exercise="Clamshell",
    time="17",
    time_label="seconds to answer",
    effort=2,
    pain=("left",),
)


def chromium() -> str | None:
    """Where Chromium is: $CHROMIUM, or the system's (Debian installs it as chromium)."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    return found or shutil.which("chromium-browser")


class SharedChromium:
    """One Chromium for many tests: started once, each test reaching it over the DevTools
    protocol with a browser context of its own (its own cookies, storage and pages), so
    a test costs a context, not a browser's start."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="glutetui-chromium-")
        self.process = subprocess.Popen(
            [
                executable,
                *CHROMIUM_FLAGS,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.endpoint = self._listening()

    def _listening(self) -> str:
        """The DevTools address Chromium prints once it is ready for connections."""
        assert self.process.stderr is not None
        said: list[str] = []
        for line in self.process.stderr:
            said.append(line)
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            if found:
                # Read on, or a full pipe would one day stop the browser mid-write.
                threading.Thread(target=self.process.stderr.read, daemon=True).start()
                return found.group(1)
        self.close()
        raise RuntimeError("Chromium ended before it listened:\n" + "".join(said[-20:]))

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


@asynccontextmanager
async def phone_browser(
    executable: str, shared: SharedChromium | None = None
) -> AsyncIterator[BrowserContext]:
    """A phone's browser context: in ``shared`` when given, else in a Chromium of its own."""
    async with async_playwright() as playwright:
        if shared is not None:
            browser = await playwright.chromium.connect_over_cdp(shared.endpoint)
        else:
            browser = await playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_FLAGS, headless=True
            )
        try:
            context = await browser.new_context(
                viewport=PHONE,
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
                locale="en-GB",
            )
            try:
                yield context
            finally:
                await context.close()
        finally:
            await browser.close()  # a shared one is only let go of, not closed


async def screenshots(folder: Path) -> list[Path]:
    """The page on a workout and in the effort check, as a phone shows them."""
    executable = chromium()
    if executable is None:
        raise SystemExit("no Chromium found (set $CHROMIUM)")
    server = RemoteServer(Sink(), host="127.0.0.1", port=0)
    await server.start()
    written: list[Path] = []
    try:
        async with phone_browser(executable) as context:
            page: Page = await context.new_page()
            server.publish(WORKOUT)
            await page.goto(server.pairing_url())
            await page.wait_for_selector("body:not(.offline)")
            await page.wait_for_timeout(400)  # the colour's transition
            for name, view in (("phone-remote.png", WORKOUT), ("phone-remote-effort.png", EFFORT)):
                server.publish(view)
                await page.wait_for_function(
                    "(s) => document.body.dataset.screen === s", arg=view.screen
                )
                await page.wait_for_timeout(400)
                path = folder / name
                await page.screenshot(path=str(path))
                written.append(path)
    finally:
        await server.stop()
    return written


if __name__ == "__main__":
    for path in asyncio.run(screenshots(ROOT / "docs" / "screenshots")):
        print(path.relative_to(ROOT))
