"""The phone remote's page in a real browser: Debian's Chromium driven by Playwright,
as a phone held upright (390x844).

    uv run python -m tests.e2e.remote_page    # writes docs/screenshots/phone-remote*.png

Chromium is started with everything that would reach out to the internet turned off,
and Playwright never downloads a browser of its own.
"""

from __future__ import annotations

import asyncio
import os
import shutil
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


@asynccontextmanager
async def phone_browser(executable: str) -> AsyncIterator[BrowserContext]:
    async with async_playwright() as playwright:
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
            yield context
        finally:
            await browser.close()


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
