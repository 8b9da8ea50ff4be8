"""Home's first frame is laid out for the terminal it is in: the size's classes, which
Textual sets only on its first resize (after that frame), are there from the start."""

from __future__ import annotations

from pathlib import Path

import pytest

from glutetui.screens.home import HomeScreen
from tests.ui.conftest import make_app


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((100, 30), {"-middle", "-tall"}),
        ((80, 24), {"-middle", "-short"}),
        ((60, 20), {"-narrow", "-short"}),
        ((200, 55), {"-wide", "-tall"}),
    ],
)
async def test_home_is_made_with_the_classes_textual_gives_it(
    tmp_path: Path, size: tuple[int, int], expected: set[str]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        made = HomeScreen(app.services)
        assert set(made.classes) == expected
        assert isinstance(app.screen, HomeScreen)
        breakpoints = {name for _, name in HomeScreen.HORIZONTAL_BREAKPOINTS}
        breakpoints |= {name for _, name in HomeScreen.VERTICAL_BREAKPOINTS}
        assert set(app.screen.classes) & breakpoints == expected
