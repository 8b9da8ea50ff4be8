"""The phone remote in a real browser: Chromium opens the pairing URL as a phone would,
shows the live view, and every tap reaches the app as its intent; when the server goes
away the page says so, and it comes back by itself."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from msgspec.structs import replace

pytest.importorskip("playwright", reason="the browser tests drive Chromium with Playwright")

from aiohttp import web
from playwright.async_api import ConsoleMessage, Page, expect

from glutetui.intents import EndWorkout, FlagPain, Next, Pause, Rate, Resume, StartProgram
from glutetui.remote.server import RemoteServer
from glutetui.remote.view import PhoneView
from tests.e2e.remote_page import (
    EFFORT,
    PHONE,
    WORKOUT,
    SharedChromium,
    chromium,
    phone_browser,
)
from tests.remote import Sink
from tests.ui.conftest import PATIENCE

CHROMIUM = chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Chromium (Debian's chromium package, or $CHROMIUM)"
)


@pytest.fixture
def sink() -> Sink:
    return Sink()


@pytest.fixture
async def server(sink: Sink) -> AsyncIterator[RemoteServer]:
    remote = RemoteServer(sink, host="127.0.0.1", port=0)
    await remote.start()
    yield remote
    await remote.stop()


@pytest.fixture
async def page(
    server: RemoteServer, shared_chromium: SharedChromium
) -> AsyncIterator[tuple[Page, list[str]]]:
    """The page on a phone that scanned the code; the console's complaints collected."""
    assert CHROMIUM is not None
    complaints: list[str] = []

    def heard(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            complaints.append(message.text)

    async with phone_browser(CHROMIUM, shared_chromium) as context:
        phone = await context.new_page()
        phone.on("console", heard)
        phone.on("pageerror", lambda error: complaints.append(str(error)))
        server.publish(WORKOUT)
        await phone.goto(server.pairing_url())
        await expect(phone.locator("#status-text")).to_have_text("Connected")
        yield phone, complaints


async def received(sink: Sink, count: int) -> list[object]:
    """The intents the app has had, once there are ``count`` (or the patience is out)."""
    deadline = time.monotonic() + PATIENCE
    while len(sink.intents) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return list(sink.intents)


async def test_the_page_shows_the_live_view_and_taps_reach_the_app(
    server: RemoteServer, sink: Sink, page: tuple[Page, list[str]], tmp_path: Path
) -> None:
    phone, complaints = page
    assert phone.url == server.address, "the code left the address bar"
    await expect(phone.locator("#phase")).to_have_text("LIFT")
    await expect(phone.locator("#side")).to_have_text("LEFT SIDE")
    await expect(phone.locator("#time")).to_have_text("0:24")
    await expect(phone.locator("#reps")).to_have_text("4")
    await expect(phone.locator("body")).to_have_attribute("data-tone", "work")

    await phone.get_by_role("button", name="Pause").tap()
    assert await received(sink, 1) == [Pause()]
    server.publish(PhoneView(screen="workout", phase="PAUSED", tone="paused", paused=True))
    resume = phone.get_by_role("button", name="Resume")
    await expect(resume).to_be_visible()
    await resume.tap()
    await phone.get_by_role("button", name="Next").tap()
    assert await received(sink, 3) == [Pause(), Resume(), Next()]

    server.publish(replace(EFFORT, effort=None, pain=()))
    await expect(phone.locator("#phase")).to_have_text("HOW DID IT FEEL?")
    await phone.get_by_role("button", name="2 easy").tap()
    await phone.get_by_role("button", name="Pain left").tap()
    assert (await received(sink, 5))[3:] == [Rate(effort=2), FlagPain(side="left")]
    server.publish(EFFORT)  # the app took both: the page shows them chosen
    await expect(phone.get_by_role("button", name="2 easy")).to_have_attribute(
        "aria-pressed", "true"
    )
    await expect(phone.get_by_role("button", name="Pain left")).to_have_attribute(
        "aria-pressed", "true"
    )
    await expect(phone.get_by_role("button", name="Pain right")).to_have_attribute(
        "aria-pressed", "false"
    )
    await phone.screenshot(path=str(tmp_path / "effort.png"))
    assert complaints == [], "no script error and nothing refused by the page's policy"


async def test_a_two_legged_exercise_has_one_pain_button(
    server: RemoteServer, sink: Sink, page: tuple[Page, list[str]]
) -> None:
    phone, _ = page
    server.publish(replace(EFFORT, exercise="Glute bridge", two_legged=True, pain=()))
    await expect(phone.locator("#exercise")).to_have_text("Glute bridge")
    await expect(phone.get_by_role("button", name="Pain left")).to_be_hidden()
    await expect(phone.get_by_role("button", name="Pain right")).to_be_hidden()
    await phone.get_by_role("button", name="Pain", exact=True).tap()
    assert await received(sink, 1) == [FlagPain(side="both")]


async def test_end_asks_on_the_phone_first(
    server: RemoteServer, sink: Sink, page: tuple[Page, list[str]]
) -> None:
    phone, _ = page
    await phone.get_by_role("button", name="End", exact=True).tap()
    await expect(phone.get_by_text("End the workout now?")).to_be_visible()
    await phone.get_by_role("button", name="Keep going").tap()
    await expect(phone.get_by_text("End the workout now?")).to_be_hidden()
    await phone.get_by_role("button", name="End", exact=True).tap()
    await phone.get_by_role("button", name="End workout").tap()
    assert await received(sink, 1) == [EndWorkout()]


async def test_home_starts_todays_program(
    server: RemoteServer, sink: Sink, page: tuple[Page, list[str]]
) -> None:
    phone, _ = page
    server.publish(
        PhoneView(
            screen="home",
            program="Floor basics <b>",
            next_planned="Thu 07:30 · Floor basics <b> · 20 min",
        )
    )
    await expect(phone.locator("#program")).to_have_text("Floor basics <b>")  # text, not markup
    await expect(phone.locator("#next-planned")).to_have_text(
        "Next planned: Thu 07:30 · Floor basics <b> · 20 min"
    )
    await expect(phone.get_by_role("button", name="Pause")).to_be_hidden()
    await phone.get_by_role("button", name="Start").tap()
    assert await received(sink, 1) == [StartProgram()]


async def test_a_lost_server_shows_disconnected_and_the_page_comes_back(
    server: RemoteServer, sink: Sink, page: tuple[Page, list[str]]
) -> None:
    phone, _ = page
    await expect(phone.locator("#time")).to_have_text("0:24")
    await server.stop()
    await expect(phone.locator("#status-text")).to_have_text("Disconnected")
    await expect(phone.locator("#time")).to_be_hidden()  # no stale numbers
    await expect(phone.get_by_role("button", name="Pause")).to_be_disabled()
    await server.start()
    server.publish(replace(WORKOUT, time="0:07"))
    await expect(phone.locator("#status-text")).to_have_text("Connected", timeout=15_000)
    await expect(phone.locator("#time")).to_have_text("0:07")
    await phone.get_by_role("button", name="Pause").tap()
    assert await received(sink, 1) == [Pause()]


async def test_a_phone_let_go_by_the_laptop_asks_for_a_new_code(
    server: RemoteServer, sink: Sink, page: tuple[Page, list[str]]
) -> None:
    phone, _ = page
    server.disconnect()
    await expect(phone.locator("#offline-text")).to_contain_text("Scan the new code")
    await expect(phone.get_by_role("button", name="Pause")).to_be_disabled()
    assert not server.connected
    await phone.goto(server.pairing_url())  # scanning the new code pairs it again
    await expect(phone.locator("#status-text")).to_have_text("Connected")
    assert server.connected


async def test_the_page_fits_a_phone_held_upright(page: tuple[Page, list[str]]) -> None:
    phone, _ = page
    width, height = await phone.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert (width, height) == (PHONE["width"], PHONE["height"]), "no scrolling"
    for name in ("Pause", "Back", "Next", "+15 s", "End"):
        box = await phone.get_by_role("button", name=name, exact=True).bounding_box()
        assert box is not None and box["height"] >= 64 and box["width"] >= 140, name
    font = await phone.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('time')).fontSize)"
    )
    assert font >= 90, "the time reads from the floor"


async def test_a_stream_that_goes_quiet_is_noticed_and_opened_again(
    server: RemoteServer, shared_chromium: SharedChromium
) -> None:
    """A dead connection can look open for minutes; missing heartbeats give it away. The
    page's timers run on a clock the test moves, so no heartbeat arrives in between."""
    assert CHROMIUM is not None
    async with phone_browser(CHROMIUM, shared_chromium) as context:
        phone = await context.new_page()
        await phone.clock.install()
        server.publish(WORKOUT)
        await phone.goto(server.pairing_url())
        status = phone.locator("#status-text")
        await expect(status).to_have_text("Connected")
        await phone.clock.fast_forward(14_000)
        await expect(status).to_have_text("Disconnected")
        await expect(phone.locator("#time")).to_be_hidden()
        await phone.clock.fast_forward(2_000)  # the page's own retry, a second later
        await expect(status).to_have_text("Connected")
        await expect(phone.locator("#time")).to_have_text("0:24")


async def test_a_used_or_wrong_code_says_to_scan_again(server: RemoteServer) -> None:
    """Not the browser's bare "HTTP ERROR 403": a few words on what to do, the same for
    every reason, and still a refusal."""
    assert CHROMIUM is not None
    used = server.pairing_url()
    async with phone_browser(CHROMIUM) as context:
        first = await context.new_page()
        await first.goto(used)
        await expect(first.locator("#status-text")).to_have_text("Connected")
        complaints: list[str] = []
        phone = await context.new_page()
        phone.on("console", lambda m: complaints.append(m.text) if m.type == "error" else None)
        wrong = used[:-32] + "A" * 32
        for url in (used, wrong):
            response = await phone.goto(url)
            assert response is not None and response.status == 403
            await expect(phone.get_by_role("heading")).to_have_text("Scan the code again")
            await expect(phone.get_by_text("Open the phone's camera on the code")).to_be_visible()
            size = await phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
            assert size >= 18, "read at arm's length"
        assert not [c for c in complaints if "Content Security Policy" in c]


ANOTHER_PAGE = """<!doctype html><title>waiting</title><script>
const stream = new EventSource("{events}", {{ withCredentials: true }});
stream.onerror = () => {{
  if (stream.readyState === EventSource.CLOSED) document.title = "refused";
}};
stream.onopen = () => {{ document.title = "open"; }};
</script>"""


async def test_a_page_on_another_port_cannot_hold_the_stream(
    server: RemoteServer, page: tuple[Page, list[str]]
) -> None:
    """Another port of the same laptop is the same site (the browser sends it the
    phone's cookie) but another origin, and it does not know the page's key: its
    stream is refused, and the phone's stays."""
    phone, _ = page
    html = ANOTHER_PAGE.format(events=server.address + "events")

    async def another_page(request: web.Request) -> web.Response:
        return web.Response(text=html, content_type="text/html")

    other = web.Application()
    other.router.add_get("/", another_page)
    runner = web.AppRunner(other)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        elsewhere = await phone.context.new_page()
        await elsewhere.goto(f"http://127.0.0.1:{port}/")
        await expect(elsewhere).to_have_title("refused")
        assert server._feed.open_streams == 1
        server.publish(replace(WORKOUT, time="0:09"))
        await expect(phone.locator("#time")).to_have_text("0:09")
        assert server.connected
    finally:
        await runner.cleanup()
