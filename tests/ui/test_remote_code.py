"""The remote's corner: the code white on black with the address under it, or one line
once a phone is connected."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.style import Style

from glutetui.remote.guard import new_code
from glutetui.remote.qr import qr_rows
from glutetui.widgets.remote_code import CONNECTED, SCAN_HINT, RemoteCode

ADDRESS = "http://192.168.1.20:8765/"
ROWS = qr_rows(f"{ADDRESS}P/{new_code()}")


class Corner(App[None]):
    def compose(self) -> ComposeResult:
        yield RemoteCode(ROWS, ADDRESS, False)


async def test_the_code_is_drawn_with_the_address_under_it() -> None:
    app = Corner()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        code = app.query_one(RemoteCode)
        assert code.size.width == len(ROWS[0])
        assert code.size.height == len(ROWS) + 2
        lines = code.render().plain.split("\n")
        assert lines[: len(ROWS)] == ROWS
        assert lines[len(ROWS) :] == [ADDRESS, SCAN_HINT]


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


async def test_a_connected_phone_takes_one_line() -> None:
    app = Corner()
    async with app.run_test(size=(100, 30)) as pilot:
        code = app.query_one(RemoteCode)
        code.show(ROWS, ADDRESS, True)
        await pilot.pause()
        assert code.size.height == 1
        assert code.render().plain == f"{CONNECTED}  {ADDRESS}"
        code.show(ROWS, ADDRESS, False)
        await pilot.pause()
        assert code.size.height == len(ROWS) + 2


async def test_nothing_to_show_takes_no_room() -> None:
    app = Corner()
    async with app.run_test(size=(100, 30)) as pilot:
        code = app.query_one(RemoteCode)
        code.show((), "", False)
        await pilot.pause()
        assert code.size.height == 0
