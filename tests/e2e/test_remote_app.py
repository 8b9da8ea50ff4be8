"""The phone remote against the real app: glutetui runs in tmux with ``--remote``, and
headless Chromium, as the phone, opens the address the screen shows. A tap pauses the
laptop's workout and resumes it; in the effort check the phone rates the exercise and
flags pain on the left; the history then holds exactly that. Then the server's guard,
tried against the running app: everything a stranger might send is refused, and the
app carries on."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("playwright", reason="the browser tests drive Chromium with Playwright")

from playwright.async_api import Page, expect

from tests.e2e.remote_page import SharedChromium, chromium, phone_browser
from tests.e2e.test_terminal import history
from tests.remote import address_on_screen
from tests.terminal import Terminal

CHROMIUM = chromium()
pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
    pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian's chromium)"),
]

SIDED = """
name = "Remote test"

[[block]]
exercise = "clamshell"
sets = 1
reps = 2
tempo = [1, 0, 0]
rest = 1
"""
# The effort check waits for an answer (0), so the phone has all the time it needs.
SETTINGS = """
get_ready = 30
switch_pause = 1
effort_wait = 0
sounds = false
speech = false
keep_awake = false
figure = false
"""


# The address the screen shows: the pairing URL, maybe broken over two lines.
def wait_for_url(terminal: Terminal, timeout: float = 30) -> str:
    end = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < end:
        screen = terminal.screen()
        url = address_on_screen(screen)
        if url is not None:
            return url
        time.sleep(0.2)
    raise AssertionError(f"no pairing address on the screen:\n{screen}")


@pytest.fixture
async def running(isolated_home: Path) -> AsyncIterator[tuple[Terminal, str]]:
    """The app in tmux, in the get-ready of a one-exercise workout, and the address on
    its screen."""
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "remote.toml").write_text(SIDED)
    (isolated_home / "settings.toml").write_text(SETTINGS)
    terminal = Terminal(100, 30, isolated_home)
    terminal.run("start", "remote", "--remote")
    try:
        url = await asyncio.to_thread(wait_for_url, terminal)
        yield terminal, url
    finally:
        terminal.close()


async def shows(terminal: Terminal, text: str, present: bool = True, timeout: float = 10) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if (text in terminal.screen()) is present:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{text!r} {'never came' if present else 'never went'}")


async def tap(phone: Page, name: str) -> None:
    await phone.get_by_role("button", name=name, exact=True).tap()


@pytest.mark.slow(11)
async def test_taps_on_the_phone_run_the_workout_on_the_laptop(
    running: tuple[Terminal, str], isolated_home: Path, shared_chromium: SharedChromium
) -> None:
    terminal, url = running
    assert CHROMIUM is not None
    async with phone_browser(CHROMIUM, shared_chromium) as context:
        phone = await context.new_page()
        await phone.goto(url)
        await expect(phone.locator("#status-text")).to_have_text("Connected")
        await expect(phone.locator("#phase")).to_have_text("GET READY")
        await expect(phone.locator("#exercise")).to_have_text("Clamshell")
        # The laptop says so, and its code gives way (it was only an invitation).
        await shows(terminal, "Phone connected")
        assert address_on_screen(terminal.screen()) is None
        assert _listening(terminal.pid())  # the server is the app's own

        await tap(phone, "Pause")
        await shows(terminal, "space Resume")  # the footer follows the pause
        await expect(phone.get_by_role("button", name="Resume", exact=True)).to_be_visible()
        await tap(phone, "Resume")
        await shows(terminal, "space Pause")
        await expect(phone.locator("#phase")).to_have_text("GET READY")

        await tap(phone, "Next")  # on to the first side's set
        await expect(phone.locator("body")).to_have_attribute(
            "data-screen", "effort", timeout=30_000
        )
        await shows(terminal, "no rating yet", timeout=5)
        await tap(phone, "2 easy")
        await tap(phone, "Pain left")
        await expect(phone.get_by_role("button", name="Pain left")).to_have_attribute(
            "aria-pressed", "true"
        )
        await tap(phone, "Next")
        await expect(phone.locator("#phase")).to_have_text("DONE", timeout=10_000)

    def logged() -> list[tuple[str, int | None, bool]]:
        (workout,) = history(isolated_home)
        return [(s["side"], s["effort"], s["pain"]) for s in workout["sets"]]

    end = time.monotonic() + 10
    while logged() != [("left", 2, True), ("right", 2, False)] and time.monotonic() < end:
        await asyncio.sleep(0.2)
    assert logged() == [("left", 2, True), ("right", 2, False)]


async def _status(url: str, method: str = "GET", body: bytes = b"", **headers: str) -> int:
    """One request as a stranger would send it: the status that came back (0: the
    server hung up, as it may on a body it will not read)."""
    import aiohttp

    try:
        async with (
            aiohttp.ClientSession() as session,
            session.request(
                method, url, data=body or None, headers=headers, allow_redirects=False
            ) as reply,
        ):
            return reply.status
    except aiohttp.ClientError:
        return 0


async def test_a_stranger_gets_nothing_from_the_running_app(
    running: tuple[Terminal, str], shared_chromium: SharedChromium
) -> None:
    terminal, url = running
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    assert CHROMIUM is not None
    async with phone_browser(CHROMIUM, shared_chromium) as context:
        phone = await context.new_page()
        await phone.goto(url)
        await expect(phone.locator("#status-text")).to_have_text("Connected")
        cookies = {c["name"]: c["value"] for c in await context.cookies()}

    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    command = f"{origin}/intent"
    as_json = {"Content-Type": "application/json"}
    statuses = {
        "the pairing address again": await _status(url),
        "a wrong code": await _status(f"{origin}/P/{'A' * 32}"),
        "the page without the cookie": await _status(f"{origin}/"),
        "a command from another origin": await _status(
            command,
            "POST",
            b'{"intent":"pause"}',
            Cookie=cookie,
            Origin="http://evil.example",
            **as_json,
        ),
        "a command without the form key": await _status(
            command, "POST", b'{"intent":"pause"}', Cookie=cookie, Origin=origin, **as_json
        ),
        "10 MB": await _status(
            command, "POST", b"x" * 10_000_000, Cookie=cookie, Origin=origin, **as_json
        ),
    }
    accepted = {what: got for what, got in statuses.items() if got not in (0, 403, 404, 413, 429)}
    assert not accepted, accepted
    # A path that climbs out: sent byte for byte, as no client would tidy it.
    host, port = parts.hostname, parts.port
    assert host is not None and port is not None
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /../../etc/passwd HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode())
    await writer.drain()
    line = await asyncio.wait_for(reader.readline(), 5)
    writer.close()
    assert line.split()[1] in (b"403", b"404", b"429")
    # The workout never noticed: still counting down, the app running.
    await shows(terminal, "to get ready")
    assert (
        terminal.tmux("display-message", "-p", "-t", terminal.session, "#{pane_dead}").strip()
        == "0"
    )


def test_with_the_remote_off_nothing_listens(isolated_home: Path) -> None:
    """The app on a workout without --remote: its process holds no listening socket
    (the test above finds the one it holds with the remote on)."""
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "remote.toml").write_text(SIDED)
    (isolated_home / "settings.toml").write_text(SETTINGS)
    terminal = Terminal(100, 30, isolated_home)
    terminal.run("start", "remote")
    try:
        terminal.wait_for("to get ready", timeout=30)
        assert not _listening(terminal.pid())
    finally:
        terminal.close()


def _listening(pid: int) -> set[str]:
    """The process's sockets that listen on TCP, from /proc (no tool needed)."""
    sockets = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith("socket:["):
            sockets.add(target[len("socket:[") : -1])
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in sockets:  # state 0A: LISTEN
                listening.add(fields[9])
    return listening
