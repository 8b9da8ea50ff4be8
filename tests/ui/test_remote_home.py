"""Home with the phone remote on, at the sizes people use: the remote's corner keeps
its code and address whole, and the programs beside it keep their names whole (on a
middling screen the last workout moves to a line under Today to make room)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList

from glutetui.app import GlutetuiApp
from glutetui.widgets.remote_code import CONNECTED, RemoteCode
from tests.remote import next_view
from tests.ui.conftest import loaded, make_app, wait_until
from tests.ui.test_remote_app import remote_app, scan, shown_code


@pytest.fixture(autouse=True)
def on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' remote listens on this machine only, on any free port."""
    from glutetui.remote import network

    monkeypatch.setattr(network, "lan_address", lambda probes=(): "127.0.0.1")


def rows(widget: Widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


def option_texts(app: GlutetuiApp) -> list[str]:
    options = app.screen.query_one("#program-choice", OptionList)
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def settled(pilot: Pilot[None]) -> None:
    for _ in range(5):
        await pilot.pause()


def assert_whole(app: GlutetuiApp) -> None:
    """Each program's line ("name · minutes") sits on one row of the list."""
    listed = rows(app.screen.query_one("#program-choice", OptionList))
    for text in option_texts(app):
        assert any(text in row for row in listed), (text, listed)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (119, 30), (120, 30), (160, 48), (200, 55)])
async def test_program_names_stay_whole_beside_the_code(home: Path, size: tuple[int, int]) -> None:
    app = remote_app(home)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        code = await shown_code(app, pilot)
        await settled(pilot)
        assert app.screen.has_class("-remote")
        assert_whole(app)
        corner = rows(code)
        pairing = code.address.rsplit("/", 1)[1]
        assert any(pairing in row for row in corner), "the pairing code is whole"
        assert any(code.address.removesuffix(pairing) in row for row in corner)
        progress = app.screen.query_one("#progress-card")
        status = app.screen.query("#today-status")  # mounted only where it shows
        # Where the last workout is not a card, it is the line under Today.
        assert progress.display != bool(status and status.first().display)


async def test_at_80x24_a_connected_phone_leaves_the_names_whole(home: Path) -> None:
    app = remote_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        code = await shown_code(app, pilot)
        phone, events = await scan(app, code)
        async with phone.client:
            await next_view(events)
            await wait_until(pilot, lambda: code.connected, "the code says connected")
            await settled(pilot)
            assert app.remote is not None
            shown = [row.rstrip() for row in rows(code) if row.strip()]
            assert shown == [CONNECTED, app.remote.server.address]
            assert_whole(app)
            await events.aclose()


async def test_without_the_remote_home_keeps_its_cards(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await settled(pilot)
        assert not app.screen.has_class("-remote")
        assert app.screen.query_one("#progress-card").display
        assert not app.screen.query(RemoteCode)  # no corner at all: nothing to hide
