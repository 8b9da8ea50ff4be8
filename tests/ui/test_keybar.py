"""The key bar: the screen's keys on one line, drawn with the screen and again only
when they change; a click on a key presses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from glutetui.screens.history import HistoryScreen
from glutetui.widgets.keybar import KeyBar
from tests.ui.conftest import loaded, make_app


async def test_home_shows_its_keys_and_a_click_presses_one(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)
        bar = app.screen.query_one(KeyBar)
        text = str(bar.render())
        for words in ("s Start today's", "h History", "p Programs", "q Quit", "^p palette"):
            assert words in text
        await pilot.click(KeyBar, offset=(text.index("History"), 0))
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_it_redraws_only_when_a_key_changes(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(home)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)
        screen = app.screen
        bar = screen.query_one(KeyBar)
        redraws: list[bool] = []
        monkeypatch.setattr(bar, "refresh", lambda *a, **k: redraws.append(True))
        bar._bindings_changed(screen)  # what every change of focus leads to
        assert redraws == []  # the same keys: nothing to draw
        before = str(bar.render())
        monkeypatch.setattr(type(screen), "check_action", lambda self, a, p: a != "open")
        bar._bindings_changed(screen)  # History, Programs and Exercises are gone
        assert redraws == [True]
        after = str(bar.render())
        assert "h History" in before and "History" not in after
