"""The remote's corner: the code white on black with the address under it, or two short
lines once a phone is connected, every line of words at most as wide as the pairing
code; and the remote's server running inside a Textual app's loop, a tap arriving as a
message."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.message import Message
from textual.style import Style

from glutetui.intents import Pause, PhoneIntent
from glutetui.remote.guard import new_code
from glutetui.remote.qr import qr_rows
from glutetui.remote.server import RemoteServer
from glutetui.widgets.remote_code import CONNECTED, SCAN_HINT, TOO_SMALL, RemoteCode
from tests.remote import next_view, pair

ADDRESS = "http://192.168.1.20:8765/"
CODE = new_code()
URL = f"{ADDRESS}P/{CODE}"
ROWS = qr_rows(URL)


class Corner(App[None]):
    def compose(self) -> ComposeResult:
        yield RemoteCode(ROWS, URL, False)


async def test_the_code_is_drawn_with_the_address_under_it() -> None:
    app = Corner()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        code = app.query_one(RemoteCode)
        assert code.size.width == len(ROWS[0])
        assert code.size.height == len(ROWS) + 3
        lines = code.render().plain.split("\n")
        assert lines[: len(ROWS)] == ROWS
        # The address the code stands for, broken where the pairing code begins.
        assert lines[len(ROWS) :] == [SCAN_HINT, f"{ADDRESS}P/", CODE]


async def test_where_the_code_does_not_fit_the_address_shows_alone() -> None:
    app = Corner()
    async with app.run_test(size=(100, len(ROWS))) as pilot:
        await pilot.pause()
        code = app.query_one(RemoteCode)
        assert code.render().plain.split("\n") == [TOO_SMALL, f"{ADDRESS}P/", CODE]
        assert code.size.height == 3


async def test_the_code_is_white_on_black_whatever_the_theme() -> None:
    app = Corner()
    async with app.run_test(size=(100, 30)) as pilot:
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            content = app.query_one(RemoteCode).render()
            styles = {
                span.style
                for span in content.spans
                if span.start < len("\n".join(ROWS)) and isinstance(span.style, Style)
            }
            assert {(str(s.foreground), str(s.background)) for s in styles} == {
                ("Color(255, 255, 255)", "Color(0, 0, 0)")
            }


async def test_a_connected_phone_takes_two_short_lines() -> None:
    app = Corner()
    async with app.run_test(size=(100, 30)) as pilot:
        code = app.query_one(RemoteCode)
        code.show(ROWS, ADDRESS, True)
        await pilot.pause()
        assert code.size == (len(ADDRESS), 2)
        assert code.render().plain == f"{CONNECTED}\n{ADDRESS}"
        code.show(ROWS, URL, False)
        await pilot.pause()
        assert code.size.height == len(ROWS) + 3


async def test_no_line_of_words_is_wider_than_the_pairing_code() -> None:
    """The corner is as narrow as the code it must show whole, so Home at 80 columns
    has room beside it for whole program names."""
    widest = "http://192.168.100.200:65535/"
    app = Corner()
    async with app.run_test(size=(100, 3)) as pilot:
        code = app.query_one(RemoteCode)
        for connected in (False, True):
            code.show(ROWS, f"{widest}P/{CODE}" if not connected else widest, connected)
            await pilot.pause()
            lines = code.render().plain.split("\n")
            assert max(len(line) for line in lines) <= len(CODE), lines
    assert max(len(TOO_SMALL), len(CONNECTED), len(widest) + 2) <= len(CODE)


class Watching(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list[bool] = []

    def compose(self) -> ComposeResult:
        yield RemoteCode()

    def on_remote_code_shown(self, message: RemoteCode.Shown) -> None:
        self.heard.append(message.showing)


async def test_the_screen_hears_when_the_corner_appears_and_goes() -> None:
    app = Watching()
    async with app.run_test(size=(100, 30)) as pilot:
        code = app.query_one(RemoteCode)
        code.show(ROWS, URL, False)
        code.show(ROWS, ADDRESS, True)  # still showing: nothing to hear
        code.show((), "", False)
        await pilot.pause()
        assert app.heard == [True, False]


async def test_nothing_to_show_takes_no_room() -> None:
    app = Corner()
    async with app.run_test(size=(100, 30)) as pilot:
        code = app.query_one(RemoteCode)
        code.show((), "", False)
        await pilot.pause()
        assert not code.display and code.has_class("-off")


class RemoteApp(App[None]):
    """A Textual app that runs the remote in its own loop, as glutetui will: a tap comes
    in as a message, and the corner shows the phone once it is connected."""

    def __init__(self) -> None:
        super().__init__()
        self.taps: list[PhoneIntent] = []
        self.server = RemoteServer(self.heard, host="127.0.0.1", port=0, on_connected=self.seen)

    class Tapped(Message):
        def __init__(self, intent: PhoneIntent) -> None:
            super().__init__()
            self.intent = intent

    def compose(self) -> ComposeResult:
        yield RemoteCode()

    async def on_mount(self) -> None:
        await self.server.start()
        self.seen(False)

    async def on_unmount(self) -> None:
        await self.server.stop()

    def heard(self, intent: PhoneIntent) -> None:
        self.post_message(self.Tapped(intent))

    def on_remote_app_tapped(self, message: RemoteApp.Tapped) -> None:
        self.taps.append(message.intent)

    def seen(self, connected: bool) -> None:
        url = self.server.pairing_url()
        self.query_one(RemoteCode).show(qr_rows(url), url, connected)


async def test_the_remote_runs_in_textuals_loop() -> None:
    app = RemoteApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        code = app.query_one(RemoteCode)
        assert code.rows and code.address.startswith(app.server.address) and not code.connected
        phone = await pair(app.server)
        async with phone.client:
            events = phone.views()
            await next_view(events)
            await pilot.pause()
            assert code.connected and code.size.height == 2
            assert await phone.tap({"intent": "pause"}) == 204
            await pilot.pause()
            assert app.taps == [Pause()]
            await events.aclose()
