"""The key bar: the screen's keys on one line, drawn with the screen and again only
when they change; a click on a key presses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from glutetui.screens.effort import EffortScreen
from glutetui.screens.help import HelpScreen
from glutetui.screens.history import HistoryScreen
from glutetui.widgets.keybar import KeyBar, label_width
from tests.ui.conftest import advance, loaded, make_app, workout


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


def bar_text(screen: object) -> str:
    from textual.screen import Screen

    assert isinstance(screen, Screen)
    return str(screen.query_one(KeyBar).render())


async def test_home_offers_the_self_test_settings_and_help(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)
        text = bar_text(app.screen)
        for words in ("t Self-test", "o Settings", "? Help"):
            assert words in text, text
        await pilot.click(KeyBar, offset=(text.index("Help"), 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_space_says_pause_or_resume_and_v_m_are_shown(home: Path) -> None:
    app = make_app(home, start="three")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        screen = workout(app)
        text = bar_text(screen)
        assert "space Pause" in text and "Resume" not in text
        assert "v Voice on/off" in text and "m Sounds on/off" in text
        await pilot.press("space")
        await pilot.pause()
        assert screen.session.engine.paused
        text = bar_text(screen)
        assert "space Resume" in text and "Pause" not in text
        await pilot.press("space")
        await pilot.pause()
        assert not screen.session.engine.paused
        assert "space Pause" in bar_text(screen)


async def test_the_effort_check_shows_its_ratings_as_one_key(home: Path) -> None:
    app = make_app(home, start="tiny")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await advance(pilot, app, 10 + 6 + 5 + 6 + 1)
        effort = app.screen
        assert isinstance(effort, EffortScreen)
        text = bar_text(effort)
        assert "1–5 rate" in text and "Keep" in text
        assert "Pain left" in text and "Pain right" in text  # a sided exercise
        for n in "12345":
            assert f"{n} " not in text.replace("1–5 rate", "")  # one entry, not five
        await pilot.press("4")
        assert effort.rating == 4


async def test_a_two_legged_exercise_offers_pain_for_both_legs_only(home: Path) -> None:
    app = make_app(home, start="holds")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        while not isinstance(app.screen, EffortScreen):
            await advance(pilot, app, 1.0)
        await pilot.press("3", "enter")  # the side plank: sided
        await pilot.pause()
        while not isinstance(app.screen, EffortScreen):
            await advance(pilot, app, 1.0)
        text = bar_text(app.screen)  # the glute bridge: both legs at once
        assert "p Pain" in text and "Pain left" not in text and "Pain right" not in text


async def test_keys_that_do_not_fit_are_left_out_whole(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=(60, 20)) as pilot:
        await loaded(app, pilot)
        bar = app.screen.query_one(KeyBar)
        text = str(bar.render())
        assert len(text) <= 60
        shown = [k for k in bar.keys if f"{k.display} {k.description}" in text]
        others = [k for k in bar.keys if k.description != "Help"]
        assert shown[-1].description == "Help"  # the way to every other key stays
        assert shown[:-1] == others[: len(shown) - 1]  # then the first ones, whole
        assert len(shown) < len(bar.keys)
        assert text.startswith("s Start today's")  # compact: no padding round the key


@pytest.mark.parametrize("compact", [False, True])
async def test_a_label_takes_the_cells_it_is_measured_at(home: Path, compact: bool) -> None:
    """The bar measures its keys before it makes their labels (label_width): each label
    it makes takes exactly the cells measured for it, a dimmed key's too."""
    app = make_app(home)
    async with app.run_test(size=(200, 30)) as pilot:
        await loaded(app, pilot)
        bar = app.screen.query_one(KeyBar)
        keys = list(bar.keys)
        keys += [key._replace(enabled=not key.enabled) for key in keys]  # dimmed ones too
        made = bar._labels(keys, compact)
        assert [label.cell_length for _, label in made] == [
            label_width(key, compact) for key in keys
        ]


async def test_the_keys_are_read_when_the_bar_is_first_drawn(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen's bindings change several times between the bar's mount and its first
    frame; the bar reads them (the screen's active bindings) once, as it is drawn."""
    reads: list[int] = []
    at_first_draw: list[int] = []
    read, render = KeyBar._read, KeyBar.render

    def counted(self: KeyBar, screen: object) -> object:
        reads.append(1)
        return read(self, screen)  # type: ignore[arg-type]

    def drawn(self: KeyBar) -> object:
        if not at_first_draw:
            at_first_draw.append(len(reads))
        return render(self)

    monkeypatch.setattr(KeyBar, "_read", counted)
    monkeypatch.setattr(KeyBar, "render", drawn)
    app = make_app(home)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)
        assert at_first_draw == [0]
        assert "s Start today's" in bar_text(app.screen)
